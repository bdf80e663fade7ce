import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import { Dialog } from "../../components/Dialog";
import { Badge, Banner, Button, EmptyState, ErrorBanner, Spinner } from "../../components/ui";
import { useResource } from "../../hooks";
import { type Change, diffDraft } from "../../lib/diff";
import * as fmt from "../../lib/format";
import type { Draft, Flow, Segment, Version } from "../../types";

/** What publishing would change, against `GET …/versions/{live}`; then publish. */
export function PublishDialog({ pid, open, flow, draft, segments, onClose, onPublish, busy }: { pid: number; open: boolean; flow: Flow; draft: Draft; segments: Segment[]; onClose: () => void; onPublish: () => void; busy: boolean }): JSX.Element | null {
  const [live, setLive] = useState<Version | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!open) return;
    setLive(undefined);
    setError(null);
    if (flow.live_version === null) setLive(null);
    else api.version(pid, flow.id, flow.live_version).then(setLive, setError);
  }, [open, pid, flow.id, flow.live_version]);
  const name = (id: number): string => `“${segments.find((s) => s.id === id)?.name ?? `segment #${id}`}”`;
  const changes = live === undefined ? null : diffDraft(flow.kind, live, draft, name);
  const nothing = changes !== null && changes.length === 0;
  return (
    <Dialog
      title={flow.live_version ? `Publish version ${flow.latest_version + 1}` : "Publish for the first time"}
      open={open}
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={changes === null || nothing} onClick={onPublish}>
            Publish now
          </Button>
        </>
      }
    >
      {error ? <ErrorBanner error={error} /> : null}
      {changes === null && !error ? <Spinner label="Comparing with the live version…" /> : null}
      {nothing ? <EmptyState title="No changes">The draft is the same as live version {flow.live_version}.</EmptyState> : null}
      {changes && changes.length ? (
        <div class="stack">
          <p class="muted">{flow.live_version ? `Changes since live version ${flow.live_version}:` : "Users who match the targeting will start seeing this flow."}</p>
          <ChangeList changes={changes} />
          <Banner tone="info">Publishing makes a new immutable version; events name their version, so analytics of earlier versions stay intact. You can restore any version later.</Banner>
        </div>
      ) : null}
    </Dialog>
  );
}

const TONE = { added: "success", removed: "danger", changed: "accent", moved: "neutral" } as const;

export function ChangeList({ changes }: { changes: Change[] }): JSX.Element {
  const areas: Change["area"][] = ["content", "targeting", "theme"];
  return (
    <div class="changes" data-testid="publish-changes">
      {areas.map((area) => {
        const items = changes.filter((c) => c.area === area);
        if (!items.length) return null;
        return (
          <section key={area}>
            <h3 class="changes-area">{area === "content" ? "Content" : area === "targeting" ? "Targeting" : "Theme"}</h3>
            <ul>
              {items.map((c, i) => (
                <li key={i}>
                  <Badge tone={TONE[c.type]}>{c.type}</Badge> <span>{c.label}</span>
                  {c.detail ? <div class="muted small change-detail">{c.detail}</div> : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

export function History({ pid, flow, canEdit, onRestore }: { pid: number; flow: Flow; canEdit: boolean; onRestore: (n: number) => void }): JSX.Element {
  const versions = useResource(() => api.versions(pid, flow.id), [pid, flow.id, flow.latest_version, flow.live_version]);
  if (versions.error) return <ErrorBanner error={versions.error} onRetry={versions.reload} />;
  if (!versions.data) return <Spinner />;
  if (!versions.data.length) return <EmptyState title="Not published yet">Each publish keeps an immutable version here; restore one to roll back.</EmptyState>;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Published</th>
            <th scope="col">By</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.data.map((v) => (
            <tr key={v.number}>
              <td>
                v{v.number} {v.is_live ? <Badge tone="success">live</Badge> : null}
              </td>
              <td>{fmt.dateTime(v.published_at)}</td>
              <td>{v.published_by ?? "API key"}</td>
              <td class="actions">
                {canEdit ? (
                  <Button size="sm" icon="history" onClick={() => onRestore(v.number)}>
                    Restore to draft
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
