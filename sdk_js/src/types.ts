// The SDK ↔ server protocol (DESIGN §7) and the content model the renderer receives.
// Keep in sync with server/guidewell/schemas/content.py, targeting.py, theme.py and
// sdk.py: the server fills every default, so nothing here is optional that the
// server always sends.

export type Kind = "tour" | "hotspot" | "announcement" | "questionnaire" | "checklist";

export interface Theme {
  primary_color: string;
  background_color: string;
  text_color: string;
  font_family: string;
  border_radius: number;
  font_size: number;
  width: number;
  mode: "light" | "dark" | "auto";
  z_index_base: number;
  placement: Placement;
}

export type Placement =
  | "auto"
  | "top"
  | "bottom"
  | "left"
  | "right"
  | `${"top" | "bottom" | "left" | "right"}-${"start" | "end"}`;

export interface PageRule {
  match: "equals" | "contains" | "starts_with" | "glob" | "regex";
  value: string;
  on?: "path" | "url";
}

export interface Pages {
  include?: PageRule[];
  exclude?: PageRule[];
}

export type Trigger =
  | { type: "page_load" }
  | { type: "event"; event: string }
  | { type: "element_click"; selector: string }
  | { type: "manual" };

export interface Frequency {
  type: "once" | "until_completed" | "every_session" | "always" | "max_times";
  max_times?: number;
}

export interface Progress {
  status: "shown" | "in_progress" | "completed" | "dismissed";
  step: number;
  times_shown: number;
}

export interface Flow<C = Content> {
  id: number;
  key: string;
  kind: Kind;
  version: number;
  variant: string | null;
  experiment: string | null;
  holdout: boolean;
  content: C | null;
  pages: Pages;
  trigger: Trigger;
  delay_ms: number;
  frequency: Frequency;
  device: "all" | "desktop" | "mobile";
  priority: number;
  blocking: boolean;
  theme: Theme;
  progress: Progress | null;
}

export interface Fingerprint {
  tag: string;
  id?: string | null;
  attrs?: Record<string, string>;
  text?: string | null;
  nth?: number | null;
  path?: string | null;
}

export interface Target {
  selector: string;
  fingerprint?: Fingerprint | null;
}

export type ButtonAction = "next" | "back" | "close" | "start_flow" | "url" | "track";

export interface Button {
  label: string;
  action: ButtonAction;
  style: "primary" | "secondary" | "link";
  flow?: string;
  url?: string;
  new_tab?: boolean;
  event?: string;
}

export interface Step {
  id: string;
  target: Target | null;
  placement: Placement;
  title: string;
  body: string;
  buttons: Button[];
  advance_on: "next" | "click" | "input" | "event" | "url_change";
  advance_event?: string;
  page: PageRule | null;
  navigate_url: string | null;
  spotlight: boolean;
  allow_interaction: boolean;
  on_missing: "skip" | "end";
  wait_ms: number;
}

export interface TourContent {
  steps: Step[];
  show_progress: boolean;
  dismissible: boolean;
}

export interface Hotspot {
  id: string;
  target: Target;
  title: string;
  body: string;
  placement: Placement;
  beacon_position: "top-left" | "top-right" | "bottom-left" | "bottom-right" | "center";
  cta: Button | null;
}

export interface HotspotContent {
  hotspots: Hotspot[];
}

export interface AnnouncementContent {
  format: "modal" | "banner" | "slideout";
  position?: string;
  title: string;
  body: string;
  image: { src: string; alt: string } | null;
  buttons: Button[];
  dismissible: boolean;
}

export type Answer = string | number | string[];

export interface Branch {
  op: "eq" | "neq" | "in" | "gte" | "lte";
  value: string | number | (string | number)[];
  goto: string;
}

export interface Question {
  id: string;
  type: "single" | "multi" | "text" | "rating" | "nps";
  prompt: string;
  description: string;
  required: boolean;
  options?: { value: string; label: string }[];
  placeholder?: string;
  max_length?: number;
  low_label?: string;
  high_label?: string;
  branches: Branch[];
  save_as_trait: string | null;
}

export interface QuestionnaireContent {
  format: "modal" | "slideout";
  title: string;
  intro: string;
  questions: Question[];
  submit_label: string;
  thank_you: string;
  dismissible: boolean;
}

export interface ChecklistItem {
  id: string;
  title: string;
  description: string;
  action: "start_flow" | "url";
  flow?: string;
  url?: string;
  new_tab?: boolean;
  done_when: "flow_completed" | "clicked";
}

export interface ChecklistContent {
  title: string;
  description: string;
  launcher: { label: string; position: "bottom-right" | "bottom-left" };
  items: ChecklistItem[];
  dismissible: boolean;
}

export type Content =
  | TourContent
  | HotspotContent
  | AnnouncementContent
  | QuestionnaireContent
  | ChecklistContent;

export interface SessionUser {
  id?: string | null;
  anonymous_id: string;
  traits?: Record<string, unknown>;
  user_hash?: string | null;
}

export interface SessionAnswer {
  user: { id: string | null; anonymous_id: string };
  flows: Flow[];
  theme: Theme;
  // blocking_budget: new blocking guides this user may still start (null: no limit).
  settings: { flush_interval_ms: number; batch_size: number; blocking_budget?: number | null };
  // Optional: keys of flows this user has completed, so checklist items tick even when
  // the completed flow is no longer sent (frequency "once").
  completed_flows?: string[];
}

export type EventType =
  | "page_viewed"
  | "flow_shown"
  | "step_viewed"
  | "step_completed"
  | "flow_completed"
  | "flow_dismissed"
  | "step_target_missing"
  | "hotspot_viewed"
  | "hotspot_opened"
  | "cta_clicked"
  | "question_answered"
  | "experiment_exposed"
  | "track";

export interface SdkEvent {
  id: string;
  type: EventType;
  ts: number;
  flow?: number;
  version?: number;
  step?: number;
  variant?: string | null;
  name?: string;
  props?: Record<string, unknown>;
  url?: string;
}
