import { afterEach, describe, expect, it, vi } from "vitest";
import type { AnnouncementContent, Flow } from "../src/types";
import { makeFlow, makeTour } from "./factories";
import { tick } from "./harness";
import { fakeServer, startClient } from "./server";

const banner = (overrides: Partial<Flow<AnnouncementContent>> = {}) =>
  makeFlow<AnnouncementContent>("announcement", { format: "banner", position: "top", title: "New", body: "", image: null, buttons: [], dismissible: true }, { blocking: false, ...overrides });

const shown = (server: ReturnType<typeof fakeServer>) =>
  server.events.filter((event) => event.type === "flow_shown").map((event) => event.flow);

afterEach(() => history.replaceState(null, "", "/"));

describe("session", () => {
  it("asks for flows with the key, an anonymous id, the page, locale and viewport", async () => {
    const server = fakeServer();
    await startClient(server);
    const { body } = server.requests.find((request) => request.path === "session")!;
    expect(body).toMatchObject({ key: "gw_pub_test", url: location.href, locale: navigator.language });
    expect(body.user.anonymous_id).toMatch(/^[\w-]{8,64}$/);
    expect(body.viewport).toEqual({ width: innerWidth, height: innerHeight });
  });

  it("names the user in the first request when identify was queued with init", async () => {
    const server = fakeServer();
    await startClient(server, (client) => client.identify("user-1", { plan: "pro" }, { userHash: "abc" }));
    expect(server.requests.map((request) => request.path)).not.toContain("identify");
    const { body } = server.requests.find((request) => request.path === "session")!;
    expect(body.user).toMatchObject({ id: "user-1", traits: { plan: "pro" }, user_hash: "abc" });
  });

  it("re-resolves flows through /identify when the user logs in later", async () => {
    const server = fakeServer();
    const client = await startClient(server);
    const later = makeTour([{}]);
    server.flows = [later];
    client.identify("user-2");
    await vi.waitFor(() => expect(shown(server)).toEqual([later.id]));
    expect(server.requests.some((request) => request.path === "identify" && request.body.user.id === "user-2")).toBe(true);
  });

  it("retries the session when the server is down", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const server = fakeServer([makeTour([{}])]);
    server.status = 503;
    const { createClient } = await import("../src/core/client");
    const { renderers } = await import("../src/ui/kinds");
    const client = createClient((kind) => renderers[kind]);
    client.init({ key: "k", api: "https://guides.example.com" });
    await vi.advanceTimersByTimeAsync(10);
    server.status = 200;
    await vi.advanceTimersByTimeAsync(2000);
    expect(client._debug().ready).toBe(true);
    client._stop();
  });

  it("sends page_viewed at start and on every route change", async () => {
    const server = fakeServer();
    await startClient(server);
    history.pushState(null, "", "/app/reports");
    expect(server.events.filter((event) => event.type === "page_viewed").map((event) => event.url)).toEqual([
      "http://localhost:3000/",
      "http://localhost:3000/app/reports",
    ]);
  });
});

describe("which flows show", () => {
  it("shows a flow only on the pages its rules include", async () => {
    const reports = makeTour([{}], { pages: { include: [{ match: "starts_with", value: "/app/reports" }] } });
    const server = fakeServer([reports]);
    await startClient(server);
    expect(shown(server)).toEqual([]);
    history.pushState(null, "", "/app/reports/42");
    expect(shown(server)).toEqual([reports.id]);
  });

  it("gives the screen to the blocking flow with the highest priority, and only to it", async () => {
    const low = makeTour([{}], { priority: 10 });
    const high = makeTour([{}], { priority: 500 });
    const server = fakeServer([low, high]);
    await startClient(server);
    expect(shown(server)).toEqual([high.id]);
  });

  it("starts no new blocking guide once the server's fatigue budget is spent", async () => {
    const first = makeTour([{}], { priority: 500 });
    const second = makeTour([{}], { priority: 10 });
    const server = fakeServer([first, second]);
    server.blockingBudget = 1;
    const client = await startClient(server);
    expect(shown(server)).toEqual([first.id]);
    client.dismiss();
    await tick();
    expect(shown(server)).toEqual([first.id]);
  });

  it("breaks a priority tie by flow id, as the server does", async () => {
    const first = makeTour([{}]);
    const second = makeTour([{}]);
    const server = fakeServer([second, first]);
    await startClient(server);
    expect(shown(server)).toEqual([first.id]);
  });

  it("lets non-blocking flows show beside a blocking one", async () => {
    const tour = makeTour([{}]);
    const top = banner();
    const server = fakeServer([tour, top]);
    await startClient(server);
    expect(shown(server).sort()).toEqual([tour.id, top.id].sort());
  });

  it("does not show a mobile flow on a desktop-wide screen", async () => {
    const server = fakeServer([makeTour([{}], { device: "mobile" })]);
    await startClient(server);
    expect(shown(server)).toEqual([]);
  });

  it("shows a flow once per session, not again on the next page", async () => {
    const flow = banner({ frequency: { type: "every_session" } });
    const server = fakeServer([flow]);
    const client = await startClient(server);
    client.dismiss();
    history.pushState(null, "", "/app/settings");
    expect(shown(server)).toEqual([flow.id]);
  });

  it("shows an 'always' flow again on the next page", async () => {
    const flow = banner({ frequency: { type: "always" } });
    const server = fakeServer([flow]);
    const client = await startClient(server);
    client.dismiss();
    history.pushState(null, "", "/app/settings");
    expect(shown(server)).toEqual([flow.id, flow.id]);
  });

  it("waits delay_ms, and gives up if the user left the page meanwhile", async () => {
    const flow = makeTour([{}], { delay_ms: 80, pages: { include: [{ match: "equals", value: "/" }] } });
    const server = fakeServer([flow]);
    await startClient(server);
    expect(shown(server)).toEqual([]);
    history.pushState(null, "", "/elsewhere");
    await tick(120);
    expect(shown(server)).toEqual([]);
  });

  it("shows a flow after its delay when the user stays", async () => {
    const flow = makeTour([{}], { delay_ms: 50 });
    const server = fakeServer([flow]);
    await startClient(server);
    await tick(80);
    expect(shown(server)).toEqual([flow.id]);
  });
});

describe("triggers", () => {
  it("an event trigger fires when the host app tracks that event", async () => {
    const flow = makeTour([{}], { trigger: { type: "event", event: "report_created" } });
    const server = fakeServer([flow]);
    const client = await startClient(server);
    client.track("report_created", { id: 7 });
    expect(server.types().slice(-2)).toEqual(["track", "flow_shown"]);
    expect(server.events.find((event) => event.type === "track")).toMatchObject({ name: "report_created", props: { id: 7 } });
  });

  it("an element_click trigger fires on a click inside the element", async () => {
    document.body.innerHTML = '<button id="help"><span>?</span></button>';
    const flow = makeTour([{}], { trigger: { type: "element_click", selector: "#help" } });
    const server = fakeServer([flow]);
    await startClient(server);
    document.querySelector("span")!.click();
    expect(shown(server)).toEqual([flow.id]);
  });

  it("a manual flow shows only through show(key)", async () => {
    const flow = makeTour([{}], { trigger: { type: "manual" } });
    const server = fakeServer([flow]);
    const client = await startClient(server);
    expect(shown(server)).toEqual([]);
    client.show(flow.key);
    expect(shown(server)).toEqual([flow.id]);
  });

  it("show(key) takes the screen from the blocking guide showing", async () => {
    const first = makeTour([{}]);
    const second = makeTour([{}], { trigger: { type: "manual" } });
    const server = fakeServer([first, second]);
    const client = await startClient(server);
    client.show(second.key);
    expect(server.types()).toContain("flow_dismissed");
    expect(client._debug().active).toEqual([second.key]);
  });
});

describe("experiments", () => {
  it("a holdout records exposure and renders nothing", async () => {
    const flow = makeTour([{}], { experiment: "welcome-test", variant: "holdout", holdout: true, content: null });
    const server = fakeServer([flow]);
    await startClient(server);
    expect(server.events.map(({ type, flow: id, version, variant }) => ({ type, id, version, variant })).filter((e) => e.id)).toEqual([
      { type: "experiment_exposed", id: flow.id, version: 1, variant: "holdout" },
    ]);
    expect(document.querySelector("gw-root")).toBeNull();
  });

  it("a variant reports its exposure once per session and names the variant on every event", async () => {
    const flow = banner({ experiment: "banner-test", variant: "b", frequency: { type: "always" } });
    const server = fakeServer([flow]);
    const client = await startClient(server);
    client.dismiss();
    history.pushState(null, "", "/again");
    expect(server.types().filter((type) => type === "experiment_exposed")).toHaveLength(1);
    expect(server.events.filter((event) => event.flow).every((event) => event.variant === "b")).toBe(true);
  });
});

describe("events", () => {
  it("carry a UUID, the time, the flow, its version and the page", async () => {
    const flow = makeTour([{}], { version: 3 });
    const server = fakeServer([flow]);
    await startClient(server);
    const event = server.events.find((e) => e.type === "flow_shown")!;
    expect(event).toMatchObject({ flow: flow.id, version: 3, step: 0, url: location.href });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(event.ts - Date.now())).toBeLessThan(5000);
  });

  it("reach the server in a batch with the user", async () => {
    const server = fakeServer();
    const client = await startClient(server);
    for (let i = 0; i < 20; i++) client.track("click");
    const batches = () => server.requests.filter((r) => r.path === "events").map((r) => r.body);
    await vi.waitFor(() => expect(batches().flatMap((batch) => batch.events)).toHaveLength(21)); // with page_viewed
    expect(batches().every((batch) => batch.key === "gw_pub_test" && /^[\w-]{8,64}$/.test(batch.user.anonymous_id))).toBe(true);
  });

  it("track keeps props that are not JSON out, and still tracks", async () => {
    const server = fakeServer();
    const client = await startClient(server);
    const cyclic: any = {};
    cyclic.self = cyclic;
    client.track("weird", cyclic);
    expect(server.events.at(-1)).toMatchObject({ type: "track", name: "weird" });
    expect(server.events.at(-1)!.props).toBeUndefined();
  });
});

describe("resuming tours", () => {
  it("continues a tour at its saved step after a reload, without a new flow_shown", async () => {
    const flow = makeTour([{ title: "One" }, { title: "Two" }, { title: "Three" }]);
    localStorage.setItem("gw_tour", JSON.stringify({ f: flow.id, v: 1, s: 2, t: Date.now() }));
    const server = fakeServer([flow]);
    await startClient(server);
    expect(server.types()).not.toContain("flow_shown");
    expect(server.events.find((event) => event.type === "step_viewed")?.step).toBe(2);
  });

  it("starts a triggered tour at the furthest step the server has seen", async () => {
    const flow = makeTour([{}, {}, {}], { progress: { status: "in_progress", step: 1, times_shown: 1 } });
    const server = fakeServer([flow]);
    await startClient(server);
    expect(server.events.find((event) => event.type === "step_viewed")?.step).toBe(1);
  });
});

describe("reset", () => {
  it("forgets the user: the next session is a new anonymous person", async () => {
    const server = fakeServer();
    const client = await startClient(server, (c) => c.identify("user-1"));
    client.reset();
    await vi.waitFor(() => expect(server.requests.filter((r) => r.path === "session")).toHaveLength(2));
    const [first, second] = server.requests.filter((r) => r.path === "session").map((r) => r.body.user);
    expect(second.id).toBeUndefined();
    expect(second.anonymous_id).not.toBe(first.anonymous_id);
  });
});

describe("robustness", () => {
  it("a session answer that is not JSON leaves the page alone", async () => {
    const server = fakeServer();
    vi.spyOn(window, "fetch").mockImplementation(async () => new Response("<html>proxy error</html>", { status: 200 }));
    const client = await startClient(server);
    expect(client._debug().active).toEqual([]);
  });

  it("a delayed flow that show() started already is not started twice", async () => {
    const flow = makeTour([{}], { delay_ms: 40 });
    const server = fakeServer([flow]);
    const client = await startClient(server);
    client.show(flow.key);
    await tick(80);
    expect(shown(server)).toEqual([flow.id]);
  });

  it("a banner leaves with its page and comes back with it", async () => {
    const flow = banner({ pages: { include: [{ match: "equals", value: "/" }] } });
    const server = fakeServer([flow]);
    const client = await startClient(server);
    history.pushState(null, "", "/elsewhere");
    expect(client._debug().active).toEqual([]);
    history.pushState(null, "", "/");
    expect(client._debug().active).toEqual([flow.key]);
  });
});
