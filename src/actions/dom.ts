/**
 * A small helper to build the dialogs' DOM without a framework.
 */

type Child = Node | string | null | undefined | false;

/** `<tag class=... attr=...>children</tag>`; null/false children are skipped. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') {
      node.className = value;
    } else {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child);
    }
  }
  return node;
}

/** A labelled form field. */
export function field(label: string, input: HTMLElement, hint?: string): HTMLLabelElement {
  return el('label', { class: 'jp-prod-field' }, el('span', { class: 'jp-prod-field-label' }, label), input,
    hint ? el('span', { class: 'jp-prod-field-hint' }, hint) : null);
}

/** A list of notes, or nothing. */
export function notes(items: readonly string[], className = 'jp-prod-notes'): HTMLElement | null {
  if (!items.length) {
    return null;
  }
  return el('ul', { class: className }, ...items.map(item => el('li', {}, item)));
}

/** The message of a failed request or edit, in words, with the reasons the server gave. */
export function messageOf(reason: unknown): string {
  if (reason && typeof reason === 'object') {
    const error = reason as { message?: unknown; reasons?: unknown };
    if (typeof error.message === 'string' && error.message) {
      const reasons = Array.isArray(error.reasons) ? error.reasons.map(r => `\n• ${String(r)}`) : [];
      return error.message + reasons.join('');
    }
  }
  return String(reason);
}

/** A failed action's message as a dialog body: the message, then one line per reason. */
export function errorBody(reason: unknown): HTMLElement {
  const error = (reason && typeof reason === 'object' ? reason : {}) as { message?: unknown; reasons?: unknown };
  const message = typeof error.message === 'string' && error.message ? error.message : String(reason);
  const reasons = Array.isArray(error.reasons) ? error.reasons.map(String) : [];
  return el('div', { class: 'jp-prod-error-body' }, el('p', {}, message), notes(reasons, 'jp-prod-error-reasons'));
}
