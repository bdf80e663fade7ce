// Who sees the flow (audience: on the server), where and when (pages, trigger, device,
// delay: in the SDK), how often, in which period, before which other guides.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Button, Card, Checkbox, Errors, Field, PathErrors, Segmented, SelectField, TextField } from "../../components/ui";
import type { GroupNode } from "../../lib/audience";
import { testPages } from "../../lib/pagerules";
import type { PageRule, Segment, Targeting } from "../../types";
import { AudienceBuilder } from "./AudienceBuilder";
import { PageRuleRow } from "./fields";

export interface TargetingEditorProps {
  targeting: Targeting;
  onChange: (t: Targeting) => void;
  audience: GroupNode;
  onAudience: (root: GroupNode) => void;
  everyone: boolean;
  onEveryone: (everyone: boolean) => void;
  segments: Segment[];
  traits: string[];
  appUrl: string;
  disabled: boolean;
}

/** ISO (UTC) ⇄ the value of a datetime-local input, in the author's own time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function TargetingEditor(props: TargetingEditorProps): JSX.Element {
  const { targeting: t, onChange, disabled } = props;
  const set = <K extends keyof Targeting>(key: K, value: Targeting[K]): void => onChange({ ...t, [key]: value });
  return (
    <div class="stack">
      <Card title="Audience">
        <Errors prefix="audience">
          <div class="stack">
            <Segmented
              label="Audience"
              value={props.everyone ? "everyone" : "some"}
              options={[
                { value: "everyone", label: "Everyone" },
                { value: "some", label: "Users who match…" },
              ]}
              onValue={(v) => props.onEveryone(v === "everyone")}
            />
            <PathErrors name="" />
            {props.everyone ? (
              <p class="muted">Every user of your app can see this flow (subject to pages, frequency and schedule).</p>
            ) : (
              <>
                <AudienceBuilder root={props.audience} onChange={props.onAudience} segments={props.segments} traits={props.traits} disabled={disabled} />
                <p class="field-hint">Traits come from identify() and from questionnaire answers saved as traits. Rules are checked on the server; traits never reach the browser.</p>
              </>
            )}
          </div>
        </Errors>
      </Card>
      <Card title="Pages">
        <Errors prefix="pages">
          <PagesEditor pages={t.pages} onChange={(pages) => set("pages", pages)} appUrl={props.appUrl} />
        </Errors>
      </Card>
      <Card title="When it shows">
        <div class="stack">
          <Errors prefix="trigger">
            <div class="grid-2">
              <SelectField
                label="Trigger"
                name="type"
                value={t.trigger.type}
                options={[
                  { value: "page_load", label: "When a matching page loads" },
                  { value: "event", label: "When an event is tracked" },
                  { value: "element_click", label: "When an element is clicked" },
                  { value: "manual", label: "Only by guidewell.show()" },
                ]}
                onValue={(type) =>
                  set("trigger", type === "event" ? { type, event: "" } : type === "element_click" ? { type, selector: "" } : ({ type } as Targeting["trigger"]))
                }
              />
              {t.trigger.type === "event" ? <TextField label="Event name" name="event" value={t.trigger.event} onValue={(event) => set("trigger", { type: "event", event })} /> : null}
              {t.trigger.type === "element_click" ? <TextField label="Element selector" name="selector" class="mono" value={t.trigger.selector} onValue={(selector) => set("trigger", { type: "element_click", selector })} /> : null}
            </div>
          </Errors>
          <div class="grid-3">
            <TextField label="Delay (seconds)" name="delay_ms" type="number" min={0} max={600} step="0.1" value={t.delay_ms / 1000} onValue={(v) => set("delay_ms", Math.round(Number(v) * 1000))} />
            <SelectField
              label="Device"
              name="device"
              value={t.device}
              options={[
                { value: "all", label: "Desktop and mobile" },
                { value: "desktop", label: "Desktop only" },
                { value: "mobile", label: "Mobile only (< 768 px)" },
              ]}
              onValue={(device) => set("device", device as Targeting["device"])}
            />
            <TextField label="Priority" name="priority" type="number" min={0} max={1000} hint="Higher shows first when several blocking guides could." value={t.priority} onValue={(v) => set("priority", Number(v))} />
          </div>
        </div>
      </Card>
      <Card title="How often">
        <div class="stack">
          <Errors prefix="frequency">
            <div class="grid-2">
              <SelectField
                label="Frequency"
                name="type"
                value={t.frequency.type}
                options={[
                  { value: "once", label: "Once per user" },
                  { value: "until_completed", label: "Until the user completes it" },
                  { value: "every_session", label: "Once every session" },
                  { value: "always", label: "Every time the rules match" },
                  { value: "max_times", label: "At most N times" },
                ]}
                onValue={(type) => set("frequency", type === "max_times" ? { type, max_times: 3 } : { type: type as Targeting["frequency"]["type"] })}
              />
              {t.frequency.type === "max_times" ? <TextField label="Times" name="max_times" type="number" min={1} max={1000} value={t.frequency.max_times ?? 3} onValue={(v) => set("frequency", { type: "max_times", max_times: Number(v) })} /> : null}
            </div>
          </Errors>
          <Errors prefix="schedule">
            <div class="grid-2">
              <TextField label="Start showing" name="start" type="datetime-local" hint="Your local time. Empty: as soon as it is published." value={toLocalInput(t.schedule.start)} onValue={(v) => set("schedule", { ...t.schedule, start: fromLocalInput(v) })} />
              <TextField label="Stop showing" name="end" type="datetime-local" hint="Empty: no end." value={toLocalInput(t.schedule.end)} onValue={(v) => set("schedule", { ...t.schedule, end: fromLocalInput(v) })} />
            </div>
          </Errors>
          <Checkbox
            label="Ignore the project's fatigue budget"
            name="fatigue_exempt"
            hint="For critical messages: this flow shows even when the user has already seen the day's quota of blocking guides."
            checked={t.fatigue_exempt}
            onChange={(v) => set("fatigue_exempt", v)}
          />
        </div>
      </Card>
    </div>
  );
}

function PagesEditor({ pages, onChange, appUrl }: { pages: Targeting["pages"]; onChange: (p: Targeting["pages"]) => void; appUrl: string }): JSX.Element {
  const [url, setUrl] = useState("");
  const result = url ? testPages(pages, url, appUrl) : null;
  const list = (kind: "include" | "exclude"): JSX.Element => {
    const rules = pages[kind];
    const setRules = (next: PageRule[]): void => onChange({ ...pages, [kind]: next });
    return (
      <div class="field">
        <span class="field-label">{kind === "include" ? "Show on pages where" : "But never where"}</span>
        <PathErrors name={kind} />
        {!rules.length ? <p class="muted small">{kind === "include" ? "No rule: every page." : "No exclusion."}</p> : null}
        {rules.map((rule, i) => (
          <Errors key={i} prefix={`${kind}[${i}]`}>
            <PageRuleRow
              label={`${kind === "include" ? "Include" : "Exclude"} rule ${i + 1}`}
              rule={rule}
              state={result ? result[kind][i] : null}
              onChange={(r) => setRules(rules.map((x, j) => (j === i ? r : x)))}
              onRemove={() => setRules(rules.filter((_, j) => j !== i))}
            />
          </Errors>
        ))}
        <div>
          <Button size="sm" icon="plus" onClick={() => setRules([...rules, { match: kind === "include" ? "starts_with" : "glob", value: "", on: "path" }])}>
            {kind === "include" ? "Include rule" : "Exclude rule"}
          </Button>
        </div>
      </div>
    );
  };
  return (
    <div class="stack">
      {list("include")}
      {list("exclude")}
      <div class="tester">
        <Field label="Test a URL" hint={`A full URL, or a path on ${appUrl || "your app"}. Matching is the SDK's own.`}>
          {(id, describedBy) => <input id={id} class="input mono" placeholder="/app/reports?tab=2" value={url} aria-describedby={describedBy} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />}
        </Field>
        {result ? (
          <p class={`test-result ${result.matches ? "ok" : "no"}`} role="status" data-testid="page-test-result">
            <strong>{result.matches ? "Matches" : "Does not match"}</strong> — {result.reason}
          </p>
        ) : null}
      </div>
    </div>
  );
}

