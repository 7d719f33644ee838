import {
  appendLines,
  applyReplaceEdits,
  EditError,
  lineRemoval,
  newSources,
  offsetOf,
  planFix
} from '../actions/edits';
import { applyEdits, applyFix, replaceCells } from '../actions/notebookEdits';
import { IFix, IReplaceEdit } from '../tokens';

const replace = (
  line: number,
  column: number,
  end_line: number,
  end_column: number,
  text: string,
  cell = 0
): IReplaceEdit => ({ kind: 'replace', cell, line, column, end_line, end_column, text });

describe('offsetOf', () => {
  it('counts lines from 1 and columns in characters from 1', () => {
    expect(offsetOf('ab\ncd', 1, 1)).toBe(0);
    expect(offsetOf('ab\ncd', 2, 2)).toBe(4);
    expect(offsetOf('ab\ncd', 2, 3)).toBe(5); // just after the last character
  });

  it('counts a character outside the BMP as one column, as Python does', () => {
    const source = 'x = "😀" + y';
    expect(source.slice(offsetOf(source, 1, 10))).toBe(' y'.slice(0)); // column 10 is the space
  });

  it('refuses positions that are not in the cell', () => {
    expect(() => offsetOf('ab', 2, 1)).toThrow(EditError);
    expect(() => offsetOf('ab', 1, 4)).toThrow('column 4 is not on line 1');
  });
});

describe('applyReplaceEdits', () => {
  it('replaces a range (the secret → environment fix)', () => {
    const source = 'import os\nAPI_KEY = "f3b9c1d7"\nprint(1)';
    const fixed = applyReplaceEdits(source, [replace(2, 11, 2, 21, 'os.environ["API_KEY"]')]);
    expect(fixed).toBe('import os\nAPI_KEY = os.environ["API_KEY"]\nprint(1)');
  });

  it('applies several edits against the original positions', () => {
    const source = 'a = f(1)\nb = g(2)';
    const fixed = applyReplaceEdits(source, [replace(1, 7, 1, 8, 'x'), replace(2, 7, 2, 8, 'y')]);
    expect(fixed).toBe('a = f(x)\nb = g(y)');
  });

  it('inserts when the range is empty and deletes when the text is', () => {
    expect(applyReplaceEdits('rng()', [replace(1, 5, 1, 5, 'seed=0')])).toBe('rng(seed=0)');
    expect(applyReplaceEdits('a\nb\nc', [replace(2, 1, 3, 1, '')])).toBe('a\nc');
  });

  it('refuses overlapping edits and edits that end before they start', () => {
    expect(() => applyReplaceEdits('abcdef', [replace(1, 1, 1, 4, 'x'), replace(1, 3, 1, 5, 'y')])).toThrow(
      'two edits overlap'
    );
    expect(() => applyReplaceEdits('abc', [replace(1, 3, 1, 1, 'x')])).toThrow(EditError);
  });
});

describe('planFix', () => {
  const fix = (edits: IFix['edits'], safety: IFix['safety'] = 'safe'): IFix => ({ description: 'd', safety, edits });

  it('groups replacements by cell and orders insertions from the bottom', () => {
    const plan = planFix(
      fix([
        replace(1, 1, 1, 1, 'a', 0),
        { kind: 'insert-cell', index: 1, cell_type: 'code', source: 'x', tags: [] },
        { kind: 'insert-cell', index: 3, cell_type: 'code', source: 'y', tags: [] },
        replace(1, 1, 1, 1, 'b', 0)
      ]),
      3
    );
    expect([...plan.replacements.keys()]).toEqual([0]);
    expect(plan.replacements.get(0)!.map(e => e.text)).toEqual(['a', 'b']);
    expect(plan.insertions.map(i => i.index)).toEqual([3, 1]);
  });

  it('refuses display-only fixes and cells that are not there', () => {
    expect(() => planFix(fix([], 'display-only'), 1)).toThrow('suggestion to apply by hand');
    expect(() => planFix(fix([replace(1, 1, 1, 1, 'a', 4)]), 2)).toThrow('cell 5 is not in the notebook');
  });

  it('computes every new source before anything changes', () => {
    const plan = planFix(fix([replace(1, 1, 1, 2, 'Z', 1)]), 2);
    expect(newSources(plan, i => ['abc', 'xyz'][i])).toEqual(new Map([[1, 'Zyz']]));
  });
});

describe('lineRemoval and appendLines', () => {
  it('removes whole lines, the last one without eating the line above', () => {
    const source = 'a = 1\nb = 2\nc = 3';
    expect(applyReplaceEdits(source, [lineRemoval(0, source, 2, 2)])).toBe('a = 1\nc = 3');
    expect(applyReplaceEdits(source, [lineRemoval(0, source, 3, 3)])).toBe('a = 1\nb = 2\n');
  });

  it('appends lines after the last one', () => {
    expect(applyReplaceEdits('a = 1', [appendLines(0, 'a = 1', 'b: int = 2')])).toBe('a = 1\nb: int = 2');
    expect(applyReplaceEdits('a = 1\n', [appendLines(0, 'a = 1\n', 'b = 2')])).toBe('a = 1\nb = 2');
  });
});

// ---------------------------------------------------------------------- through a model
/** A stand-in for the notebook's shared model that records what happens inside transactions. */
class FakeNotebook {
  constructor(sources: string[]) {
    this.cells = sources.map(source => this._cell(source));
  }

  cells: {
    getSource(): string;
    updateSource(s: number, e: number, t: string): void;
    transact(f: () => void): void;
    metadata: object;
    type: string;
  }[];
  cellTransactions = 0;
  transactions = 0;
  outside = 0;
  private _inTransaction = false;

  transact(f: () => void): void {
    this.transactions++;
    this._inTransaction = true;
    try {
      f();
    } finally {
      this._inTransaction = false;
    }
  }

  insertCell(index: number, cell: { cell_type: string; source: string; metadata: object }): void {
    this._touch();
    const created = this._cell(cell.source, cell.cell_type, cell.metadata);
    this.cells.splice(index, 0, created);
  }

  deleteCell(index: number): void {
    this._touch();
    this.cells.splice(index, 1);
  }

  sources(): string[] {
    return this.cells.map(c => c.getSource());
  }

  private _touch(): void {
    if (!this._inTransaction) {
      this.outside++;
    }
  }

  private _cell(source: string, type = 'code', metadata: object = {}) {
    let text = source;
    return {
      type,
      metadata,
      transact: (f: () => void) => {
        this.cellTransactions++;
        this._inTransaction = true;
        try {
          f();
        } finally {
          this._inTransaction = false;
        }
      },
      getSource: () => text,
      updateSource: (start: number, end: number, value: string) => {
        this._touch();
        text = text.slice(0, start) + value + text.slice(end);
      }
    };
  }
}

function model(notebook: FakeNotebook) {
  return { sharedModel: notebook } as unknown as Parameters<typeof applyFix>[0];
}

describe('applyFix through the model', () => {
  it('changes the cells and inserts the parameters cell in one transaction', () => {
    const notebook = new FakeNotebook(['import pandas as pd', 'MIN_QTY = 2\nrows = load()']);
    applyFix(model(notebook), {
      description: 'insert a parameters cell',
      safety: 'safe',
      edits: [
        replace(1, 1, 2, 1, '', 1),
        { kind: 'insert-cell', index: 1, cell_type: 'code', source: 'MIN_QTY: int = 2', tags: ['parameters'] }
      ]
    });
    expect(notebook.sources()).toEqual(['import pandas as pd', 'MIN_QTY: int = 2', 'rows = load()']);
    expect(notebook.cells[1].metadata).toEqual({ tags: ['parameters'] });
    expect(notebook.transactions).toBe(1);
    expect(notebook.outside).toBe(0);
  });

  it('changes one cell in that cell\'s own transaction (Ctrl+Z in the cell reverts it)', () => {
    const notebook = new FakeNotebook(['a = 1', 'sample = df.sample(n=3)']);
    applyFix(model(notebook), {
      description: 'pass random_state=42',
      safety: 'unsafe',
      edits: [replace(1, 23, 1, 23, ', random_state=42', 1)]
    });
    expect(notebook.sources()).toEqual(['a = 1', 'sample = df.sample(n=3, random_state=42)']);
    expect([notebook.cellTransactions, notebook.transactions, notebook.outside]).toEqual([1, 0, 0]);
  });

  it('changes nothing when one edit does not fit the cell any more', () => {
    const notebook = new FakeNotebook(['a = 1', 'b = 2']);
    expect(() =>
      applyEdits(model(notebook), [replace(1, 1, 1, 2, 'x', 0), replace(5, 1, 5, 2, 'y', 1)])
    ).toThrow(EditError);
    expect(notebook.sources()).toEqual(['a = 1', 'b = 2']);
    expect(notebook.transactions).toBe(0);
  });
});

describe('replaceCells', () => {
  it('replaces the selected cells by one cell with the import and the call', () => {
    const notebook = new FakeNotebook(['a = 1', 'b = a + 1', 'c = b * 2', 'print(c)']);
    const at = replaceCells(model(notebook), [2, 1], 'from m import f\nb, c = f(a)');
    expect(at).toBe(1);
    expect(notebook.sources()).toEqual(['a = 1', 'from m import f\nb, c = f(a)', 'print(c)']);
    expect(notebook.transactions).toBe(1);
    expect(notebook.outside).toBe(0);
  });

  it('refuses cells that are gone', () => {
    const notebook = new FakeNotebook(['a = 1']);
    expect(() => replaceCells(model(notebook), [3], 'x')).toThrow('no longer in the notebook');
    expect(notebook.sources()).toEqual(['a = 1']);
  });
});
