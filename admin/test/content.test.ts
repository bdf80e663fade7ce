import { describe, expect, it } from "vitest";
import {
  freshId,
  move,
  newButton,
  newQuestion,
  newStep,
  plainText,
  withAdvanceOn,
  withAnnouncementFormat,
  withButtonAction,
  withItemAction,
  withQuestionType,
} from "../src/lib/content";
import { cleanHtml } from "../src/lib/richtext";
import type { AnnouncementContent } from "../src/types";

describe("content edits", () => {
  it("keeps only the fields a button action takes", () => {
    const url = withButtonAction(newButton("next", "Go"), "url");
    expect(url).toEqual({ label: "Go", action: "url", style: "primary", url: "", new_tab: true });
    expect(withButtonAction(url, "close")).toEqual({ label: "Go", action: "close", style: "primary" });
    expect(withButtonAction(url, "track")).toMatchObject({ event: "" });
  });

  it("gives a step that waits for a click permission to interact, and an event step its name", () => {
    const step = newStep("step-1");
    expect(withAdvanceOn(step, "click").allow_interaction).toBe(true);
    expect(withAdvanceOn(step, "event").advance_event).toBe("");
    expect("advance_event" in withAdvanceOn(withAdvanceOn(step, "event"), "next")).toBe(false);
  });

  it("switches question types with the fields each needs", () => {
    const choice = newQuestion("q-1", "single");
    expect(choice.options).toHaveLength(2);
    const nps = withQuestionType(choice, "nps");
    expect(nps).toMatchObject({ low_label: "Not likely", high_label: "Very likely" });
    expect("options" in nps).toBe(false);
    const text = withQuestionType({ ...nps, branches: [{ op: "lte", value: 6, goto: "end" }] }, "text");
    expect(text).toMatchObject({ placeholder: "", max_length: 1000, branches: [] });
    const multi = withQuestionType({ ...choice, branches: [{ op: "eq", value: "option-1", goto: "end" }] }, "multi");
    expect(multi.branches).toHaveLength(1);
  });

  it("gives banners and slideouts a position and takes it from modals", () => {
    const modal: AnnouncementContent = { format: "modal", title: "", body: "", image: null, buttons: [], dismissible: true };
    expect(withAnnouncementFormat({ ...modal }, "banner").position).toBe("top");
    expect("position" in withAnnouncementFormat({ ...modal, format: "banner", position: "top" }, "modal")).toBe(false);
  });

  it("switches checklist item actions", () => {
    const item = { id: "item-1", title: "T", description: "", action: "url" as const, url: "https://x.io", new_tab: true, done_when: "clicked" as const };
    expect(withItemAction(item, "start_flow")).toEqual({ id: "item-1", title: "T", description: "", action: "start_flow", flow: "", done_when: "flow_completed" });
  });

  it("moves items and picks fresh ids", () => {
    expect(move(["a", "b", "c"], 0, 2)).toEqual(["b", "c", "a"]);
    expect(move(["a", "b", "c"], 2, -4)).toEqual(["c", "a", "b"]);
    expect(freshId("step", ["step-1", "step-3"])).toBe("step-4");
    expect(freshId("step", ["step-1", "step-2"])).toBe("step-3");
    expect(plainText("<p>A &amp; <strong>B</strong></p>")).toBe("A & B");
  });
});

describe("rich text", () => {
  it("maps contenteditable output onto the allowed subset", () => {
    expect(cleanHtml("<div><b>Bold</b> and <i>it</i></div><div>Line</div>")).toBe("<p><strong>Bold</strong> and <em>it</em></p><p>Line</p>");
    expect(cleanHtml('<p><span style="color:red">x</span><script>alert(1)</script></p>')).toBe("<p>x</p>");
    expect(cleanHtml('<p><a href="javascript:alert(1)">bad</a> <a href="https://ok.io">ok</a></p>')).toBe(
      '<p><a>bad</a> <a href="https://ok.io">ok</a></p>',
    );
    expect(cleanHtml('<p><a href="https://ok.io" rel="noopener noreferrer">x</a></p>')).toBe('<p><a href="https://ok.io" rel="noopener noreferrer">x</a></p>');
    expect(cleanHtml("plain")).toBe("<p>plain</p>");
    expect(cleanHtml("<p><br></p>")).toBe("");
    expect(cleanHtml("<ul><li>a</li></ul><p><code>x()</code></p>")).toBe("<ul><li>a</li></ul><p><code>x()</code></p>");
  });
});
