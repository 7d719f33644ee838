import { applyReplaceEdits } from '../actions/edits';
import {
  changedParameters,
  checkDefaultSource,
  checkRunValue,
  describeFailedCell,
  describeProgress,
  describeTaskError,
  formValue,
  isIdentifier,
  keptPackages,
  parametersCellSource,
  rowProblems,
  runFormProblems
} from '../actions/forms';
import { chosenEdits, exportOptions, initialRows, moduleInFolder, parameterEdits, size } from '../actions/plans';
import { IJobParameter, IParameterSuggestion, IPipInstalls, ITask } from '../actions/request';
import { IInsertCellEdit, IReplaceEdit } from '../tokens';

describe('run form values', () => {
  it('checks a value against the parameter type, in words', () => {
    expect(checkRunValue('int', ' 3 ')).toBeNull();
    expect(checkRunValue('int', '3.5')).toBe('a whole number, like 3');
    expect(checkRunValue('float', '1e-3')).toBeNull();
    expect(checkRunValue('float', 'abc')).toBe('a number, like 0.5');
    expect(checkRunValue('bool', 'Yes')).toBeNull();
    expect(checkRunValue('bool', 'maybe')).toBe('true or false');
    expect(checkRunValue('list', '[1, 2]')).toBeNull();
    expect(checkRunValue('list', '{"a": 1}')).toBe('a list, like [1, 2]');
    expect(checkRunValue('dict', 'nope')).toBe('an object, like {"a": 1} (written as JSON)');
    expect(checkRunValue('str', '')).toBeNull();
    expect(checkRunValue(null, 'anything')).toBeNull();
  });

  const parameters: IJobParameter[] = [
    { name: 'MIN_QTY', type: 'int', default: 2 },
    { name: 'RATE', type: 'float', default: 0.5 },
    { name: 'FLAGS', type: 'list', default: ['a'] },
    { name: 'DRY', type: 'bool', default: false },
    { name: 'PATH', type: 'str', default: 'data/orders.csv' }
  ];

  it('shows the defaults as text', () => {
    expect(parameters.map(formValue)).toEqual(['2', '0.5', '["a"]', 'false', 'data/orders.csv']);
    expect(formValue({ name: 'X', type: null, default: null })).toBe('');
  });

  it('sends only what the user changed', () => {
    const values = { MIN_QTY: '2', RATE: ' 0.75 ', FLAGS: '["a"]', DRY: 'false', PATH: 'data/july.csv' };
    expect(changedParameters(parameters, values)).toEqual({ RATE: '0.75', PATH: 'data/july.csv' });
  });

  it('names each field that is wrong', () => {
    expect(runFormProblems(parameters, { MIN_QTY: 'two', RATE: '0.1' })).toEqual({
      MIN_QTY: 'MIN_QTY takes a whole number, like 3'
    });
  });
});

describe('parameters cell', () => {
  it('checks defaults as Python literals of their type', () => {
    expect(checkDefaultSource('int', '1_000')).toBeNull();
    expect(checkDefaultSource('int', '"1"')).toBe('a whole number, like 3');
    expect(checkDefaultSource('str', "'data/orders.csv'")).toBeNull();
    expect(checkDefaultSource('str', 'data/orders.csv')).toBe("a quoted text, like 'data/orders.csv'");
    expect(checkDefaultSource('bool', 'true')).toBe('True or False');
    expect(checkDefaultSource('float', '')).toBe('a value is needed');
  });

  it('writes annotated lines for the kept rows', () => {
    const source = parametersCellSource([
      { name: 'MIN_QTY', type: 'int', default: '3', keep: true },
      { name: 'LABEL', type: 'str', default: "'big'", keep: false },
      { name: 'cutoff', type: 'NoneType', default: 'None', keep: true }
    ]);
    expect(source).toBe('# Parameters: values a job run may override\nMIN_QTY: int = 3\ncutoff = None\n');
  });

  it('reports bad names, duplicates and bad defaults', () => {
    expect(
      rowProblems([
        { name: 'class', type: 'int', default: '1', keep: true },
        { name: 'a', type: 'int', default: '1', keep: true },
        { name: 'a', type: 'int', default: 'x', keep: true },
        { name: '9lives', type: 'int', default: '1', keep: false }
      ])
    ).toEqual(['"class" is not a valid Python name', '"a" is listed twice', 'a: the default must be a whole number, like 3']);
    expect(isIdentifier('orders_path')).toBe(true);
  });
});

const suggestion = (tagged: number | null): IParameterSuggestion => ({
  tagged_cell: tagged,
  insert_index: tagged === null ? 1 : null,
  cell_source: '',
  notes: [],
  parameters: [
    ...(tagged === null
      ? []
      : [{ name: 'alpha', type: 'float', default: '0.5', origin: 'the parameters cell', cell: tagged,
           kind: 'parameters-cell' as const, edits: [] }]),
    { name: 'MIN_QTY', type: 'int', default: '2', origin: 'cell 2, line 1', cell: 1, kind: 'literal',
      edits: [{ kind: 'replace', cell: 1, line: 1, column: 1, end_line: 2, end_column: 1, text: '' }] },
    { name: 'orders_path', type: 'str', default: "'data/orders.csv'", origin: 'read by read_csv', cell: 2, kind: 'path',
      edits: [{ kind: 'replace', cell: 2, line: 1, column: 22, end_line: 1, end_column: 39, text: 'orders_path' }] }
  ]
});

describe('parameterEdits', () => {
  const sources = ['import pandas as pd', 'MIN_QTY = 2\nrows = 1', "orders = pd.read_csv('data/orders.csv')"];

  it('inserts the cell, removes the assignment and lifts the path under the name the user chose', () => {
    const rows = initialRows(suggestion(null));
    rows[0].default = '5';
    rows[1].name = 'input_path';
    const edits = parameterEdits(suggestion(null), rows, i => sources[i]);
    const insert = edits.find(e => e.kind === 'insert-cell') as IInsertCellEdit;
    expect(insert).toEqual({
      kind: 'insert-cell', index: 1, cell_type: 'code', tags: ['parameters'],
      source: "# Parameters: values a job run may override\nMIN_QTY: int = 5\ninput_path: str = 'data/orders.csv'"
    });
    const replaces = edits.filter((e): e is IReplaceEdit => e.kind === 'replace');
    expect(applyReplaceEdits(sources[1], replaces.filter(e => e.cell === 1))).toBe('rows = 1');
    expect(applyReplaceEdits(sources[2], replaces.filter(e => e.cell === 2))).toBe('orders = pd.read_csv(input_path)');
  });

  it('leaves no blank line where an assignment on a cell\'s last line was', () => {
    const last = ['import pandas as pd', 'rows = 1\nMIN_QTY = 2', "orders = pd.read_csv('data/orders.csv')"];
    const removal: IReplaceEdit = { kind: 'replace', cell: 1, line: 2, column: 1, end_line: 2, end_column: 12, text: '' };
    const moved = { ...suggestion(null) };
    moved.parameters = [{ ...moved.parameters[0], cell: 1, edits: [removal] }, moved.parameters[1]];
    const edits = parameterEdits(moved, initialRows(moved), i => last[i]);
    const replaces = edits.filter((e): e is IReplaceEdit => e.kind === 'replace' && e.cell === 1);
    expect(replaces).toHaveLength(1);
    expect(applyReplaceEdits(last[1], replaces)).toBe('rows = 1');
  });

  it('leaves out what the user unticked', () => {
    const rows = initialRows(suggestion(null));
    rows[1].keep = false;
    const edits = parameterEdits(suggestion(null), rows, i => sources[i]);
    expect(edits.filter(e => e.kind === 'replace' && e.cell === 2)).toEqual([]);
    expect((edits.find(e => e.kind === 'insert-cell') as IInsertCellEdit).source).not.toContain('orders_path');
  });

  it('adds new parameters to an existing parameters cell instead of inserting one', () => {
    const withCell = suggestion(0);
    const cells = ['alpha = 0.5', 'MIN_QTY = 2\nrows = 1', "orders = pd.read_csv('data/orders.csv')"];
    const edits = parameterEdits(withCell, initialRows(withCell), i => cells[i]);
    expect(edits.some(e => e.kind === 'insert-cell')).toBe(false);
    const appended = edits.filter((e): e is IReplaceEdit => e.kind === 'replace' && e.cell === 0);
    expect(applyReplaceEdits(cells[0], appended)).toBe(
      "alpha = 0.5\nMIN_QTY: int = 2\norders_path: str = 'data/orders.csv'"
    );
  });
});

describe('requirements', () => {
  const found: IPipInstalls = {
    requirements_path: 'requirements.txt',
    packages: ['pandas==2.1', 'xgboost', 'requests'],
    lines: [
      { cell: 0, line: 1, text: '!pip install pandas==2.1 xgboost', packages: ['pandas==2.1', 'xgboost'], removable: true },
      { cell: 2, line: 1, text: '!pip install -r r.txt && x', packages: [], removable: false },
      { cell: 3, line: 2, text: '%pip install requests xgboost', packages: ['requests', 'xgboost'], removable: true }
    ],
    edits: [
      { kind: 'replace', cell: 0, line: 1, column: 1, end_line: 2, end_column: 1, text: '' },
      { kind: 'replace', cell: 3, line: 2, column: 1, end_line: 2, end_column: 30, text: '' }
    ]
  };

  it('moves the packages of the kept lines, once each, and removes only those lines', () => {
    expect(keptPackages(found.lines, [true, false, true])).toEqual(['pandas==2.1', 'xgboost', 'requests']);
    expect(keptPackages(found.lines, [false, false, true])).toEqual(['requests', 'xgboost']);
    expect(chosenEdits(found, [false, true, true]).map(e => e.cell)).toEqual([3]);
  });
});

describe('export and extract options', () => {
  it('leaves empty fields to the server', () => {
    expect(exportOptions('w/a.ipynb', { name: ' ', folder: '', engine: 'local', replace: false })).toEqual({
      path: 'w/a.ipynb', engine: 'local'
    });
    expect(exportOptions('a.ipynb', { name: 'orders', folder: 'jobs/x/', engine: 'spark', replace: true })).toEqual({
      path: 'a.ipynb', engine: 'spark', name: 'orders', output: 'jobs/x', force: true
    });
    expect(size(999)).toBe('999 B');
    expect(size(1234)).toBe('1.2 kB');
  });

  it('shows the module relative to the notebook folder', () => {
    expect(moduleInFolder('work/lib/clean.py', 'work/orders.ipynb')).toBe('lib/clean.py');
    expect(moduleInFolder('orders_functions.py', 'orders.ipynb')).toBe('orders_functions.py');
  });
});

describe('task words', () => {
  const task = (patch: Partial<ITask>): ITask => ({
    id: 'x', kind: 'run', status: 'failed', started: '', seconds: 3.4, progress: null, result: null, error: null, ...patch
  });

  it('describes a failing cell in plain words', () => {
    const failed = task({
      error: {
        message: 'cell 8 failed',
        failed_cell: { number: 8, source: 'steps.divide(numbers)', error: 'ZeroDivisionError: division by zero',
                       location: 'divide/functions.py, line 5' }
      }
    });
    expect(describeTaskError(failed)).toBe(
      'Cell 8 (`steps.divide(numbers)`) failed with ZeroDivisionError: division by zero. ' +
        'It was raised in divide/functions.py, line 5.'
    );
    expect(describeFailedCell({ number: 2, source: '', error: 'KeyError: a', location: null })).toBe(
      'Cell 2 failed with KeyError: a.'
    );
  });

  it('lists the reasons of a refused export', () => {
    const refused = task({ kind: 'export', error: { message: 'refused:', reasons: ['HS004 cell 1: x'] } });
    expect(describeTaskError(refused)).toBe('refused:\n• HS004 cell 1: x');
  });

  it('says how far a run is', () => {
    expect(describeProgress(task({ status: 'running', progress: { done: 3, total: 7, unit: 'cells' } }))).toBe(
      '3 of 7 cells · 3 s'
    );
    expect(describeProgress(task({ status: 'running' }))).toBe('3 s');
  });
});
