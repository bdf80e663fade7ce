// Resources of the REST API as the admin sees them (server/guidewell/schemas/*.py).
// Guide content is the SDK's own model (sdk_js/src/types.ts), so the editor, the
// preview and the live page agree on one shape.
import type {
  AnnouncementContent,
  ChecklistContent,
  Frequency,
  HotspotContent,
  Kind,
  Pages,
  QuestionnaireContent,
  Theme,
  TourContent,
  Trigger,
} from "@guidewell/sdk";

export type {
  AnnouncementContent,
  Button,
  ButtonAction,
  ChecklistContent,
  ChecklistItem,
  Frequency,
  Hotspot,
  HotspotContent,
  Kind,
  PageRule,
  Pages,
  Placement,
  Question,
  QuestionnaireContent,
  Step,
  Target,
  Theme,
  TourContent,
  Trigger,
} from "@guidewell/sdk";

export type Role = "owner" | "editor" | "viewer";
export type FlowStatus = "draft" | "published" | "archived";

export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

export interface Account {
  id: number;
  email: string;
  name: string;
  created_at: string;
}

export interface SessionInfo {
  account: Account;
  csrf_token: string;
  projects: { id: number; name: string; role: Role }[];
}

export interface Fatigue {
  max_per_day?: number | null;
  min_hours_between?: number | null;
}

export type ThemeOverride = Partial<Theme>;

export interface Project {
  id: number;
  name: string;
  public_key: string;
  secret_key_hint: string;
  identity_secret?: string; // owners only
  identity_verification: boolean;
  allowed_origins: string[];
  app_url: string;
  timezone: string;
  fatigue: Fatigue;
  theme: ThemeOverride;
  role: Role;
  created_at: string;
}

export interface Keys {
  public_key: string;
  secret_key: string;
  identity_secret: string;
}

export interface Member {
  account_id: number;
  email: string;
  name: string;
  role: Role;
  created_at: string;
}

// --- audience (evaluated on the server only) -----------------------------------------

export type Operator =
  | "eq"
  | "neq"
  | "contains"
  | "starts_with"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "exists"
  | "not_exists"
  | "in"
  | "before"
  | "after";

export type Scalar = string | number | boolean;
export type DateValue = string | { days_ago: number };

export interface TraitRule {
  trait: string;
  op: Operator;
  value?: Scalar | Scalar[] | DateValue;
}
export interface SegmentRef {
  segment: number;
}
export type Group = { all: Condition[] } | { any: Condition[] };
export type Condition = Group | TraitRule | SegmentRef;

export interface Targeting {
  audience: Condition | null;
  pages: Required<Pages>;
  trigger: Trigger;
  delay_ms: number;
  frequency: Frequency;
  schedule: { start: string | null; end: string | null };
  device: "all" | "desktop" | "mobile";
  priority: number;
  fatigue_exempt: boolean;
}

// --- flows -----------------------------------------------------------------------------

export type Content =
  | TourContent
  | HotspotContent
  | AnnouncementContent
  | QuestionnaireContent
  | ChecklistContent;

export interface Draft {
  content: Content;
  targeting: Targeting;
  theme: ThemeOverride;
}

export interface FlowSummary {
  id: number;
  key: string;
  kind: Kind;
  name: string;
  status: FlowStatus;
  live_version: number | null;
  latest_version: number;
  created_at: string;
  updated_at: string;
}

export interface Flow extends FlowSummary {
  draft: Draft;
  has_unpublished_changes: boolean;
}

export interface VersionSummary {
  number: number;
  name: string;
  published_at: string;
  published_by: string | null;
  is_live: boolean;
}

export interface Version extends VersionSummary, Draft {}

export interface Segment {
  id: number;
  key: string;
  name: string;
  description: string;
  condition: Condition;
  created_at: string;
  updated_at: string;
}

export interface SegmentCount {
  matching: number;
  total: number;
  scanned: number;
  estimated: boolean;
}

// --- experiments -----------------------------------------------------------------------

export interface Variant {
  key: string;
  weight: number; // basis points
  version: number | null; // null: holdout
}

export type Goal = { type: "flow_completed" } | { type: "event"; event: string };

export interface Experiment {
  id: number;
  flow_id: number;
  key: string;
  name: string;
  status: "draft" | "running" | "stopped";
  variants: Variant[];
  goal: Goal;
  attribution_window_hours: number;
  started_at: string | null;
  stopped_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface VariantResult {
  key: string;
  version: number | null;
  weight: number;
  exposed: number;
  conversions: number;
  rate: number | null;
  is_control: boolean;
  absolute_lift: number | null;
  absolute_ci: [number, number] | null;
  relative_lift: number | null;
  relative_ci: [number, number] | null;
  p_value: number | null;
}

export interface ExperimentResults {
  experiment_id: number;
  status: Experiment["status"];
  goal: Goal;
  attribution_window_hours: number;
  variants: VariantResult[];
  sample_ratio: { chi_square: number; p_value: number; mismatch: boolean; warning: string | null } | null;
}

// --- analytics -------------------------------------------------------------------------

export interface RangeOut {
  from: string;
  to: string;
  timezone: string;
}

export interface Counts {
  shown: number;
  started: number;
  completed: number;
  dismissed: number;
}

export interface FunnelStep {
  step: number;
  label: string;
  viewed: number;
  drop_off: number;
  drop_off_pct: number | null;
  median_seconds: number | null;
  dismissed: number;
  target_missing: number;
  fallback_matched: number;
}

/** One flow's line in GET /analytics/flows: the flows list's figures in one request. */
export interface FlowTotals {
  flow_id: number;
  summary: Counts & { completion_rate: number | null };
  shown_by_day: number[];
}

export interface FlowReport {
  flow_id: number;
  kind: Kind;
  range: RangeOut;
  version: number | null;
  variant: string | null;
  summary: Counts & { completion_rate: number | null };
  trend: (Counts & { day: string })[];
  funnel: FunnelStep[];
}

export interface QuestionResult {
  id: string;
  type: "single" | "multi" | "text" | "rating" | "nps";
  prompt: string;
  responses: number;
  distribution?: { value: string | number; label?: string; count: number }[];
  nps?: { score: number | null; promoters: number; passives: number; detractors: number; responses: number };
}

export interface ResponsesReport {
  flow_id: number;
  range: RangeOut;
  questions: QuestionResult[];
  text_answers: (Page<{ value: string; answered_at: string }> & { question: string }) | null;
}

export interface ActivityPoint {
  start: string;
  active: number;
  new: number;
  returning: number;
}

export interface StepHealth {
  flow_id: number;
  flow: string;
  step: number;
  label: string;
  viewed?: number;
  drop_off?: number;
  drop_off_pct?: number;
  target_missing?: number;
  fallback_matched?: number;
}

export interface Overview {
  range: RangeOut;
  active_users: { day: ActivityPoint[]; week: ActivityPoint[]; month: ActivityPoint[] };
  guides: { day: string; shown: number; completed: number }[];
  worst_steps: StepHealth[];
  guide_health: StepHealth[];
}

export interface EndUser {
  id: number;
  external_id: string | null;
  traits: Record<string, unknown>;
  first_seen: string;
  last_seen: string;
}

