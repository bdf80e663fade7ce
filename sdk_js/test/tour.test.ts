import { afterEach, describe, expect, it } from "vitest";
import { tour } from "../src/ui/tour";
import { makeTour } from "./factories";
import { key, renderGuide, tick } from "./harness";

const page = (html: string): void => {
  document.body.innerHTML = html; // fixture only
};

afterEach(() => history.replaceState(null, "", "/"));

describe("steps and events", () => {
  it("reports each step viewed once, not again when the layout changes", async () => {
    page('<button id="a">A</button>');
    const guide = renderGuide(tour, makeTour([{ target: { selector: "#a" } }]));
    window.dispatchEvent(new Event("resize"));
    document.getElementById("a")!.style.marginLeft = "40px";
    await tick(50);
    expect(guide.types()).toEqual(["step_viewed"]);
  });

  it("Next completes the step and shows the next one", async () => {
    const guide = renderGuide(tour, makeTour([{ title: "One" }, { title: "Two" }]));
    guide.button("Next").click();
    await tick();
    expect(guide.events).toEqual([
      { type: "step_viewed", step: 0 },
      { type: "step_completed", step: 0 },
      { type: "step_viewed", step: 1 },
    ]);
    expect(guide.$(".gw-title")!.textContent).toBe("Two");
  });

  it("Back shows the previous step without completing anything", async () => {
    const guide = renderGuide(tour, makeTour([{ title: "One" }, { title: "Two", buttons: [{ label: "Back", action: "back", style: "secondary" }, { label: "Next", action: "next", style: "primary" }] }]), 1);
    guide.button("Back").click();
    expect(guide.types()).toEqual(["step_viewed", "step_viewed"]);
    expect(guide.events[1].step).toBe(0);
  });

  it("the last step's button completes the tour", () => {
    const guide = renderGuide(tour, makeTour([{ buttons: [{ label: "Done", action: "next", style: "primary" }] }]));
    guide.button("Done").click();
    expect(guide.events.slice(1)).toEqual([
      { type: "step_completed", step: 0 },
      { type: "end", outcome: "completed", step: 0 },
    ]);
  });

  it("the × dismisses the tour, naming the step", () => {
    const guide = renderGuide(tour, makeTour([{}, {}]), 1);
    guide.$<HTMLButtonElement>(".gw-x")!.click();
    expect(guide.events.at(-1)).toEqual({ type: "end", outcome: "dismissed", step: 1 });
  });

  it("starts at the step it is resumed at", () => {
    const guide = renderGuide(tour, makeTour([{ title: "One" }, { title: "Two" }, { title: "Three" }]), 2);
    expect(guide.$(".gw-title")!.textContent).toBe("Three");
  });

  it("reports which signal found the target", () => {
    page('<button data-testid="save">Save</button>');
    const guide = renderGuide(
      tour,
      makeTour([{ target: { selector: "#save", fingerprint: { tag: "button", attrs: { "data-testid": "save" } } } }]),
    );
    expect(guide.events[0]).toEqual({ type: "step_viewed", step: 0, props: { match: "fallback:attr" } });
  });
});

describe("targets", () => {
  it("waits for a target rendered late", async () => {
    const guide = renderGuide(tour, makeTour([{ target: { selector: "#late" }, wait_ms: 2000 }]));
    expect(guide.types()).toEqual([]);
    setTimeout(() => document.body.append(Object.assign(document.createElement("div"), { id: "late" })), 100);
    await tick(400);
    expect(guide.types()).toEqual(["step_viewed"]);
  });

  it("reports a target still missing after wait_ms and skips the step", async () => {
    const guide = renderGuide(tour, makeTour([{ target: { selector: "#nowhere" }, wait_ms: 50 }, { title: "After" }]));
    await tick(120);
    expect(guide.events).toEqual([
      { type: "step_target_missing", step: 0, props: { selector: "#nowhere" } },
      { type: "step_viewed", step: 1 },
    ]);
  });

  it("ends without an outcome when a missing target's step says on_missing: end", async () => {
    const guide = renderGuide(tour, makeTour([{ target: { selector: "#nowhere" }, wait_ms: 20, on_missing: "end" }, {}]));
    await tick(80);
    expect(guide.events.at(-1)).toEqual({ type: "end", outcome: null, step: undefined });
  });

  it("follows the target when the host app re-renders it, without a new view", async () => {
    page('<button id="a">A</button>');
    const guide = renderGuide(tour, makeTour([{ target: { selector: "#a" }, wait_ms: 1000 }]));
    document.getElementById("a")!.replaceWith(Object.assign(document.createElement("button"), { id: "a" }));
    await tick(100);
    expect(guide.types()).toEqual(["step_viewed"]);
  });
});

describe("advancing", () => {
  it("advance_on click: a click on the target moves on", async () => {
    page('<button id="new">New</button>');
    const guide = renderGuide(tour, makeTour([{ target: { selector: "#new" }, advance_on: "click", allow_interaction: true, buttons: [] }, {}]));
    document.getElementById("new")!.click();
    await tick();
    expect(guide.types()).toEqual(["step_viewed", "step_completed", "step_viewed"]);
  });

  it("advance_on input: typing in the target moves on once the user pauses", async () => {
    page('<input id="name">');
    const guide = renderGuide(tour, makeTour([{ target: { selector: "#name" }, advance_on: "input", allow_interaction: true, buttons: [] }, {}]));
    const input = document.getElementById("name")!;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await tick(500);
    expect(guide.types()).toEqual(["step_viewed"]);
    await tick(700);
    expect(guide.types()).toEqual(["step_viewed", "step_completed", "step_viewed"]);
  });

  it("advance_on event: the named tracked event moves on, others do not", async () => {
    const guide = renderGuide(tour, makeTour([{ advance_on: "event", advance_event: "report_created", buttons: [] }, {}]));
    guide.guide.event!("something_else");
    guide.guide.event!("report_created");
    await tick();
    expect(guide.types()).toEqual(["step_viewed", "step_completed", "step_viewed"]);
  });

  it("advance_on url_change: a route change moves on", async () => {
    const guide = renderGuide(tour, makeTour([{ advance_on: "url_change", buttons: [] }, {}]));
    guide.guide.url!();
    await tick();
    expect(guide.types()).toEqual(["step_viewed", "step_completed", "step_viewed"]);
  });

  it("one advance per view, however many signals arrive together", async () => {
    const guide = renderGuide(tour, makeTour([{ title: "One" }, {}, {}]));
    guide.button("Next").click();
    guide.button("Next").click();
    await tick();
    expect(guide.types().filter((type) => type === "step_completed")).toHaveLength(1);
  });
});

describe("multi-page tours", () => {
  it("waits on another page for the step's page, then shows it there", async () => {
    history.replaceState(null, "", "/app");
    const guide = renderGuide(tour, makeTour([{ page: { match: "equals", value: "/app/reports" } }]));
    expect(guide.types()).toEqual([]);
    history.replaceState(null, "", "/app/reports");
    guide.guide.url!();
    expect(guide.types()).toEqual(["step_viewed"]);
  });

  it("remembers the next step before leaving, so a reload resumes there", async () => {
    const guide = renderGuide(tour, makeTour([{}, {}]));
    guide.button("Next").click();
    expect(guide.ctx.save).toHaveBeenLastCalledWith(1);
  });
});

describe("keyboard and accessibility", () => {
  it("Esc dismisses; ArrowRight and ArrowLeft go next and back", async () => {
    const guide = renderGuide(tour, makeTour([{ title: "One" }, { title: "Two" }]));
    key("ArrowRight");
    await tick();
    expect(guide.$(".gw-title")!.textContent).toBe("Two");
    key("ArrowLeft");
    expect(guide.$(".gw-title")!.textContent).toBe("One");
    key("Escape");
    expect(guide.events.at(-1)).toEqual({ type: "end", outcome: "dismissed", step: 0 });
  });

  it("does not take arrow keys from a field the user types in", () => {
    page("<input id='q'>");
    const guide = renderGuide(tour, makeTour([{ title: "One" }, { title: "Two" }]));
    const input = document.getElementById("q")!;
    input.focus();
    key("ArrowRight", input);
    expect(guide.types()).toEqual(["step_viewed"]);
  });

  it("a step is a dialog labelled by its title and described by its body", () => {
    const guide = renderGuide(tour, makeTour([{ title: "Welcome", body: "<p>Hello</p>" }]));
    const dialog = guide.$('[role="dialog"]')!;
    expect(guide.shadow().getElementById(dialog.getAttribute("aria-labelledby")!)!.textContent).toBe("Welcome");
    expect(guide.shadow().getElementById(dialog.getAttribute("aria-describedby")!)!.textContent).toBe("Hello");
  });

  it("a centred step is modal: the page is inert until it ends, focus is inside it", () => {
    page("<main><a href='#'>link</a></main>");
    const guide = renderGuide(tour, makeTour([{ title: "Welcome" }]));
    expect(guide.$('[role="dialog"]')!.getAttribute("aria-modal")).toBe("true");
    expect(document.body.hasAttribute("inert")).toBe(true);
    expect(guide.shadow().activeElement).toBe(guide.$('[role="dialog"]'));
    guide.guide.dismiss();
    expect(document.body.hasAttribute("inert")).toBe(false);
  });

  it("a step anchored to a target leaves the page usable", () => {
    page('<button id="a">A</button>');
    const guide = renderGuide(tour, makeTour([{ target: { selector: "#a" } }]));
    expect(guide.$('[role="dialog"]')!.getAttribute("aria-modal")).toBe("false");
    expect(document.body.hasAttribute("inert")).toBe(false);
  });

  it("announces each new step in a live region", async () => {
    const guide = renderGuide(tour, makeTour([{ title: "One" }, { title: "Two" }]));
    await tick(60);
    expect(guide.$('[role="status"]')!.textContent).toBe("Step 1 of 2: One");
  });

  it("shows progress dots, the current one marked", () => {
    const guide = renderGuide(tour, makeTour([{}, {}, {}]), 1);
    const dots = Array.from(guide.shadow().querySelectorAll(".gw-dots > i"));
    expect(dots.map((dot) => dot.hasAttribute("data-on"))).toEqual([false, true, false]);
  });
});
