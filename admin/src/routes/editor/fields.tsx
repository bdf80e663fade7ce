// Form pieces shared by the content editors: a target, a list of buttons, a page rule.
import type { JSX } from "preact";
import { useContext, useId, useState } from "preact/hooks";
import { Icon } from "../../components/icons";
import { Button, Checkbox, Errors, Field, PathErrors, Select, SelectField, TextField } from "../../components/ui";
import { withButtonAction } from "../../lib/content";
import { toast } from "../../toast";
import { PickContext, pickError } from "./Builder";
import type { Button as GuideButton, ButtonAction, PageRule, Target } from "../../types";

export function TargetField({ label = "Target element", target, onChange, optional = true, hint }: { label?: string; target: Target | null; onChange: (t: Target | null) => void; optional?: boolean; hint?: string }): JSX.Element {
  const pick = useContext(PickContext);
  const [waiting, setWaiting] = useState(false);
  const fp = target?.fingerprint;
  const pickNow = async (): Promise<void> => {
    if (!pick) return;
    setWaiting(true);
    try {
      onChange(await pick());
      toast("Element picked: save the draft to keep it");
    } catch (error) {
      toast(pickError(error), "error");
    } finally {
      setWaiting(false);
    }
  };
  return (
    <Field label={label} name="target" hint={hint ?? (optional ? "A CSS selector. Leave empty for a centred modal step." : "A CSS selector of the element to point at.")}>
      {(id, describedBy, invalid) => (
        <div class="target-field">
          <div class="input-row">
            <input
              id={id}
              class="input mono"
              value={target?.selector ?? ""}
              placeholder={optional ? "None: centred modal" : "#save-button"}
              aria-describedby={describedBy}
              aria-invalid={invalid ? "true" : undefined}
              onInput={(e) => {
                const selector = (e.target as HTMLInputElement).value;
                onChange(selector || !optional ? { selector, fingerprint: target?.fingerprint ?? null } : null);
              }}
            />
            {pick ? (
              <Button icon="target" busy={waiting} onClick={() => void pickNow()} title="Opens your app in a new tab; click the element there">
                {waiting ? "Waiting for a pick…" : "Pick on page"}
              </Button>
            ) : null}
          </div>
          {fp ? (
            <p class="field-hint">
              Fallback signals: <code>{fp.tag}</code>
              {fp.id ? <> #{fp.id}</> : null}
              {fp.text ? <> · text “{fp.text}”</> : null}
              {fp.attrs && Object.keys(fp.attrs).length ? <> · {Object.entries(fp.attrs).map(([k, v]) => `${k}="${v}"`).join(" ")}</> : null}
            </p>
          ) : null}
        </div>
      )}
    </Field>
  );
}

const STYLES = [
  { value: "primary", label: "Primary" },
  { value: "secondary", label: "Secondary" },
  { value: "link", label: "Link" },
];

export function ButtonsEditor({ buttons, onChange, actions, max, flowKeys }: { buttons: GuideButton[]; onChange: (b: GuideButton[]) => void; actions: { value: ButtonAction; label: string }[]; max: number; flowKeys: string[] }): JSX.Element {
  const set = (index: number, button: GuideButton): void => onChange(buttons.map((b, i) => (i === index ? button : b)));
  return (
    <div class="field">
      <span class="field-label">Buttons</span>
      <PathErrors name="buttons" />
      {buttons.length ? null : <p class="muted small">No buttons.</p>}
      <div class="stack-sm">
        {buttons.map((button, index) => (
          <Errors key={index} prefix={`buttons[${index}]`}>
            <ButtonRow button={button} index={index} actions={actions} flowKeys={flowKeys} onChange={(b) => set(index, b)} onRemove={() => onChange(buttons.filter((_, i) => i !== index))} />
          </Errors>
        ))}
      </div>
      {buttons.length < max ? (
        <Button size="sm" icon="plus" onClick={() => onChange([...buttons, withButtonAction({ label: "OK", action: actions[0].value, style: "primary" }, actions[0].value)])}>
          Add button
        </Button>
      ) : null}
    </div>
  );
}

export function ButtonRow({ button, index, actions, flowKeys, onChange, onRemove }: { button: GuideButton; index: number; actions: { value: ButtonAction; label: string }[]; flowKeys: string[]; onChange: (b: GuideButton) => void; onRemove?: () => void }): JSX.Element {
  const listId = useId();
  return (
    <div class="sub-card">
      <div class="grid-3">
        <TextField label="Label" name="label" value={button.label} onValue={(label) => onChange({ ...button, label })} />
        <SelectField label="Action" name="action" value={button.action} options={actions} onValue={(a) => onChange(withButtonAction(button, a as ButtonAction))} />
        <SelectField label="Style" name="style" value={button.style} options={STYLES} onValue={(style) => onChange({ ...button, style: style as GuideButton["style"] })} />
      </div>
      {button.action === "start_flow" ? (
        <>
          <TextField label="Flow key" name="flow" value={button.flow ?? ""} list={listId} onValue={(flow) => onChange({ ...button, flow })} />
          <datalist id={listId}>{flowKeys.map((k) => <option key={k} value={k} />)}</datalist>
        </>
      ) : null}
      {button.action === "url" ? (
        <div class="grid-2 align-end">
          <TextField label="URL" name="url" value={button.url ?? ""} placeholder="https://" onValue={(url) => onChange({ ...button, url })} />
          <Checkbox label="Open in a new tab" name="new_tab" checked={button.new_tab ?? true} onChange={(new_tab) => onChange({ ...button, new_tab })} />
        </div>
      ) : null}
      {button.action === "track" ? <TextField label="Event name" name="event" value={button.event ?? ""} onValue={(event) => onChange({ ...button, event })} /> : null}
      {onRemove ? (
        <div class="row-end">
          <Button size="sm" variant="ghost" icon="trash" onClick={onRemove} aria-label={`Remove button ${index + 1}`}>
            Remove
          </Button>
        </div>
      ) : null}
    </div>
  );
}

export const MATCH_OPTIONS = [
  { value: "equals", label: "equals" },
  { value: "contains", label: "contains" },
  { value: "starts_with", label: "starts with" },
  { value: "glob", label: "matches glob" },
  { value: "regex", label: "matches regex" },
];
export const ON_OPTIONS = [
  { value: "path", label: "Path" },
  { value: "url", label: "Full URL" },
];

/** One page rule on one line: subject, match, value. */
export function PageRuleRow({ rule, onChange, onRemove, label, state }: { rule: PageRule; onChange: (r: PageRule) => void; onRemove?: () => void; label: string; state?: boolean | null }): JSX.Element {
  return (
    <div class="rule-row">
      <Select label={`${label}: subject`} value={rule.on ?? "path"} options={ON_OPTIONS} onValue={(on) => onChange({ ...rule, on: on as PageRule["on"] })} />
      <Select label={`${label}: match`} value={rule.match} options={MATCH_OPTIONS} onValue={(match) => onChange({ ...rule, match: match as PageRule["match"] })} />
      <Field label={<span class="sr-only">{label}: value</span>} name="value" class="grow">
        {(id, describedBy, invalid) => (
          <input id={id} class="input mono" value={rule.value} placeholder={rule.match === "glob" ? "/app/*" : "/app"} aria-describedby={describedBy} aria-invalid={invalid ? "true" : undefined} onInput={(e) => onChange({ ...rule, value: (e.target as HTMLInputElement).value })} />
        )}
      </Field>
      {state === true ? <span class="rule-state match" title="Matches the tested URL">✓ matches</span> : state === false ? <span class="rule-state">no match</span> : null}
      {onRemove ? (
        <button type="button" class="icon-btn" aria-label={`Remove ${label}`} onClick={onRemove}>
          <Icon name="trash" />
        </button>
      ) : null}
    </div>
  );
}
