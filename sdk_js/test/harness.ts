// Renders one guide with a real disposer and shadow root but a recording context, so
// a renderer's behaviour can be asserted event by event.
import { afterEach, vi } from "vitest";
import { disposer } from "../src/core/disposer";
import { pageMatches, ruleMatches } from "../src/targeting/page-rules";
import type { EventType, Flow } from "../src/types";
import type { Guide, GuideContext, Renderer } from "../src/ui/guide";
import { mountRoot } from "../src/ui/root";

export interface Recorded {
  type: EventType | "end" | "report";
  step?: number;
  props?: Record<string, unknown>;
  outcome?: string | null;
}

const rendered: { dispose(): void }[] = [];
afterEach(() => rendered.splice(0).forEach((d) => d.dispose()));

export function renderGuide(render: Renderer, flow: Flow, start = 0) {
  const events: Recorded[] = [];
  const d = disposer((message, detail) => {
    throw new Error(`guide logged an error: ${message} ${detail}`);
  });
  rendered.push(d);
  const ctx: GuideContext = {
    flow,
    content: flow.content!,
    d,
    start,
    preview: false,
    mount: (css) => mountRoot(d, { theme: flow.theme, css }),
    emit: (type, step, props) => events.push(props ? { type, step, props } : { type, step }),
    report: (outcome, step) => events.push({ type: "report", outcome, step }),
    end: vi.fn((outcome, step) => {
      events.push({ type: "end", outcome, step });
      d.dispose();
    }),
    act: vi.fn(),
    save: vi.fn(),
    pageOk: (rule) => (rule ? ruleMatches(rule, location.href) : pageMatches(flow.pages, location.href)),
    completed: () => false,
    memory: { get: () => null, set: () => {} },
    show: vi.fn(),
    log: () => {},
  };
  const guide: Guide = render(ctx);
  const shadow = (): ShadowRoot => document.querySelector("gw-root")!.shadowRoot!;
  return {
    ctx,
    guide,
    d,
    events,
    types: () => events.map((event) => event.type),
    shadow,
    $: <E extends Element = HTMLElement>(selector: string) => shadow()?.querySelector<E>(selector) ?? null,
    button: (label: string) =>
      Array.from(shadow().querySelectorAll("button")).find((button) => button.textContent === label) as HTMLButtonElement,
  };
}

/** Lets timers of 0 ms and promise callbacks run. */
export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

export function key(name: string, target: EventTarget = document): void {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, composed: true }));
}
