import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { disposer, type Disposer } from "../src/core/disposer";
import { quiet } from "../src/core/log";
import { trapFocus } from "../src/ui/a11y";
import { h } from "../src/ui/dom";

let d: Disposer;
beforeEach(() => {
  d = disposer(quiet);
});
afterEach(() => {
  d.dispose();
  document.body.replaceChildren();
});

function tab(target: Element, shiftKey = false): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key: "Tab", shiftKey, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
}

describe("trapFocus", () => {
  it("wraps Tab from a radio group that is the dialog's last tab stop, whichever radio has the focus", () => {
    // A questionnaire with its required answer not given yet: the submit button is
    // disabled, so the radio group is the last stop, and its first radio has the focus.
    const radios = [0, 1, 2].map((value) => h("input", { type: "radio", name: "q", value }));
    const close = h("button", null, "Close");
    const card = h("div", { tabindex: -1 }, close, ...radios, h("button", { disabled: true }, "Next"));
    document.body.appendChild(card);
    trapFocus(card, d);
    radios[0].focus();
    expect(tab(radios[0]).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(close);
  });

  it("lets Tab move between stops inside the dialog", () => {
    const [a, b] = [h("button", null, "A"), h("button", null, "B")];
    const card = h("div", null, a, b);
    document.body.appendChild(card);
    trapFocus(card, d);
    a.focus();
    expect(tab(a).defaultPrevented).toBe(false);
    b.focus();
    expect(tab(b, true).defaultPrevented).toBe(false);
    expect(tab(b).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(a);
  });
});
