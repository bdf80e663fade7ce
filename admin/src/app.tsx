import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { api, NotFoundError } from "./api";
import { ConfirmDialog } from "./components/Dialog";
import { Icon } from "./components/icons";
import { Button, ErrorBanner, Spinner } from "./components/ui";
import { useResource } from "./hooks";
import { Link, match, navigate, onLeaveRequest, useLocation } from "./router";
import { AcceptInvite, Login } from "./routes/Login";
import { NewProjectDialog } from "./routes/NewProject";
import { ROUTES } from "./routes/table";
import { ProjectContext, SessionContext, type SessionValue, useSession } from "./session";
import { Toasts } from "./toast";
import type { Project, SessionInfo } from "./types";

type State = { status: "loading" } | { status: "anonymous" } | { status: "ready"; info: SessionInfo };

export function App(): JSX.Element {
  const [state, setState] = useState<State>({ status: "loading" });
  const { path } = useLocation();

  const refresh = useCallback(async () => {
    try {
      setState({ status: "ready", info: await api.me() });
    } catch {
      setState({ status: "anonymous" });
    }
  }, []);

  useEffect(() => {
    api.onUnauthorized = () => {
      setState({ status: "anonymous" });
      const { pathname, search } = location;
      if (!pathname.endsWith("/login") && !pathname.endsWith("/invite")) navigate(`/login?next=${encodeURIComponent(pathname.replace(/^\/admin/, "") + search)}`, { force: true });
    };
    void refresh();
  }, [refresh]);

  if (path === "/invite") return <Shell><AcceptInvite onDone={(info) => setState({ status: "ready", info })} /></Shell>;
  if (state.status === "loading") return <div class="boot"><Spinner /></div>;
  if (state.status === "anonymous" || path === "/login") {
    if (state.status === "ready" && path === "/login") {
      const next = new URLSearchParams(location.search).get("next");
      navigate(next && next.startsWith("/") ? next : "/", { replace: true, force: true });
      return <div class="boot"><Spinner /></div>;
    }
    return (
      <Shell>
        <Login onDone={(info) => setState({ status: "ready", info })} />
      </Shell>
    );
  }
  const session: SessionValue = {
    info: state.info,
    refresh,
    logout: async () => {
      await api.logout().catch(() => undefined);
      setState({ status: "anonymous" });
      navigate("/login", { force: true });
    },
  };
  return (
    <SessionContext.Provider value={session}>
      <Shell>
        <Routed path={path} />
      </Shell>
    </SessionContext.Provider>
  );
}

function Shell({ children }: { children: JSX.Element }): JSX.Element {
  return (
    <>
      {children}
      <ConfirmLeave />
      <Toasts />
    </>
  );
}

/** The in-app half of the unsaved-changes guard (router.useUnsavedGuard). */
function ConfirmLeave(): JSX.Element {
  const [pending, setPending] = useState<(() => void) | null>(null);
  useEffect(() => {
    onLeaveRequest((proceed) => setPending(() => proceed));
    return () => onLeaveRequest(null);
  }, []);
  return (
    <ConfirmDialog
      title="Discard unsaved changes?"
      open={pending !== null}
      confirmLabel="Discard changes"
      danger
      onCancel={() => setPending(null)}
      onConfirm={() => {
        const go = pending;
        setPending(null);
        go?.();
      }}
    >
      <p>You have changes that are not saved. Leave this screen and lose them?</p>
    </ConfirmDialog>
  );
}

function Routed({ path }: { path: string }): JSX.Element {
  const { info } = useSession();
  const [creating, setCreating] = useState(false);
  if (path === "/" || path === "") {
    const first = info.projects[0];
    if (first) {
      navigate(`/p/${first.id}/overview`, { replace: true, force: true });
      return <div class="boot"><Spinner /></div>;
    }
    return (
      <main class="welcome">
        <h1>Welcome to Guidewell</h1>
        <p class="muted">Create a project for the app you want to guide users through.</p>
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
          New project
        </Button>
        <NewProjectDialog open={creating} onClose={() => setCreating(false)} />
      </main>
    );
  }
  const found = /^\/p\/(\d+)(\/.*)?$/.exec(path);
  if (!found) return <NotFound />;
  return <ProjectShell pid={Number(found[1])} path={path} />;
}

function ProjectShell({ pid, path }: { pid: number; path: string }): JSX.Element {
  const { data: project, error, setData, reload } = useResource(() => api.project(pid), [pid]);
  const session = useSession();
  if (error) {
    return (
      <Layout pid={pid} path={path} project={null}>
        {error instanceof NotFoundError ? <NotFound /> : <ErrorBanner error={error} onRetry={reload} />}
      </Layout>
    );
  }
  if (!project || project.id !== pid) {
    return (
      <Layout pid={pid} path={path} project={null}>
        <Spinner />
      </Layout>
    );
  }
  const value = {
    project,
    setProject: (next: Project) => {
      setData(next);
      if (next.name !== project.name) void session.refresh();
    },
    canEdit: project.role !== "viewer",
    isOwner: project.role === "owner",
  };
  const sub = path.replace(/^\/p\/\d+/, "") || "/overview";
  let page: JSX.Element = <NotFound />;
  for (const route of ROUTES) {
    const params = match(route.path, sub);
    if (params) {
      page = route.render(params);
      break;
    }
  }
  return (
    <ProjectContext.Provider value={value}>
      <Layout pid={pid} path={path} project={project}>
        {page}
      </Layout>
    </ProjectContext.Provider>
  );
}

const NAV = [
  { href: "overview", label: "Overview", icon: "overview" },
  { href: "flows", label: "Flows", icon: "flows" },
  { href: "experiments", label: "Experiments", icon: "experiments" },
  { href: "segments", label: "Segments", icon: "segments" },
  { href: "install", label: "Install", icon: "install" },
  { href: "settings", label: "Settings", icon: "settings" },
  { href: "members", label: "Members", icon: "members", owner: true },
];

function Layout({ pid, path, project, children }: { pid: number; path: string; project: Project | null; children: JSX.Element }): JSX.Element {
  const { info, logout } = useSession();
  const [creating, setCreating] = useState(false);
  const section = path.split("/")[3] ?? "overview";
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <aside class="sidebar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            <Icon name="check" size={14} />
          </span>
          Guidewell
        </div>
        <div class="project-switch">
          <label class="sr-only" for="project-switch">
            Project
          </label>
          <select
            id="project-switch"
            class="input select"
            value={String(pid)}
            onChange={(e) => {
              const value = (e.target as HTMLSelectElement).value;
              if (value === "new") {
                (e.target as HTMLSelectElement).value = String(pid);
                setCreating(true);
              } else navigate(`/p/${value}/overview`);
            }}
          >
            {info.projects.map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.name}
              </option>
            ))}
            <option value="new">+ New project…</option>
          </select>
        </div>
        <nav aria-label="Main">
          <ul class="nav">
            {NAV.filter((item) => !item.owner || project?.role === "owner").map((item) => (
              <li key={item.href}>
                <Link href={`/p/${pid}/${item.href}`} class={`nav-link ${section === item.href ? "active" : ""}`} aria-current={section === item.href ? "page" : undefined}>
                  <Icon name={item.icon} />
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="sidebar-foot">
          <div class="account">
            <span class="account-email" title={info.account.email}>
              {info.account.email}
            </span>
            {project ? <span class="muted small">{project.role}</span> : null}
          </div>
          <button type="button" class="icon-btn" aria-label="Log out" title="Log out" onClick={() => void logout()}>
            <Icon name="logout" />
          </button>
        </div>
      </aside>
      <main id="main" class="main" tabIndex={-1}>
        {children}
      </main>
      <NewProjectDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function NotFound(): JSX.Element {
  return (
    <div class="page">
      <div class="empty">
        <p class="empty-title">Nothing here</p>
        <p class="empty-text">This page does not exist, or you have no access to it.</p>
        <Link href="/" class="btn btn-secondary btn-md">
          Go to your projects
        </Link>
      </div>
    </div>
  );
}
