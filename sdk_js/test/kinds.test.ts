import { describe, expect, it } from "vitest";
import type { AnnouncementContent, ChecklistContent, HotspotContent, Question, QuestionnaireContent } from "../src/types";
import { announcement } from "../src/ui/announcement";
import { checklist } from "../src/ui/checklist";
import { hotspots } from "../src/ui/hotspot";
import { questionnaire } from "../src/ui/questionnaire";
import { makeFlow } from "./factories";
import { key, renderGuide, tick } from "./harness";

const q = (id: string, overrides: Partial<Question> = {}): Question => ({
  id,
  type: "single",
  prompt: `Question ${id}?`,
  description: "",
  required: false,
  options: [
    { value: "dev", label: "Developer" },
    { value: "pm", label: "Product manager" },
  ],
  branches: [],
  save_as_trait: null,
  ...overrides,
});

const survey = (questions: Question[], overrides: Partial<QuestionnaireContent> = {}) =>
  makeFlow<QuestionnaireContent>("questionnaire", {
    format: "modal",
    title: "Quick survey",
    intro: "",
    questions,
    submit_label: "Send",
    thank_you: "<p>Thanks!</p>",
    dismissible: true,
    ...overrides,
  });

function choose(shadow: ShadowRoot, value: string): void {
  const input = shadow.querySelector<HTMLInputElement>(`input[value="${value}"]`)!;
  input.checked = true;
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

const submit = (shadow: ShadowRoot): void => shadow.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

describe("questionnaire", () => {
  it("sends each answer as question_answered, with the trait to save it as", () => {
    const guide = renderGuide(questionnaire, survey([q("role", { save_as_trait: "role" }), q("next")]));
    choose(guide.shadow(), "pm");
    submit(guide.shadow());
    expect(guide.events[1]).toEqual({
      type: "question_answered",
      step: 0,
      props: { question: "role", value: "pm", save_as_trait: "role" },
    });
  });

  it("keeps Next disabled on a required question until it is answered", () => {
    const guide = renderGuide(questionnaire, survey([q("nps", { type: "nps", required: true, options: undefined, low_label: "Not likely", high_label: "Very likely" }), q("b")]));
    const button = guide.$<HTMLButtonElement>('button[type="submit"]')!;
    expect(button.disabled).toBe(true);
    choose(guide.shadow(), "9");
    expect(button.disabled).toBe(false);
  });

  it("sends scale answers as numbers and multi answers as lists", () => {
    const guide = renderGuide(questionnaire, survey([q("rate", { type: "rating", options: undefined }), q("tools", { type: "multi" })]));
    choose(guide.shadow(), "4");
    submit(guide.shadow());
    choose(guide.shadow(), "dev");
    choose(guide.shadow(), "pm");
    submit(guide.shadow());
    const values = guide.events.filter((e) => e.type === "question_answered").map((e) => e.props!.value);
    expect(values).toEqual([4, ["dev", "pm"]]);
  });

  it("follows branches, skipping the questions they jump over", () => {
    const guide = renderGuide(
      questionnaire,
      survey([q("role", { branches: [{ op: "eq", value: "pm", goto: "last" }] }), q("skipped"), q("last")]),
    );
    choose(guide.shadow(), "pm");
    submit(guide.shadow());
    expect(guide.$(".gw-prompt")!.textContent).toBe("Question last?");
  });

  it("reports each question it shows as step_viewed, for the funnel", () => {
    const guide = renderGuide(
      questionnaire,
      survey([q("role", { branches: [{ op: "eq", value: "pm", goto: "last" }] }), q("skipped"), q("last")]),
    );
    choose(guide.shadow(), "pm");
    submit(guide.shadow());
    const viewed = guide.events.filter((e) => e.type === "step_viewed").map((e) => e.step);
    expect(viewed).toEqual([0, 2]);
  });

  it("labels the button that will end the questionnaire with submit_label", () => {
    const guide = renderGuide(questionnaire, survey([q("role", { branches: [{ op: "eq", value: "pm", goto: "end" }] }), q("b")]));
    const button = guide.$('button[type="submit"]')!;
    expect(button.textContent).toBe("Next");
    choose(guide.shadow(), "pm");
    expect(button.textContent).toBe("Send");
  });

  it("thanks the user and reports completion once, at the submit", async () => {
    const guide = renderGuide(questionnaire, survey([q("why", { type: "text", options: undefined, placeholder: "", max_length: 100 })]));
    const area = guide.$<HTMLTextAreaElement>("textarea")!;
    area.value = "  Because  ";
    area.dispatchEvent(new Event("input"));
    submit(guide.shadow());
    expect(guide.events.map((e) => [e.type, e.props?.value ?? e.outcome])).toEqual([
      ["step_viewed", undefined],
      ["question_answered", "Because"],
      ["report", "completed"],
    ]);
    expect(guide.$(".gw-thanks")!.textContent).toBe("Thanks!");
  });

  it("is a modal dialog that Esc dismisses at the current question", () => {
    const guide = renderGuide(questionnaire, survey([q("a"), q("b")]));
    expect(guide.$('[role="dialog"]')!.getAttribute("aria-modal")).toBe("true");
    key("Escape");
    expect(guide.events.at(-1)).toEqual({ type: "end", outcome: "dismissed", step: 0 });
  });
});

describe("announcement", () => {
  const news = (overrides: Partial<AnnouncementContent> = {}) =>
    makeFlow<AnnouncementContent>("announcement", {
      format: "modal",
      title: "Dark mode is here",
      body: "<p>Try it.</p>",
      image: { src: "https://cdn.example.com/dark.png", alt: "The app in dark mode" },
      buttons: [{ label: "Open settings", action: "url", style: "primary", url: "https://app.example.com/settings", new_tab: true }],
      dismissible: true,
      ...overrides,
    });

  it("a button reports the click and completes the announcement", () => {
    const guide = renderGuide(announcement, news());
    guide.button("Open settings").click();
    expect(guide.ctx.act).toHaveBeenCalledWith(expect.objectContaining({ action: "url" }), 0);
    expect(guide.events.at(-1)).toEqual({ type: "end", outcome: "completed", step: 0 });
  });

  it("reports its message viewed as step 0, for the funnel", () => {
    const guide = renderGuide(announcement, news({ format: "slideout", position: "bottom-right" }));
    expect(guide.events).toEqual([{ type: "step_viewed", step: 0 }]);
  });

  it("shows the image with its alt text", () => {
    const guide = renderGuide(announcement, news());
    expect(guide.$<HTMLImageElement>("img")!.alt).toBe("The app in dark mode");
  });

  it("a banner is a region that does not take focus or make the page inert", () => {
    document.body.innerHTML = "<input id='q'>";
    document.getElementById("q")!.focus();
    const guide = renderGuide(announcement, news({ format: "banner", position: "bottom", image: null }));
    expect(guide.$(".gw-banner")!.getAttribute("role")).toBe("region");
    expect(document.activeElement!.id).toBe("q");
    expect(document.body.hasAttribute("inert")).toBe(false);
  });

  it("a banner publishes its edge inset while it shows, for corner cards to keep clear", () => {
    const root = document.documentElement.style;
    const guide = renderGuide(announcement, news({ format: "banner", position: "bottom", image: null }));
    expect(root.getPropertyValue("--gw-inset-bottom")).toMatch(/^\d+(\.\d+)?px$/);
    expect(root.getPropertyValue("--gw-inset-top")).toBe("");
    guide.d.dispose();
    expect(root.getPropertyValue("--gw-inset-bottom")).toBe("");
  });
});

describe("hotspots", () => {
  const hints = () =>
    makeFlow<HotspotContent>(
      "hotspot",
      {
        hotspots: [
          { id: "export", target: { selector: "#export" }, title: "Export", body: "<p>CSV or PDF.</p>", placement: "auto", beacon_position: "top-right", cta: null },
          { id: "share", target: { selector: "#share" }, title: "Share", body: "", placement: "auto", beacon_position: "center", cta: null },
        ],
      },
      { blocking: false },
    );

  it("puts a beacon by every target found and reports each one viewed", () => {
    document.body.innerHTML = '<button id="export">Export</button><button id="share">Share</button>';
    const guide = renderGuide(hotspots, hints());
    expect(guide.shadow().querySelectorAll(".gw-beacon")).toHaveLength(2);
    expect(guide.events).toEqual([
      { type: "hotspot_viewed", step: 0, props: { match: "selector" } },
      { type: "hotspot_viewed", step: 1, props: { match: "selector" } },
    ]);
  });

  it("a beacon's click opens its hint and reports it opened", () => {
    document.body.innerHTML = '<button id="export">Export</button>';
    const guide = renderGuide(hotspots, hints());
    guide.$<HTMLButtonElement>(".gw-beacon")!.click();
    expect(guide.$(".gw-title")!.textContent).toBe("Export");
    expect(guide.events.at(-1)).toEqual({ type: "hotspot_opened", step: 0 });
  });

  it("moves the focus from a closed hint to the next beacon, not back to the page", () => {
    document.body.innerHTML = '<button id="export">Export</button><button id="share">Share</button>';
    const guide = renderGuide(hotspots, hints());
    guide.$<HTMLButtonElement>(".gw-beacon")!.click();
    expect(guide.shadow().activeElement?.className).toBe("gw-card");
    key("Escape");
    expect(guide.shadow().activeElement).toBe(guide.$(".gw-beacon"));
    expect(guide.$(".gw-beacon")!.getAttribute("aria-label")).toBe("Open hint: Share");
  });

  it("completes once every hint has been opened and closed", () => {
    document.body.innerHTML = '<button id="export">Export</button><button id="share">Share</button>';
    const guide = renderGuide(hotspots, hints());
    for (let i = 0; i < 2; i++) {
      guide.$<HTMLButtonElement>(".gw-beacon")!.click();
      guide.$<HTMLButtonElement>(".gw-card .gw-x")!.click();
    }
    expect(guide.events.at(-1)).toEqual({ type: "end", outcome: "completed", step: 1 });
  });
});

describe("checklist", () => {
  const list = () =>
    makeFlow<ChecklistContent>(
      "checklist",
      {
        title: "Get started",
        description: "",
        launcher: { label: "Get started", position: "bottom-right" },
        items: [
          { id: "tour", title: "Take the tour", description: "", action: "start_flow", flow: "welcome", done_when: "flow_completed" },
          { id: "docs", title: "Read the docs", description: "", action: "url", url: "https://docs.example.com", new_tab: true, done_when: "clicked" },
        ],
        dismissible: true,
      },
      { blocking: false },
    );

  it("the launcher counts the items left", () => {
    const guide = renderGuide(checklist, list());
    expect(guide.$(".gw-badge")!.textContent).toBe("2");
  });

  it("an item that starts a flow asks for it and ticks when that flow completes", async () => {
    let done = false;
    const guide = renderGuide(checklist, list());
    guide.ctx.completed = (key) => done && key === "welcome";
    guide.$<HTMLButtonElement>(".gw-launch")!.click();
    guide.button("Take the tour").click();
    expect(guide.ctx.show).toHaveBeenCalledWith("welcome");
    done = true;
    guide.guide.refresh!();
    expect(guide.$(".gw-badge")!.textContent).toBe("1");
  });

  it("reports completion when every item is done", async () => {
    const guide = renderGuide(checklist, list());
    guide.ctx.completed = () => true;
    window.open = () => null;
    guide.$<HTMLButtonElement>(".gw-launch")!.click();
    guide.button("Read the docs").click();
    await tick();
    expect(guide.events.at(-1)).toEqual({ type: "report", outcome: "completed", step: 1 });
  });
});
