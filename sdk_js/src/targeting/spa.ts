/**
 * Calls `onChange(href)` whenever the page's URL changes without a reload: the
 * History API (patched, as SPA routers call it directly and browsers fire no event
 * for it), back/forward (popstate) and fragment changes (hashchange). Returns the
 * undo function, which restores the History methods if nobody patched them after us.
 */
export function watchUrl(win: Window, onChange: (href: string) => void): () => void {
  let last = win.location.href;
  const check = (): void => {
    const href = win.location.href;
    if (href !== last) {
      last = href;
      onChange(href);
    }
  };
  const history = win.history;
  const originals = { pushState: history.pushState, replaceState: history.replaceState };
  const patched = {} as typeof originals;
  for (const name of ["pushState", "replaceState"] as const) {
    const original = originals[name];
    patched[name] = function (this: History, ...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      check();
      return result;
    };
    history[name] = patched[name];
  }
  win.addEventListener("popstate", check);
  win.addEventListener("hashchange", check);
  return () => {
    for (const name of ["pushState", "replaceState"] as const) {
      if (history[name] === patched[name]) history[name] = originals[name];
    }
    win.removeEventListener("popstate", check);
    win.removeEventListener("hashchange", check);
  };
}
