// The element picker: hovering outlines the element under the pointer (inside open
// shadow roots too), a click or Enter picks it, Escape cancels. While it runs the
// page gets no pointer events, so picking a button does not press it.
import type { Disposer } from "../core/disposer";
import { css, h } from "../ui/dom";

const BLOCKED = ["click", "mousedown", "mouseup", "pointerdown", "pointerup", "dblclick", "contextmenu", "auxclick"];

const ours = (path: EventTarget[]): boolean => path.some((node) => (node as Element).tagName === "GW-ROOT");

/** The deepest element an event happened on, seen through open shadow roots. */
function elementOf(event: Event): Element | null {
  const path = event.composedPath();
  if (ours(path)) return null;
  const first = path.find((node) => node instanceof Element) as Element | undefined;
  return first && first !== document.documentElement && first !== document.body ? first : null;
}

/** An outline drawn over `el`, in the builder's own layer (never in the page's DOM). */
export function outline(layer: HTMLElement, kind: "hover" | "picked"): (el: Element | null, label?: string) => void {
  const box = layer.appendChild(h("div", { class: `gw-b-outline gw-b-${kind}`, hidden: true }));
  const tag = box.appendChild(h("span", { class: "gw-b-tag" }));
  return (el, label) => {
    box.hidden = !el;
    if (!el) return;
    const rect = el.getBoundingClientRect();
    css(box, { top: rect.top, left: rect.left, width: rect.width, height: rect.height });
    tag.textContent = label ?? "";
    tag.hidden = !label;
  };
}

export function describe(el: Element): string {
  const classes = Array.from(el.classList).slice(0, 2).map((c) => "." + c).join("");
  return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes;
}

/** The same-origin frames of the page: their documents are readable, their insides not targetable. */
function sameOriginFrames(): HTMLIFrameElement[] {
  return Array.from(document.querySelectorAll("iframe")).filter((frame) => {
    try {
      return !!frame.contentDocument;
    } catch {
      return false; // another origin's frame: its events never reach us
    }
  });
}

/**
 * Starts picking; `picked` gets the element. Everything is undone when `d` is disposed.
 * Inside a same-origin frame the frame itself is outlined and picked: guides anchor to
 * elements of the page that runs the SDK, and the frame is one of them.
 */
export function pick(d: Disposer, layer: HTMLElement, picked: (el: Element) => void, cancel: () => void): void {
  const draw = outline(layer, "hover");
  let current: Element | null = null;
  const hover = (el: Element | null): void => {
    current = el;
    draw(el, el ? describe(el) : undefined);
  };
  d.add(() => draw(null));
  d.on<MouseEvent>(document, "mousemove", (event) => hover(elementOf(event)), true);
  d.on<FocusEvent>(document, "focusin", (event) => {
    const el = elementOf(event);
    if (el) hover(el);
  }, true);
  d.on(window, "scroll", () => hover(current), true);
  const block = (target: Document, resolve: (event: MouseEvent) => Element | null): void => {
    for (const type of BLOCKED) {
      d.on<MouseEvent>(target, type, (event) => {
        if (ours(event.composedPath())) return;
        event.preventDefault();
        event.stopPropagation();
        event.stopImmediatePropagation();
        const el = type === "click" ? resolve(event) : null;
        if (el) picked(el);
      }, true);
    }
  };
  block(document, elementOf);
  for (const frame of sameOriginFrames()) {
    const inner = frame.contentDocument!;
    d.on(inner, "mousemove", () => hover(frame), true);
    block(inner, () => frame);
  }
  d.on<KeyboardEvent>(document, "keydown", (event) => {
    if (ours(event.composedPath()) && event.key !== "Escape") return;
    if (event.key === "Escape") cancel();
    else if (event.key === "Enter" && current) picked(current);
    else return;
    event.preventDefault();
    event.stopPropagation();
  }, true);
}
