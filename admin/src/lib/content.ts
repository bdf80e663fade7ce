// New items for each kind, filled the way the server fills defaults, and the edits
// that switch a field another field depends on (an action, a question type, a
// format): the server refuses fields that do not apply ("Only allowed when…"), so
// switching drops them and adds what the new choice requires.
import type {
  AnnouncementContent,
  Button,
  ButtonAction,
  ChecklistItem,
  Hotspot,
  Question,
  Step,
} from "../types";

export const PLACEMENTS = [
  "auto",
  "top",
  "bottom",
  "left",
  "right",
  "top-start",
  "top-end",
  "bottom-start",
  "bottom-end",
  "left-start",
  "left-end",
  "right-start",
  "right-end",
] as const;

export const BUTTON_ACTIONS: { value: ButtonAction; label: string }[] = [
  { value: "next", label: "Next step" },
  { value: "back", label: "Previous step" },
  { value: "close", label: "Close" },
  { value: "start_flow", label: "Start another flow" },
  { value: "url", label: "Open a URL" },
  { value: "track", label: "Track an event" },
];
/** Outside a tour there is no step to move to (schemas/content.py CTA_ACTIONS). */
export const CTA_ACTIONS = BUTTON_ACTIONS.filter((a) => a.value !== "next" && a.value !== "back");

export const ADVANCE_ON = [
  { value: "next", label: "A button (Next)" },
  { value: "click", label: "Click on the target" },
  { value: "input", label: "Typing in the target" },
  { value: "event", label: "A tracked event" },
  { value: "url_change", label: "A URL change" },
] as const;

export const QUESTION_TYPES: { value: Question["type"]; label: string }[] = [
  { value: "single", label: "Single choice" },
  { value: "multi", label: "Multiple choice" },
  { value: "text", label: "Free text" },
  { value: "rating", label: "Rating (1–5)" },
  { value: "nps", label: "NPS (0–10)" },
];

export const ANNOUNCEMENT_POSITIONS: Record<string, string[]> = {
  banner: ["top", "bottom"],
  slideout: ["bottom-right", "bottom-left", "top-right", "top-left"],
};

/** A slug id `prefix-N` not among `taken` (the server keeps ids stable across reorders). */
export function freshId(prefix: string, taken: string[]): string {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

export function newButton(action: ButtonAction = "next", label = "Next"): Button {
  return withButtonAction({ label, action, style: "primary" }, action);
}

/** The button with `action`, keeping only the fields that action takes. */
export function withButtonAction(button: Button, action: ButtonAction): Button {
  const next: Button = { label: button.label, action, style: button.style };
  if (action === "start_flow") next.flow = button.flow ?? "";
  if (action === "url") {
    next.url = button.url ?? "";
    next.new_tab = button.new_tab ?? true;
  }
  if (action === "track") next.event = button.event ?? "";
  return next;
}

export function newStep(id: string, title = "New step"): Step {
  return {
    id,
    target: null,
    placement: "auto",
    title,
    body: "",
    buttons: [newButton("next", "Next")],
    advance_on: "next",
    page: null,
    navigate_url: null,
    spotlight: true,
    allow_interaction: false,
    on_missing: "skip",
    wait_ms: 5000,
  };
}

/** The step with another `advance_on`: an event needs a name, a click or input a target it can act on. */
export function withAdvanceOn(step: Step, advanceOn: Step["advance_on"]): Step {
  const next: Step = { ...step, advance_on: advanceOn };
  delete next.advance_event;
  if (advanceOn === "event") next.advance_event = step.advance_event ?? "";
  // A step that waits for the user (click, input, event, URL change) lets them reach the target.
  next.allow_interaction = advanceOn === "next" ? step.allow_interaction : true;
  if (advanceOn === "next" && !next.buttons.some((b) => b.action === "next" || b.action === "close")) {
    next.buttons = [...next.buttons, newButton("next", "Next")].slice(-4);
  }
  return next;
}

export function newHotspot(id: string): Hotspot {
  return {
    id,
    target: { selector: "" },
    title: "New hint",
    body: "",
    placement: "auto",
    beacon_position: "top-right",
    cta: null,
  };
}

export function newQuestion(id: string, type: Question["type"] = "single"): Question {
  return withQuestionType(
    { id, type, prompt: "New question", description: "", required: false, branches: [], save_as_trait: null },
    type,
  );
}

/** The question as another type: options for choices, labels for scales, a placeholder for text; branches only where they still fit. */
export function withQuestionType(question: Question, type: Question["type"]): Question {
  const next: Question = {
    id: question.id,
    type,
    prompt: question.prompt,
    description: question.description,
    required: question.required,
    branches: [],
    save_as_trait: question.save_as_trait,
  };
  if (type === "single" || type === "multi") {
    next.options = question.options?.length
      ? question.options
      : [
          { value: "option-1", label: "Option 1" },
          { value: "option-2", label: "Option 2" },
        ];
  }
  if (type === "text") {
    next.placeholder = question.placeholder ?? "";
    next.max_length = question.max_length ?? 1000;
  }
  if (type === "rating" || type === "nps") {
    const same = question.type === type;
    next.low_label = same ? question.low_label ?? "" : type === "nps" ? "Not likely" : "";
    next.high_label = same ? question.high_label ?? "" : type === "nps" ? "Very likely" : "";
  }
  const sameFamily = question.type === type || (isChoice(question.type) && isChoice(type));
  if (sameFamily && type !== "text") next.branches = question.branches;
  return next;
}

const isChoice = (type: Question["type"]): boolean => type === "single" || type === "multi";

export function newChecklistItem(id: string): ChecklistItem {
  return { id, title: "New item", description: "", action: "url", url: "https://", new_tab: true, done_when: "clicked" };
}

export function withItemAction(item: ChecklistItem, action: ChecklistItem["action"]): ChecklistItem {
  const next: ChecklistItem = { id: item.id, title: item.title, description: item.description, action, done_when: item.done_when };
  if (action === "start_flow") {
    next.flow = item.flow ?? "";
    // A link item was always "clicked"; a flow item ticks off when its flow completes.
    next.done_when = item.action === "start_flow" ? item.done_when : "flow_completed";
  } else {
    next.url = item.url ?? "https://";
    next.new_tab = item.new_tab ?? true;
    next.done_when = "clicked";
  }
  return next;
}

export function withAnnouncementFormat(content: AnnouncementContent, format: AnnouncementContent["format"]): AnnouncementContent {
  const next: AnnouncementContent = { ...content, format };
  const positions = ANNOUNCEMENT_POSITIONS[format];
  if (positions) next.position = positions.includes(content.position ?? "") ? content.position : positions[0];
  else delete next.position;
  return next;
}

/** Move the item at `from` to `to` (both clamped). */
export function move<T>(items: T[], from: number, to: number): T[] {
  const target = Math.max(0, Math.min(items.length - 1, to));
  if (from === target || from < 0 || from >= items.length) return items;
  const next = items.slice();
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item);
  return next;
}

/** Visible text of rich-text HTML, for labels. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}
