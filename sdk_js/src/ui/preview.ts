import { disposer, type Disposer } from "../core/disposer";
import type { Flow } from "../types";
import type { GuideContext, Renderer } from "./guide";
import { mountRoot } from "./root";

const noop = (): void => {};

/**
 * A context that records nothing and keeps no state: for guides shown outside a user's
 * session (the admin's preview, builder playback, preview links). `overrides` put back
 * what a use needs, such as real page rules on the live page.
 */
export function silentContext(flow: Flow, d: Disposer, start: number, overrides: Partial<GuideContext>): GuideContext {
  return {
    flow,
    content: flow.content!,
    d,
    start,
    preview: false,
    mount: (css) => mountRoot(d, { theme: flow.theme, css }),
    emit: noop,
    report: noop,
    end: noop,
    act: noop,
    save: noop,
    pageOk: () => true,
    completed: () => false,
    memory: { get: () => null, set: noop },
    show: noop,
    log: noop,
    ...overrides,
  };
}

/**
 * Renders one step of `flow` inside `container` for the admin's preview: the very
 * renderer the live page uses, laid out in the container instead of over the page,
 * with no targeting, no events and no state. Returns the function that removes it.
 * `step` is the tour step, hotspot or question to show (0-based).
 */
export function previewWith(render: Renderer, flow: Flow, step: number, container: Element): () => void {
  const d = disposer(noop);
  render(silentContext(flow, d, step, { preview: true, mount: (css) => mountRoot(d, { theme: flow.theme, css, container }) }));
  return () => d.dispose();
}
