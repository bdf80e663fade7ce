import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ConfirmDialog } from "../components/Dialog";
import { Icon } from "../components/icons";
import { Button, Card, EmptyState, ErrorBanner, Errors, FormError, PageHeader, PathErrors, Spinner, TextAreaField, TextField } from "../components/ui";
import { useDebounced, useResource } from "../hooks";
import { describe, fromModel, type GroupNode, toModel } from "../lib/audience";
import { canonical } from "../lib/diff";
import * as fmt from "../lib/format";
import { Link, navigate, useUnsavedGuard } from "../router";
import { useProject } from "../session";
import { toast } from "../toast";
import type { Segment, SegmentCount } from "../types";
import { AudienceBuilder } from "./editor/AudienceBuilder";

export function SegmentList(): JSX.Element {
  const { project, canEdit } = useProject();
  const segments = useResource(() => api.segments(project.id), [project.id]);
  const name = (id: number): string => `“${segments.data?.items.find((s) => s.id === id)?.name ?? `#${id}`}”`;
  return (
    <div class="page">
      <PageHeader
        title="Segments"
        subtitle="Saved audiences that flows target by reference: change one, and every flow using it follows."
        actions={canEdit ? <Link href={`/p/${project.id}/segments/new`} class="btn btn-primary btn-md"><Icon name="plus" /> New segment</Link> : null}
      />
      {segments.error ? <ErrorBanner error={segments.error} onRetry={segments.reload} /> : null}
      {!segments.data ? segments.error ? null : <Spinner /> : null}
      {segments.data && !segments.data.items.length ? (
        <EmptyState title="No segments yet" action={canEdit ? <Link href={`/p/${project.id}/segments/new`} class="btn btn-primary btn-md">Create a segment</Link> : null}>
          For example “Trial users on the Pro plan”, reused by several flows.
        </EmptyState>
      ) : null}
      {segments.data?.items.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Condition</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {segments.data.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link href={`/p/${project.id}/segments/${s.id}`} class="row-title">
                      {s.name}
                    </Link>
                    <div class="mono muted small">{s.key}</div>
                  </td>
                  <td class="small">{describe(s.condition, name)}</td>
                  <td>{fmt.date(s.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

export function SegmentEditor({ sid }: { sid: number | null }): JSX.Element {
  const { project } = useProject();
  const segment = useResource(() => (sid ? api.segment(project.id, sid) : Promise.resolve(null)), [project.id, sid]);
  if (segment.error) return <div class="page"><ErrorBanner error={segment.error} onRetry={segment.reload} /></div>;
  if (segment.loading && sid) return <div class="page"><Spinner /></div>;
  return <SegmentForm initial={segment.data ?? null} />;
}

function SegmentForm({ initial }: { initial: Segment | null }): JSX.Element {
  const { project, canEdit } = useProject();
  const pid = project.id;
  const segments = useResource(() => api.segments(pid).then((p) => p.items), [pid]);
  const traits = useResource(() => api.users(pid, { per_page: 100 }).then((p) => [...new Set(p.items.flatMap((u) => Object.keys(u.traits)))].sort()), [pid]);
  const [name, setName] = useState(initial?.name ?? "");
  const [key, setKey] = useState(initial?.key ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [root, setRoot] = useState<GroupNode>(() => toModel(initial?.condition ?? null));
  const [savedState, setSavedState] = useState(() => canonical({ name, key, description, condition: initial?.condition ?? null }));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const condition = fromModel(root);
  const dirty = canonical({ name, key, description, condition }) !== savedState;
  useUnsavedGuard(dirty && canEdit);

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Partial<Segment> = { name, description, condition: condition ?? ({ all: [] } as never) };
      if (key && key !== initial?.key) body.key = key;
      const next = initial ? await api.updateSegment(pid, initial.id, body) : await api.createSegment(pid, body);
      setSavedState(canonical({ name: next.name, key: next.key, description: next.description, condition: next.condition }));
      setKey(next.key);
      toast("Segment saved");
      if (!initial) navigate(`/p/${pid}/segments/${next.id}`, { replace: true, force: true });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "error", String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="page page-narrow">
      <PageHeader
        title={initial ? initial.name : "New segment"}
        actions={
          initial && canEdit ? (
            <Button variant="ghost" icon="trash" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          ) : null
        }
      />
      <form class="stack" onSubmit={save}>
        <fieldset class="plain" disabled={!canEdit}>
          <legend class="sr-only">Segment</legend>
          <Errors errors={error?.fields ?? {}} prefix="">
            <div class="stack">
              <Card>
                <div class="stack">
                  <div class="grid-2">
                    <TextField label="Name" name="name" value={name} onValue={setName} required />
                    <TextField label="Key" name="key" class="mono" hint="Stable id for export and import; generated from the name if empty." value={key} onValue={setKey} />
                  </div>
                  <TextAreaField label="Description" name="description" rows={2} value={description} onValue={setDescription} />
                </div>
              </Card>
              <Card title="Users who match">
                <Errors prefix="condition">
                  <PathErrors name="" />
                  <AudienceBuilder root={root} onChange={setRoot} segments={segments.data ?? []} traits={traits.data ?? []} excludeSegment={initial?.id} disabled={!canEdit} />
                </Errors>
                <LiveCount pid={pid} condition={condition} />
              </Card>
            </div>
          </Errors>
        </fieldset>
        <FormError error={error} />
        {canEdit ? (
          <div class="row-end">
            <Link href={`/p/${pid}/segments`} class="btn btn-secondary btn-md">
              Back
            </Link>
            <Button type="submit" variant="primary" busy={busy} disabled={!dirty && initial !== null}>
              {initial ? "Save segment" : "Create segment"}
            </Button>
          </div>
        ) : null}
      </form>
      {initial ? (
        <ConfirmDialog
          title="Delete this segment?"
          open={deleting}
          danger
          confirmLabel="Delete"
          onCancel={() => setDeleting(false)}
          onConfirm={async () => {
            try {
              await api.deleteSegment(pid, initial.id);
              toast("Segment deleted");
              navigate(`/p/${pid}/segments`, { force: true });
            } catch (err) {
              setDeleting(false);
              toast(err instanceof Error ? err.message : String(err), "error");
            }
          }}
        >
          <p>Flows or segments that use it must stop using it first; the server will say which.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/** How many end users match right now (POST /segments/count), refreshed as the condition changes. */
function LiveCount({ pid, condition }: { pid: number; condition: ReturnType<typeof fromModel> }): JSX.Element {
  const key = useDebounced(canonical(condition), 400);
  const [state, setState] = useState<{ count?: SegmentCount; problem?: string; loading: boolean }>({ loading: false });
  const parsed = useMemo(() => JSON.parse(key) as ReturnType<typeof fromModel>, [key]);
  useEffect(() => {
    if (parsed === null) {
      setState({ loading: false });
      return undefined;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api.countSegment(pid, parsed).then(
      (count) => live && setState({ count, loading: false }),
      (err) => live && setState({ loading: false, problem: err instanceof ApiError && Object.keys(err.fields).length ? "Complete the conditions to see how many users match." : String(err.message ?? err) }),
    );
    return () => {
      live = false;
    };
  }, [pid, key]);
  return (
    <div class="live-count" role="status" aria-live="polite">
      {parsed === null ? <span class="muted">Add a condition to see how many users match.</span> : null}
      {state.problem ? <span class="muted">{state.problem}</span> : null}
      {state.count && !state.problem ? (
        <span>
          <strong data-testid="segment-count">{fmt.count(state.count.matching)}</strong> of {fmt.count(state.count.total)} users match now
          {state.count.estimated ? <span class="muted"> (estimated from the {fmt.count(state.count.scanned)} most recent)</span> : null}
          {state.loading ? <span class="spinner spinner-sm" aria-hidden="true" /> : null}
        </span>
      ) : null}
    </div>
  );
}
