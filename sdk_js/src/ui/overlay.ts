import type { Disposer } from "../core/disposer";
import { css, h } from "./dom";
import type { Box } from "./position";

export interface Overlay {
  /** Moves the cut-out to `box` (viewport coordinates); null dims everything. */
  update(box: Box | null): void;
}

/**
 * The spotlight: the page dimmed except a rounded cut-out around the target. An SVG
 * path with an even-odd hole, so the dimmed part takes the clicks (the page behind
 * cannot be used) while the hole lets them through to the target — or, without
 * `interactive`, a transparent shield over the hole takes them too.
 */
export function overlay(parent: HTMLElement, d: Disposer, interactive: boolean, pad = 6, radius = 6): Overlay {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "gw-overlay");
  const path = svg.appendChild(document.createElementNS(svg.namespaceURI, "path"));
  path.setAttribute("fill-rule", "evenodd");
  const shield = h("div", { class: "gw-shield" });
  parent.append(svg, shield);
  d.add(() => {
    svg.remove();
    shield.remove();
  });
  return {
    update(box) {
      let hole = "";
      if (box) {
        const w = box.width + 2 * pad;
        const ht = box.height + 2 * pad;
        const r = Math.min(radius, w / 2, ht / 2);
        // A rounded rectangle: four straight edges, four quarter arcs.
        const arc = (dx: number, dy: number): string => `a${r} ${r} 0 0 1 ${dx} ${dy}`;
        hole = `M${box.x - pad + r} ${box.y - pad}h${w - 2 * r}${arc(r, r)}v${ht - 2 * r}${arc(-r, r)}h${2 * r - w}${arc(-r, -r)}v${2 * r - ht}${arc(r, -r)}z`;
        css(shield, { left: box.x - pad, top: box.y - pad, width: w, height: ht });
      }
      shield.hidden = interactive || !box;
      path.setAttribute("d", `M0 0H${innerWidth}V${innerHeight}H0z${hole}`);
    },
  };
}

export const OVERLAY_CSS = `.gw-overlay{position:fixed;inset:0;width:100%;height:100%;pointer-events:none}
.gw-overlay path{fill:#1118278c;pointer-events:auto}
.gw-shield{position:fixed}`;
