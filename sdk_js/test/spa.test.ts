import { afterEach, describe, expect, it, vi } from "vitest";
import { watchUrl } from "../src/targeting/spa";

let undo: () => void = () => {};
afterEach(() => {
  undo();
  history.replaceState(null, "", "/");
});

describe("SPA route changes", () => {
  it("pushState reports the new URL", () => {
    const seen = vi.fn();
    undo = watchUrl(window, seen);
    history.pushState(null, "", "/app/reports");
    expect(seen).toHaveBeenCalledWith("http://localhost:3000/app/reports");
  });

  it("replaceState reports a change too", () => {
    const seen = vi.fn();
    undo = watchUrl(window, seen);
    history.replaceState(null, "", "/app/settings");
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it("a history call that keeps the URL reports nothing", () => {
    history.replaceState(null, "", "/app");
    const seen = vi.fn();
    undo = watchUrl(window, seen);
    history.replaceState({ scroll: 10 }, "", "/app");
    expect(seen).not.toHaveBeenCalled();
  });

  it("back and forward (popstate) report the URL they land on", () => {
    const seen = vi.fn();
    undo = watchUrl(window, seen);
    // What the browser does on Back: the URL changes without a History call, then popstate.
    History.prototype.replaceState.call(history, null, "", "/app/c");
    window.dispatchEvent(new PopStateEvent("popstate"));
    expect(seen).toHaveBeenCalledWith("http://localhost:3000/app/c");
  });

  it("a fragment change (hashchange) is a route change", () => {
    const seen = vi.fn();
    undo = watchUrl(window, seen);
    History.prototype.pushState.call(history, null, "", "#/settings");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    expect(seen).toHaveBeenCalledWith("http://localhost:3000/#/settings");
  });

  it("undo restores the History methods it patched", () => {
    const original = history.pushState;
    watchUrl(window, () => {})();
    expect(history.pushState).toBe(original);
  });

  it("undo leaves alone a patch another script made after ours", () => {
    const stop = watchUrl(window, () => {});
    const theirs = vi.fn();
    history.pushState = theirs;
    stop();
    expect(history.pushState).toBe(theirs);
    delete (history as any).pushState; // back to the prototype's
  });
});
