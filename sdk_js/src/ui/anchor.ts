import type { Disposer } from "../core/disposer";
import type { Placement } from "../types";
import { css } from "./dom";
import { place, type Box } from "./position";
import { reveal } from "./scroll";

/** Below this width an anchored tooltip becomes a bottom sheet. */
export const SHEET_MAX_WIDTH = 639;

export interface AnchorOptions {
  card: HTMLElement;
  arrow?: HTMLElement | null;
  placement: Placement;
  rtl: boolean;
  /** The element to follow, looked up every frame (it may be swapped on re-render). */
  target: () => Element | null;
  /** Each time the target moved: its box, or null while it is hidden or off screen. */
  moved?: (box: Box | null) => void;
  /** The target left the document. */
  lost?: () => void;
  /** Narrow viewports get a bottom sheet instead of a tooltip. */
  sheet?: boolean;
}

/**
 * Keeps `card` beside its target, every frame: a measure per frame is what follows a
 * target through window scroll, scroll containers, sticky and fixed ancestors, CSS
 * transforms and layout shifts alike (floating-ui's `autoUpdate({animationFrame})`),
 * and the DOM is only written when something moved.
 */
export function anchor(d: Disposer, o: AnchorOptions): void {
  let last = "";
  let wasSheet = false;
  d.frames(() => {
    const el = o.target();
    if (!el || !el.isConnected) {
      last = "";
      o.lost?.();
      return;
    }
    const rect = el.getBoundingClientRect();
    const view = { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight };
    const sheet = !!o.sheet && view.width <= SHEET_MAX_WIDTH;
    const size = { width: o.card.offsetWidth, height: o.card.offsetHeight };
    const key = [rect.x, rect.y, rect.width, rect.height, view.width, view.height, size.width, size.height, sheet].join();
    if (key === last) return;
    last = key;
    if (sheet && !wasSheet) reveal(el, size.height);
    wasSheet = sheet;
    const hidden =
      (!rect.width && !rect.height) || rect.bottom < 0 || rect.right < 0 || rect.top > view.height || rect.left > view.width;
    o.moved?.(hidden ? null : rect);
    o.card.classList.toggle("gw-sheet", sheet);
    o.card.style.visibility = hidden && !sheet ? "hidden" : "";
    if (sheet) return;
    const placed = place(rect, size, view, o.placement, { rtl: o.rtl });
    css(o.card, { left: placed.x, top: placed.y });
    o.card.setAttribute("data-side", placed.side);
    if (o.arrow) {
      const vertical = placed.side === "top" || placed.side === "bottom";
      css(o.arrow, vertical ? { left: placed.arrow - 6, top: "" } : { top: placed.arrow - 6, left: "" });
    }
  });
}

export const ANCHOR_CSS = `.gw-arrow{position:absolute;width:12px;height:12px;background:inherit;rotate:45deg}
[data-side=bottom]>.gw-arrow{top:-6px}[data-side=top]>.gw-arrow{bottom:-6px}[data-side=left]>.gw-arrow{right:-6px}[data-side=right]>.gw-arrow{left:-6px}
.gw-sheet{inset:auto 0 0!important;width:auto;max-width:none;max-height:45vh;overflow:auto;border-radius:var(--gw-r) var(--gw-r) 0 0}
.gw-sheet>.gw-arrow{display:none}`;
