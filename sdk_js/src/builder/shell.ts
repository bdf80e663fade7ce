// The builder's host on the page: a `gw-root` element (which the SDK's element
// queries and the picker skip) with an open shadow root holding the builder's
// stylesheet, a full-screen layer for outlines, and the UI.
import type { Disposer } from "../core/disposer";
import { h } from "../ui/dom";
import { adopt } from "../ui/root";
import { PANEL_CSS } from "./panel-css";

export interface Shell {
  /** Outlines of hovered and picked elements; never takes pointer events. */
  layer: HTMLElement;
  /** Where the panel or the preview badge goes. */
  ui: HTMLElement;
}

export function mountShell(d: Disposer, nonce?: string): Shell {
  const host = document.createElement("gw-root");
  host.setAttribute("data-guidewell-builder", "");
  for (const rule of "all:initial;position:fixed;top:0;left:0;z-index:2147483647".split(";")) {
    const [name, value] = rule.split(":");
    host.style.setProperty(name, value, "important");
  }
  const shadow = host.attachShadow({ mode: "open" });
  adopt(shadow, [PANEL_CSS], nonce);
  const wrap = shadow.appendChild(h("div", { class: "gw-b" }));
  const layer = wrap.appendChild(h("div", { class: "gw-b-layer" }));
  const ui = wrap.appendChild(h("div"));
  document.documentElement.appendChild(host);
  d.add(() => host.remove());
  return { layer, ui };
}
