import type { Disposer } from "../core/disposer";

/**
 * Calls `find` now and whenever the page changes, until it returns something or
 * `ms` pass; then `done(result | null)`, once. A MutationObserver catches late
 * renders in the document; a slow poll catches changes it cannot see (inside shadow
 * roots, or a stylesheet that makes an element visible). Everything it starts is
 * registered on `d` and released as soon as it settles.
 */
export function waitFor<T>(d: Disposer, find: () => T | null, ms: number, done: (found: T | null) => void): void {
  const first = find();
  if (first || ms <= 0) {
    done(first);
    return;
  }
  const scope = d.child();
  let frame = 0;
  scope.add(() => cancelAnimationFrame(frame));
  const settle = (found: T | null): void => {
    scope.dispose();
    done(found);
  };
  const check = (): void => {
    frame = 0;
    if (scope.disposed) return;
    const found = find();
    if (found) settle(found);
  };
  // Mutations come in bursts while a framework renders: look once per frame at most.
  scope.observe(document, { childList: true, subtree: true, attributes: true }, () => {
    if (!frame) frame = requestAnimationFrame(check);
  });
  scope.interval(check, 250);
  scope.timeout(() => settle(null), ms);
}
