// The flow editor: content of every kind, targeting, theme and version history, with
// the SDK's live preview beside it, save, publish (with what changed) and restore.
import type { JSX } from "preact";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, type FieldErrors, isUnder, parsePath, withoutErrors } from "../../api";
import { ConfirmDialog } from "../../components/Dialog";
import { Icon } from "../../components/icons";
import { Badge, Banner, Button, Card, ErrorBanner, Errors, PageHeader, ReadOnly, readable, Spinner, StatusBadge, TextField } from "../../components/ui";
import { useResource } from "../../hooks";
import { fromModel, type GroupNode, toModel } from "../../lib/audience";
import { canonical } from "../../lib/diff";
import { kindLabel } from "../../lib/kinds";
import { mergeTheme } from "../../lib/theme";
import { Link, navigate, setQuery, useLocation, useUnsavedGuard } from "../../router";
import { useProject } from "../../session";
import { toast } from "../../toast";
import type { Draft, Flow } from "../../types";
import { BuilderButtons, PickContext, pickOnPage } from "./Builder";
import { ContentEditor } from "./kinds";
import { Preview } from "./Preview";
import { ErrorsProbe } from "./probe";
import { History, PublishDialog } from "./Publish";
import { TargetingEditor } from "./TargetingEditor";
import { ThemeEditor } from "./ThemeEditor";

const TABS = [
  { id: "content", label: "Content" },
  { id: "targeting", label: "Targeting" },
  { id: "theme", label: "Theme" },
  { id: "history", label: "Versions" },
] as const;
type Tab = (typeof TABS)[number]["id"];

const LIST_KEYS: Record<string, string> = { tour: "steps", hotspot: "hotspots", questionnaire: "questions", checklist: "items" };

export function FlowEditor({ fid }: { fid: number }): JSX.Element {
  const { project } = useProject();
  const flow = useResource(() => api.flow(project.id, fid), [project.id, fid]);
  if (flow.error) return <div class="page"><ErrorBanner error={flow.error} onRetry={flow.reload} /></div>;
  if (!flow.data) return <div class="page"><Spinner /></div>;
  return <Editor initial={flow.data} />;
}

interface Working {
  name: string;
  key: string;
  draft: Draft;
}

const working = (flow: Flow): Working => ({ name: flow.name, key: flow.key, draft: flow.draft });

function Editor({ initial }: { initial: Flow }): JSX.Element {
  const { project, canEdit } = useProject();
  const pid = project.id;
  const { query } = useLocation();
  const tab = (TABS.some((t) => t.id === query.get("tab")) ? query.get("tab") : "content") as Tab;
  const [saved, setSaved] = useState<Flow>(initial);
  const [work, setWork] = useState<Working>(working(initial));
  const [audience, setAudience] = useState<GroupNode>(() => toModel(initial.draft.targeting.audience));
  const [everyone, setEveryone] = useState(initial.draft.targeting.audience === null);
  const [selected, setSelected] = useState(0);
  const previewIndexRef = useRef(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<"" | "save" | "publish" | "action">("");
  const [publishing, setPublishing] = useState(false);
  const [confirm, setConfirm] = useState<null | { title: string; body: string; label: string; danger?: boolean; run: () => Promise<void> }>(null);

  const segments = useResource(() => api.segments(pid).then((p) => p.items), [pid]);
  const flowKeys = useResource(() => api.flows(pid, { per_page: 200 }).then((p) => p.items.map((f) => f.key).filter((k) => k !== initial.key)), [pid]);
  const traits = useResource(
    () => api.users(pid, { per_page: 100 }).then((p) => [...new Set(p.items.flatMap((u) => Object.keys(u.traits)))].sort()),
    [pid],
  );

  const dirty = useMemo(() => canonical(work) !== canonical(working(saved)), [work, saved]);
  useUnsavedGuard(dirty && canEdit);

  const load = (flow: Flow): void => {
    setSaved(flow);
    setWork(working(flow));
    setAudience(toModel(flow.draft.targeting.audience));
    setEveryone(flow.draft.targeting.audience === null);
  };

  const editDraft = (change: Partial<Draft>, path?: string): void => {
    setWork((w) => ({ ...w, draft: { ...w.draft, ...change } }));
    if (path) setErrors((e) => withoutErrors(e, path));
  };
  const setAudienceModel = (root: GroupNode, all = everyone): void => {
    setAudience(root);
    setEveryone(all);
    setWork((w) => ({ ...w, draft: { ...w.draft, targeting: { ...w.draft.targeting, audience: all ? null : fromModel(root) } } }));
    setErrors((e) => withoutErrors(e, "targeting.audience"));
  };

  const showErrors = (error: ApiError): void => {
    setFailure(error);
    setErrors(error.fields);
    const first = Object.keys(error.fields)[0];
    if (!first) return;
    const [area, list, index] = parsePath(first);
    const nextTab = area === "targeting" ? "targeting" : area === "theme" ? "theme" : "content";
    if (nextTab !== tab) setQuery({ tab: nextTab === "content" ? null : nextTab });
    if (area === "content" && list === LIST_KEYS[saved.kind] && typeof index === "number") setSelected(index);
  };

  const save = useCallback(async (): Promise<Flow | null> => {
    if (!dirty) return saved;
    setBusy("save");
    setFailure(null);
    try {
      const body: Parameters<typeof api.updateFlow>[2] = { name: work.name, ...work.draft };
      if (work.key !== saved.key) body.key = work.key;
      const flow = await api.updateFlow(pid, saved.id, body);
      load(flow);
      setErrors({});
      toast("Draft saved");
      return flow;
    } catch (error) {
      if (error instanceof ApiError) showErrors(error);
      else setFailure(new ApiError(0, "error", String(error)));
      return null;
    } finally {
      setBusy("");
    }
  }, [dirty, work, saved, pid, tab]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        if (canEdit) void save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [save, canEdit]);

  // Back from the builder tab: show what it saved, unless this tab has edits of its own.
  useEffect(() => {
    const onFocus = (): void => {
      if (dirty) return;
      api.flow(pid, saved.id).then((flow) => {
        if (flow.updated_at !== saved.updated_at) {
          load(flow);
          toast("Draft updated from the builder");
        }
      }, () => {});
    };
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, [dirty, pid, saved]);

  const pickable = canEdit && (saved.kind === "tour" || saved.kind === "hotspot");
  const pick = pickable ? () => pickOnPage(pid, saved.id, previewIndexRef.current, project.app_url) : null;

  const openPublish = async (): Promise<void> => {
    const flow = await save();
    if (flow) setPublishing(true);
  };
  const publish = async (): Promise<void> => {
    setBusy("publish");
    try {
      const flow = await api.flowAction(pid, saved.id, "publish");
      load(flow);
      setPublishing(false);
      toast(`Published version ${flow.live_version}`);
    } catch (error) {
      setPublishing(false);
      if (error instanceof ApiError) showErrors(error);
    } finally {
      setBusy("");
    }
  };
  const action = (kind: "unpublish" | "archive" | "duplicate" | "delete"): void => {
    const texts = {
      unpublish: { title: "Unpublish this flow?", body: "Users stop seeing it; a running experiment on it stops. The draft and versions stay.", label: "Unpublish", danger: true },
      archive: { title: "Archive this flow?", body: "It stops showing and leaves the default list. Its analytics stay.", label: "Archive", danger: true },
      duplicate: { title: "Duplicate this flow?", body: "A new draft flow with a copy of this draft (saved changes only).", label: "Duplicate" },
      delete: { title: "Delete this flow?", body: "It was never published, so nothing else refers to it. This cannot be undone.", label: "Delete", danger: true },
    }[kind];
    setConfirm({
      ...texts,
      run: async () => {
        if (kind === "delete") {
          await api.deleteFlow(pid, saved.id);
          toast("Flow deleted");
          navigate(`/p/${pid}/flows`, { force: true });
          return;
        }
        const flow = await api.flowAction(pid, saved.id, kind);
        if (kind === "duplicate") {
          toast("Copy created");
          navigate(`/p/${pid}/flows/${flow.id}`);
        } else {
          load({ ...flow, draft: flow.draft });
          toast(kind === "archive" ? "Flow archived" : "Flow unpublished");
        }
      },
    });
  };
  const restore = (n: number): void =>
    setConfirm({
      title: `Restore version ${n} to the draft?`,
      body: dirty ? "Your unsaved changes will be replaced. Publish afterwards to roll back." : "The draft becomes a copy of that version. Publish afterwards to roll back.",
      label: "Restore",
      run: async () => {
        const flow = await api.restore(pid, saved.id, n);
        load(flow);
        setQuery({ tab: null });
        toast(`Version ${n} restored to the draft`);
      },
    });

  const errorCount = Object.keys(errors).length;
  const listKey = LIST_KEYS[saved.kind];
  const items = listKey ? ((work.draft.content as unknown as Record<string, unknown[]>)[listKey] ?? []) : [];
  const previewIndex = Math.min(selected, Math.max(0, items.length - 1));
  previewIndexRef.current = previewIndex;
  const previewLabel = listKey ? `${kindLabel(saved.kind)} · ${listKey === "steps" ? "step" : listKey.slice(0, -1)} ${previewIndex + 1} of ${items.length}` : kindLabel(saved.kind);
  const neverPublished = saved.latest_version === 0;
  const probe = (path: string): boolean => Object.keys(errors).some((p) => isUnder(p, `content.${path}`));

  return (
    <div class="page page-wide editor">
      <PageHeader
        title={
          <>
            {work.name || "Untitled"} {dirty ? <span class="dirty-dot" title="Unsaved changes" aria-label="Unsaved changes" /> : null}
          </>
        }
        subtitle={
          <span class="meta-line">
            <span>{kindLabel(saved.kind)}</span>
            <span class="mono">{saved.key}</span>
            <StatusBadge status={saved.status} />
            {saved.live_version ? <span>v{saved.live_version} live</span> : null}
            {saved.has_unpublished_changes && saved.live_version ? <Badge tone="warning">unpublished changes</Badge> : null}
          </span>
        }
        actions={
          <>
            <Link href={`/p/${pid}/flows/${saved.id}/analytics`} class="btn btn-ghost btn-md">
              <Icon name="chart" /> Analytics
            </Link>
            {canEdit ? (
              <>
                <BuilderButtons pid={pid} fid={saved.id} appUrl={project.app_url} beforeOpen={async () => !dirty || (await save()) !== null} />
                <details class="menu">
                  <summary class="btn btn-secondary btn-md">More</summary>
                  <div
                    class="menu-list"
                    role="menu"
                    onClick={(e) => ((e.currentTarget as HTMLElement).closest("details") as HTMLDetailsElement).removeAttribute("open")}
                  >
                    <button type="button" role="menuitem" onClick={() => action("duplicate")}>
                      Duplicate
                    </button>
                    {saved.status === "published" ? (
                      <button type="button" role="menuitem" onClick={() => action("unpublish")}>
                        Unpublish
                      </button>
                    ) : null}
                    {saved.status !== "archived" ? (
                      <button type="button" role="menuitem" onClick={() => action("archive")}>
                        Archive
                      </button>
                    ) : null}
                    {neverPublished ? (
                      <button type="button" role="menuitem" class="danger" onClick={() => action("delete")}>
                        Delete
                      </button>
                    ) : null}
                  </div>
                </details>
                <Button variant={dirty ? "primary" : "secondary"} busy={busy === "save"} disabled={!dirty} onClick={() => void save()} title="Save draft (Ctrl+S)">
                  {dirty ? "Save draft" : "Saved"}
                </Button>
                <Button variant="primary" busy={busy === "publish"} onClick={() => void openPublish()} disabled={!dirty && !saved.has_unpublished_changes}>
                  Publish
                </Button>
              </>
            ) : null}
          </>
        }
      />
      {!canEdit ? <Banner tone="info">View only: your role in this project is viewer. Ask an owner for editor access to change flows.</Banner> : null}
      {failure ? (
        <div class="banner banner-danger" role="alert">
          <Icon name="warning" />
          <div>
            <strong>{errorCount ? `${errorCount} ${errorCount === 1 ? "field needs" : "fields need"} attention` : failure.message}</strong>
            {errorCount ? (
              <ul class="error-list">
                {Object.entries(errors).map(([path, messages]) => (
                  <li key={path}>
                    <span class="mono">{readable(path)}</span>: {messages.join(" ")}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
      <nav class="tabs" aria-label="Flow sections">
        {TABS.map((t) => (
          <a
            key={t.id}
            href={`?tab=${t.id}`}
            class={`tab ${tab === t.id ? "active" : ""}`}
            aria-current={tab === t.id ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              setQuery({ tab: t.id === "content" ? null : t.id });
            }}
          >
            {t.label}
            {Object.keys(errors).some((p) => p.startsWith(t.id === "content" ? "content" : t.id)) ? <span class="tab-error" aria-label="has errors">!</span> : null}
          </a>
        ))}
      </nav>
      <div class={`editor-grid ${tab === "history" ? "no-preview" : ""}`}>
        <div class="editor-main">
          <ReadOnly.Provider value={!canEdit}>
          <fieldset class="plain" disabled={!canEdit}>
            <legend class="sr-only">{TABS.find((t) => t.id === tab)?.label}</legend>
            {tab === "content" ? (
              <div class="stack">
                <Errors errors={errors} prefix="">
                  <div class="grid-2">
                    <TextField label="Name" name="name" value={work.name} onValue={(name) => setWork((w) => ({ ...w, name }))} />
                    <TextField label="Key" name="key" class="mono" disabled={!neverPublished} hint={neverPublished ? "Used by guidewell.show(key) and start-flow buttons." : "Fixed once published."} value={work.key} onValue={(key) => setWork((w) => ({ ...w, key }))} />
                  </div>
                </Errors>
                <ErrorsProbe.Provider value={probe}>
                  <PickContext.Provider value={pick}>
                  <Errors errors={errors} prefix="content">
                    <ContentEditor
                      kind={saved.kind}
                      content={work.draft.content}
                      onChange={(content) => editDraft({ content })}
                      selected={previewIndex}
                      onSelect={setSelected}
                      disabled={!canEdit}
                      flowKeys={flowKeys.data ?? []}
                    />
                  </Errors>
                  </PickContext.Provider>
                </ErrorsProbe.Provider>
              </div>
            ) : null}
            {tab === "targeting" ? (
              <Errors errors={errors} prefix="targeting">
                <TargetingEditor
                  targeting={work.draft.targeting}
                  onChange={(targeting) => editDraft({ targeting })}
                  audience={audience}
                  onAudience={(root) => setAudienceModel(root)}
                  everyone={everyone}
                  onEveryone={(all) => setAudienceModel(audience, all)}
                  segments={segments.data ?? []}
                  traits={traits.data ?? []}
                  appUrl={project.app_url}
                  disabled={!canEdit}
                />
              </Errors>
            ) : null}
            {tab === "theme" ? (
              <Card title="Theme of this flow">
                <p class="muted">Fields left empty use the project's theme (Settings).</p>
                <Errors errors={errors} prefix="theme">
                  <ThemeEditor theme={work.draft.theme} base={mergeTheme(project.theme, {})} inheritLabel="project default" onChange={(theme) => editDraft({ theme }, "theme")} />
                </Errors>
              </Card>
            ) : null}
          </fieldset>
          </ReadOnly.Provider>
          {tab === "history" ? <History pid={pid} flow={saved} canEdit={canEdit} onRestore={restore} /> : null}
        </div>
        {tab !== "history" ? (
          <aside class="editor-preview" aria-label="Preview">
            <Preview flow={saved} draft={work.draft} projectTheme={project.theme} step={previewIndex} label={previewLabel} />
          </aside>
        ) : null}
      </div>
      <PublishDialog pid={pid} open={publishing} flow={saved} draft={saved.draft} segments={segments.data ?? []} busy={busy === "publish"} onClose={() => setPublishing(false)} onPublish={() => void publish()} />
      <ConfirmDialog
        title={confirm?.title ?? ""}
        open={confirm !== null}
        confirmLabel={confirm?.label ?? ""}
        danger={confirm?.danger}
        busy={busy === "action"}
        onCancel={() => setConfirm(null)}
        onConfirm={async () => {
          if (!confirm) return;
          setBusy("action");
          try {
            await confirm.run();
          } catch (error) {
            toast(error instanceof Error ? error.message : String(error), "error");
          } finally {
            setBusy("");
            setConfirm(null);
          }
        }}
      >
        <p>{confirm?.body}</p>
      </ConfirmDialog>
    </div>
  );
}
