// How the builder starts: a link's fragment (#gw-builder=TOKEN[&gw-pick=REQUEST&gw-step=N]
// or #gw-preview=TOKEN), kept in sessionStorage so the mode survives the PM's
// navigation within this tab (multi-page tours) and reloads, and gone with the tab.
import { store } from "../core/storage";

export interface Launch {
  mode: "builder" | "preview";
  token: string;
  /** Opened from the admin's "Pick on page": answer the picked target to the opener. */
  pick?: { request: string; step: number };
}

const session = store("sessionStorage");
const KEY = "b"; // the core looks for it (src/index.ts) to hold the client
const TOKEN = /^[\w.-]{1,1000}$/;

/** Reads and removes the link's parameters from the URL, else the stored launch. */
export function readLaunch(): Launch | null {
  const params = new URLSearchParams(location.hash.slice(1));
  const builder = params.get("gw-builder");
  const preview = params.get("gw-preview");
  const token = builder ?? preview;
  if (token != null) {
    const request = params.get("gw-pick");
    const step = Number(params.get("gw-step") ?? 0);
    // Out of the address bar: a copied URL must not carry the PM's token along.
    for (const name of ["gw-builder", "gw-preview", "gw-pick", "gw-step"]) params.delete(name);
    const rest = params.toString();
    history.replaceState(history.state, "", location.pathname + location.search + (rest ? "#" + rest : ""));
    if (!TOKEN.test(token)) return null;
    const launch: Launch = { mode: builder != null ? "builder" : "preview", token };
    if (request && /^[\w-]{1,64}$/.test(request) && Number.isInteger(step) && step >= 0) {
      launch.pick = { request, step };
    }
    session.set(KEY, launch);
    return launch;
  }
  const stored = session.get<Launch | null>(KEY, null);
  return stored && TOKEN.test(stored.token) ? stored : null;
}

/** Leaves builder or preview mode: the next page load runs the SDK as usual. */
export function endLaunch(): void {
  session.remove(KEY);
  session.remove("bd");
}

export const drafts = {
  get: <T>(): T | null => session.get<T | null>("bd", null),
  set: (value: unknown): void => session.set("bd", value),
  clear: (): void => session.remove("bd"),
};
