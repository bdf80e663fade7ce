// The script-tag build: dist IIFE → /sdk/v1/guidewell.js. The core and the tour
// renderer; other kinds load on first use from the same directory (core/lazy.ts).
import { boot } from "./boot";
import { lazyRenderers } from "./core/lazy";
import * as kit from "./ui/kit";
import { tour } from "./ui/tour";

const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src ? new URL(".", script.src).href : "/sdk/v1/";
let nonce: () => string | undefined = () => undefined;
const renderers = lazyRenderers(base, () => nonce(), { tour });
const api = boot(window as any, script, renderers.load) as any;
if (!api._r) {
  api._k = kit;
  api._r = renderers.register;
  nonce = () => api._nonce();
}
