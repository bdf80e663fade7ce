import type { Disposer } from "../core/disposer";
import type { Theme } from "../types";
import { css, h } from "./dom";
import { BASE_CSS } from "./styles";
import { isDark, themeVars } from "./theme";

export interface Root {
  host: HTMLElement;
  shadow: ShadowRoot;
  /** The themed wrapper every guide element goes into. */
  wrap: HTMLElement;
  rtl: boolean;
}

export interface RootOptions {
  theme: Theme;
  css?: string;
  nonce?: string;
  /** Render into this element instead of over the page (admin previews). */
  container?: Element;
}

// Stylesheets are immutable: one constructed sheet per CSS text serves every root.
const sheets: Record<string, CSSStyleSheet> = {};

/**
 * A host element with an open shadow root, so the page's CSS cannot reach the guide
 * and the guide's cannot leak out. The host sits outside <body> (on <html>) so body
 * transforms, overflow and `inert` never apply to it — unless a modal <dialog> is
 * open: the rest of the page is inert then, so the guide goes into the dialog.
 */
export function mountRoot(d: Disposer, options: RootOptions): Root {
  const { theme, container } = options;
  const host = document.createElement("gw-root");
  // Inline and !important: no host page rule can move, hide or restack the host.
  const styles = container
    ? "all:initial;display:block;position:relative;height:100%"
    : `all:initial;display:block;position:fixed;top:0;left:0;z-index:${theme.z_index_base}`;
  for (const rule of styles.split(";")) {
    const [name, value] = rule.split(":");
    host.style.setProperty(name, value, "important");
  }
  const shadow = host.attachShadow({ mode: "open" });
  adopt(shadow, [BASE_CSS, options.css ?? ""], options.nonce);
  const wrap = shadow.appendChild(h("div", { class: container ? "gw gw-preview" : "gw" }));
  const media = matchMedia("(prefers-color-scheme: dark)");
  const paint = (): void => css(wrap, themeVars(theme, isDark(theme, media.matches)));
  paint();
  if (theme.mode === "auto") d.on(media, "change", paint);
  const dialogs = Array.from(document.querySelectorAll("dialog[open]")).filter(isModal);
  (container ?? dialogs.pop() ?? document.documentElement).appendChild(host);
  d.add(() => host.remove());
  const rtl = getComputedStyle(host).direction === "rtl";
  if (rtl) wrap.dir = "rtl";
  return { host, shadow, wrap, rtl };
}

function isModal(dialog: Element): boolean {
  try {
    return dialog.matches(":modal");
  } catch {
    return false; // no :modal, no modal dialogs making the page inert either
  }
}

/** Constructable stylesheets when possible; a `<style nonce>` when a nonce is given (strict CSP). */
export function adopt(shadow: ShadowRoot, texts: string[], nonce?: string): void {
  for (const text of texts) {
    // Browsers with adoptedStyleSheets all have replaceSync.
    if (!nonce && shadow.adoptedStyleSheets) {
      let sheet = sheets[text];
      if (!sheet) (sheet = sheets[text] = new CSSStyleSheet()).replaceSync(text);
      shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    } else {
      shadow.appendChild(h("style", { nonce }, text));
    }
  }
}
