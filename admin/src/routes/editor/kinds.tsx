// The content editor of each kind (schemas/content.py): what the author writes.
import type { JSX } from "preact";
import { RichTextField } from "../../components/RichText";
import { Button, Checkbox, Errors, Field, PathErrors, Segmented, SelectField, TextField } from "../../components/ui";
import {
  ADVANCE_ON,
  ANNOUNCEMENT_POSITIONS,
  BUTTON_ACTIONS,
  CTA_ACTIONS,
  PLACEMENTS,
  QUESTION_TYPES,
  freshId,
  newButton,
  newChecklistItem,
  newHotspot,
  newQuestion,
  newStep,
  plainText,
  withAdvanceOn,
  withAnnouncementFormat,
  withItemAction,
  withQuestionType,
} from "../../lib/content";
import type {
  AnnouncementContent,
  ChecklistContent,
  ChecklistItem,
  Content,
  Hotspot,
  HotspotContent,
  Kind,
  Question,
  QuestionnaireContent,
  Step,
  TourContent,
} from "../../types";
import { ButtonRow, ButtonsEditor, PageRuleRow, TargetField } from "./fields";
import { ItemsPane } from "./ItemsPane";

export interface KindEditorProps<C> {
  content: C;
  onChange: (content: C) => void;
  selected: number;
  onSelect: (index: number) => void;
  disabled: boolean;
  flowKeys: string[];
}

const placements = PLACEMENTS.map((p) => ({ value: p, label: p }));

export function ContentEditor({ kind, ...props }: KindEditorProps<Content> & { kind: Kind }): JSX.Element {
  switch (kind) {
    case "tour":
      return <TourEditor {...(props as unknown as KindEditorProps<TourContent>)} />;
    case "hotspot":
      return <HotspotEditor {...(props as unknown as KindEditorProps<HotspotContent>)} />;
    case "announcement":
      return <AnnouncementEditor {...(props as unknown as KindEditorProps<AnnouncementContent>)} />;
    case "questionnaire":
      return <QuestionnaireEditor {...(props as unknown as KindEditorProps<QuestionnaireContent>)} />;
    case "checklist":
      return <ChecklistEditor {...(props as unknown as KindEditorProps<ChecklistContent>)} />;
  }
}

const ids = (items: { id: string }[]): string[] => items.map((item) => item.id);

/**
 * The ItemsPane wiring every kind with a list shares: its items under `key` in the
 * content, the selection, and edits that replace the list and select the item moved to.
 */
function listOf<C, K extends keyof C & string>(props: KindEditorProps<C>, key: K) {
  const { content, onChange, selected, onSelect, disabled } = props;
  return {
    listKey: key,
    items: content[key],
    selected,
    onSelect,
    disabled,
    onItems: (items: C[K], index: number) => {
      onChange({ ...content, [key]: items });
      onSelect(index);
    },
  };
}

// --- tour ----------------------------------------------------------------------------------

function TourEditor(props: KindEditorProps<TourContent>): JSX.Element {
  const { content, onChange, flowKeys } = props;
  return (
    <div class="stack">
      <div class="inline-options">
        <Checkbox label="Show progress dots" name="show_progress" checked={content.show_progress} onChange={(show_progress) => onChange({ ...content, show_progress })} />
        <Checkbox label="Users can dismiss the tour" name="dismissible" checked={content.dismissible} onChange={(dismissible) => onChange({ ...content, dismissible })} />
      </div>
      <ItemsPane<Step>
        noun="Step"
        {...listOf(props, "steps")}
        max={50}
        newItem={(steps) => newStep(freshId("step", ids(steps)), `Step ${steps.length + 1}`)}
        itemLabel={(step) => step.title || plainText(step.body) || step.id}
        itemMeta={(step) => (step.target ? <code>{step.target.selector}</code> : "modal")}
        renderForm={(step, set) => <StepForm step={step} set={set} flowKeys={flowKeys} />}
      />
    </div>
  );
}

function StepForm({ step, set, flowKeys }: { step: Step; set: (s: Step) => void; flowKeys: string[] }): JSX.Element {
  return (
    <div class="stack">
      <TextField label="Title" name="title" value={step.title} onValue={(title) => set({ ...step, title })} />
      <RichTextField label="Body" name="body" value={step.body} onValue={(body) => set({ ...step, body })} />
      <TargetField target={step.target} onChange={(target) => set({ ...step, target })} />
      <div class="grid-2">
        <SelectField label="Placement" name="placement" value={step.placement} options={placements} onValue={(p) => set({ ...step, placement: p as Step["placement"] })} hint={step.target ? undefined : "Used when the step has a target."} />
        <SelectField label="Moves on after" name="advance_on" value={step.advance_on} options={ADVANCE_ON} onValue={(a) => set(withAdvanceOn(step, a as Step["advance_on"]))} />
      </div>
      {step.advance_on === "event" ? (
        <TextField label="Event name" name="advance_event" hint="A name your app sends with guidewell.track()." value={step.advance_event ?? ""} onValue={(advance_event) => set({ ...step, advance_event })} />
      ) : null}
      <ButtonsEditor buttons={step.buttons} onChange={(buttons) => set({ ...step, buttons })} actions={BUTTON_ACTIONS} max={4} flowKeys={flowKeys} />
      <details class="advanced">
        <summary>Multi-page and behaviour</summary>
        <div class="stack">
          <Field label="Show this step only on" name="page" hint="For tours across pages; empty: wherever the flow's pages match.">
            {() =>
              step.page ? (
                <Errors prefix="page">
                  <PageRuleRow label="Step page rule" rule={step.page} onChange={(page) => set({ ...step, page })} onRemove={() => set({ ...step, page: null })} />
                </Errors>
              ) : (
                <div>
                  <Button size="sm" icon="plus" onClick={() => set({ ...step, page: { match: "starts_with", value: "/", on: "path" } })}>
                    Add a page rule
                  </Button>
                </div>
              )
            }
          </Field>
          <TextField label="Send the user to" name="navigate_url" hint="When the step's page is elsewhere: a URL or a path starting with /." value={step.navigate_url ?? ""} onValue={(v) => set({ ...step, navigate_url: v || null })} />
          <div class="inline-options">
            <Checkbox label="Spotlight the target" name="spotlight" checked={step.spotlight} onChange={(spotlight) => set({ ...step, spotlight })} />
            <Checkbox label="Let users use the target" name="allow_interaction" checked={step.allow_interaction} onChange={(allow_interaction) => set({ ...step, allow_interaction })} />
          </div>
          <div class="grid-2">
            <SelectField
              label="When the target is missing"
              name="on_missing"
              value={step.on_missing}
              options={[
                { value: "skip", label: "Skip the step" },
                { value: "end", label: "End the tour" },
              ]}
              onValue={(v) => set({ ...step, on_missing: v as Step["on_missing"] })}
            />
            <TextField label="Wait for the target (ms)" name="wait_ms" type="number" min={0} max={30000} step={100} value={step.wait_ms} onValue={(v) => set({ ...step, wait_ms: Number(v) })} />
          </div>
        </div>
      </details>
    </div>
  );
}

// --- hotspot --------------------------------------------------------------------------------

function HotspotEditor(props: KindEditorProps<HotspotContent>): JSX.Element {
  const { flowKeys } = props;
  return (
    <ItemsPane<Hotspot>
      noun="Hotspot"
      {...listOf(props, "hotspots")}
      max={20}
      newItem={(items) => newHotspot(freshId("hotspot", ids(items)))}
      itemLabel={(h) => h.title || plainText(h.body) || h.id}
      itemMeta={(h) => <code>{h.target.selector}</code>}
      renderForm={(h, set) => (
        <div class="stack">
          <TargetField target={h.target} optional={false} onChange={(target) => set({ ...h, target: target ?? { selector: "" } })} />
          <TextField label="Title" name="title" value={h.title} onValue={(title) => set({ ...h, title })} />
          <RichTextField label="Body" name="body" value={h.body} onValue={(body) => set({ ...h, body })} />
          <div class="grid-2">
            <SelectField
              label="Beacon position"
              name="beacon_position"
              value={h.beacon_position}
              options={["top-left", "top-right", "bottom-left", "bottom-right", "center"]}
              onValue={(v) => set({ ...h, beacon_position: v as Hotspot["beacon_position"] })}
            />
            <SelectField label="Tooltip placement" name="placement" value={h.placement} options={placements} onValue={(p) => set({ ...h, placement: p as Hotspot["placement"] })} />
          </div>
          <Checkbox label="Add a call to action" checked={h.cta !== null} onChange={(on) => set({ ...h, cta: on ? newButton("url", "Learn more") : null })} />
          {h.cta ? (
            <Errors prefix="cta">
              <ButtonRow button={h.cta} index={0} actions={CTA_ACTIONS} flowKeys={flowKeys} onChange={(cta) => set({ ...h, cta })} />
            </Errors>
          ) : null}
        </div>
      )}
    />
  );
}

// --- announcement ---------------------------------------------------------------------------

function AnnouncementEditor({ content, onChange, flowKeys }: KindEditorProps<AnnouncementContent>): JSX.Element {
  const positions = ANNOUNCEMENT_POSITIONS[content.format];
  return (
    <div class="stack narrow">
      <Field label="Format" name="format">
        {() => (
          <Segmented
            label="Format"
            value={content.format}
            options={[
              { value: "modal", label: "Modal" },
              { value: "banner", label: "Banner" },
              { value: "slideout", label: "Slideout" },
            ]}
            onValue={(format) => onChange(withAnnouncementFormat(content, format))}
          />
        )}
      </Field>
      {positions ? <SelectField label="Position" name="position" value={content.position ?? positions[0]} options={positions} onValue={(position) => onChange({ ...content, position })} /> : null}
      <TextField label="Title" name="title" value={content.title} onValue={(title) => onChange({ ...content, title })} />
      <RichTextField label="Body" name="body" value={content.body} onValue={(body) => onChange({ ...content, body })} />
      <Checkbox label="Show an image" checked={content.image !== null} onChange={(on) => onChange({ ...content, image: on ? { src: "https://", alt: "" } : null })} />
      {content.image ? (
        <Errors prefix="image">
          <div class="grid-2">
            <TextField label="Image URL" name="src" hint="https only." value={content.image.src} onValue={(src) => onChange({ ...content, image: { ...content.image!, src } })} />
            <TextField label="Alternative text" name="alt" hint="Empty marks the image as decorative." value={content.image.alt} onValue={(alt) => onChange({ ...content, image: { ...content.image!, alt } })} />
          </div>
        </Errors>
      ) : null}
      <ButtonsEditor buttons={content.buttons} onChange={(buttons) => onChange({ ...content, buttons })} actions={CTA_ACTIONS} max={3} flowKeys={flowKeys} />
      <Checkbox label="Users can dismiss it (× and Esc)" name="dismissible" checked={content.dismissible} onChange={(dismissible) => onChange({ ...content, dismissible })} />
    </div>
  );
}

// --- questionnaire --------------------------------------------------------------------------

function QuestionnaireEditor(props: KindEditorProps<QuestionnaireContent>): JSX.Element {
  const { content, onChange } = props;
  return (
    <div class="stack">
      <details class="advanced" open={false}>
        <summary>Questionnaire settings</summary>
        <div class="stack">
          <div class="grid-2">
            <SelectField
              label="Format"
              name="format"
              value={content.format}
              options={[
                { value: "modal", label: "Modal" },
                { value: "slideout", label: "Slideout" },
              ]}
              onValue={(format) => onChange({ ...content, format: format as QuestionnaireContent["format"] })}
            />
            <TextField label="Submit button" name="submit_label" value={content.submit_label} onValue={(submit_label) => onChange({ ...content, submit_label })} />
          </div>
          <TextField label="Title" name="title" value={content.title} onValue={(title) => onChange({ ...content, title })} />
          <RichTextField label="Introduction" name="intro" value={content.intro} onValue={(intro) => onChange({ ...content, intro })} />
          <RichTextField label="Thank-you message" name="thank_you" value={content.thank_you} onValue={(thank_you) => onChange({ ...content, thank_you })} />
          <Checkbox label="Users can dismiss it" name="dismissible" checked={content.dismissible} onChange={(dismissible) => onChange({ ...content, dismissible })} />
        </div>
      </details>
      <ItemsPane<Question>
        noun="Question"
        {...listOf(props, "questions")}
        max={20}
        newItem={(items) => newQuestion(freshId("q", ids(items)))}
        itemLabel={(q) => q.prompt || q.id}
        itemMeta={(q) => QUESTION_TYPES.find((t) => t.value === q.type)?.label}
        renderForm={(q, set) => <QuestionForm question={q} set={set} later={content.questions.slice(content.questions.indexOf(q) + 1).map((x) => x.id)} />}
      />
    </div>
  );
}

const BRANCH_OPS = [
  { value: "eq", label: "is" },
  { value: "neq", label: "is not" },
  { value: "in", label: "is one of" },
  { value: "gte", label: "is at least" },
  { value: "lte", label: "is at most" },
];

function QuestionForm({ question: q, set, later }: { question: Question; set: (q: Question) => void; later: string[] }): JSX.Element {
  const scale = q.type === "rating" || q.type === "nps";
  const choice = q.type === "single" || q.type === "multi";
  const parse = (text: string): string | number => (scale && text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text.trim());
  return (
    <div class="stack">
      <div class="grid-2">
        <SelectField label="Type" name="type" value={q.type} options={QUESTION_TYPES} onValue={(t) => set(withQuestionType(q, t as Question["type"]))} />
        <TextField label="Id" name="id" class="mono" hint="Names the answer in results and branches." value={q.id} onValue={(id) => set({ ...q, id })} />
      </div>
      <TextField label="Question" name="prompt" value={q.prompt} onValue={(prompt) => set({ ...q, prompt })} />
      <RichTextField label="Description" name="description" value={q.description} onValue={(description) => set({ ...q, description })} />
      <Checkbox label="An answer is required" name="required" checked={q.required} onChange={(required) => set({ ...q, required })} />
      {choice ? (
        <div class="field">
          <span class="field-label">Options</span>
          <PathErrors name="options" />
          {(q.options ?? []).map((option, index) => (
            <Errors key={index} prefix={`options[${index}]`}>
              <div class="option-row">
                <TextField label={`Option ${index + 1} label`} name="label" value={option.label} onValue={(label) => set({ ...q, options: q.options!.map((o, i) => (i === index ? { ...o, label } : o)) })} />
                <TextField label="Value" name="value" class="mono" value={option.value} onValue={(value) => set({ ...q, options: q.options!.map((o, i) => (i === index ? { ...o, value } : o)) })} />
                <button type="button" class="icon-btn" aria-label={`Remove option ${index + 1}`} disabled={(q.options?.length ?? 0) <= 2} onClick={() => set({ ...q, options: q.options!.filter((_, i) => i !== index) })}>
                  ×
                </button>
              </div>
            </Errors>
          ))}
          {(q.options?.length ?? 0) < 20 ? (
            <Button size="sm" icon="plus" onClick={() => set({ ...q, options: [...(q.options ?? []), { value: `option-${(q.options?.length ?? 0) + 1}`, label: `Option ${(q.options?.length ?? 0) + 1}` }] })}>
              Add option
            </Button>
          ) : null}
        </div>
      ) : null}
      {q.type === "text" ? (
        <div class="grid-2">
          <TextField label="Placeholder" name="placeholder" value={q.placeholder ?? ""} onValue={(placeholder) => set({ ...q, placeholder })} />
          <TextField label="Maximum length" name="max_length" type="number" min={1} max={5000} value={q.max_length ?? 1000} onValue={(v) => set({ ...q, max_length: Number(v) })} />
        </div>
      ) : null}
      {scale ? (
        <div class="grid-2">
          <TextField label="Low end label" name="low_label" value={q.low_label ?? ""} onValue={(low_label) => set({ ...q, low_label })} />
          <TextField label="High end label" name="high_label" value={q.high_label ?? ""} onValue={(high_label) => set({ ...q, high_label })} />
        </div>
      ) : null}
      {q.type !== "text" ? (
        <div class="field">
          <span class="field-label">Branching</span>
          <p class="field-hint">The first rule that matches decides the next question; with none, the next one follows.</p>
          <PathErrors name="branches" />
          {q.branches.map((branch, index) => (
            <Errors key={index} prefix={`branches[${index}]`}>
              <div class="branch-row">
                <span class="muted">If the answer</span>
                <SelectField label={<span class="sr-only">Branch {index + 1} operator</span>} name="op" value={branch.op} options={scale ? BRANCH_OPS : BRANCH_OPS.slice(0, 3)} onValue={(op) => set({ ...q, branches: q.branches.map((b, i) => (i === index ? { ...b, op: op as typeof b.op } : b)) })} />
                {choice && branch.op !== "in" ? (
                  <SelectField label={<span class="sr-only">Branch {index + 1} value</span>} name="value" value={String(branch.value)} options={[{ value: "", label: "choose…" }, ...(q.options ?? []).map((o) => ({ value: o.value, label: o.label }))]} onValue={(value) => set({ ...q, branches: q.branches.map((b, i) => (i === index ? { ...b, value } : b)) })} />
                ) : (
                  <TextField
                    label={<span class="sr-only">Branch {index + 1} value</span>}
                    name="value"
                    placeholder={branch.op === "in" ? "a, b" : scale ? "0–10" : ""}
                    value={Array.isArray(branch.value) ? branch.value.join(", ") : String(branch.value)}
                    onValue={(text) =>
                      set({ ...q, branches: q.branches.map((b, i) => (i === index ? { ...b, value: b.op === "in" ? text.split(",").map((t) => t.trim()).filter(Boolean).map(parse) : parse(text) } : b)) })
                    }
                  />
                )}
                <span class="muted">go to</span>
                <SelectField label={<span class="sr-only">Branch {index + 1} destination</span>} name="goto" value={branch.goto} options={[...later.map((id) => ({ value: id, label: id })), { value: "end", label: "the end" }]} onValue={(goto) => set({ ...q, branches: q.branches.map((b, i) => (i === index ? { ...b, goto } : b)) })} />
                <button type="button" class="icon-btn" aria-label={`Remove branch ${index + 1}`} onClick={() => set({ ...q, branches: q.branches.filter((_, i) => i !== index) })}>
                  ×
                </button>
              </div>
            </Errors>
          ))}
          <Button
            size="sm"
            icon="plus"
            onClick={() => set({ ...q, branches: [...q.branches, { op: scale ? "lte" : "eq", value: scale ? (q.type === "nps" ? 6 : 2) : q.options?.[0]?.value ?? "", goto: later[0] ?? "end" }] })}
          >
            Add branch
          </Button>
        </div>
      ) : null}
      <TextField label="Save the answer as trait" name="save_as_trait" class="mono" hint="Optional: the answer becomes this user trait, usable in audiences." value={q.save_as_trait ?? ""} onValue={(v) => set({ ...q, save_as_trait: v || null })} />
    </div>
  );
}

// --- checklist ------------------------------------------------------------------------------

function ChecklistEditor(props: KindEditorProps<ChecklistContent>): JSX.Element {
  const { content, onChange, flowKeys } = props;
  return (
    <div class="stack">
      <div class="grid-2">
        <TextField label="Title" name="title" value={content.title} onValue={(title) => onChange({ ...content, title })} />
        <Errors prefix="launcher">
          <div class="grid-2">
            <TextField label="Launcher label" name="label" value={content.launcher.label} onValue={(label) => onChange({ ...content, launcher: { ...content.launcher, label } })} />
            <SelectField label="Launcher corner" name="position" value={content.launcher.position} options={["bottom-right", "bottom-left"]} onValue={(position) => onChange({ ...content, launcher: { ...content.launcher, position: position as "bottom-right" } })} />
          </div>
        </Errors>
      </div>
      <RichTextField label="Description" name="description" value={content.description} onValue={(description) => onChange({ ...content, description })} />
      <Checkbox label="Users can dismiss the checklist" name="dismissible" checked={content.dismissible} onChange={(dismissible) => onChange({ ...content, dismissible })} />
      <ItemsPane<ChecklistItem>
        noun="Item"
        {...listOf(props, "items")}
        max={20}
        newItem={(items) => newChecklistItem(freshId("item", ids(items)))}
        itemLabel={(item) => item.title || item.id}
        itemMeta={(item) => (item.action === "start_flow" ? `starts ${item.flow || "…"}` : "link")}
        renderForm={(item, set) => (
          <div class="stack">
            <TextField label="Title" name="title" value={item.title} onValue={(title) => set({ ...item, title })} />
            <RichTextField label="Description" name="description" value={item.description} onValue={(description) => set({ ...item, description })} />
            <SelectField
              label="Action"
              name="action"
              value={item.action}
              options={[
                { value: "start_flow", label: "Start a flow" },
                { value: "url", label: "Open a link (docs, chat, email)" },
              ]}
              onValue={(a) => set(withItemAction(item, a as ChecklistItem["action"]))}
            />
            {item.action === "start_flow" ? (
              <>
                <SelectField label="Flow" name="flow" value={item.flow ?? ""} options={[{ value: "", label: "Choose a flow…" }, ...flowKeys.map((k) => ({ value: k, label: k }))]} onValue={(flow) => set({ ...item, flow })} />
                <SelectField
                  label="Done when"
                  name="done_when"
                  value={item.done_when}
                  options={[
                    { value: "flow_completed", label: "The flow is completed" },
                    { value: "clicked", label: "The item is clicked" },
                  ]}
                  onValue={(done_when) => set({ ...item, done_when: done_when as ChecklistItem["done_when"] })}
                />
              </>
            ) : (
              <div class="grid-2 align-end">
                <TextField label="URL" name="url" hint="https://…, or mailto: for email support." value={item.url ?? ""} onValue={(url) => set({ ...item, url })} />
                <Checkbox label="Open in a new tab" name="new_tab" checked={item.new_tab ?? true} onChange={(new_tab) => set({ ...item, new_tab })} />
              </div>
            )}
          </div>
        )}
      />
    </div>
  );
}
