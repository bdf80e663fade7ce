import type { Trigger } from "../types";

/** What just happened on the page that might start a flow. */
export type Signal =
  | { type: "page" }
  | { type: "event"; name: string }
  | { type: "click"; path: EventTarget[] };

/** Whether `trigger` fires on `signal`. A manual trigger never fires: only `show()` starts it. */
export function triggerFires(trigger: Trigger, signal: Signal): boolean {
  switch (trigger.type) {
    case "page_load":
      return signal.type === "page";
    case "event":
      return signal.type === "event" && signal.name === trigger.event;
    case "element_click":
      return signal.type === "click" && signal.path.some((node) => matches(node, trigger.selector));
  }
  return false;
}

function matches(node: EventTarget, selector: string): boolean {
  try {
    return node instanceof Element && node.matches(selector);
  } catch {
    return false; // an invalid selector matches nothing
  }
}
