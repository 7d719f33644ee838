/**
 * The panel's view tabs (Findings, Dependencies, Runs): one tab stop, arrow keys move between
 * them, the selected one is marked for screen readers.
 */

/** What the body of the panel shows. */
export type PanelView = 'findings' | 'graph' | 'runs';

const VIEWS: [PanelView, string][] = [
  ['findings', 'Findings'],
  ['graph', 'Dependencies'],
  ['runs', 'Runs']
];

export class ViewTabs {
  readonly node = document.createElement('div');

  constructor(onChoose: (view: PanelView) => void) {
    this._onChoose = onChoose;
    this.node.className = 'jp-prod-view-switch';
    this.node.setAttribute('role', 'tablist');
    this.node.setAttribute('aria-label', 'What the panel shows');
    for (const [view, label] of VIEWS) {
      const tab = document.createElement('button');
      tab.className = 'jp-prod-view-tab';
      tab.dataset.view = view;
      tab.setAttribute('role', 'tab');
      tab.textContent = label;
      tab.addEventListener('click', () => onChoose(view));
      this.node.append(tab);
    }
    this.node.addEventListener('keydown', event => this._onKey(event));
  }

  /** Mark `view` as the selected tab (and the one Tab reaches). */
  select(view: PanelView): void {
    this._view = view;
    for (const tab of this.node.querySelectorAll<HTMLElement>('.jp-prod-view-tab')) {
      const selected = tab.dataset.view === view;
      tab.classList.toggle('jp-mod-selected', selected);
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
  }

  /** Arrow keys move between the tabs (the tab list is one tab stop). */
  private _onKey(event: KeyboardEvent): void {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) {
      return;
    }
    event.preventDefault();
    const views = VIEWS.map(([view]) => view);
    const next = views[(views.indexOf(this._view) + step + views.length) % views.length];
    this._onChoose(next);
    this.node.querySelector<HTMLElement>(`[data-view="${next}"]`)?.focus();
  }

  private readonly _onChoose: (view: PanelView) => void;
  private _view: PanelView = 'findings';
}
