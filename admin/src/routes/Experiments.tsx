import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ConfirmDialog } from "../components/Dialog";
import { Icon } from "../components/icons";
import { Badge, Banner, Button, Card, EmptyState, ErrorBanner, Errors, Field, FormError, PageHeader, PathErrors, Segmented, SelectField, Spinner, StatusBadge, TextField } from "../components/ui";
import { useResource } from "../hooks";
import * as fmt from "../lib/format";
import { wilson } from "../lib/stats";
import { bpToPercent, percentToBp, splitEvenly, weightsProblem } from "../lib/weights";
import { Link, navigate, useUnsavedGuard } from "../router";
import { useProject } from "../session";
import { toast } from "../toast";
import type { Experiment, ExperimentResults, FlowSummary, Goal, Variant, VersionSummary } from "../types";

/** "Banner wording!" → "banner-wording", the server's key shape (1-64 of a-z 0-9 - _). */
export const slug = (text: string): string =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64) || "experiment";

const variantSummary = (variants: Variant[]): string => variants.map((v) => `${v.key} ${bpToPercent(v.weight)}%`).join(" · ");

export function ExperimentList(): JSX.Element {
  const { project, canEdit } = useProject();
  const experiments = useResource(() => api.experiments(project.id), [project.id]);
  const flows = useResource(() => api.flows(project.id, { per_page: 200 }), [project.id]);
  const flowName = (id: number): string => flows.data?.items.find((f) => f.id === id)?.name ?? `Flow #${id}`;
  return (
    <div class="page">
      <PageHeader
        title="Experiments"
        subtitle="A/B tests between versions of a flow, with an optional holdout that sees nothing."
        actions={canEdit ? <Link href={`/p/${project.id}/experiments/new`} class="btn btn-primary btn-md"><Icon name="plus" /> New experiment</Link> : null}
      />
      {experiments.error ? <ErrorBanner error={experiments.error} onRetry={experiments.reload} /> : null}
      {!experiments.data ? experiments.error ? null : <Spinner /> : null}
      {experiments.data && !experiments.data.items.length ? (
        <EmptyState title="No experiments yet" action={canEdit ? <Link href={`/p/${project.id}/experiments/new`} class="btn btn-primary btn-md">Set up an A/B test</Link> : null}>
          Publish two versions of a flow, then compare how they convert.
        </EmptyState>
      ) : null}
      {experiments.data?.items.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Flow</th>
                <th scope="col">Status</th>
                <th scope="col">Variants</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {experiments.data.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link href={`/p/${project.id}/experiments/${e.id}`} class="row-title">
                      {e.name}
                    </Link>
                    <div class="mono muted small">{e.key}</div>
                  </td>
                  <td>{flowName(e.flow_id)}</td>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                  <td class="small">{variantSummary(e.variants)}</td>
                  <td>{fmt.date(e.started_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

// --- variants editor -------------------------------------------------------------------------

interface Row {
  key: string;
  version: number | null;
  percent: string;
}

const rowsOf = (variants: Variant[]): Row[] => variants.map((v) => ({ key: v.key, version: v.version, percent: bpToPercent(v.weight) }));

function VariantsEditor({ rows, onChange, versions, locked }: { rows: Row[]; onChange: (rows: Row[]) => void; versions: VersionSummary[]; locked: boolean }): JSX.Element {
  const weights = rows.map((r) => percentToBp(r.percent));
  const problem = weights.some((w) => w === null) ? null : weightsProblem(weights as number[]);
  const set = (i: number, change: Partial<Row>): void => onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const versionOptions = [...versions.map((v) => ({ value: String(v.number), label: `Version ${v.number}${v.is_live ? " (live)" : ""}` })), { value: "holdout", label: "Holdout: sees nothing" }];
  return (
    <div class="field">
      <span class="field-label">Variants</span>
      <PathErrors name="variants" />
      <table class="table table-compact variants-table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Shows</th>
            <th scope="col">Traffic</th>
            <th scope="col">
              <span class="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <Errors key={i} prefix={`variants[${i}]`}>
              <tr>
                <td>
                  <TextField label={<span class="sr-only">Variant {i + 1} key</span>} name="key" class="mono" disabled={locked} value={row.key} onValue={(key) => set(i, { key })} />
                  {i === 0 ? <span class="muted small">control</span> : null}
                </td>
                <td>
                  <SelectField label={<span class="sr-only">Variant {i + 1} shows</span>} name="version" value={row.version === null ? "holdout" : String(row.version)} options={versionOptions} onValue={(v) => set(i, { version: v === "holdout" ? null : Number(v) })} disabled={locked} />
                </td>
                <td>
                  <Field label={<span class="sr-only">Variant {i + 1} traffic in percent</span>} name="weight">
                    {(id, describedBy, invalid) => (
                      <span class="input-suffix">
                        <input id={id} class="input num" inputMode="decimal" value={row.percent} aria-describedby={describedBy} aria-invalid={invalid || percentToBp(row.percent) === null ? "true" : undefined} onInput={(e) => set(i, { percent: (e.target as HTMLInputElement).value })} />
                        <span>%</span>
                      </span>
                    )}
                  </Field>
                  {percentToBp(row.percent) === null ? <p class="field-error">Use a percentage such as 45 or 33.33.</p> : null}
                </td>
                <td>
                  <button type="button" class="icon-btn" aria-label={`Remove variant ${i + 1}`} disabled={locked || rows.length <= 2} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                    <Icon name="trash" />
                  </button>
                </td>
              </tr>
            </Errors>
          ))}
        </tbody>
      </table>
      <div class="row">
        {!locked && rows.length < 10 ? (
          <Button size="sm" icon="plus" onClick={() => onChange([...rows, { key: `variant-${rows.length + 1}`, version: versions[0]?.number ?? null, percent: "0" }])}>
            Add variant
          </Button>
        ) : null}
        <Button size="sm" onClick={() => onChange(rows.map((r, i) => ({ ...r, percent: bpToPercent(splitEvenly(rows.length)[i]) })))}>
          Split evenly
        </Button>
        <span class={`small ${problem ? "warn-text" : "muted"}`} role="status">
          {problem ?? "Weights add up to 100%."}
        </span>
      </div>
    </div>
  );
}

function toVariants(rows: Row[]): Variant[] | null {
  const variants = rows.map((r) => ({ key: r.key.trim(), version: r.version, weight: percentToBp(r.percent) }));
  return variants.some((v) => v.weight === null) ? null : (variants as Variant[]);
}

function GoalEditor({ goal, onChange, hours, onHours }: { goal: Goal; onChange: (g: Goal) => void; hours: string; onHours: (h: string) => void }): JSX.Element {
  return (
    <div class="stack">
      <Errors prefix="goal">
        <Field label="Goal" name="type">
          {() => (
            <Segmented
              label="Goal"
              value={goal.type}
              options={[
                { value: "flow_completed", label: "Completes the flow" },
                { value: "event", label: "Tracks an event" },
              ]}
              onValue={(type) => onChange(type === "event" ? { type, event: "" } : { type })}
            />
          )}
        </Field>
        {goal.type === "event" ? <TextField label="Event name" name="event" hint="A name your app sends with guidewell.track()." value={goal.event} onValue={(event) => onChange({ type: "event", event })} /> : null}
      </Errors>
      <TextField label="Attribution window (hours)" name="attribution_window_hours" type="number" min={1} max={2160} hint={`A conversion counts when it happens within ${Number(hours) >= 24 ? `${(Number(hours) / 24).toFixed(1)} days` : `${hours} hours`} of the first exposure.`} value={hours} onValue={onHours} />
    </div>
  );
}

// --- new -------------------------------------------------------------------------------------

export function NewExperiment(): JSX.Element {
  const { project } = useProject();
  const pid = project.id;
  const flows = useResource(() => api.flows(pid, { per_page: 200 }).then((p) => p.items.filter((f) => f.latest_version > 0)), [pid]);
  const [flowId, setFlowId] = useState<number | null>(null);
  const versions = useResource(() => (flowId ? api.versions(pid, flowId) : Promise.resolve([] as VersionSummary[])), [pid, flowId]);
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [rows, setRows] = useState<Row[]>([]);
  const [goal, setGoal] = useState<Goal>({ type: "flow_completed" });
  const [hours, setHours] = useState("168");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useUnsavedGuard(name !== "" || key !== "");

  useEffect(() => {
    if (flowId === null && flows.data?.length) setFlowId(flows.data[0].id);
  }, [flows.data]);
  useEffect(() => {
    const list = versions.data ?? [];
    if (!list.length) return;
    const newest = list[0].number;
    const previous = list[1]?.number ?? newest;
    setRows([
      { key: "control", version: previous, percent: "45" },
      { key: "variant", version: newest, percent: "45" },
      { key: "holdout", version: null, percent: "10" },
    ]);
  }, [versions.data]);

  const flow: FlowSummary | undefined = flows.data?.find((f) => f.id === flowId);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const variants = toVariants(rows);
    if (!variants || !flowId) return;
    setBusy(true);
    setError(null);
    try {
      const experiment = await api.createExperiment(pid, {
        flow_id: flowId,
        name: name || `${flow?.name ?? "Flow"} test`,
        key: key || slug(name || `${flow?.name ?? "flow"} test`),
        variants,
        goal,
        attribution_window_hours: Number(hours),
      });
      toast("Experiment created");
      navigate(`/p/${pid}/experiments/${experiment.id}`, { force: true });
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  if (flows.error) return <div class="page"><ErrorBanner error={flows.error} onRetry={flows.reload} /></div>;
  if (!flows.data) return <div class="page"><Spinner /></div>;
  return (
    <div class="page page-narrow">
      <PageHeader title="New experiment" subtitle="Users are split by a stable hash of their id; each keeps its variant for good." />
      {!flows.data.length ? (
        <EmptyState title="Publish a flow first">An experiment compares published versions of a flow (or one version against a holdout).</EmptyState>
      ) : (
        <form class="stack" onSubmit={submit}>
          <Errors errors={error?.fields ?? {}} prefix="">
            <Card title="What to test">
              <div class="stack">
                <SelectField label="Flow" name="flow_id" value={String(flowId ?? "")} options={flows.data.map((f) => ({ value: String(f.id), label: `${f.name} (${f.latest_version} version${f.latest_version === 1 ? "" : "s"})` }))} onValue={(v) => setFlowId(Number(v))} />
                <div class="grid-2">
                  <TextField label="Name" name="name" value={name} placeholder={flow ? `${flow.name} test` : ""} onValue={setName} />
                  <TextField label="Key" name="key" class="mono" hint="Seeds the assignment hash; fixed for good." value={key} placeholder={slug(name || `${flow?.name ?? "flow"} test`)} onValue={setKey} />
                </div>
                {versions.data ? <VariantsEditor rows={rows} onChange={setRows} versions={versions.data} locked={false} /> : <Spinner />}
              </div>
            </Card>
            <Card title="How to measure">
              <GoalEditor goal={goal} onChange={setGoal} hours={hours} onHours={setHours} />
            </Card>
          </Errors>
          <FormError error={error} />
          <div class="row-end">
            <Link href={`/p/${pid}/experiments`} class="btn btn-secondary btn-md">
              Cancel
            </Link>
            <Button type="submit" variant="primary" busy={busy} disabled={!toVariants(rows)}>
              Create experiment
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}

// --- detail ----------------------------------------------------------------------------------

export function ExperimentDetail({ eid }: { eid: number }): JSX.Element {
  const { project, canEdit } = useProject();
  const pid = project.id;
  const experiment = useResource(() => api.experiment(pid, eid), [pid, eid]);
  const e = experiment.data;
  const flow = useResource(() => (e ? api.flow(pid, e.flow_id) : Promise.resolve(null)), [pid, e?.flow_id]);
  const versions = useResource(() => (e ? api.versions(pid, e.flow_id) : Promise.resolve([] as VersionSummary[])), [pid, e?.flow_id]);
  const results = useResource(() => (e && e.status !== "draft" ? api.results(pid, eid) : Promise.resolve(null)), [pid, eid, e?.status, e?.updated_at]);
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState<"start" | "stop" | null>(null);
  const [busy, setBusy] = useState(false);

  if (experiment.error) return <div class="page"><ErrorBanner error={experiment.error} onRetry={experiment.reload} /></div>;
  if (!e) return <div class="page"><Spinner /></div>;
  const run = async (action: "start" | "stop"): Promise<void> => {
    setBusy(true);
    try {
      experiment.setData(await api.experimentAction(pid, eid, action));
      toast(action === "start" ? "Experiment started" : "Experiment stopped");
    } catch (error) {
      toast(error instanceof Error ? error.message : String(error), "error");
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };
  return (
    <div class="page">
      <PageHeader
        title={e.name}
        subtitle={
          <span class="meta-line">
            <StatusBadge status={e.status} />
            <span class="mono">{e.key}</span>
            {flow.data ? (
              <span>
                on <Link href={`/p/${pid}/flows/${e.flow_id}`}>{flow.data.name}</Link>
              </span>
            ) : null}
            {e.started_at ? <span>started {fmt.date(e.started_at)}</span> : null}
            {e.stopped_at ? <span>stopped {fmt.date(e.stopped_at)}</span> : null}
          </span>
        }
        actions={
          canEdit ? (
            <>
              <Button onClick={() => setEditing(!editing)}>{editing ? "Close editor" : e.status === "draft" ? "Edit" : "Edit weights"}</Button>
              {e.status === "running" ? (
                <Button variant="danger" onClick={() => setConfirm("stop")}>
                  Stop
                </Button>
              ) : (
                <Button variant="primary" onClick={() => setConfirm("start")}>
                  {e.status === "stopped" ? "Resume" : "Start"}
                </Button>
              )}
            </>
          ) : null
        }
      />
      {editing ? <ExperimentEditor experiment={e} versions={versions.data ?? []} onSaved={(next) => { experiment.setData(next); setEditing(false); }} /> : null}
      <div class="stack-lg">
        <Card title="Setup">
          <dl class="facts">
            <dt>Variants</dt>
            <dd>
              {e.variants.map((v, i) => (
                <div key={v.key}>
                  <strong class="mono">{v.key}</strong> {i === 0 ? <Badge>control</Badge> : null} — {v.version === null ? "holdout (sees nothing)" : `version ${v.version}`}, {bpToPercent(v.weight)}% of users
                </div>
              ))}
            </dd>
            <dt>Goal</dt>
            <dd>{e.goal.type === "event" ? <>tracks <code>{e.goal.event}</code></> : "completes the flow"}</dd>
            <dt>Attribution window</dt>
            <dd>{e.attribution_window_hours} hours after the first exposure</dd>
          </dl>
        </Card>
        <Card title="Results">
          {e.status === "draft" ? <EmptyState title="Not started">Start the experiment to assign users and collect exposures.</EmptyState> : null}
          {results.error ? <ErrorBanner error={results.error} onRetry={results.reload} /> : null}
          {e.status !== "draft" && !results.data && !results.error ? <Spinner /> : null}
          {results.data ? <ResultsView results={results.data} /> : null}
        </Card>
      </div>
      <ConfirmDialog
        title={confirm === "stop" ? "Stop this experiment?" : "Start this experiment?"}
        open={confirm !== null}
        confirmLabel={confirm === "stop" ? "Stop" : "Start"}
        danger={confirm === "stop"}
        busy={busy}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void run(confirm!)}
      >
        <p>
          {confirm === "stop"
            ? "Users stop being assigned; everyone sees the flow's live version again. Results stay."
            : "Users who would see the flow are assigned a variant by their id and keep it. After the start only the name and weights can change."}
        </p>
      </ConfirmDialog>
    </div>
  );
}

function ExperimentEditor({ experiment: e, versions, onSaved }: { experiment: Experiment; versions: VersionSummary[]; onSaved: (e: Experiment) => void }): JSX.Element {
  const { project } = useProject();
  const locked = e.status !== "draft";
  const [name, setName] = useState(e.name);
  const [rows, setRows] = useState<Row[]>(rowsOf(e.variants));
  const [goal, setGoal] = useState<Goal>(e.goal);
  const [hours, setHours] = useState(String(e.attribution_window_hours));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const variants = toVariants(rows);
    if (!variants) return;
    setBusy(true);
    setError(null);
    try {
      const body: Partial<Experiment> = locked ? { name, variants } : { name, variants, goal, attribution_window_hours: Number(hours) };
      onSaved(await api.updateExperiment(project.id, e.id, body));
      toast("Experiment saved");
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "error", String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card stack edit-card" onSubmit={save}>
      <Errors errors={error?.fields ?? {}} prefix="">
        <TextField label="Name" name="name" value={name} onValue={setName} />
        {locked ? <Banner tone="info">The experiment has started: keys, versions and the goal are fixed; weights can change (users keep their variant).</Banner> : null}
        <VariantsEditor rows={rows} onChange={setRows} versions={versions} locked={locked} />
        {!locked ? <GoalEditor goal={goal} onChange={setGoal} hours={hours} onHours={setHours} /> : null}
      </Errors>
      <FormError error={error} />
      <div class="row-end">
        <Button type="submit" variant="primary" busy={busy} disabled={!toVariants(rows)}>
          Save
        </Button>
      </div>
    </form>
  );
}

function ResultsView({ results }: { results: ExperimentResults }): JSX.Element {
  const intervals = useMemo(() => results.variants.map((v) => wilson(v.conversions, v.exposed)), [results]);
  const scaleMax = Math.max(0.01, ...intervals.map((i) => (i ? i[1] : 0))) * 1.1;
  const srm = results.sample_ratio;
  const exposed = results.variants.reduce((sum, v) => sum + v.exposed, 0);
  return (
    <div class="stack">
      {srm?.mismatch ? (
        <Banner tone="warning">
          <strong>Sample ratio mismatch.</strong> {srm.warning ?? "Variants did not get the share of users their weights promise"} (χ² p = {fmt.pValue(srm.p_value)}). Results may be biased: check that every variant can show.
        </Banner>
      ) : null}
      {!exposed ? <p class="muted">No exposures yet. Users are counted when the flow would show to them, holdout included.</p> : null}
      <div class="results-scroll">
      <table class="table results-table" data-testid="experiment-results">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" class="num">Exposed</th>
            <th scope="col" class="num">Conversions</th>
            <th scope="col">Conversion rate (95% interval)</th>
            <th scope="col" class="num">Lift vs control</th>
            <th scope="col" class="num">p-value</th>
          </tr>
        </thead>
        <tbody>
          {results.variants.map((v, i) => {
            const interval = intervals[i];
            const significant = v.p_value !== null && v.p_value < 0.05;
            return (
              <tr key={v.key} data-variant={v.key}>
                <td>
                  <strong class="mono">{v.key}</strong> {v.is_control ? <Badge>control</Badge> : null}
                  <div class="muted small">{v.version === null ? "holdout" : `version ${v.version}`} · {bpToPercent(v.weight)}%</div>
                </td>
                <td class="num" data-testid={`exposed-${v.key}`}>
                  {fmt.count(v.exposed)}
                </td>
                <td class="num">{fmt.count(v.conversions)}</td>
                <td>
                  <div class="interval-cell">
                    <span class="interval-rate">{fmt.rate(v.rate)}</span>
                    {interval ? (
                      <span class="interval" role="img" aria-label={`95% interval ${fmt.rate(interval[0])} to ${fmt.rate(interval[1])}`}>
                        <span class="interval-range" style={{ left: `${(interval[0] / scaleMax) * 100}%`, width: `${((interval[1] - interval[0]) / scaleMax) * 100}%` }} />
                        <span class="interval-dot" style={{ left: `${((v.rate ?? 0) / scaleMax) * 100}%` }} />
                      </span>
                    ) : (
                      <span class="muted small">no data</span>
                    )}
                  </div>
                </td>
                <td class="num">
                  {v.is_control ? (
                    <span class="muted">—</span>
                  ) : (
                    <>
                      <span class={v.relative_lift !== null && v.relative_lift > 0 ? "up" : v.relative_lift !== null && v.relative_lift < 0 ? "down" : ""}>{fmt.signedRate(v.relative_lift)}</span>
                      {v.relative_ci ? <div class="muted small">{fmt.signedRate(v.relative_ci[0])} to {fmt.signedRate(v.relative_ci[1])}</div> : null}
                      {v.absolute_lift !== null ? <div class="muted small">{fmt.signedRate(v.absolute_lift, 2)} points</div> : null}
                    </>
                  )}
                </td>
                <td class="num">
                  {v.is_control ? <span class="muted">—</span> : fmt.pValue(v.p_value)}
                  {significant ? (
                    <div>
                      <Badge tone="success">significant</Badge>
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
      <p class="field-hint">
        Rates with Wilson 95% intervals; lift and p-value (two-sided two-proportion z-test) against the control, the first variant. A holdout sees nothing and is exposed when the flow would have shown.
      </p>
    </div>
  );
}
