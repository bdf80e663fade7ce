// A small history router for /admin/…, with the unsaved-changes guard: a screen with
// edits registers a blocker; in-app navigation then asks first (ConfirmLeave in
// app.tsx), and leaving the page asks through the browser's beforeunload prompt.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

export const BASE = "/admin";

const listeners = new Set<() => void>();
let blocked = false;
let askToLeave: ((proceed: () => void) => void) | null = null;
let shownUrl = typeof location === "undefined" ? "" : location.pathname + location.search;

function notify(): void {
  shownUrl = location.pathname + location.search;
  for (const listener of listeners) listener();
}

/** The path inside the app ("/p/1/flows") and its query. */
export function currentLocation(): { path: string; query: URLSearchParams } {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) || "/" : location.pathname;
  return { path, query: new URLSearchParams(location.search) };
}

function guarded(go: () => void): void {
  if (blocked && askToLeave) askToLeave(() => {
    blocked = false;
    go();
  });
  else go();
}

export function navigate(to: string, options: { replace?: boolean; force?: boolean } = {}): void {
  const go = (): void => {
    if (options.replace) history.replaceState(null, "", BASE + to);
    else history.pushState(null, "", BASE + to);
    window.scrollTo(0, 0);
    notify();
  };
  if (options.force) go();
  else guarded(go);
}

if (typeof window !== "undefined") {
  window.addEventListener("popstate", () => {
    if (!blocked) return notify();
    // Back/forward already moved the URL: put it back and ask.
    const target = location.pathname + location.search;
    history.pushState(null, "", shownUrl);
    guarded(() => {
      history.pushState(null, "", target);
      notify();
    });
  });
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = (): void => setTick((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return currentLocation();
}

/** Replaces the query string without a new history entry (filters, tabs). */
export function setQuery(changes: Record<string, string | null>): void {
  const { path, query } = currentLocation();
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === "") query.delete(name);
    else query.set(name, value);
  }
  const text = query.toString();
  history.replaceState(null, "", BASE + path + (text ? `?${text}` : ""));
  notify();
}

/** Named parameters of `pattern` ("/p/:pid/flows/:fid") in `path`, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const regex = new RegExp(
    "^" + pattern.replace(/:([a-z]+)/g, (_, name: string) => (names.push(name), "([^/]+)")) + "/?$",
  );
  const found = regex.exec(path);
  if (!found) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
}

/** The guard's confirm dialog registers here (one per app). */
export function onLeaveRequest(handler: ((proceed: () => void) => void) | null): void {
  askToLeave = handler;
}

function beforeUnload(event: BeforeUnloadEvent): void {
  event.preventDefault();
  event.returnValue = "";
}

/** While `dirty`, leaving the screen asks first (in the app and in the browser). */
export function useUnsavedGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return undefined;
    blocked = true;
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      blocked = false;
      window.removeEventListener("beforeunload", beforeUnload);
    };
  }, [dirty]);
}

interface LinkProps {
  href: string;
  children?: ComponentChildren;
  class?: string;
  title?: string;
  onClick?: (event: MouseEvent) => void;
  "aria-label"?: string;
  "aria-current"?: "page" | "true";
}

export function Link({ href, onClick, ...props }: LinkProps): JSX.Element {
  return (
    <a
      {...(props as Record<string, unknown>)}
      href={BASE + href}
      onClick={(event: MouseEvent) => {
        onClick?.(event);
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href);
      }}
    />
  );
}
