/** A call made on the stub before the bundle arrived: `[method, ...args]`. */
export type QueuedCall = [string, ...unknown[]];

// Calls that configure the client run first, in their order; then everything else in
// its order (posthog-js `_execute_array`): a `track` pasted above `init` still
// belongs to the identified user.
const CONFIG = ["init", "identify"];

export function drainOrder(calls: QueuedCall[]): QueuedCall[] {
  const valid = calls.filter((call) => Array.isArray(call) && typeof call[0] === "string");
  return [
    ...CONFIG.flatMap((name) => valid.filter((call) => call[0] === name)),
    ...valid.filter((call) => !CONFIG.includes(call[0])),
  ];
}
