// The script-tag build: dist IIFE → /sdk/v1/guidewell.js. The core and the tour
// renderer; other kinds load on first use from the same directory (core/lazy.ts).
// A builder or preview link (a token in the URL fragment, or one this tab already
// opened) holds the client and loads the builder chunk (src/builder/) instead.
import { boot } from "./boot";
import { lazyRenderers } from "./core/lazy";
import { store } from "./core/storage";
import * as kit from "./ui/kit";
import { tour } from "./ui/tour";

const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src ? new URL(".", script.src).href : "/sdk/v1/";
let nonce: () => string | undefined = () => undefined;
const renderers = lazyRenderers(base, () => nonce(), { tour });
const api = boot(
  window as any,
  script,
  renderers.load,
  /gw-(builder|preview)=/.test(location.hash) || store("sessionStorage").get("b", 0)
    ? (options) => {
        api._o = options; // what the builder chunk starts from
        renderers.load("builder" as any);
      }
    : undefined,
) as any;
if (!api._r) {
  api._k = kit;
  api._r = renderers.register;
  nonce = () => api._nonce();
}
