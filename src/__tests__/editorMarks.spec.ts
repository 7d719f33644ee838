import { Text } from '@codemirror/state';

import { marksOf } from '../editorMarks';
import { IFinding } from '../tokens';

const finding = (line: number | null, column: number | null, end?: [number, number]): IFinding => ({
  rule: 'HS004', name: 'undefined-name', category: 'hidden-state', severity: 'error', cell: 0,
  line, column, end_line: end?.[0] ?? null, end_column: end?.[1] ?? null, message: '`markup` is defined by no cell'
});

describe('marksOf', () => {
  const doc = Text.of(['x = 1', 'y = x * markup']);

  it('marks a finding\'s range, with its rule and message as the title', () => {
    expect(marksOf([finding(2, 9, [2, 15])], doc)).toEqual([
      { from: 14, to: 20, severity: 'error', title: 'HS004 (error): `markup` is defined by no cell' }
    ]);
    expect(doc.sliceString(14, 20)).toBe('markup');
  });

  it('marks the line of a finding without a range, and nothing for a whole-cell one or a line that is gone', () => {
    expect(marksOf([finding(2, 1)], doc).map(m => [m.from, m.to])).toEqual([[6, 6]]);
    expect(marksOf([finding(null, null), finding(7, 1)], doc)).toEqual([]);
  });
});
