import { createClient, type InitOptions, type LoadRenderer } from "./core/client";
import { drainOrder, type QueuedCall } from "./core/drain";
import { guard } from "./core/log";

export const METHODS = ["init", "identify", "track", "page", "show", "dismiss", "reset", "on", "off"] as const;
export type PublicApi = Record<(typeof METHODS)[number], (...args: any[]) => unknown> & {
  _debug(): unknown;
  _nonce(): string | undefined;
};

/**
 * Replaces the stub on `window.guidewell` with the real API, replays the calls the
 * stub queued, and starts on its own when the script tag carries `data-key`.
 * Every public method is guarded: whatever goes wrong, the host page never sees a throw.
 */
export function boot(
  win: Window & { guidewell?: any },
  script: HTMLScriptElement | null,
  load: LoadRenderer,
  hold?: (options: InitOptions) => void,
): PublicApi {
  const existing = win.guidewell;
  if (existing && existing._debug) return existing; // the bundle was loaded twice
  const client = createClient(load, hold);
  const log = (message: string, detail?: unknown): void => client._log(message, detail);
  const data = script?.dataset ?? {};
  const origin = data.api || (script?.src ? new URL(script.src, location.href).origin : location.origin);
  const api = { _debug: client._debug, _nonce: client._nonce } as PublicApi;
  for (const name of METHODS) {
    api[name] = guard(log, (...args: any[]) => (client[name] as (...a: any[]) => unknown)(...args));
  }
  api.init = guard(log, (options: InitOptions) =>
    client.init({ api: origin, nonce: script?.nonce || data.nonce || undefined, ...options }),
  );
  win.guidewell = api;
  const queued: QueuedCall[] = Array.isArray(existing) ? existing.slice() : [];
  const calls = drainOrder(queued);
  if (data.key && !calls.some(([name]) => name === "init")) {
    calls.unshift(["init", { key: data.key, debug: "debug" in data }]);
  }
  for (const [name, ...args] of calls) {
    const method = (api as any)[name];
    if (typeof method === "function") method(...args);
  }
  return api;
}
