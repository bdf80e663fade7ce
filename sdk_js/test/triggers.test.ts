import { describe, expect, it } from "vitest";
import { deviceMatches } from "../src/targeting/device";
import { triggerFires } from "../src/targeting/triggers";

const button = (): Element => {
  const el = document.createElement("button");
  el.id = "export";
  document.body.append(el);
  return el;
};

describe("triggers", () => {
  it("page_load fires on a page view and nothing else", () => {
    expect(triggerFires({ type: "page_load" }, { type: "page" })).toBe(true);
    expect(triggerFires({ type: "page_load" }, { type: "event", name: "x" })).toBe(false);
  });

  it("event fires only for its own event name", () => {
    const trigger = { type: "event", event: "report_created" } as const;
    expect(triggerFires(trigger, { type: "event", name: "report_created" })).toBe(true);
    expect(triggerFires(trigger, { type: "event", name: "report_deleted" })).toBe(false);
  });

  it("element_click fires when the clicked path holds a matching element", () => {
    const el = button();
    const inner = el.appendChild(document.createElement("span"));
    const trigger = { type: "element_click", selector: "#export" } as const;
    expect(triggerFires(trigger, { type: "click", path: [inner, el, document.body] })).toBe(true);
    expect(triggerFires(trigger, { type: "click", path: [document.body] })).toBe(false);
  });

  it("element_click with an invalid selector never fires instead of throwing", () => {
    expect(triggerFires({ type: "element_click", selector: "##" }, { type: "click", path: [button()] })).toBe(false);
  });

  it("manual never fires by itself", () => {
    for (const signal of [{ type: "page" }, { type: "event", name: "x" }] as const) {
      expect(triggerFires({ type: "manual" }, signal)).toBe(false);
    }
  });
});

describe("device", () => {
  it("mobile means a viewport under 768 px, desktop 768 px and wider", () => {
    expect([deviceMatches("mobile", 767), deviceMatches("mobile", 768)]).toEqual([true, false]);
    expect([deviceMatches("desktop", 767), deviceMatches("desktop", 768)]).toEqual([false, true]);
  });

  it("all matches any width", () => {
    expect(deviceMatches("all", 320) && deviceMatches("all", 1920)).toBe(true);
  });
});
