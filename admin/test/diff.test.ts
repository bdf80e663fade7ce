import { describe, expect, it } from "vitest";
import { newStep } from "../src/lib/content";
import { canonical, diffDraft } from "../src/lib/diff";
import type { Draft, Targeting, TourContent } from "../src/types";

const targeting = (changes: Partial<Targeting> = {}): Targeting => ({
  audience: null,
  pages: { include: [], exclude: [] },
  trigger: { type: "page_load" },
  delay_ms: 0,
  frequency: { type: "once" },
  schedule: { start: null, end: null },
  device: "all",
  priority: 100,
  fatigue_exempt: false,
  ...changes,
});

const tour = (steps = [newStep("step-1", "Welcome"), newStep("step-2", "Create"), newStep("step-3", "Share")]): Draft => ({
  content: { steps, show_progress: true, dismissible: true } as TourContent,
  targeting: targeting(),
  theme: {},
});

const steps = (draft: Draft) => (draft.content as TourContent).steps;

describe("publish diff", () => {
  it("finds nothing between equal drafts, whatever the key order", () => {
    const live = tour();
    const draft = JSON.parse(JSON.stringify(live));
    expect(diffDraft("tour", live, draft)).toEqual([]);
    expect(canonical({ a: 1, b: [2, { d: 1, c: 2 }] })).toBe(canonical({ b: [2, { c: 2, d: 1 }], a: 1 }));
  });

  it("summarises a first publish", () => {
    expect(diffDraft("tour", null, tour())).toEqual([{ area: "content", type: "added", label: "First version: 3 steps" }]);
  });

  it("names added, removed and edited steps by position and title", () => {
    const live = tour();
    const draft = tour([{ ...steps(live)[0], title: "Hello" }, steps(live)[1], newStep("step-4", "Invite")]);
    const labels = diffDraft("tour", live, draft).map((c) => c.label);
    expect(labels).toEqual(['Step 1 “Hello”: title changed', "Step 3 “Invite” added", "Step “Share” removed"]);
  });

  it("reads a reorder as a reorder, not as edits", () => {
    const live = tour();
    const [a, b, c] = steps(live);
    const changes = diffDraft("tour", live, tour([c, a, b]));
    expect(changes).toEqual([{ area: "content", type: "moved", label: "Steps reordered", detail: "step-3 → step-1 → step-2" }]);
  });

  it("lists which fields of a step changed", () => {
    const live = tour();
    const edited = { ...steps(live)[1], target: { selector: "#new" }, placement: "bottom" as const };
    const [change] = diffDraft("tour", live, tour([steps(live)[0], edited, steps(live)[2]]));
    expect(change.label).toBe("Step 2 “Create”: target, placement changed");
  });

  it("describes targeting changes in words", () => {
    const live = tour();
    const draft = {
      ...live,
      targeting: targeting({
        audience: { all: [{ trait: "plan", op: "eq", value: "pro" }] },
        pages: { include: [{ match: "starts_with", value: "/app" }], exclude: [] },
        frequency: { type: "max_times", max_times: 3 },
      }),
    };
    const changes = diffDraft("tour", live, draft);
    expect(changes.map((c) => [c.label, c.detail])).toEqual([
      ["Audience changed", 'Everyone → plan is "pro"'],
      ["Page rules changed", "every page → 1 include, 0 exclude"],
      ["Frequency changed", "once → max times 3"],
    ]);
  });

  it("shows theme overrides against the project default", () => {
    const live = tour();
    const draft = { ...live, theme: { primary_color: "#ff0000" } };
    expect(diffDraft("tour", live, draft)).toEqual([
      { area: "theme", type: "changed", label: "Theme primary color changed", detail: "project default → #ff0000" },
    ]);
  });

  it("diffs an announcement's fields", () => {
    const base = { format: "modal", title: "New", body: "<p>Old text</p>", image: null, buttons: [], dismissible: true };
    const live: Draft = { content: base as never, targeting: targeting(), theme: {} };
    const draft: Draft = { ...live, content: { ...base, body: "<p>New text</p>" } as never };
    expect(diffDraft("announcement", live, draft)).toEqual([
      { area: "content", type: "changed", label: "Body changed", detail: "Old text → New text" },
    ]);
  });
});
