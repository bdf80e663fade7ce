// A theme override: every field either set here or inherited from the layer below
// (flow < project < built-in). No free-form CSS: the server accepts only these fields.
import type { JSX } from "preact";
import { Field, Select } from "../../components/ui";
import { PLACEMENTS } from "../../lib/content";
import type { Theme, ThemeOverride } from "../../types";

type Key = keyof Theme;

const COLORS: { key: Key; label: string }[] = [
  { key: "primary_color", label: "Primary colour" },
  { key: "background_color", label: "Background" },
  { key: "text_color", label: "Text" },
];

const NUMBERS: { key: Key; label: string; min: number; max: number; unit: string }[] = [
  { key: "border_radius", label: "Corner radius", min: 0, max: 32, unit: "px" },
  { key: "font_size", label: "Font size", min: 12, max: 20, unit: "px" },
  { key: "width", label: "Width", min: 240, max: 640, unit: "px" },
];

export function ThemeEditor({ theme, base, onChange, inheritLabel }: { theme: ThemeOverride; base: Theme; onChange: (t: ThemeOverride) => void; inheritLabel: string }): JSX.Element {
  const set = (key: Key, value: unknown): void => {
    const next = { ...theme } as Record<string, unknown>;
    if (value === undefined || value === "") delete next[key];
    else next[key] = value;
    onChange(next as ThemeOverride);
  };
  const reset = (key: Key): JSX.Element | null =>
    theme[key] !== undefined ? (
      <button type="button" class="link-btn" onClick={() => set(key, undefined)}>
        Use {inheritLabel}
      </button>
    ) : (
      <span class="muted small">{inheritLabel}</span>
    );
  return (
    <div class="theme-grid">
      {COLORS.map(({ key, label }) => {
        const value = (theme[key] as string | undefined) ?? (base[key] as string);
        return (
          <Field key={key} label={label} name={key}>
            {(id, describedBy, invalid) => (
              <div class="input-row">
                <input type="color" class="swatch" aria-label={`${label} picker`} value={expand(value)} onInput={(e) => set(key, (e.target as HTMLInputElement).value)} />
                <input id={id} class="input mono" value={(theme[key] as string | undefined) ?? ""} placeholder={base[key] as string} aria-describedby={describedBy} aria-invalid={invalid ? "true" : undefined} onInput={(e) => set(key, (e.target as HTMLInputElement).value)} />
                {reset(key)}
              </div>
            )}
          </Field>
        );
      })}
      {NUMBERS.map(({ key, label, min, max, unit }) => {
        const value = (theme[key] as number | undefined) ?? (base[key] as number);
        return (
          <Field key={key} label={`${label}: ${value} ${unit}`} name={key}>
            {(id, describedBy) => (
              <div class="input-row">
                <input id={id} type="range" class="range" min={min} max={max} value={value} aria-describedby={describedBy} onInput={(e) => set(key, Number((e.target as HTMLInputElement).value))} />
                {reset(key)}
              </div>
            )}
          </Field>
        );
      })}
      <Field label="Font family" name="font_family" hint="Names only, comma separated.">
        {(id, describedBy, invalid) => (
          <div class="input-row">
            <input id={id} class="input" value={theme.font_family ?? ""} placeholder={base.font_family} aria-describedby={describedBy} aria-invalid={invalid ? "true" : undefined} onInput={(e) => set("font_family", (e.target as HTMLInputElement).value)} />
            {reset("font_family")}
          </div>
        )}
      </Field>
      <Field label="Mode" name="mode">
        {(id) => (
          <div class="input-row">
            <Select id={id} value={theme.mode ?? ""} options={[{ value: "", label: `${inheritLabel} (${base.mode})` }, { value: "light", label: "Light" }, { value: "dark", label: "Dark" }, { value: "auto", label: "Follow the user's system" }]} onValue={(v) => set("mode", v)} />
          </div>
        )}
      </Field>
      <Field label="Default placement" name="placement">
        {(id) => <Select id={id} value={theme.placement ?? ""} options={[{ value: "", label: `${inheritLabel} (${base.placement})` }, ...PLACEMENTS.map((p) => ({ value: p, label: p }))]} onValue={(v) => set("placement", v)} />}
      </Field>
      <Field label="Stacking (z-index base)" name="z_index_base" hint="Raise only if your app has layers above guides.">
        {(id, describedBy, invalid) => (
          <input id={id} class="input mono" type="number" min={1} value={theme.z_index_base ?? ""} placeholder={String(base.z_index_base)} aria-describedby={describedBy} aria-invalid={invalid ? "true" : undefined} onInput={(e) => set("z_index_base", (e.target as HTMLInputElement).value === "" ? undefined : Number((e.target as HTMLInputElement).value))} />
        )}
      </Field>
    </div>
  );
}

/** #abc → #aabbcc for <input type=color>; anything unreadable → black. */
function expand(color: string): string {
  if (/^#[0-9a-f]{6}$/i.test(color)) return color.toLowerCase();
  if (/^#[0-9a-f]{3}$/i.test(color)) return `#${[...color.slice(1)].map((c) => c + c).join("")}`.toLowerCase();
  return "#000000";
}
