// The one REST client of the admin app. It sends the session cookie and, on every
// write, the CSRF token that login and /auth/me answer; it turns the server's
// `{"error": {"code", "message", "fields"}}` into typed errors whose `fields` map a
// path such as `content.steps[2].target` to its messages (shown beside that field).
import type {
  Condition,
  Experiment,
  ExperimentResults,
  EndUser,
  Flow,
  FlowReport,
  FlowTotals,
  FlowStatus,
  FlowSummary,
  Keys,
  Kind,
  Member,
  Overview,
  Page,
  Project,
  ResponsesReport,
  Role,
  Segment,
  SegmentCount,
  SessionInfo,
  Version,
  VersionSummary,
} from "./types";
import type { Link } from "./lib/builder";

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
/** 400: the body was refused; `fields` says where. */
export class ValidationError extends ApiError {}
/** 401: not logged in (or the session ended). */
export class UnauthorizedError extends ApiError {}
/** 403: the role does not allow it, or the CSRF token is stale. */
export class ForbiddenError extends ApiError {}
export class NotFoundError extends ApiError {}
/** 409: e.g. `key_taken`, `flow_was_published`, `variants_locked`. */
export class ConflictError extends ApiError {}
export class RateLimitError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly retryAfter: number | null,
  ) {
    super(status, code, message);
  }
}
/** The server could not be reached (status 0). */
export class NetworkError extends ApiError {}

const BY_STATUS: Record<number, typeof ApiError> = {
  400: ValidationError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
};

/** The typed error for a failed response's status and (parsed) body. */
export function toApiError(status: number, body: unknown, retryAfter: string | null = null): ApiError {
  const error = isErrorBody(body) ? body.error : null;
  const code = error?.code ?? `http_${status}`;
  const message = error?.message ?? fallbackMessage(status);
  if (status === 429) {
    const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
    return new RateLimitError(status, code, message, seconds);
  }
  const fields: FieldErrors = {};
  for (const [path, messages] of Object.entries(error?.fields ?? {})) {
    fields[path] = Array.isArray(messages) ? messages.map(String) : [String(messages)];
  }
  const Kind = BY_STATUS[status] ?? ApiError;
  return new Kind(status, code, message, fields);
}

function isErrorBody(body: unknown): body is { error: { code?: string; message?: string; fields?: Record<string, unknown> } } {
  return typeof body === "object" && body !== null && typeof (body as { error?: unknown }).error === "object";
}

function fallbackMessage(status: number): string {
  if (status >= 500) return `The server failed (${status}). Try again in a moment.`;
  return `The request was refused (${status}).`;
}

// --- field paths -------------------------------------------------------------------------

/** `content.steps[2].target` → `["content", "steps", 2, "target"]`. */
export function parsePath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    parts.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return parts;
}

/** The messages for exactly `path`. */
export function errorsAt(fields: FieldErrors, path: string): string[] {
  return fields[path] ?? [];
}

/** Whether `path` is `prefix` or lies inside it (`a.b` is inside `a`, `a[1]` too; `ab` is not). */
export function isUnder(path: string, prefix: string): boolean {
  if (!prefix) return true;
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === "" || next === "." || next === "[";
}

/** The errors inside `prefix`, keyed by their full paths. */
export function errorsUnder(fields: FieldErrors, prefix: string): FieldErrors {
  const result: FieldErrors = {};
  for (const [path, messages] of Object.entries(fields)) if (isUnder(path, prefix)) result[path] = messages;
  return result;
}

/** `fields` without the errors at or inside `prefix` (the author changed that field). */
export function withoutErrors(fields: FieldErrors, prefix: string): FieldErrors {
  const result: FieldErrors = {};
  for (const [path, messages] of Object.entries(fields)) if (!isUnder(path, prefix)) result[path] = messages;
  return result;
}

// --- the client ----------------------------------------------------------------------------

type Query = Record<string, string | number | boolean | null | undefined>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export interface RangeQuery {
  from?: string;
  to?: string;
}

export class Api {
  csrf = "";
  /** Called on any 401, so the app can send the user to the login screen. */
  onUnauthorized: (() => void) | null = null;

  constructor(
    readonly base = "/api/v1",
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  url(path: string, query?: Query): string {
    return this.base + path + queryString(query);
  }

  async request<T>(method: string, path: string, body?: unknown, query?: Query, retried = false): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = this.csrf;
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, query), {
        method,
        headers,
        credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new NetworkError(0, "network_error", "Cannot reach the server. Check your connection and try again.");
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (response.ok) return parsed as T;
    const error = toApiError(response.status, parsed, response.headers.get("Retry-After"));
    // A token from before a server restart or a re-login in another tab: fetch the
    // current one and try the write once more.
    if (error.code === "csrf_failed" && !retried) {
      const me = await this.request<SessionInfo>("GET", "/auth/me");
      this.csrf = me.csrf_token;
      return this.request<T>(method, path, body, query, true);
    }
    if (error instanceof UnauthorizedError && path !== "/auth/login") this.onUnauthorized?.();
    throw error;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>("GET", path, undefined, query);
  }
  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>("POST", path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PATCH", path, body);
  }
  delete(path: string): Promise<void> {
    return this.request<void>("DELETE", path);
  }

  // --- session ---
  async login(email: string, password: string): Promise<SessionInfo> {
    const session = await this.post<SessionInfo>("/auth/login", { email, password });
    this.csrf = session.csrf_token;
    return session;
  }
  async me(): Promise<SessionInfo> {
    const session = await this.get<SessionInfo>("/auth/me");
    this.csrf = session.csrf_token;
    return session;
  }
  async logout(): Promise<void> {
    await this.post<void>("/auth/logout");
    this.csrf = "";
  }
  async acceptInvite(token: string, password: string, name: string): Promise<SessionInfo> {
    const session = await this.post<SessionInfo>("/auth/accept-invite", { token, password, name });
    this.csrf = session.csrf_token;
    return session;
  }

  // --- projects ---
  projects = (): Promise<Project[]> => this.get("/projects");
  project = (pid: number): Promise<Project> => this.get(`/projects/${pid}`);
  createProject = (name: string): Promise<Project & { keys: Keys }> => this.post("/projects", { name });
  updateProject = (pid: number, changes: Partial<Project>): Promise<Project> => this.patch(`/projects/${pid}`, changes);
  rotateKeys = (pid: number, rotatePublic: boolean): Promise<Keys> =>
    this.post(`/projects/${pid}/keys/rotate`, { public: rotatePublic });

  members = (pid: number): Promise<Member[]> => this.get(`/projects/${pid}/members`);
  addMember = (pid: number, email: string, role: Role): Promise<{ member: Member | null; invitation_url: string | null }> =>
    this.post(`/projects/${pid}/members`, { email, role });
  changeRole = (pid: number, aid: number, role: Role): Promise<Member> =>
    this.patch(`/projects/${pid}/members/${aid}`, { role });
  removeMember = (pid: number, aid: number): Promise<void> => this.delete(`/projects/${pid}/members/${aid}`);

  // --- flows ---
  flows = (pid: number, query: { kind?: Kind | ""; status?: FlowStatus | ""; q?: string; page?: number; per_page?: number } = {}): Promise<Page<FlowSummary>> =>
    this.get(`/projects/${pid}/flows`, query);
  flow = (pid: number, fid: number): Promise<Flow> => this.get(`/projects/${pid}/flows/${fid}`);
  createFlow = (pid: number, body: { kind: Kind; name: string; key?: string }): Promise<Flow> =>
    this.post(`/projects/${pid}/flows`, body);
  updateFlow = (pid: number, fid: number, changes: Partial<Pick<Flow, "name" | "key">> & Partial<Flow["draft"]>): Promise<Flow> =>
    this.patch(`/projects/${pid}/flows/${fid}`, changes);
  deleteFlow = (pid: number, fid: number): Promise<void> => this.delete(`/projects/${pid}/flows/${fid}`);
  flowAction = (pid: number, fid: number, action: "publish" | "unpublish" | "archive" | "duplicate"): Promise<Flow> =>
    this.post(`/projects/${pid}/flows/${fid}/${action}`);
  builderLink = (pid: number, fid: number, url?: string): Promise<Link> =>
    this.post(`/projects/${pid}/flows/${fid}/builder`, url ? { url } : {});
  previewLink = (pid: number, fid: number, url?: string): Promise<Link> =>
    this.post(`/projects/${pid}/flows/${fid}/preview-link`, url ? { url } : {});
  versions = (pid: number, fid: number): Promise<VersionSummary[]> => this.get(`/projects/${pid}/flows/${fid}/versions`);
  version = (pid: number, fid: number, n: number): Promise<Version> => this.get(`/projects/${pid}/flows/${fid}/versions/${n}`);
  restore = (pid: number, fid: number, n: number): Promise<Flow> =>
    this.post(`/projects/${pid}/flows/${fid}/versions/${n}/restore`);

  // --- segments ---
  segments = (pid: number, query: { q?: string; per_page?: number } = {}): Promise<Page<Segment>> =>
    this.get(`/projects/${pid}/segments`, { per_page: 200, ...query });
  segment = (pid: number, sid: number): Promise<Segment> => this.get(`/projects/${pid}/segments/${sid}`);
  createSegment = (pid: number, body: Partial<Segment>): Promise<Segment> => this.post(`/projects/${pid}/segments`, body);
  updateSegment = (pid: number, sid: number, body: Partial<Segment>): Promise<Segment> =>
    this.patch(`/projects/${pid}/segments/${sid}`, body);
  deleteSegment = (pid: number, sid: number): Promise<void> => this.delete(`/projects/${pid}/segments/${sid}`);
  countSegment = (pid: number, condition: Condition): Promise<SegmentCount> =>
    this.post(`/projects/${pid}/segments/count`, { condition });

  // --- experiments ---
  experiments = (pid: number, query: { flow_id?: number; status?: string } = {}): Promise<Page<Experiment>> =>
    this.get(`/projects/${pid}/experiments`, { per_page: 200, ...query });
  experiment = (pid: number, eid: number): Promise<Experiment> => this.get(`/projects/${pid}/experiments/${eid}`);
  createExperiment = (pid: number, body: Partial<Experiment>): Promise<Experiment> =>
    this.post(`/projects/${pid}/experiments`, body);
  updateExperiment = (pid: number, eid: number, body: Partial<Experiment>): Promise<Experiment> =>
    this.patch(`/projects/${pid}/experiments/${eid}`, body);
  experimentAction = (pid: number, eid: number, action: "start" | "stop"): Promise<Experiment> =>
    this.post(`/projects/${pid}/experiments/${eid}/${action}`);
  results = (pid: number, eid: number): Promise<ExperimentResults> =>
    this.get(`/projects/${pid}/experiments/${eid}/results`);

  // --- analytics and users ---
  overview = (pid: number, range: RangeQuery = {}): Promise<Overview> =>
    this.get(`/projects/${pid}/analytics/overview`, { ...range });
  flowsTotals = (pid: number, query: RangeQuery = {}): Promise<{ range: FlowReport["range"]; flows: FlowTotals[] }> =>
    this.get(`/projects/${pid}/analytics/flows`, { ...query });
  flowReport = (pid: number, fid: number, query: RangeQuery & { version?: number; variant?: string } = {}): Promise<FlowReport> =>
    this.get(`/projects/${pid}/analytics/flows/${fid}`, { ...query });
  responses = (pid: number, fid: number, query: RangeQuery & { version?: number; question?: string; page?: number; per_page?: number } = {}): Promise<ResponsesReport> =>
    this.get(`/projects/${pid}/analytics/flows/${fid}/responses`, { ...query });
  responsesCsvUrl = (pid: number, fid: number, query: RangeQuery & { version?: number } = {}): string =>
    this.url(`/projects/${pid}/analytics/flows/${fid}/responses`, { ...query, format: "csv" });
  users = (pid: number, query: { q?: string; page?: number; per_page?: number } = {}): Promise<Page<EndUser>> =>
    this.get(`/projects/${pid}/users`, query);
}

/** The app's client. Tests build their own `Api` with a fake fetch. */
export const api = new Api();
