import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ConfirmDialog, Dialog } from "../components/Dialog";
import { Banner, Button, Card, Checkbox, CodeBlock, Errors, Field, FormError, PageHeader, TextAreaField, TextField } from "../components/ui";
import { canonical } from "../lib/diff";
import { DEFAULT_THEME } from "../lib/theme";
import { useUnsavedGuard } from "../router";
import { useProject } from "../session";
import { toast } from "../toast";
import type { Fatigue, Keys, ThemeOverride } from "../types";
import { ThemeEditor } from "./editor/ThemeEditor";

const zones = (): string[] => {
  try {
    return (Intl as unknown as { supportedValuesOf: (k: string) => string[] }).supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
};

export function Settings(): JSX.Element {
  const { project, setProject, isOwner } = useProject();
  const initial = useMemo(
    () => ({
      name: project.name,
      app_url: project.app_url,
      origins: project.allowed_origins.join("\n"),
      identity_verification: project.identity_verification,
      timezone: project.timezone,
      max_per_day: project.fatigue.max_per_day == null ? "" : String(project.fatigue.max_per_day),
      min_hours_between: project.fatigue.min_hours_between == null ? "" : String(project.fatigue.min_hours_between),
      theme: project.theme as ThemeOverride,
    }),
    [project],
  );
  const [form, setForm] = useState(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = canonical(form) !== canonical(initial);
  useUnsavedGuard(dirty && isOwner);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]): void => setForm((f) => ({ ...f, [key]: value }));
  const timezones = useMemo(zones, []);

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const fatigue: Fatigue = {
      max_per_day: form.max_per_day === "" ? null : Number(form.max_per_day),
      min_hours_between: form.min_hours_between === "" ? null : Number(form.min_hours_between),
    };
    try {
      const next = await api.updateProject(project.id, {
        name: form.name,
        app_url: form.app_url,
        allowed_origins: form.origins.split(/[\s,]+/).filter(Boolean),
        identity_verification: form.identity_verification,
        timezone: form.timezone,
        fatigue,
        theme: form.theme,
      });
      setProject(next);
      setForm({ ...form, origins: next.allowed_origins.join("\n") });
      toast("Settings saved");
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "error", String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page page-narrow">
      <PageHeader title="Settings" subtitle={isOwner ? "Project settings, theme and keys." : "Only owners can change settings."} />
      <form class="stack-lg" onSubmit={save}>
        <fieldset class="plain" disabled={!isOwner}>
          <legend class="sr-only">Project settings</legend>
          <Errors errors={error?.fields ?? {}} prefix="">
            <div class="stack-lg">
              <Card title="Project">
                <div class="stack">
                  <div class="grid-2">
                    <TextField label="Name" name="name" value={form.name} onValue={(v) => set("name", v)} />
                    <TextField label="App URL" name="app_url" type="url" hint="Where your app runs; the page-rule tester resolves paths against it." value={form.app_url} onValue={(v) => set("app_url", v)} />
                  </div>
                  <TextAreaField label="Allowed origins" name="allowed_origins" hint="One per line, like https://app.example.com. Empty: any origin may use the public key." rows={3} value={form.origins} onValue={(v) => set("origins", v)} />
                  <Field label="Time zone" name="timezone" hint="Analytics count calendar days in this zone.">
                    {(id, describedBy, invalid) => (
                      <select id={id} class="input select" value={form.timezone} aria-describedby={describedBy} aria-invalid={invalid ? "true" : undefined} onChange={(e) => set("timezone", (e.target as HTMLSelectElement).value)}>
                        {(timezones.includes(form.timezone) ? timezones : [form.timezone, ...timezones]).map((zone) => (
                          <option key={zone} value={zone}>
                            {zone}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Checkbox
                    label="Require identity verification"
                    name="identity_verification"
                    hint="Requests naming a user id must carry user_hash = HMAC-SHA256(identity secret, user id); others are refused."
                    checked={form.identity_verification}
                    onChange={(v) => set("identity_verification", v)}
                  />
                </div>
              </Card>
              <Card title="Fatigue budget">
                <p class="muted">Limits blocking guides (tours, modals, questionnaires) per user across all flows. Empty: no limit. Flows can opt out.</p>
                <Errors prefix="fatigue">
                  <div class="grid-2">
                    <TextField label="At most per day" name="max_per_day" type="number" min={1} max={100} value={form.max_per_day} onValue={(v) => set("max_per_day", v)} />
                    <TextField label="Hours between two" name="min_hours_between" type="number" min={0} max={720} step="0.5" value={form.min_hours_between} onValue={(v) => set("min_hours_between", v)} />
                  </div>
                </Errors>
              </Card>
              <Card title="Default theme">
                <p class="muted">Every flow uses it unless it overrides a field.</p>
                <Errors prefix="theme">
                  <ThemeEditor theme={form.theme} base={DEFAULT_THEME} inheritLabel="built-in" onChange={(t) => set("theme", t)} />
                </Errors>
              </Card>
            </div>
          </Errors>
        </fieldset>
        <FormError error={error} />
        {isOwner ? (
          <div class="row-end sticky-actions">
            <Button type="submit" variant="primary" busy={busy} disabled={!dirty}>
              Save settings
            </Button>
          </div>
        ) : null}
      </form>
      <KeysCard />
    </div>
  );
}

function KeysCard(): JSX.Element {
  const { project, setProject, isOwner } = useProject();
  const [confirm, setConfirm] = useState(false);
  const [rotatePublic, setRotatePublic] = useState(false);
  const [busy, setBusy] = useState(false);
  const [keys, setKeys] = useState<Keys | null>(null);
  const rotate = async (): Promise<void> => {
    setBusy(true);
    try {
      const next = await api.rotateKeys(project.id, rotatePublic);
      setKeys(next);
      setProject(await api.project(project.id));
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), "error");
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };
  return (
    <section class="section">
      <Card title="Keys">
        <dl class="facts">
          <dt>Public key</dt>
          <dd>
            <code>{project.public_key}</code> <span class="muted small">in the script tag</span>
          </dd>
          <dt>Secret key</dt>
          <dd>
            <code>{project.secret_key_hint}</code> <span class="muted small">REST API (Bearer); shown once when created or rotated</span>
          </dd>
          {project.identity_secret ? (
            <>
              <dt>Identity secret</dt>
              <dd>
                <code>{project.identity_secret}</code> <span class="muted small">HMAC key for user_hash</span>
              </dd>
            </>
          ) : null}
        </dl>
        {isOwner ? (
          <Button variant="danger" onClick={() => setConfirm(true)}>
            Rotate keys…
          </Button>
        ) : null}
      </Card>
      <ConfirmDialog title="Rotate keys?" open={confirm} danger confirmLabel="Rotate now" busy={busy} onCancel={() => setConfirm(false)} onConfirm={() => void rotate()}>
        <div class="stack">
          <p>The secret key and the identity secret are replaced at once: scripts using the old secret key and servers computing user_hash with the old identity secret stop working.</p>
          <Checkbox label="Also replace the public key (every script tag must change)" checked={rotatePublic} onChange={setRotatePublic} />
        </div>
      </ConfirmDialog>
      <Dialog title="New keys" open={keys !== null} onClose={() => setKeys(null)} footer={<Button variant="primary" onClick={() => setKeys(null)}>I have stored them</Button>}>
        {keys ? (
          <div class="stack">
            <Banner tone="warning">Copy the secret key now: it is shown only this once.</Banner>
            <CodeBlock label="Secret key" code={keys.secret_key} />
            <CodeBlock label="Identity secret" code={keys.identity_secret} />
            <CodeBlock label="Public key" code={keys.public_key} />
          </div>
        ) : null}
      </Dialog>
    </section>
  );
}
