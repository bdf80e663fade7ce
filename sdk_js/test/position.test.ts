import { describe, expect, it } from "vitest";
import { place } from "../src/ui/position";

const VIEW = { width: 1000, height: 800 };
const TIP = { width: 300, height: 150 };
const box = (x: number, y: number, width = 100, height = 40) => ({ x, y, width, height });

describe("placement", () => {
  it("puts the tooltip below the target, centred, the gap away", () => {
    expect(place(box(450, 100), TIP, VIEW, "bottom", { gap: 12 })).toMatchObject({ x: 350, y: 152, side: "bottom" });
  });

  it("flips to the opposite side when the wanted one has no room", () => {
    expect(place(box(450, 700), TIP, VIEW, "bottom").side).toBe("top");
  });

  it("tries the sides when neither the wanted one nor its opposite fits", () => {
    const tall = { width: 200, height: 500 };
    expect(place(box(100, 300, 100, 200), tall, VIEW, "top").side).toBe("right");
  });

  it("auto prefers below, then above", () => {
    expect(place(box(450, 100), TIP, VIEW, "auto").side).toBe("bottom");
    expect(place(box(450, 650), TIP, VIEW, "auto").side).toBe("top");
  });

  it("shifts along the edge to stay on screen, keeping the arrow on the target", () => {
    const placed = place(box(0, 100, 40, 40), TIP, VIEW, "bottom", { pad: 8 });
    expect(placed.x).toBe(8);
    expect(placed.arrow).toBe(16); // the target's centre (20) is nearer than the inset allows
  });

  it("points the arrow at the target's centre", () => {
    const placed = place(box(600, 100), TIP, VIEW, "bottom-start");
    expect(placed.x + placed.arrow).toBe(650);
  });

  it("aligns -start with the target's left edge, or its right edge in RTL", () => {
    expect(place(box(400, 100), TIP, VIEW, "bottom-start").x).toBe(400);
    expect(place(box(400, 100), TIP, VIEW, "bottom-start", { rtl: true }).x).toBe(200);
  });

  it("never leaves the viewport when it fits nowhere", () => {
    const huge = { width: 900, height: 790 };
    const placed = place(box(450, 380), huge, VIEW, "bottom", { pad: 8 });
    expect(placed.y).toBeGreaterThanOrEqual(8);
    expect(placed.y + huge.height).toBeLessThanOrEqual(VIEW.height);
  });
});
