import { backoff } from "../net/backoff";
import { eventQueue, type EventQueue } from "../net/queue";
import { transport, type Transport } from "../net/transport";
import { deviceMatches } from "../targeting/device";
import { pageMatches, ruleMatches } from "../targeting/page-rules";
import { byPriority } from "../targeting/select";
import { watchUrl } from "../targeting/spa";
import { triggerFires, type Signal } from "../targeting/triggers";
import type { Button, EventType, Flow, Kind, SdkEvent, SessionAnswer } from "../types";
import type { Guide, GuideContext, Renderer } from "../ui/guide";
import { mountRoot } from "../ui/root";
import { disposer, liveResources, type Disposer } from "./disposer";
import { emitter } from "./emitter";
import { identity, type Identity } from "./identity";
import { consoleLog, guard, quiet, type Log } from "./log";
import { store } from "./storage";
import { uuid } from "./uuid";

export interface InitOptions {
  /** The project's public key, gw_pub_… */
  key: string;
  /** The Guidewell server's origin; defaults to where the script came from. */
  api?: string;
  /** For a strict Content-Security-Policy: put on the SDK's <style> and <script> elements. */
  nonce?: string;
  debug?: boolean;
}

interface Active {
  flow: Flow;
  d: Disposer;
  guide?: Guide;
  reported?: boolean;
}

export type LoadRenderer = (kind: Kind) => Renderer | Promise<Renderer>;

const SESSION_ATTEMPTS = 8;
const RESUME_MAX_AGE_MS = 24 * 3600_000;

/**
 * One Guidewell client: the public API's state and the decisions the SDK makes in the
 * browser (DESIGN §5): page rules, triggers, device, delay, one blocking guide at a
 * time by priority, once per session. Everything it starts on the page is on `life`,
 * everything a guide starts on that guide's disposer.
 */
export function createClient(loadRenderer: LoadRenderer, hold?: (options: InitOptions) => void) {
  const local = store("localStorage");
  const session = store("sessionStorage");
  let log: Log = quiet;
  let options: InitOptions | undefined;
  let life: Disposer;
  let net: Transport;
  let queue: EventQueue;
  let user: Identity;
  let traits: Record<string, unknown> | undefined;
  let flows: Flow[] = [];
  let completed = new Set<string>();
  let ready = false;
  let requested = false;
  let sequence = 0; // answers apply in request order: a late session answer never undoes identify
  let applied = 0;
  let budget: number | null = null; // from the server: new blocking guides allowed
  let started = 0; // new blocking guides started in this page's life
  const active = new Map<number, Active>();
  const pending = new Map<number, () => void>();
  const events = emitter((message, detail) => log(message, detail));

  const href = (): string => location.href.slice(0, 2000);
  const sessionList = (name: string): number[] => session.get<number[]>(name, []);
  /** Adds `id` to a per-session list; false when it was there already. */
  const once = (name: string, id: number): boolean => {
    const list = sessionList(name);
    if (list.includes(id)) return false;
    session.set(name, [...list, id]);
    return true;
  };
  const doneKey = (): string => "done:" + (user.id ?? user.anonymousId);
  const each = (fn: (entry: Active) => void): void => active.forEach(fn);

  function send(type: EventType, fields: Partial<SdkEvent> = {}): void {
    const event: SdkEvent = { id: uuid(), type, ts: Date.now(), ...fields, url: href() };
    hold || queue.push({ e: event, u: user.envelope() }); // held: nothing is counted
    events.emit(type, event);
  }

  function sendFor(flow: Flow, type: EventType, step?: number, props?: Record<string, unknown>): void {
    send(type, { flow: flow.id, version: flow.version, variant: flow.variant ?? undefined, step, props });
  }

  const fetchFlows = (path: "session" | "identify", attempt = 0): void => {
    request(path, attempt).catch((error) => log("error", error));
  };

  async function request(path: "session" | "identify", attempt: number): Promise<void> {
    const mine = ++sequence;
    const reply = await net.post(path, {
      key: options!.key,
      user: { ...user.envelope(), traits },
      url: href(),
      locale: navigator.language,
      viewport: { width: innerWidth, height: innerHeight },
    });
    const { status } = reply;
    if (life.disposed) return;
    if (status > 199 && status < 300) {
      traits = undefined;
      if (mine > applied) {
        applied = mine;
        apply(reply.body || {});
      }
    } else if ((!status || status === 429 || status > 499) && attempt < SESSION_ATTEMPTS) {
      life.timeout(() => fetchFlows(path, attempt + 1), reply.retryAfter ?? backoff(attempt + 1));
    } else {
      log(path + " refused: " + status, reply.body);
    }
  }

  function apply(answer: SessionAnswer): void {
    flows = Array.isArray(answer.flows) ? answer.flows : [];
    completed = new Set([
      ...local.get<string[]>(doneKey(), []),
      ...(answer.completed_flows || []),
      ...flows.filter((flow) => flow.progress?.status === "completed").map((flow) => flow.key),
    ]);
    queue.start(answer.settings);
    budget = answer.settings?.blocking_budget ?? null;
    if (!ready) events.emit("ready");
    ready = true;
    each((entry) => entry.guide?.refresh?.());
    // Fetch the renderers this page may need now, while triggers and delays run.
    for (const flow of flows) {
      if (flow.content && pageMatches(flow.pages, href())) Promise.resolve(loadRenderer(flow.kind)).catch(quiet);
    }
    resume();
    evaluate({ type: "page" });
  }

  /** Starts the flows that `signal` triggers and that suit this page, by priority. */
  function evaluate(signal: Signal): void {
    if (!ready) return;
    const seen = sessionList("seen");
    const suits = (flow: Flow): boolean => deviceMatches(flow.device, innerWidth) && pageMatches(flow.pages, href());
    flows
      .filter(
        (flow) =>
          triggerFires(flow.trigger, signal) &&
          !active.has(flow.id) &&
          !pending.has(flow.id) &&
          (flow.frequency.type === "always" || !seen.includes(flow.id)) &&
          suits(flow),
      )
      .sort(byPriority)
      .forEach((flow) => {
        if (flow.delay_ms <= 0) return begin(flow);
        pending.set(
          flow.id,
          life.timeout(() => {
            pending.delete(flow.id);
            if (suits(flow)) begin(flow); // still on a page, and a screen, the flow is for?
          }, flow.delay_ms),
        );
      });
  }

  const blocking = (): Active | undefined => Array.from(active.values()).find((entry) => entry.flow.blocking);
  const close = (entry: Active): void => (entry.guide ? entry.guide.dismiss() : finish(entry));

  /**
   * Shows `flow` unless a blocking guide holds the screen (a manual `show()` takes it
   * over). `resumeAt`: the step a tour continues at after a page load, without a new
   * flow_shown.
   */
  function begin(flow: Flow, manual?: boolean, resumeAt?: number): void {
    if (active.has(flow.id)) return;
    const current = blocking();
    if (flow.blocking && current) {
      if (!manual) return;
      close(current);
    }
    const progress = flow.progress;
    const resuming = resumeAt != null || progress?.status === "shown" || progress?.status === "in_progress";
    // The server's fatigue budget: how many new blocking guides may start in this page's life.
    if (flow.blocking && !manual && !resuming && budget != null && started >= budget) return;
    if (flow.blocking && !manual && !resuming) started++;
    if (flow.experiment && once("exposed", flow.id)) sendFor(flow, "experiment_exposed");
    once("seen", flow.id);
    if (flow.holdout || !flow.content) return; // the holdout sees nothing; its exposure is recorded
    const entry: Active = { flow, d: disposer(log) };
    active.set(flow.id, entry);
    let start = resumeAt ?? 0;
    if (resumeAt == null) {
      if (!manual && progress && (progress.status === "shown" || progress.status === "in_progress")) start = progress.step;
      sendFor(flow, "flow_shown", start);
    }
    Promise.resolve(loadRenderer(flow.kind))
      .then((render) => {
        if (!entry.d.disposed) entry.guide = render(contextFor(entry, start));
      })
      .catch((error) => {
        log("could not show " + flow.key, error);
        finish(entry);
      });
  }

  function finish(entry: Active): void {
    if (active.get(entry.flow.id) === entry) active.delete(entry.flow.id);
    entry.d.dispose();
  }

  /** Continues the tour the user was in when the page reloaded or navigated. */
  function resume(): void {
    const record = local.get<{ f: number; v: number; s: number; t: number } | null>("tour", null);
    if (!record) return;
    const flow = flows.find((f) => f.id === record.f && f.version === record.v);
    if (!flow || Date.now() - record.t > RESUME_MAX_AGE_MS) {
      if (!active.has(record.f)) local.remove("tour");
    } else if (!active.has(flow.id) && !blocking()) {
      begin(flow, false, record.s);
    }
  }

  const saveStep = (flow: Flow, step: number | null): void =>
    step == null ? local.remove("tour") : local.set("tour", { f: flow.id, v: flow.version, s: step, t: Date.now() });

  /** The bridge a renderer gets for one live guide (see ui/guide.ts). */
  function contextFor(entry: Active, start: number): GuideContext {
    const { flow, d } = entry;
    const tour = flow.kind === "tour";
    const memoryKey = (): string => `m:${flow.id}:${user.id ?? user.anonymousId}`;
    const report = (outcome: "completed" | "dismissed", step?: number): void => {
      if (entry.reported) return;
      entry.reported = true;
      sendFor(flow, outcome === "completed" ? "flow_completed" : "flow_dismissed", step);
      if (tour) saveStep(flow, null);
      if (outcome === "completed") {
        completed.add(flow.key);
        local.set(doneKey(), [...completed].slice(-200));
        each((other) => other.guide?.refresh?.());
      }
    };
    return {
      flow,
      content: flow.content!,
      d,
      start,
      preview: false,
      mount: (css) => mountRoot(d, { theme: flow.theme, css, nonce: options!.nonce }),
      emit: (type, step, props) => sendFor(flow, type, step, props),
      report,
      end(outcome, step) {
        if (outcome) report(outcome, step);
        // Ended without an outcome (a target went missing): the server still has the
        // tour in progress and resumes it next session; this page load lets it be.
        if (tour) saveStep(flow, null);
        finish(entry);
      },
      act(button: Button, step: number) {
        const { label, action } = button;
        const target = button.flow ?? button.url ?? button.event;
        sendFor(flow, "cta_clicked", step, { label, action, target });
        if (action === "track") client.track(button.event!);
        if (action === "start_flow") client.show(button.flow!);
        if (action === "url") open(button.url!, button.new_tab);
      },
      save: (step) => saveStep(flow, step),
      pageOk: (rule) => (rule ? ruleMatches(rule, href()) : pageMatches(flow.pages, href())),
      completed: (key) => completed.has(key),
      memory: { get: () => local.get(memoryKey(), null), set: (value) => local.set(memoryKey(), value) },
      show: (key) => client.show(key),
      log,
    };
  }

  function onUrl(): void {
    send("page_viewed");
    each((entry) => {
      const { flow } = entry;
      if (flow.kind === "tour" || pageMatches(flow.pages, href())) return entry.guide?.url?.();
      // A banner or hotspots of another page: gone here, back on a page they are for.
      finish(entry);
      session.set("seen", sessionList("seen").filter((id) => id !== flow.id));
    });
    evaluate({ type: "page" });
  }

  function run(): void {
    if (requested) return;
    requested = true;
    life.add(watchUrl(window, guard(log, onUrl)));
    life.on<MouseEvent>(
      document,
      "click",
      (event) => {
        const path = event.composedPath();
        if (!path.some((node) => (node as Element).tagName === "GW-ROOT")) evaluate({ type: "click", path });
      },
      true,
    );
    queue.start();
    send("page_viewed");
    fetchFlows("session");
  }

  const client = {
    init(init: InitOptions): void {
      if (options) return log("init called twice");
      if (!init?.key) return consoleLog("init needs a key");
      options = init;
      log = init.debug ? consoleLog : quiet;
      life = disposer(log);
      net = transport(init.api ?? "");
      user = identity(local);
      queue = eventQueue({ key: init.key, transport: net, store: local, log });
      life.on(window, "pagehide", queue.unload);
      life.on(document, "visibilitychange", () => document.hidden && queue.unload());
      life.on(window, "online", queue.flush);
      // After the calls queued with it (identify above all): the first session
      // request then already names the user. Held (builder mode, a preview link):
      // nothing runs, nothing is counted; the builder takes the page.
      Promise.resolve().then(guard(log, hold ? () => hold(init) : run));
    },

    identify(id: string | number, newTraits?: Record<string, unknown>, extra?: { userHash?: string }): void {
      if (!options || id == null || id === "") return log("identify needs an id");
      const changed = user.set(String(id), extra?.userHash);
      if (newTraits) traits = { ...traits, ...newTraits };
      if (requested && (changed || newTraits)) fetchFlows("identify");
    },

    track(name: string, props?: Record<string, unknown>): void {
      if (!options) return;
      name = String(name);
      const event: Partial<SdkEvent> = { name };
      try {
        // A copy that is plain JSON now: no cycles, no functions, no later mutation.
        if (props) event.props = JSON.parse(JSON.stringify(props));
      } catch {
        log("track props not JSON: " + name);
      }
      send("track", event);
      each((entry) => entry.guide?.event?.(name));
      evaluate({ type: "event", name });
    },

    page(): void {
      if (options) onUrl();
    },

    show(key: string): void {
      const flow = flows.find((f) => f.key === key);
      if (!flow) log("show: no flow " + key);
      else begin(flow, true);
    },

    dismiss(): void {
      each(close);
    },

    reset(): void {
      if (!options) return;
      each(finish);
      pending.forEach((cancel) => cancel());
      pending.clear();
      session.remove("seen");
      session.remove("exposed");
      local.remove("tour");
      user.reset();
      traits = undefined;
      flows = [];
      ready = false;
      if (requested) fetchFlows("session");
    },

    on: events.on,
    off: events.off,
    _log: (message: string, detail?: unknown) => log(message, detail),
    _nonce: () => options?.nonce,
    /** Ends every guide and undoes everything the client did to the page (tests). */
    _stop(): void {
      each(finish);
      life?.dispose();
    },
    /** For tests and debugging: what is still alive. */
    _debug: () => ({
      resources: liveResources(),
      active: Array.from(active.values(), (entry) => entry.flow.key),
      queued: queue?.size() ?? 0,
      ready,
    }),
  };
  return client;
}

/** Opens a link from a guide: a new tab without access back to this page, or here. */
function open(url: string, newTab?: boolean): void {
  if (newTab) window.open(url, "_blank", "noopener");
  else location.assign(url);
}

export type Client = ReturnType<typeof createClient>;
