/**
 * A tiny element builder, in place of a framework: the page has a handful of
 * views redrawn whole when their data changes. Server data goes in as text,
 * never as HTML, so nothing a template or an error message says becomes markup.
 */
type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== undefined) el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
  return el;
}

/** Replaces an element's content. */
export function show(el: Element, ...children: Node[]): void {
  el.replaceChildren(...children);
}

export function $(selector: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`index.html has no ${selector}`);
  return el;
}

export const time = (iso: string | undefined): string => (iso ? new Date(iso).toLocaleTimeString() : '');
