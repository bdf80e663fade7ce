// Date ranges of the analytics screens: calendar days, both ends included, as the
// server reads `from`/`to` (in the project's time zone; the browser's "today" is
// close enough to pick a preset).

export type Preset = "7" | "30" | "90" | "custom";

export interface Range {
  preset: Preset;
  from: string;
  to: string;
}

export function isoDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The last `days` days ending today. */
export function presetRange(days: number, today = new Date()): { from: string; to: string } {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return { from: isoDay(start), to: isoDay(today) };
}

export function rangeFor(preset: Preset, custom?: { from: string; to: string }, today = new Date()): Range {
  if (preset === "custom" && custom) return { preset, ...custom };
  const days = preset === "custom" ? 30 : Number(preset);
  return { preset, ...presetRange(days, today) };
}
