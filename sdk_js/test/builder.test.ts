import { afterEach, describe, expect, it, vi } from "vitest";
import { endLaunch, readLaunch } from "../src/builder/launch";
import { addItem, bodyHtml, bodyText, moveItem, newItem, normalizeButtons, removeItem, setAdvance, updateItem } from "../src/builder/steps";
import type { Button, HotspotContent, TourContent } from "../src/types";
import { makeStep, makeTour } from "./factories";
import { fakeServer } from "./server";

const tour = (titles: string[], buttons?: Button[][]): TourContent =>
  normalizeButtons({
    ...makeTour(titles.map((title, i) => ({ title, id: `step-${i + 1}`, buttons: buttons?.[i] ?? [] }))).content!,
  });
const labels = (content: TourContent): string[][] => content.steps.map((s) => s.buttons.map((b) => b.label));
const target = { selector: "#a", fingerprint: { tag: "button" } };

afterEach(() => {
  endLaunch();
  history.replaceState(null, "", "/");
});

describe("editing steps in place", () => {
  it("gives default buttons by position: Next, then Done on the last", () => {
    expect(labels(tour(["A", "B", "C"]))).toEqual([["Next"], ["Next"], ["Done"]]);
  });

  it("moves Done with the end of the tour when steps move, are added or deleted", () => {
    const content = tour(["A", "B"]);
    expect(labels(moveItem(content, 1, -1) as TourContent)).toEqual([["Next"], ["Done"]]);
    expect((moveItem(content, 1, -1) as TourContent).steps.map((s) => s.title)).toEqual(["B", "A"]);
    const added = addItem(content, newItem(content, target, null)) as TourContent;
    expect(labels(added)).toEqual([["Next"], ["Next"], ["Done"]]);
    expect(labels(removeItem(added, 2) as TourContent)).toEqual([["Next"], ["Done"]]);
  });

  it("keeps buttons the PM wrote in the admin", () => {
    const custom: Button[] = [{ label: "Show me", action: "next", style: "primary" }, { label: "Later", action: "close", style: "link" }];
    const content = tour(["A", "B"], [custom, []]);
    expect(labels(moveItem(content, 0, 1) as TourContent)).toEqual([["Next"], ["Show me", "Later"]]);
  });

  it("ignores moves past either end", () => {
    const content = tour(["A", "B"]);
    expect(moveItem(content, 0, -1)).toBe(content);
    expect(moveItem(content, 1, 1)).toBe(content);
  });

  it("creates steps the server accepts: unique ids, a target or none, text", () => {
    const content = tour(["A"]);
    const step = newItem(content, target, { match: "equals", value: "/billing", on: "path" });
    expect(step).toMatchObject({ id: "step-2", target, title: "New step", page: { value: "/billing" } });
    expect(newItem(content, null, null).target).toBeNull();
  });

  it("waiting for a click on the target drops the Next button and lets the user reach it", () => {
    const content = tour(["A", "B"]);
    const clicked = updateItem(content, 0, { target, ...setAdvance("click") }) as TourContent;
    expect(clicked.steps[0]).toMatchObject({ advance_on: "click", allow_interaction: true, buttons: [] });
    const back = updateItem(clicked, 0, setAdvance("next")) as TourContent;
    expect(back.steps[0].buttons.map((b) => b.label)).toEqual(["Next"]);
  });

  it("edits hotspots the same way, without buttons", () => {
    const content: HotspotContent = { hotspots: [] };
    const one = addItem(content, newItem(content, target, null)) as HotspotContent;
    expect(one.hotspots[0]).toMatchObject({ id: "hotspot-1", target, beacon_position: "top-right", cta: null });
    expect((removeItem(one, 0) as HotspotContent).hotspots).toEqual([]);
  });
});

describe("body text", () => {
  it("reads paragraphs and line breaks out of the HTML", () => {
    expect(bodyText("<p>Hello <strong>you</strong></p><p>Line<br>two</p>")).toBe("Hello you\n\nLine\ntwo");
    expect(bodyText("plain")).toBe("plain");
  });

  it("writes escaped paragraphs: the PM types text, never markup", () => {
    expect(bodyHtml("One & <b>two</b>\n\nThree\nfour")).toBe("<p>One &amp; &lt;b&gt;two&lt;/b&gt;</p><p>Three<br>four</p>");
    expect(bodyHtml("  \n\n ")).toBe("");
  });

  it("round-trips what it wrote", () => {
    const text = "First paragraph\n\nSecond\nline";
    expect(bodyText(bodyHtml(text))).toBe(text);
  });
});

describe("launch", () => {
  it("takes the token out of the address bar and keeps it for this tab", () => {
    history.replaceState(null, "", "/billing?tab=1#gw-builder=abc.DEF-12_x&gw-pick=req1&gw-step=2");
    expect(readLaunch()).toEqual({ mode: "builder", token: "abc.DEF-12_x", pick: { request: "req1", step: 2 } });
    expect(location.href).toBe(`${location.origin}/billing?tab=1`);
    // After a navigation or reload, from sessionStorage.
    expect(readLaunch()).toMatchObject({ mode: "builder", token: "abc.DEF-12_x" });
    endLaunch();
    expect(readLaunch()).toBeNull();
  });

  it("keeps the page's own fragment", () => {
    history.replaceState(null, "", "/app#section=2&gw-preview=tok");
    expect(readLaunch()).toEqual({ mode: "preview", token: "tok" });
    expect(location.hash).toBe("#section=2");
  });

  it("refuses tokens and requests that are not token-shaped", () => {
    history.replaceState(null, "", "/#gw-builder=<script>");
    expect(readLaunch()).toBeNull();
    history.replaceState(null, "", "/#gw-builder=ok&gw-pick=a%20b&gw-step=-1");
    expect(readLaunch()).toEqual({ mode: "builder", token: "ok" });
  });
});

describe("a held client", () => {
  it("neither asks for guides nor sends anything: the builder takes the page", async () => {
    const server = fakeServer([makeTour([{}])]);
    const { createClient } = await import("../src/core/client");
    const { renderers } = await import("../src/ui/kinds");
    const hold = vi.fn();
    const client = createClient((kind) => renderers[kind], hold);
    client.init({ key: "gw_pub_test", api: "https://guides.example.com" });
    client.track("clicked");
    await vi.waitFor(() => expect(hold).toHaveBeenCalledWith(expect.objectContaining({ key: "gw_pub_test" })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toEqual([]);
    expect(client._debug().ready).toBe(false);
    client._stop();
  });
});

void makeStep;

describe("the picker", () => {
  const start = async () => {
    const { disposer } = await import("../src/core/disposer");
    const { pick } = await import("../src/builder/picker");
    const d = disposer(() => {});
    const layer = document.body.appendChild(document.createElement("div"));
    const picked: Element[] = [];
    let cancelled = false;
    pick(d, layer, (el) => picked.push(el), () => (cancelled = true));
    return { d, picked, cancelled: () => cancelled };
  };

  afterEach(() => document.body.replaceChildren());

  it("picks what is clicked, and the page's own handlers never see the click", async () => {
    document.body.innerHTML = '<button id="buy">Buy</button>'; // fixture only
    const bought = vi.fn();
    document.getElementById("buy")!.addEventListener("click", bought);
    const { d, picked } = await start();
    document.getElementById("buy")!.click();
    expect(picked.map((el) => el.id)).toEqual(["buy"]);
    expect(bought).not.toHaveBeenCalled();
    d.dispose();
    document.getElementById("buy")!.click();
    expect(bought).toHaveBeenCalledTimes(1); // picking over: the page works again
  });

  it("picks inside open shadow roots", async () => {
    const host = document.body.appendChild(document.createElement("acme-widget"));
    const inner = host.attachShadow({ mode: "open" }).appendChild(document.createElement("button"));
    const { d, picked } = await start();
    inner.click();
    expect(picked).toEqual([inner]);
    d.dispose();
  });

  it("picks a same-origin frame as a whole", async () => {
    const frame = document.body.appendChild(document.createElement("iframe"));
    const button = frame.contentDocument!.body.appendChild(frame.contentDocument!.createElement("button"));
    const pressed = vi.fn();
    button.addEventListener("click", pressed);
    const { d, picked } = await start();
    button.click();
    expect(picked).toEqual([frame]);
    expect(pressed).not.toHaveBeenCalled();
    d.dispose();
  });

  it("Escape cancels", async () => {
    const { d, cancelled } = await start();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(cancelled()).toBe(true);
    d.dispose();
  });
});
