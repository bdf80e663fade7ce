// Builder mode from the admin: opens the customer's app with a signed builder link in
// the URL fragment, and, for "Pick on page", waits for the picked element to come
// back by postMessage — accepted only from the window we opened, from the page's
// origin, with our message kind and our request id.
import type { Target } from "../types";

export const PICKED_MESSAGE = "guidewell:picked";

export interface Link {
  token: string;
  url: string;
  expires_at: string;
}

/** Opens a tab now, while the click still counts as a user gesture; the URL comes later. */
export function openTab(): Window | null {
  const tab = window.open("about:blank", "_blank");
  if (tab) tab.document.title = "Opening the builder…";
  return tab;
}

export function pickUrl(url: string, request: string, step: number): string {
  return `${url}&gw-pick=${encodeURIComponent(request)}&gw-step=${step}`;
}

/** A picked target as the builder sends it, or null for anything else. */
export function pickedTarget(data: unknown, request: string): { step: number; target: Target } | null {
  if (!data || typeof data !== "object") return null;
  const message = data as Record<string, unknown>;
  if (message.type !== PICKED_MESSAGE || message.request !== request || typeof message.step !== "number") return null;
  const target = message.target as Target | undefined;
  if (!target || typeof target.selector !== "string" || !target.selector || target.selector.length > 1000) return null;
  const fingerprint = target.fingerprint && typeof target.fingerprint === "object" ? target.fingerprint : null;
  return { step: message.step, target: { selector: target.selector, fingerprint } };
}

/**
 * Resolves with the element picked in `tab` (opened on `url`), or rejects when the
 * tab is closed first. The caller may cancel with the returned `stop`.
 */
export function awaitPick(tab: Window, url: string, request: string): { picked: Promise<{ step: number; target: Target }>; stop: () => void } {
  const origin = new URL(url).origin;
  let stop = (): void => {};
  const picked = new Promise<{ step: number; target: Target }>((resolve, reject) => {
    const onMessage = (event: MessageEvent): void => {
      if (event.source !== tab || event.origin !== origin) return;
      const result = pickedTarget(event.data, request);
      if (!result) return;
      stop();
      resolve(result);
    };
    const closed = window.setInterval(() => {
      if (tab.closed) {
        stop();
        reject(new Error("The builder tab was closed before an element was picked."));
      }
    }, 500);
    window.addEventListener("message", onMessage);
    stop = () => {
      window.removeEventListener("message", onMessage);
      window.clearInterval(closed);
    };
  });
  return { picked, stop };
}

export const requestId = (): string => Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
