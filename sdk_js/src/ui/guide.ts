import type { Disposer } from "../core/disposer";
import type { Button, Content, EventType, Flow, PageRule } from "../types";
import type { Root } from "./root";

// The contract between the core (targeting, events, state) and a kind's renderer.
// The renderer never sends anything itself: it reports through the context, so the
// same renderer serves the live page and the admin's preview (where these are no-ops).

export type Outcome = "completed" | "dismissed" | null;

export interface GuideContext<C = Content> {
  flow: Flow<C>;
  content: C;
  /** Everything the guide starts goes here; the core disposes it when the guide ends. */
  d: Disposer;
  /** The step to start at (tours resuming across pages). */
  start: number;
  preview: boolean;
  mount(css?: string): Root;
  emit(type: EventType, step?: number, props?: Record<string, unknown>): void;
  /** Reports the outcome now (once per guide) while the guide stays on screen (a thank-you). */
  report(outcome: "completed" | "dismissed", step?: number): void;
  /** The guide is over: reports the outcome (null: nothing to report) and removes it. */
  end(outcome: Outcome, step?: number): void;
  /** A button that leaves the guide's own navigation: start_flow, url, track (reports cta_clicked). */
  act(button: Button, step: number): void;
  /** Remembers the tour's step across page loads. */
  save(step: number): void;
  /** Whether the current page suits a step (its own page rule, else the flow's pages). */
  pageOk(rule: PageRule | null): boolean;
  /** Whether the user completed the flow with this key (checklist items). */
  completed(key: string): boolean;
  /** Small per-user state kept for this flow across page loads (checklist ticks). */
  memory: { get(): any; set(value: unknown): void };
  /** Starts another flow by key (checklist items). */
  show(key: string): void;
  log(message: string, detail?: unknown): void;
}

export interface Guide {
  /** Closed from outside (the `dismiss()` API), as if the user closed it. */
  dismiss(): void;
  /** A tracked event happened (advance_event). */
  event?(name: string): void;
  /** The URL changed (url_change steps, multi-page tours). */
  url?(): void;
  /** Something it shows may have changed (a flow it lists was completed). */
  refresh?(): void;
}

export type Renderer = (ctx: GuideContext<any>) => Guide;
