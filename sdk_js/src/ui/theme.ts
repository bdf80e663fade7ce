import type { Theme } from "../types";

// The server's theme (schemas/theme.py) as CSS custom properties on the guide's
// wrapper. Dark mode swaps in a dark palette only for the colors the author left at
// their defaults: custom brand colors are kept as chosen.

const DEFAULTS = ["#ffffff", "#111827", "#4f46e5"]; // background, text, primary
const DARK = ["#1f2937", "#f3f4f6", "#818cf8"];

export function isDark(theme: Pick<Theme, "mode">, prefersDark: boolean): boolean {
  return theme.mode === "dark" || (theme.mode === "auto" && prefersDark);
}

export function themeVars(theme: Theme, dark: boolean): Record<string, string> {
  const [bg, fg, primary] = [theme.background_color, theme.text_color, theme.primary_color].map((color, i) =>
    dark && long(color) === DEFAULTS[i] ? DARK[i] : color,
  );
  return {
    "--gw-p": primary,
    "--gw-on-p": onColor(primary),
    "--gw-bg": bg,
    "--gw-fg": fg,
    "--gw-ff": theme.font_family,
    "--gw-fs": theme.font_size + "px",
    "--gw-r": theme.border_radius + "px",
    "--gw-w": theme.width + "px",
  };
}

/** #rgb as #rrggbb, lower case. */
const long = (color: string): string => color.toLowerCase().replace(/^#(.)(.)(.)$/, "#$1$1$2$2$3$3");

/**
 * White or near-black text, whichever contrasts more with `background`: the two
 * ratios are equal where the background's relative luminance (WCAG 2.x, here with a
 * 2.2 gamma) is about 0.2. The default primary gets white at 6.3:1 (AA).
 */
export function onColor(background: string): string {
  const value = parseInt(long(background).slice(1), 16);
  const [r, g, b] = [16, 8, 0].map((shift) => (((value >> shift) & 255) / 255) ** 2.2);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.2 ? "#111827" : "#ffffff";
}
