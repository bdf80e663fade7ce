import { afterEach, describe, expect, it, vi } from "vitest";
import { awaitPick, PICKED_MESSAGE, pickedTarget, pickUrl } from "../src/lib/builder";

const target = { selector: "button.billing-upgrade", fingerprint: { tag: "button", text: "Upgrade plan" } };

describe("pick mode links", () => {
  it("adds the request and the step after the builder token", () => {
    expect(pickUrl("https://app.example.com/billing#gw-builder=tok", "req 1", 2)).toBe(
      "https://app.example.com/billing#gw-builder=tok&gw-pick=req%201&gw-step=2",
    );
  });
});

describe("messages from the builder tab", () => {
  it("accepts a picked target of our request", () => {
    expect(pickedTarget({ type: PICKED_MESSAGE, request: "r1", step: 1, target }, "r1")).toEqual({ step: 1, target });
  });

  it.each([
    ["another kind", { type: "other", request: "r1", step: 0, target }],
    ["another request", { type: PICKED_MESSAGE, request: "r2", step: 0, target }],
    ["no step", { type: PICKED_MESSAGE, request: "r1", target }],
    ["no selector", { type: PICKED_MESSAGE, request: "r1", step: 0, target: { selector: "" } }],
    ["a huge selector", { type: PICKED_MESSAGE, request: "r1", step: 0, target: { selector: "a".repeat(1001) } }],
    ["not an object", "guidewell:picked"],
    ["null", null],
  ])("ignores %s", (_, data) => {
    expect(pickedTarget(data, "r1")).toBeNull();
  });

  it("keeps only the selector and a fingerprint object", () => {
    const sent = { type: PICKED_MESSAGE, request: "r1", step: 0, target: { selector: "#a", fingerprint: "x", extra: 1 } };
    expect(pickedTarget(sent, "r1")).toEqual({ step: 0, target: { selector: "#a", fingerprint: null } });
  });
});

describe("waiting for the pick", () => {
  afterEach(() => vi.useRealTimers());

  const tab = { closed: false } as unknown as Window;
  const post = (data: unknown, origin: string, source: unknown = tab): void => {
    window.dispatchEvent(new MessageEvent("message", { data, origin, source: source as Window }));
  };

  it("resolves only with a message from the tab it opened, from the app's origin", async () => {
    const { picked, stop } = awaitPick(tab, "https://app.example.com/billing#gw-builder=t", "r1");
    const message = { type: PICKED_MESSAGE, request: "r1", step: 0, target };
    post(message, "https://evil.example.net"); // another origin
    post(message, "https://app.example.com", window); // another window
    post({ ...message, request: "r0" }, "https://app.example.com"); // another request
    post(message, "https://app.example.com");
    await expect(picked).resolves.toEqual({ step: 0, target });
    stop();
  });

  it("rejects when the tab is closed first", async () => {
    vi.useFakeTimers();
    const closing = { closed: false } as { closed: boolean };
    const { picked } = awaitPick(closing as unknown as Window, "https://app.example.com/", "r1");
    closing.closed = true;
    vi.advanceTimersByTime(600);
    await expect(picked).rejects.toThrow("closed");
  });
});
