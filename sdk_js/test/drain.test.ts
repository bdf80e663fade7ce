import { afterEach, describe, expect, it, vi } from "vitest";
import { boot } from "../src/boot";
import { drainOrder, type QueuedCall } from "../src/core/drain";
import { snippet } from "../src/snippet";
import { tour } from "../src/ui/tour";

afterEach(() => {
  delete (window as any).guidewell;
  document.head.querySelectorAll("script").forEach((el) => el.remove());
});

/** Runs the stub as a page would: pasted inline, before the bundle. */
const paste = (): void => new Function(snippet("gw_pub_test", "https://guides.example.com"))();

describe("drain order", () => {
  it("replays init, then identify, then every other call in the order it was made", () => {
    const calls: QueuedCall[] = [
      ["track", "opened"],
      ["identify", "u1"],
      ["on", "flow_shown", () => {}],
      ["init", { key: "k" }],
      ["page"],
    ];
    expect(drainOrder(calls).map(([name]) => name)).toEqual(["init", "identify", "track", "on", "page"]);
  });

  it("skips entries that are not calls", () => {
    expect(drainOrder([["track", "a"], "junk" as any, [42] as any])).toEqual([["track", "a"]]);
  });
});

describe("the stub snippet", () => {
  it("queues each call as [name, ...args] until the bundle arrives", () => {
    paste();
    const gw = (window as any).guidewell;
    gw.identify("u1", { plan: "pro" });
    gw.track("opened");
    expect(Array.from(gw)).toEqual([
      ["identify", "u1", { plan: "pro" }],
      ["track", "opened"],
    ]);
  });

  it("loads the bundle once, with the key on the script tag", () => {
    paste();
    const scripts = document.head.querySelectorAll("script");
    expect(scripts).toHaveLength(1);
    expect(scripts[0].src).toBe("https://guides.example.com/sdk/v1/guidewell.js");
    expect(scripts[0].dataset.key).toBe("gw_pub_test");
  });

  it("does nothing when pasted twice (the invoked guard)", () => {
    paste();
    (window as any).guidewell.track("first");
    paste();
    expect(document.head.querySelectorAll("script")).toHaveLength(1);
    expect(Array.from((window as any).guidewell)).toEqual([["track", "first"]]);
  });
});

describe("boot", () => {
  it("runs queued identify before queued track, so the event names the user", async () => {
    const bodies: any[] = [];
    vi.spyOn(window, "fetch").mockImplementation(async (_url, init) => {
      bodies.push(JSON.parse(String(init!.body)));
      return new Response(JSON.stringify({ flows: [], settings: { flush_interval_ms: 10, batch_size: 1 } }));
    });
    paste();
    const gw = (window as any).guidewell;
    gw.track("opened");
    gw.identify("user-7");
    gw.init({ key: "gw_pub_test", api: "https://guides.example.com" });
    boot(window as any, null, () => tour);
    await vi.waitFor(() => expect(bodies.some((body) => body.events?.some((e: any) => e.name === "opened"))).toBe(true));
    const session = bodies.find((body) => body.locale !== undefined && !body.events);
    const batch = bodies.find((body) => body.events?.some((e: any) => e.name === "opened"));
    expect(session.user.id).toBe("user-7");
    expect(batch.user.id).toBe("user-7");
  });

  it("starts on its own from the script tag's data-key, talking to the script's origin", async () => {
    const urls: string[] = [];
    vi.spyOn(window, "fetch").mockImplementation(async (url) => {
      urls.push(String(url));
      return new Response("{}", { status: 500 });
    });
    const script = document.createElement("script");
    script.src = "https://guides.example.com/sdk/v1/guidewell.js";
    script.dataset.key = "gw_pub_tag";
    boot(window as any, script, () => tour);
    await vi.waitFor(() => expect(urls).toContain("https://guides.example.com/sdk/v1/session"));
  });

  it("keeps the first client when the bundle is loaded twice", () => {
    const first = boot(window as any, null, () => tour);
    expect(boot(window as any, null, () => tour)).toBe(first);
  });

  it("never throws into the page, whatever a method is given", () => {
    const gw = boot(window as any, null, () => tour);
    expect(() => {
      gw.init(null);
      gw.identify(undefined);
      gw.track({ toString() { throw new Error("boom"); } });
      gw.show("nope");
      gw.on("x", null);
    }).not.toThrow();
  });
});
