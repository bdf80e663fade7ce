import { describe, expect, it } from "vitest";
import { isDark, onColor, themeVars } from "../src/ui/theme";
import { THEME } from "./factories";

/** WCAG 2.x contrast ratio of two #rrggbb colors. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe("theme", () => {
  it("the default theme's text and buttons pass WCAG AA (4.5:1)", () => {
    const vars = themeVars(THEME, false);
    expect(contrast(vars["--gw-fg"], vars["--gw-bg"])).toBeGreaterThan(4.5);
    expect(contrast(vars["--gw-on-p"], vars["--gw-p"])).toBeGreaterThan(4.5);
    expect(contrast(vars["--gw-p"], vars["--gw-bg"])).toBeGreaterThan(4.5); // links, secondary buttons
  });

  it("the default dark palette passes WCAG AA as well", () => {
    const vars = themeVars(THEME, true);
    expect(contrast(vars["--gw-fg"], vars["--gw-bg"])).toBeGreaterThan(4.5);
    expect(contrast(vars["--gw-on-p"], vars["--gw-p"])).toBeGreaterThan(4.5);
    expect(contrast(vars["--gw-p"], vars["--gw-bg"])).toBeGreaterThan(4.5);
  });

  it("dark mode keeps an author's own colors", () => {
    const vars = themeVars({ ...THEME, background_color: "#fef3c7", primary_color: "#b45309" }, true);
    expect([vars["--gw-bg"], vars["--gw-p"]]).toEqual(["#fef3c7", "#b45309"]);
  });

  it("button text is dark on a light brand color and white on a dark one", () => {
    expect(onColor("#fde047")).toBe("#111827");
    expect(onColor("#1e3a8a")).toBe("#ffffff");
    expect(onColor("#fff")).toBe("#111827");
  });

  it("auto follows the system preference; light and dark ignore it", () => {
    expect([isDark({ mode: "auto" }, true), isDark({ mode: "auto" }, false)]).toEqual([true, false]);
    expect([isDark({ mode: "light" }, true), isDark({ mode: "dark" }, false)]).toEqual([false, true]);
  });

  it("sizes become CSS lengths", () => {
    expect(themeVars(THEME, false)).toMatchObject({ "--gw-fs": "15px", "--gw-r": "8px", "--gw-w": "320px" });
  });
});
