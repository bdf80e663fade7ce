import { describe, expect, it, vi } from "vitest";
import { disposer, liveResources } from "../src/core/disposer";
import { tour } from "../src/ui/tour";
import { makeTour } from "./factories";
import { renderGuide, tick } from "./harness";

describe("disposer", () => {
  it("undoes cleanups in reverse order of registration", () => {
    const order: number[] = [];
    const d = disposer(() => {});
    d.add(() => order.push(1));
    d.add(() => order.push(2));
    d.dispose();
    expect(order).toEqual([2, 1]);
  });

  it("a timeout that fired no longer counts as alive", async () => {
    const before = liveResources();
    const d = disposer(() => {});
    d.timeout(() => {}, 0);
    expect(liveResources()).toBe(before + 1);
    await tick();
    expect(liveResources()).toBe(before);
  });

  it("disposing a parent disposes its children", () => {
    const cleanup = vi.fn();
    const parent = disposer(() => {});
    parent.child().add(cleanup);
    parent.dispose();
    expect(cleanup).toHaveBeenCalledOnce();
  });

  it("undoes at once what is registered after the end (a late async callback)", () => {
    const d = disposer(() => {});
    d.dispose();
    const fn = vi.fn();
    d.on(document, "click", fn);
    document.body.click();
    expect(fn).not.toHaveBeenCalled();
  });

  it("logs an error thrown by a listener instead of throwing it into the page", () => {
    const log = vi.fn();
    const d = disposer(log);
    d.on(document, "click", () => {
      throw new Error("boom");
    });
    expect(() => document.body.click()).not.toThrow();
    expect(log).toHaveBeenCalledWith("error", expect.any(Error));
    d.dispose();
  });
});

describe("a guide leaves nothing behind", () => {
  it("releases every listener, observer, timer, frame loop, inert mark and element when it ends", async () => {
    const before = liveResources();
    const added = vi.spyOn(EventTarget.prototype, "addEventListener");
    const removed = vi.spyOn(EventTarget.prototype, "removeEventListener");
    const observers = vi.spyOn(MutationObserver.prototype, "disconnect");
    document.body.innerHTML = '<main><button id="go">Go</button></main>';
    const flow = makeTour([
      { title: "Welcome" }, // a modal step: inert page, focus trap
      { target: { selector: "#go" }, advance_on: "click", allow_interaction: true, buttons: [] },
      { target: { selector: "#late" }, wait_ms: 5000 }, // waits with an observer
    ]);
    const guide = renderGuide(tour, flow);
    expect(document.body.hasAttribute("inert")).toBe(true);
    guide.button("Next").click();
    await tick();
    document.getElementById("go")!.click();
    await tick();
    expect(guide.types()).toContain("step_completed");
    expect(liveResources()).toBeGreaterThan(before); // now waiting for #late
    guide.guide.dismiss();
    expect(guide.events.at(-1)).toMatchObject({ type: "end", outcome: "dismissed" });
    expect(liveResources()).toBe(before);
    expect(document.querySelector("gw-root")).toBeNull();
    expect(document.querySelector("[inert]")).toBeNull();
    // Listeners on the host page (not on the guide's own, now removed, elements).
    const onPage = (spy: typeof added): string[] =>
      spy.mock.calls
        .map(([type], i) => [type, spy.mock.contexts[i]] as const)
        .filter(([, target]) => target === document || target === window || (target instanceof Node && document.body.contains(target)))
        .map(([type]) => type)
        .sort();
    expect(onPage(added).length).toBeGreaterThan(0);
    expect(onPage(removed)).toEqual(onPage(added));
    expect(observers).toHaveBeenCalled();
  });
});
