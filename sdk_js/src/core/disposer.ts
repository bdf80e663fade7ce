import { guard, type Log } from "./log";

// How many cleanups are registered across every disposer: a leak test renders a
// guide, ends it and expects this back at its starting value. Process-wide on
// purpose: a leak is a leak whichever instance made it.
let live = 0;
export const liveResources = (): number => live;

/**
 * A cleanup stack for one guide (or one step of it). Everything a guide starts on the
 * host page — listeners, observers, timers, frame loops, DOM it inserted — is
 * registered here, and `dispose()` undoes all of it in reverse order. Callbacks it
 * wires are guarded, so an error inside one is logged, never thrown into the page.
 * Registering on a disposed disposer undoes the registration at once.
 */
export interface Disposer {
  readonly log: Log;
  /** Registers a cleanup; the returned function runs it early (once). */
  add(cleanup: () => void): () => void;
  on<E extends Event = Event>(
    target: EventTarget,
    type: string,
    fn: (event: E) => void,
    options?: AddEventListenerOptions | boolean,
  ): () => void;
  timeout(fn: () => void, ms: number): () => void;
  interval(fn: () => void, ms: number): () => void;
  /** Calls `fn` on every animation frame until disposed. */
  frames(fn: () => void): () => void;
  observe(target: Node, options: MutationObserverInit, fn: () => void): () => void;
  child(): Disposer;
  dispose(): void;
  readonly disposed: boolean;
}

export function disposer(log: Log): Disposer {
  let stack: (() => void)[] = [];
  let disposed = false;

  const add = (cleanup: () => void): (() => void) => {
    const run = (): void => {
      if (!stack.includes(run)) return;
      live--;
      stack = stack.filter((fn) => fn !== run);
      guard(log, cleanup)();
    };
    live++;
    stack.push(run);
    if (disposed) run(); // an async callback came back after the end
    return run;
  };

  return {
    log,
    add,
    on(target, type, fn, options) {
      const listener = guard(log, fn as (event: Event) => void);
      target.addEventListener(type, listener, options);
      return add(() => target.removeEventListener(type, listener, options));
    },
    timeout(fn, ms) {
      const id = setTimeout(() => {
        release();
        guard(log, fn)();
      }, ms);
      const release = add(() => clearTimeout(id));
      return release;
    },
    interval(fn, ms) {
      const id = setInterval(guard(log, fn), ms);
      return add(() => clearInterval(id));
    },
    frames(fn) {
      const step = guard(log, fn);
      const loop = (): void => {
        step();
        id = requestAnimationFrame(loop);
      };
      let id = requestAnimationFrame(loop);
      return add(() => cancelAnimationFrame(id));
    },
    observe(target, options, fn) {
      const observer = new MutationObserver(guard(log, fn));
      observer.observe(target, options);
      return add(() => observer.disconnect());
    },
    child() {
      const inner = disposer(log);
      inner.add(add(() => inner.dispose()));
      return inner;
    },
    dispose() {
      disposed = true;
      stack.slice().reverse().forEach((run) => run());
    },
    get disposed() {
      return disposed;
    },
  };
}
