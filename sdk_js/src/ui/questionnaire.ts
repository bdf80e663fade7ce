import type { Disposer } from "../core/disposer";
import type { Answer, Question, QuestionnaireContent } from "../types";
import { PANEL_CSS } from "./panel-css";
import { inertOutside, liveRegion, restoreFocusOnEnd, trapFocus } from "./a11y";
import { isAnswered, nextQuestion } from "./branching";
import { closeButton } from "./buttons";
import { h, uid } from "./dom";
import type { Guide, GuideContext } from "./guide";
import { richText } from "./rich-text";

const THANKS_MS = 4000;

/**
 * One question at a time (with its branches), each answer sent as it is given
 * (`question_answered`), so a questionnaire abandoned halfway still yields data.
 * Native radios, checkboxes and a textarea give keyboard and screen-reader use for
 * free; they are only restyled.
 */
export function questionnaire(ctx: GuideContext<QuestionnaireContent>): Guide {
  const { content: c, d } = ctx;
  const questions = c.questions;
  const root = ctx.mount(PANEL_CSS + QUESTIONNAIRE_CSS);
  restoreFocusOnEnd(d);
  const say = liveRegion(root.wrap);
  const modal = c.format === "modal";
  const titleId = uid("t");
  const main = h("div", { class: "gw-q" });
  const card = h(
    "div",
    {
      class: modal ? "gw-card gw-modal" : "gw-card gw-slide gw-bottom-right",
      role: "dialog",
      "aria-modal": modal ? "true" : "false",
      "aria-labelledby": c.title ? titleId : null,
      "aria-label": c.title ? null : "Survey",
      tabindex: -1,
    },
    c.dismissible && closeButton(() => dismiss()),
    c.title && h("h2", { class: "gw-title", id: titleId }, c.title),
    main,
  );
  if (modal) root.wrap.append(h("div", { class: "gw-dim" }), h("div", { class: "gw-center" }, card));
  else root.wrap.appendChild(card);
  let index = Math.min(ctx.start, questions.length - 1);
  let screen: Disposer | null = null;
  let finished = false;
  const dismiss = (): void => (finished ? ctx.end(null) : ctx.end("dismissed", index));

  function ask(i: number): void {
    index = i;
    screen?.dispose();
    screen = d.child();
    const q = questions[i];
    let answer: Answer | undefined;
    const submit = h("button", { type: "submit", class: "gw-btn gw-primary" });
    const check = (): void => {
      submit.disabled = q.required && !isAnswered(answer);
      // "Submit" on whatever question turns out to be the last, branches included.
      submit.textContent = nextQuestion(questions, i, answer) === "end" ? c.submit_label : "Next";
    };
    const set = (value: Answer | undefined): void => {
      answer = value;
      check();
    };
    const promptId = uid("p");
    const form = h(
      "form",
      { class: "gw-form", "aria-labelledby": promptId, novalidate: true },
      i === 0 && c.intro && h("div", { class: "gw-body gw-intro" }, richText(c.intro)),
      questions.length > 1 && h("p", { class: "gw-step" }, `Question ${i + 1} of ${questions.length}`),
      h("p", { class: "gw-prompt", id: promptId }, q.prompt, q.required && h("span", { class: "gw-req", "aria-hidden": "true" }, " *")),
      q.description && h("div", { class: "gw-body gw-desc" }, richText(q.description)),
      control(q, promptId, set),
      h("div", { class: "gw-foot" }, submit),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (submit.disabled) return;
      if (isAnswered(answer)) {
        const value = typeof answer === "string" ? answer.trim() : answer;
        ctx.emit("question_answered", i, {
          question: q.id,
          value,
          ...(q.save_as_trait ? { save_as_trait: q.save_as_trait } : null),
        });
      }
      const next = nextQuestion(questions, i, answer);
      if (next === "end") thank();
      else ask(next);
    });
    main.appendChild(form);
    screen.add(() => form.remove());
    check();
    // The funnel's "viewed" per question: who saw it, answered or not (drop-off between questions).
    ctx.emit("step_viewed", i);
    if (!ctx.preview) {
      say(`Question ${i + 1} of ${questions.length}: ${q.prompt}`);
      // A text answer is typed at once; choices are reached with Tab from the dialog.
      (form.querySelector("textarea") ?? card).focus({ preventScroll: true });
    }
  }

  function thank(): void {
    finished = true;
    screen?.dispose();
    ctx.report("completed", index);
    const thanks = h("div", { class: "gw-body gw-thanks", role: "status" }, richText(c.thank_you));
    main.appendChild(thanks);
    d.timeout(() => ctx.end(null), THANKS_MS);
  }

  if (!ctx.preview) {
    if (modal) {
      inertOutside(root.host, d);
      trapFocus(card, d);
    }
    d.on<KeyboardEvent>(document, "keydown", (event) => {
      if (event.key === "Escape" && c.dismissible && (modal || event.composedPath().includes(root.host))) dismiss();
    });
  }
  ask(index);
  return { dismiss };
}

/** The input for one question; reports every change of answer through `set`. */
function control(q: Question, labelId: string, set: (value: Answer | undefined) => void): HTMLElement {
  const name = uid("q");
  if (q.type === "text") {
    const area = h("textarea", {
      class: "gw-text",
      rows: 3,
      maxlength: q.max_length,
      placeholder: q.placeholder || null,
      "aria-labelledby": labelId,
      "aria-required": q.required ? "true" : null,
    });
    area.addEventListener("input", () => set(area.value));
    return area;
  }
  const multi = q.type === "multi";
  const scale = q.type === "rating" || q.type === "nps";
  const values: (string | number)[] = scale
    ? Array.from({ length: q.type === "nps" ? 11 : 5 }, (_, i) => (q.type === "nps" ? i : i + 1))
    : q.options!.map((option) => option.value);
  const labels = scale ? values.map(String) : q.options!.map((option) => option.label);
  const group = h(
    "div",
    {
      class: scale ? "gw-scale gw-" + q.type : "gw-options",
      role: multi ? "group" : "radiogroup",
      "aria-labelledby": labelId,
      "aria-required": q.required ? "true" : null,
    },
    values.map((value, i) => {
      const input = h("input", { type: multi ? "checkbox" : "radio", name, value: String(value) });
      input.addEventListener("change", () => {
        if (!multi) return set(value);
        const chosen = Array.from(group.querySelectorAll<HTMLInputElement>("input:checked"), (box) => box.value);
        set(chosen);
      });
      return h("label", { class: "gw-opt" }, input, h("span", null, labels[i]));
    }),
  );
  if (!scale || !(q.low_label || q.high_label)) return group;
  return h(
    "div",
    null,
    group,
    h("div", { class: "gw-ends", "aria-hidden": "true" }, h("span", null, q.low_label), h("span", null, q.high_label)),
  );
}

export const QUESTIONNAIRE_CSS = `.gw-form{margin:0}
.gw-step{margin:0 0 4px;font-size:.8em;opacity:.7;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.gw-prompt{margin:0 0 10px;font-weight:600;font-size:1.05em;padding-inline-end:24px}
.gw-req{color:var(--gw-p)}
.gw-intro,.gw-desc{margin-bottom:12px}
.gw-options{display:grid;gap:8px}
.gw-opt{position:relative;display:flex;cursor:pointer}
.gw-opt input{position:absolute;opacity:0;width:1px;height:1px}
.gw-options .gw-opt span{flex:1;padding:9px 12px;border:1.5px solid rgba(127,127,127,.35);border-radius:calc(var(--gw-r)*.75)}
.gw-opt input:checked+span{border-color:var(--gw-p);background:color-mix(in srgb,var(--gw-p) 12%,transparent);font-weight:600}
.gw-opt input:focus-visible+span{outline:2px solid var(--gw-p);outline-offset:2px}
.gw-scale{display:flex;gap:4px}
.gw-scale .gw-opt{flex:1}
.gw-scale .gw-opt span{flex:1;text-align:center;padding:8px 0;border:1.5px solid rgba(127,127,127,.35);border-radius:6px;font-weight:600;font-variant-numeric:tabular-nums}
.gw-scale .gw-opt input:checked+span{background:var(--gw-p);color:var(--gw-on-p);border-color:var(--gw-p)}
.gw-nps{gap:3px}.gw-nps .gw-opt span{font-size:.85em}
.gw-ends{display:flex;justify-content:space-between;margin-top:6px;font-size:.8em;opacity:.75}
.gw-text{display:block;width:100%;font:inherit;color:inherit;background:transparent;padding:9px 12px;border:1.5px solid rgba(127,127,127,.35);border-radius:calc(var(--gw-r)*.75);resize:vertical}
.gw-text:focus{border-color:var(--gw-p);outline:none}
.gw-thanks{padding:12px 0 4px;font-size:1.05em}`;
