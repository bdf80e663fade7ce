// A tiny `h()` (Shepherd's utils/dom.ts habit): elements with attributes, listeners
// and children, so that no HTML string is ever parsed into the live page.

export type Child = Node | string | number | null | undefined | false | Child[];
export type Props = Record<string, string | number | boolean | null | undefined | ((event: any) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (typeof value === "function") el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, "");
    else if (value != null && value !== false) el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else if (child != null && child !== false) parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Sets inline styles through the CSSOM, which a strict CSP (no 'unsafe-inline') allows. */
export function css(el: HTMLElement, styles: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(styles)) {
    el.style.setProperty(name, typeof value === "number" ? value + "px" : value);
  }
}

let counter = 0;
/** A unique id for aria-labelledby and friends, with the SDK's prefix. */
export const uid = (name: string): string => `gw-${name}-${++counter}`;
