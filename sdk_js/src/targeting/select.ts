import type { Flow } from "../types";

/**
 * The order flows compete in: higher priority first, equal priorities in id order
 * (as the server sorts them). The client starts non-blocking flows in this order and
 * gives the one blocking slot to the first blocking flow that is ready.
 */
export function byPriority(a: Flow, b: Flow): number {
  return b.priority - a.priority || a.id - b.id;
}
