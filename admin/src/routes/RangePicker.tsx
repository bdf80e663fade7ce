import type { JSX } from "preact";
import { Segmented } from "../components/ui";
import { type Preset, type Range, rangeFor } from "../lib/dates";

/** 7/30/90 days or a custom range, kept in the URL by the screen. */
export function RangePicker({ range, onChange }: { range: Range; onChange: (r: Range) => void }): JSX.Element {
  return (
    <div class="range-picker">
      <Segmented<Preset>
        label="Date range"
        value={range.preset}
        options={[
          { value: "7", label: "7 days" },
          { value: "30", label: "30 days" },
          { value: "90", label: "90 days" },
          { value: "custom", label: "Custom" },
        ]}
        onValue={(preset) => onChange(rangeFor(preset, preset === "custom" ? { from: range.from, to: range.to } : undefined))}
      />
      {range.preset === "custom" ? (
        <span class="range-custom">
          <label class="sr-only" for="range-from">
            From
          </label>
          <input id="range-from" class="input" type="date" value={range.from} max={range.to} onInput={(e) => onChange({ ...range, from: (e.target as HTMLInputElement).value })} />
          <span class="muted">to</span>
          <label class="sr-only" for="range-to">
            To
          </label>
          <input id="range-to" class="input" type="date" value={range.to} min={range.from} onInput={(e) => onChange({ ...range, to: (e.target as HTMLInputElement).value })} />
        </span>
      ) : null}
    </div>
  );
}

export function rangeFromQuery(query: URLSearchParams): Range {
  const preset = (query.get("range") ?? "30") as Preset;
  if (preset === "custom") return rangeFor("custom", { from: query.get("from") ?? "", to: query.get("to") ?? "" });
  return rangeFor(["7", "30", "90"].includes(preset) ? preset : "30");
}

export function rangeToQuery(range: Range): Record<string, string | null> {
  return { range: range.preset === "30" ? null : range.preset, from: range.preset === "custom" ? range.from : null, to: range.preset === "custom" ? range.to : null };
}
