import type { Disposer } from "../core/disposer";
import { h } from "./dom";

/** The focused element, looking through open shadow roots (ours included). */
export function activeElement(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

const isOurs = (el: Element | null): boolean => (el?.getRootNode() as ShadowRoot)?.host?.tagName === "GW-ROOT";

/** Whether the user is typing in the host page: a guide must not steal that focus. */
export function typingInPage(): boolean {
  const el = activeElement() as HTMLElement | null;
  return !!el && !isOurs(el) && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable);
}

/**
 * Focus returns where it was when the guide ends (WCAG 2.4.3) — unless the user has
 * moved it somewhere else in the page meanwhile.
 */
export function restoreFocusOnEnd(d: Disposer): void {
  const previous = activeElement() as HTMLElement | null;
  d.add(() => {
    const now = activeElement();
    if (!now || now === document.body || isOurs(now)) previous?.focus({ preventScroll: true });
  });
}

/**
 * Everything outside `host` becomes inert (unreachable for keyboard and assistive
 * technology) while a modal guide is open: every sibling along the path from the host
 * up to <html>. Elements that were inert already are left alone, the rest restored.
 */
export function inertOutside(host: Element, d: Disposer): void {
  const changed: Element[] = [];
  for (let node: Element | null = host; node?.parentElement; node = node.parentElement) {
    for (const sibling of Array.from(node.parentElement.children)) {
      if (sibling !== node && !sibling.hasAttribute("inert") && !/^(HEAD|SCRIPT|STYLE|LINK)$/.test(sibling.tagName)) {
        sibling.setAttribute("inert", "");
        changed.push(sibling);
      }
    }
  }
  d.add(() => changed.forEach((el) => el.removeAttribute("inert")));
}

/** Tab and Shift+Tab cycle inside `container`, a modal dialog (Esc is the way out). */
export function trapFocus(container: HTMLElement, d: Disposer): void {
  // A radio group is one tab stop, whichever of its radios has the focus.
  const stop = (el: Element | null): unknown => ((el as HTMLInputElement)?.type === "radio" ? (el as HTMLInputElement).name : el);
  d.on<KeyboardEvent>(container, "keydown", (event) => {
    if (event.key !== "Tab") return;
    const items = container.querySelectorAll<HTMLElement>("button:not(:disabled),[href],input,textarea,select");
    const first = items[0];
    const last = items[items.length - 1];
    const current = activeElement();
    if (!first || (event.shiftKey ? stop(current) === stop(first) || current === container : stop(current) === stop(last))) {
      event.preventDefault();
      (event.shiftKey ? last : first)?.focus();
    }
  });
}

/** A polite live region: what it is told is read out by screen readers. */
export function liveRegion(parent: HTMLElement): (text: string) => void {
  const region = parent.appendChild(h("div", { class: "gw-sr", role: "status" }));
  return (text) => {
    // Cleared first, so the same words twice are announced twice.
    region.textContent = "";
    setTimeout(() => (region.textContent = text), 50);
  };
}
