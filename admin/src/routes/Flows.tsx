import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { Sparkline } from "../charts/charts";
import { Dialog } from "../components/Dialog";
import { Icon } from "../components/icons";
import { Badge, Button, EmptyState, ErrorBanner, Errors, FormError, PageHeader, Select, Spinner, StatusBadge, TextField } from "../components/ui";
import { useDebounced, useResource } from "../hooks";
import * as fmt from "../lib/format";
import { KINDS, kindLabel } from "../lib/kinds";
import { Link, navigate, setQuery, useLocation } from "../router";
import { useProject } from "../session";
import type { FlowStatus, FlowSummary, FlowTotals, Kind, StepHealth } from "../types";


export function FlowList(): JSX.Element {
  const { project, canEdit } = useProject();
  const { query } = useLocation();
  const kind = (query.get("kind") ?? "") as Kind | "";
  const status = (query.get("status") ?? "") as FlowStatus | "";
  const [search, setSearch] = useState(query.get("q") ?? "");
  const q = useDebounced(search, 250);
  const [creating, setCreating] = useState(false);
  useEffect(() => setQuery({ q }), [q]);

  const flows = useResource(() => api.flows(project.id, { kind, status, q, per_page: 100 }), [project.id, kind, status, q]);
  const overview = useResource(() => api.overview(project.id), [project.id]);
  // Every flow's figures in one request, not one per row.
  const totals = useResource(() => api.flowsTotals(project.id), [project.id]);
  const totalsOf = useMemo(() => new Map((totals.data?.flows ?? []).map((t) => [t.flow_id, t])), [totals.data]);
  const health = useMemo(() => {
    const byFlow = new Map<number, StepHealth[]>();
    for (const item of overview.data?.guide_health ?? []) byFlow.set(item.flow_id, [...(byFlow.get(item.flow_id) ?? []), item]);
    return byFlow;
  }, [overview.data]);

  const filtered = kind || status || q;
  return (
    <div class="page">
      <PageHeader
        title="Flows"
        subtitle="Tours, hotspots, announcements, questionnaires and checklists."
        actions={canEdit ? <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>New flow</Button> : null}
      />
      <div class="toolbar" role="search">
        <div class="search">
          <Icon name="search" />
          <input class="input" type="search" aria-label="Search flows" placeholder="Search by name or key" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        </div>
        <Select label="Kind" value={kind} options={[{ value: "", label: "All kinds" }, ...KINDS.map((k) => ({ value: k.value, label: k.label }))]} onValue={(v) => setQuery({ kind: v })} />
        <Select
          label="Status"
          value={status}
          options={[
            { value: "", label: "Drafts and published" },
            { value: "draft", label: "Draft" },
            { value: "published", label: "Published" },
            { value: "archived", label: "Archived" },
          ]}
          onValue={(v) => setQuery({ status: v })}
        />
      </div>
      {flows.error ? <ErrorBanner error={flows.error} onRetry={flows.reload} /> : null}
      {flows.loading && !flows.data ? <Spinner /> : null}
      {flows.data && !flows.data.items.length ? (
        filtered ? (
          <EmptyState title="No flow matches these filters">Try another kind, status or search.</EmptyState>
        ) : (
          <EmptyState title="No flows yet" action={canEdit ? <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>Create your first flow</Button> : null}>
            A flow is one guide: a tour, a hotspot, an announcement, a questionnaire or a checklist.
          </EmptyState>
        )
      ) : null}
      {flows.data && flows.data.items.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col" class="col-name">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Version</th>
                <th scope="col" class="num">Users shown</th>
                <th scope="col" class="num">Completion</th>
                <th scope="col">Last 30 days</th>
                <th scope="col">
                  <span class="sr-only">Health</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {flows.data.items.map((flow) => (
                <FlowRow key={flow.id} flow={flow} pid={project.id} health={health.get(flow.id) ?? []} totals={totalsOf.get(flow.id)} loaded={!!totals.data} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <NewFlowDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function FlowRow({ flow, pid, health, totals, loaded }: { flow: FlowSummary; pid: number; health: StepHealth[]; totals?: FlowTotals; loaded: boolean }): JSX.Element {
  // Loaded and absent: no activity in the range, which reads as zero once published.
  const report = totals ?? (loaded && flow.latest_version > 0 ? { summary: { shown: 0, completion_rate: null } } : null);
  const trend = totals?.shown_by_day ?? [];
  return (
    <tr>
      <td>
        <Link href={`/p/${pid}/flows/${flow.id}`} class="row-title">
          {flow.name}
        </Link>
        <div class="mono muted small">{flow.key}</div>
      </td>
      <td class="nowrap">{kindLabel(flow.kind)}</td>
      <td>
        <StatusBadge status={flow.status} />
      </td>
      <td class="nowrap">{flow.live_version ? `v${flow.live_version} live` : flow.latest_version ? `v${flow.latest_version}` : <span class="muted">not yet</span>}</td>
      <td class="num">{report ? fmt.count(report.summary.shown) : <span class="muted">—</span>}</td>
      <td class="num">{report ? fmt.rate(report.summary.completion_rate) : <span class="muted">—</span>}</td>
      <td>{trend.length && trend.some((v) => v > 0) ? <Sparkline values={trend} label={`${flow.name}: users shown per day, last 30 days`} /> : <span class="muted small">no data</span>}</td>
      <td class="nowrap actions">
        {health.length ? (
          <span
            class="health"
            role="img"
            aria-label={`${health.length} ${health.length === 1 ? "step has" : "steps have"} missing or fallback-matched targets`}
            title={health.map((h) => `Step ${h.step + 1} “${h.label}”: target missing ${h.target_missing ?? 0}×, found by fallback ${h.fallback_matched ?? 0}×`).join("\n")}
          >
            <Badge tone="warning">
              <Icon name="warning" size={12} /> {health.length}
            </Badge>
          </span>
        ) : null}
        <Link href={`/p/${pid}/flows/${flow.id}/analytics`} class="icon-btn" aria-label={`Analytics of ${flow.name}`} title="Analytics">
          <Icon name="chart" />
        </Link>
      </td>
    </tr>
  );
}

export function NewFlowDialog({ open, onClose, initialKind = "tour" }: { open: boolean; onClose: () => void; initialKind?: Kind }): JSX.Element | null {
  const { project } = useProject();
  const [kind, setKind] = useState<Kind>(initialKind);
  const [name, setName] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const flow = await api.createFlow(project.id, { kind, name: name.trim() || `New ${kindLabel(kind).toLowerCase()}` });
      onClose();
      navigate(`/p/${project.id}/flows/${flow.id}`);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="New flow" open={open} onClose={onClose} wide>
      <form class="stack" onSubmit={submit}>
        <fieldset class="kind-picker">
          <legend class="field-label">Kind</legend>
          {KINDS.map((k) => (
            <label key={k.value} class={`kind-option ${kind === k.value ? "selected" : ""}`}>
              <input type="radio" name="kind" value={k.value} checked={kind === k.value} onChange={() => setKind(k.value)} />
              <span class="kind-name">{k.label}</span>
              <span class="muted small">{k.description}</span>
            </label>
          ))}
        </fieldset>
        <Errors errors={error?.fields ?? {}} prefix="">
          <TextField label="Name" name="name" value={name} onValue={setName} placeholder={`New ${kindLabel(kind).toLowerCase()}`} />
        </Errors>
        <FormError error={error} />
        <div class="row-end">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Create {kindLabel(kind).toLowerCase()}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
