import { disposer } from "../core/disposer";
import type { Flow } from "../types";
import type { GuideContext, Renderer } from "./guide";
import { mountRoot } from "./root";

/**
 * Renders one step of `flow` inside `container` for the admin's preview: the very
 * renderer the live page uses, laid out in the container instead of over the page,
 * with no targeting, no events and no state. Returns the function that removes it.
 * `step` is the tour step, hotspot or question to show (0-based).
 */
export function previewWith(render: Renderer, flow: Flow, step: number, container: Element): () => void {
  const d = disposer(() => {});
  const noop = (): void => {};
  const ctx: GuideContext = {
    flow,
    content: flow.content!,
    d,
    start: step,
    preview: true,
    mount: (css) => mountRoot(d, { theme: flow.theme, css, container }),
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
  };
  render(ctx);
  return () => d.dispose();
}
