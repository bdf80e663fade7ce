// What publishing would change: the draft against the live version, in words an
// author checks before pressing Publish. Items with ids (steps, hotspots, questions,
// checklist items) are matched by id, so a reorder reads as a reorder and an edit to a
// moved step still reads as an edit.
import type { Condition, Draft, Kind } from "../types";
import { describe } from "./audience";
import { plainText } from "./content";

export interface Change {
  area: "content" | "targeting" | "theme";
  type: "added" | "removed" | "changed" | "moved";
  label: string;
  detail?: string;
}

type Json = unknown;
type Item = { id: string } & Record<string, Json>;

export const ITEM_LISTS: Record<Kind, { key: string; noun: string } | null> = {
  tour: { key: "steps", noun: "Step" },
  hotspot: { key: "hotspots", noun: "Hotspot" },
  questionnaire: { key: "questions", noun: "Question" },
  checklist: { key: "items", noun: "Item" },
  announcement: null,
};

/** JSON with sorted keys: two values are equal when their canonical forms are. */
export function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, Json>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export const same = (a: Json, b: Json): boolean => canonical(a) === canonical(b);

const words = (key: string): string => key.replace(/_/g, " ");

export function itemLabel(item: Record<string, Json>): string {
  for (const key of ["title", "prompt"]) {
    const text = typeof item[key] === "string" ? (item[key] as string).trim() : "";
    if (text) return text;
  }
  const body = typeof item.body === "string" ? plainText(item.body) : "";
  if (body) return body.length > 40 ? `${body.slice(0, 40)}…` : body;
  return String(item.id ?? "");
}

export function diffDraft(kind: Kind, live: Draft | null, draft: Draft, segmentName?: (id: number) => string): Change[] {
  if (live === null) return firstVersion(kind, draft);
  return [
    ...diffContent(kind, live.content as unknown as Record<string, Json>, draft.content as unknown as Record<string, Json>),
    ...diffTargeting(live.targeting as unknown as Record<string, Json>, draft.targeting as unknown as Record<string, Json>, segmentName),
    ...diffTheme(live.theme as Record<string, Json>, draft.theme as Record<string, Json>),
  ];
}

function firstVersion(kind: Kind, draft: Draft): Change[] {
  const list = ITEM_LISTS[kind];
  const items = list ? ((draft.content as unknown as Record<string, Item[]>)[list.key] ?? []) : [];
  const what = list ? `${items.length} ${list.noun.toLowerCase()}${items.length === 1 ? "" : "s"}` : "the announcement";
  return [{ area: "content", type: "added", label: `First version: ${what}` }];
}

export function diffContent(kind: Kind, live: Record<string, Json>, draft: Record<string, Json>): Change[] {
  const changes: Change[] = [];
  const list = ITEM_LISTS[kind];
  for (const key of union(Object.keys(live), Object.keys(draft))) {
    if (list && key === list.key) continue;
    if (!same(live[key], draft[key])) changes.push(fieldChange("content", words(key), live[key], draft[key]));
  }
  if (list) changes.push(...diffItems(list.noun, (live[list.key] ?? []) as Item[], (draft[list.key] ?? []) as Item[]));
  return changes;
}

function diffItems(noun: string, live: Item[], draft: Item[]): Change[] {
  const changes: Change[] = [];
  const liveById = new Map(live.map((item) => [item.id, item]));
  const draftIds = new Set(draft.map((item) => item.id));
  draft.forEach((item, index) => {
    const before = liveById.get(item.id);
    const name = `${noun} ${index + 1} “${itemLabel(item)}”`;
    if (!before) {
      changes.push({ area: "content", type: "added", label: `${name} added` });
      return;
    }
    const fields = union(Object.keys(before), Object.keys(item)).filter((key) => !same(before[key], item[key]));
    if (fields.length) changes.push({ area: "content", type: "changed", label: `${name}: ${fields.map(words).join(", ")} changed` });
  });
  for (const item of live) {
    if (!draftIds.has(item.id)) changes.push({ area: "content", type: "removed", label: `${noun} “${itemLabel(item)}” removed` });
  }
  const kept = live.filter((item) => draftIds.has(item.id)).map((item) => item.id);
  const keptInDraft = draft.filter((item) => liveById.has(item.id)).map((item) => item.id);
  if (!same(kept, keptInDraft)) {
    changes.push({ area: "content", type: "moved", label: `${noun}s reordered`, detail: keptInDraft.join(" → ") });
  }
  return changes;
}

const TARGETING_LABELS: Record<string, string> = {
  audience: "Audience",
  pages: "Page rules",
  trigger: "Trigger",
  delay_ms: "Delay",
  frequency: "Frequency",
  schedule: "Schedule",
  device: "Device",
  priority: "Priority",
  fatigue_exempt: "Fatigue budget opt-out",
};

export function diffTargeting(live: Record<string, Json>, draft: Record<string, Json>, segmentName?: (id: number) => string): Change[] {
  const changes: Change[] = [];
  for (const key of union(Object.keys(live), Object.keys(draft))) {
    if (same(live[key], draft[key])) continue;
    const label = TARGETING_LABELS[key] ?? words(key);
    if (key === "audience") {
      const show = (c: Json): string => describe((c ?? null) as Condition | null, segmentName);
      changes.push({ area: "targeting", type: "changed", label: `${label} changed`, detail: `${show(live[key])} → ${show(draft[key])}` });
    } else if (key === "pages") {
      changes.push({ area: "targeting", type: "changed", label: `${label} changed`, detail: `${pageCount(live[key])} → ${pageCount(draft[key])}` });
    } else {
      changes.push(fieldChange("targeting", label, live[key], draft[key]));
    }
  }
  return changes;
}

function pageCount(pages: Json): string {
  const p = (pages ?? {}) as { include?: unknown[]; exclude?: unknown[] };
  const include = p.include?.length ?? 0;
  const exclude = p.exclude?.length ?? 0;
  if (!include && !exclude) return "every page";
  return `${include} include, ${exclude} exclude`;
}

export function diffTheme(live: Record<string, Json>, draft: Record<string, Json>): Change[] {
  const changes: Change[] = [];
  for (const key of union(Object.keys(live ?? {}), Object.keys(draft ?? {}))) {
    const before = live?.[key];
    const after = draft?.[key];
    if (same(before, after)) continue;
    const show = (v: Json): string => (v === undefined ? "project default" : short(v));
    changes.push({ area: "theme", type: "changed", label: `Theme ${words(key)} changed`, detail: `${show(before)} → ${show(after)}` });
  }
  return changes;
}

function fieldChange(area: Change["area"], label: string, before: Json, after: Json): Change {
  if (before === undefined) return { area, type: "added", label: `${capital(label)} set`, detail: short(after) };
  if (after === undefined) return { area, type: "removed", label: `${capital(label)} removed` };
  return { area, type: "changed", label: `${capital(label)} changed`, detail: `${short(before)} → ${short(after)}` };
}

function short(value: Json): string {
  if (typeof value === "string") {
    const text = plainText(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text || "(empty)";
  }
  if (value === null || value === undefined) return "none";
  if (typeof value === "object") {
    if ("type" in (value as object)) {
      const v = value as Record<string, Json>;
      const extra = Object.entries(v)
        .filter(([k]) => k !== "type")
        .map(([, x]) => String(x));
      return [words(String(v.type)), ...extra].join(" ");
    }
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  }
  return String(value);
}

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}
