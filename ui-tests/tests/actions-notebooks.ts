/**
 * Notebooks for the actions' browser tests: code cells that ran in order, with a kernelspec
 * (without one, a "Select Kernel" dialog would block the clicks).
 */

const KERNEL = { name: 'python3', display_name: 'Python 3', language: 'python' };

/** An nbformat 4.5 notebook of code cells, as JSON text to upload. */
export function notebook(...sources: string[]): string {
  const cells = sources.map((source, i) => ({
    cell_type: 'code', id: `c${i}`, metadata: {}, execution_count: i + 1, outputs: [], source
  }));
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: KERNEL }, cells });
}
