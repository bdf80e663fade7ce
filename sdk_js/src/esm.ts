// The ES module build (dist/guidewell.mjs): for apps that bundle the SDK, and for
// the admin's previews. Every kind is bundled; nothing is loaded lazily.
import { boot, type PublicApi } from "./boot";
import type { Flow } from "./types";
import { renderers } from "./ui/kinds";
import { previewWith } from "./ui/preview";

export type { InitOptions } from "./core/client";
export type { PublicApi } from "./boot";
export * from "./types";
export { snippet, SNIPPET } from "./snippet";
export { pageMatches, ruleMatches } from "./targeting/page-rules";

/**
 * The SDK as a module: `const gw = load(); gw.init({ key, api })`. It is also put on
 * `window.guidewell` (replaying any stub queue there), so one page has one client.
 */
export function load(): PublicApi {
  return boot(window as any, null, (kind) => renderers[kind]);
}

/** Renders `flow` at `step` in `container` (admin preview); returns the cleanup. */
export function renderPreview(flow: Flow, step: number, container: Element): () => void {
  return previewWith(renderers[flow.kind], flow, step, container);
}
