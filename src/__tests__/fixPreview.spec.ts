import { lineDiff, renderFixPreview } from '../panel/fixPreview';
import { IFix } from '../tokens';

describe('lineDiff', () => {
  it('shows the changed lines with one line of context', () => {
    expect(lineDiff('a\nb\nc\nd', 'a\nB\nc\nd')).toEqual([
      { kind: ' ', text: 'a' },
      { kind: '-', text: 'b' },
      { kind: '+', text: 'B' },
      { kind: ' ', text: 'c' }
    ]);
  });
});

describe('renderFixPreview', () => {
  it('previews the edited cell and the inserted one without touching them', () => {
    const sources = ['x = 1', 'df = df.sample(100)'];
    const fix: IFix = {
      description: 'pass `random_state=42`',
      safety: 'unsafe',
      edits: [
        { kind: 'replace', cell: 1, line: 1, column: 19, end_line: 1, end_column: 19, text: ', random_state=42' },
        { kind: 'insert-cell', index: 0, cell_type: 'code', source: 'SEED = 42\n', tags: ['parameters'] }
      ]
    };
    const preview = renderFixPreview(fix, 2, i => sources[i]);
    expect(preview.querySelector('p')!.textContent).toBe('pass `random_state=42`. It changes what the code does: review it.');
    expect([...preview.querySelectorAll('h3')].map(h => h.textContent)).toEqual(['Cell 2', 'New code cell 1 tagged parameters']);
    expect([...preview.querySelectorAll('.jp-prod-diff')].map(d => d.textContent)).toEqual([
      '- df = df.sample(100)\n+ df = df.sample(100, random_state=42)\n',
      '+ SEED = 42\n'
    ]);
    expect(sources).toEqual(['x = 1', 'df = df.sample(100)']);
  });

  it('refuses a fix that no longer fits the cell', () => {
    const fix: IFix = { description: 'd', safety: 'safe', edits: [{ kind: 'replace', cell: 0, line: 3, column: 1, end_line: 3, end_column: 1, text: '' }] };
    expect(() => renderFixPreview(fix, 1, () => 'one line')).toThrow('line 3 is not in the cell (it has 1)');
  });
});
