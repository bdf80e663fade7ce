// Builders for protocol objects with the server's defaults filled in, so each test
// spells out only what it is about (posthog-js createTour()/createStep() habit).
import type { Flow, Kind, Step, Theme, TourContent } from "../src/types";

export const THEME: Theme = {
  primary_color: "#4f46e5",
  background_color: "#ffffff",
  text_color: "#111827",
  font_family: "system-ui, sans-serif",
  border_radius: 8,
  font_size: 15,
  width: 320,
  mode: "light",
  z_index_base: 2147470000,
  placement: "auto",
};

let nextId = 1;

export function makeFlow<C>(kind: Kind, content: C, overrides: Partial<Flow<C>> = {}): Flow<C> {
  const id = nextId++;
  return {
    id,
    key: `${kind}-${id}`,
    kind,
    version: 1,
    variant: null,
    experiment: null,
    holdout: false,
    content,
    pages: { include: [], exclude: [] },
    trigger: { type: "page_load" },
    delay_ms: 0,
    frequency: { type: "once" },
    device: "all",
    priority: 100,
    blocking: kind === "tour" || kind === "questionnaire",
    theme: THEME,
    progress: null,
    ...overrides,
  };
}

export function makeStep(overrides: Partial<Step> = {}): Step {
  return {
    id: "step-" + nextId++,
    target: null,
    placement: "auto",
    title: "A step",
    body: "<p>Body</p>",
    buttons: [{ label: "Next", action: "next", style: "primary" }],
    advance_on: "next",
    page: null,
    navigate_url: null,
    spotlight: true,
    allow_interaction: false,
    on_missing: "skip",
    wait_ms: 0,
    ...overrides,
  };
}

export function makeTour(steps: Partial<Step>[], overrides: Partial<Flow<TourContent>> = {}): Flow<TourContent> {
  return makeFlow("tour", { steps: steps.map(makeStep), show_progress: true, dismissible: true }, overrides);
}
