import type { Kind } from "../types";
import type { Renderer } from "../ui/guide";
import type { LoadRenderer } from "./client";

// Filled in by scripts/build.mjs: kind → content-hashed file name of its chunk.
declare const __GW_CHUNKS__: Partial<Record<Kind, string>>;

/**
 * Renderers bundled in the core come at once; the others are fetched from the
 * directory the core script came from (`base`), once per chunk, when a flow of such
 * a kind first shows. A chunk hands over its renderers through `register`
 * (window.guidewell._r).
 */
export function lazyRenderers(base: string, nonce: () => string | undefined, known: Partial<Record<Kind, Renderer>>) {
  const loading: Record<string, Promise<void>> = {};
  const arrived: Record<string, () => void> = {};
  const load: LoadRenderer = async (kind) => {
    const file = __GW_CHUNKS__[kind];
    if (!known[kind] && file) {
      await (loading[file] ??= new Promise<void>((resolve, reject) => {
        arrived[file] = resolve;
        const script = document.createElement("script");
        script.src = base + file;
        script.nonce = nonce() ?? "";
        script.onerror = () => {
          delete loading[file];
          reject(new Error("could not load " + script.src));
        };
        document.head.appendChild(script);
      }));
    }
    return known[kind] ?? Promise.reject(new Error("no renderer for " + kind));
  };
  const register = (renderers: Partial<Record<Kind, Renderer>>): void => {
    Object.assign(known, renderers);
    for (const kind in renderers) arrived[__GW_CHUNKS__[kind as Kind]!]?.();
  };
  return { load, register };
}
