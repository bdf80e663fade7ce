// The built-in theme (server/guidewell/schemas/theme.py DEFAULT_THEME) and its layers:
// built-in < project < flow. Keep in sync with the server; the preview needs the
// effective theme the SDK would receive.
import type { Theme, ThemeOverride } from "../types";

export const DEFAULT_THEME: Theme = {
  primary_color: "#4f46e5",
  background_color: "#ffffff",
  text_color: "#111827",
  font_family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  border_radius: 8,
  font_size: 15,
  width: 320,
  mode: "light",
  z_index_base: 2_147_470_000,
  placement: "auto",
};

export function mergeTheme(project: ThemeOverride | null | undefined, flow: ThemeOverride | null | undefined): Theme {
  const effective: Theme = { ...DEFAULT_THEME };
  for (const layer of [project ?? {}, flow ?? {}]) {
    for (const [key, value] of Object.entries(layer)) {
      if (key in DEFAULT_THEME && value !== undefined && value !== null) (effective as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return effective;
}
