import type { Placement } from "../types";

// Tooltip placement as a pure function of rectangles: what floating-ui's
// computePosition + offset + flip + shift + arrow do for us, in a fraction of their
// 6.8 KB (see README, "Size"). Viewport coordinates throughout (getBoundingClientRect),
// because every guide layer is `position: fixed`.

export type Side = "top" | "bottom" | "left" | "right";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Placed {
  x: number;
  y: number;
  side: Side;
  /** Where the arrow sits along the tooltip's edge, from its start. */
  arrow: number;
}

const OPPOSITE: Record<Side, Side> = { top: "bottom", bottom: "top", left: "right", right: "left" };
const VERTICAL = new Set<Side>(["top", "bottom"]);

export interface PlaceOptions {
  gap?: number; // between the target and the tooltip (room for the arrow)
  pad?: number; // kept free along the viewport's edges
  rtl?: boolean; // "start"/"end" follow the reading direction
  arrowInset?: number; // keeps the arrow off the tooltip's rounded corners
}

export function place(anchor: Box, float: Size, view: Size, placement: Placement, options: PlaceOptions = {}): Placed {
  const { gap = 12, pad = 8, rtl = false, arrowInset = 16 } = options;
  const [wanted, align = "center"] = placement.split("-") as [Side | "auto", string?];
  const space: Record<Side, number> = {
    top: anchor.y - pad,
    bottom: view.height - anchor.y - anchor.height - pad,
    left: anchor.x - pad,
    right: view.width - anchor.x - anchor.width - pad,
  };
  const fits = (side: Side): boolean =>
    space[side] >= (VERTICAL.has(side) ? float.height : float.width) + gap;
  const order: Side[] =
    wanted === "auto"
      ? ["bottom", "top", "right", "left"]
      : VERTICAL.has(wanted)
        ? [wanted, OPPOSITE[wanted], "right", "left"]
        : [wanted, OPPOSITE[wanted], "bottom", "top"];
  // The wanted side, else its opposite (flip), else any side it fits on, else the roomiest.
  const side =
    order.find(fits) ?? order.reduce((best, side) => (space[side] > space[best] ? side : best));

  const vertical = VERTICAL.has(side);
  const start = vertical ? anchor.x : anchor.y;
  const length = vertical ? anchor.width : anchor.height;
  const size = vertical ? float.width : float.height;
  const viewSize = vertical ? view.width : view.height;
  const edge = vertical && rtl ? ({ start: "end", end: "start" } as Record<string, string>)[align] ?? align : align;
  let cross = edge === "start" ? start : edge === "end" ? start + length - size : start + length / 2 - size / 2;
  // Shift along the edge to stay on screen.
  cross = clamp(cross, pad, viewSize - size - pad);

  let main =
    side === "top"
      ? anchor.y - gap - float.height
      : side === "bottom"
        ? anchor.y + anchor.height + gap
        : side === "left"
          ? anchor.x - gap - float.width
          : anchor.x + anchor.width + gap;
  // When it fits nowhere it may cover the target, but never leave the screen.
  main = clamp(main, pad, (vertical ? view.height - float.height : view.width - float.width) - pad);

  const arrow = clamp(start + length / 2 - cross, arrowInset, size - arrowInset);
  return vertical ? { x: cross, y: main, side, arrow } : { x: main, y: cross, side, arrow };
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, Math.max(low, high)));
}
