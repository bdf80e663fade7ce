// The edits the builder makes to a tour's or hotspots' content, as pure functions
// over plain data: the panel calls them, vitest checks them, and what they return is
// what the server validates on save.
import type { Button, Hotspot, HotspotContent, PageRule, Step, Target, TourContent } from "../types";

/** The items of the content the builder edits in place: tour steps or hotspots. */
export type Item = Step | Hotspot;
export type Editable = TourContent | HotspotContent;

export const itemsOf = (content: Editable): Item[] =>
  "steps" in content ? content.steps : content.hotspots;

const withItems = (content: Editable, items: Item[]): Editable =>
  "steps" in content
    ? normalizeButtons({ ...content, steps: items as Step[] })
    : { ...content, hotspots: items as Hotspot[] };

const nextButton = (label: string): Button => ({ label, action: "next", style: "primary" });

/** Whether `buttons` is the server's default for a step (a lone Next or Done). */
const isDefault = (buttons: Button[]): boolean =>
  buttons.length === 0 ||
  (buttons.length === 1 && buttons[0].action === "next" && ["Next", "Done"].includes(buttons[0].label));

/**
 * The server gives each step "Next" (or "Done" on the last) unless it moves on by
 * itself; after steps move, are added or deleted, default buttons follow the new
 * order. Buttons the PM wrote in the admin stay as they are.
 */
export function normalizeButtons(content: TourContent): TourContent {
  const last = content.steps.length - 1;
  const steps = content.steps.map((step, index) => {
    if (!isDefault(step.buttons ?? [])) return step;
    const buttons = step.advance_on === "next" ? [nextButton(index === last ? "Done" : "Next")] : [];
    return { ...step, buttons };
  });
  return { ...content, steps };
}

export function newItem(content: Editable, target: Target | null, page: PageRule | null): Item {
  const id = uniqueId(content);
  if ("hotspots" in content) {
    return {
      id,
      target: target!,
      title: "New hotspot",
      body: "",
      placement: "auto",
      beacon_position: "top-right",
      cta: null,
    };
  }
  return {
    id,
    target,
    placement: "auto",
    title: "New step",
    body: "",
    buttons: [],
    advance_on: "next",
    page,
    navigate_url: null,
    spotlight: true,
    allow_interaction: false,
    on_missing: "skip",
    wait_ms: 5000,
  };
}

function uniqueId(content: Editable): string {
  const prefix = "steps" in content ? "step" : "hotspot";
  const taken = new Set(itemsOf(content).map((item) => item.id));
  let n = taken.size + 1;
  while (taken.has(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

export function addItem(content: Editable, item: Item, at = itemsOf(content).length): Editable {
  const items = itemsOf(content).slice();
  items.splice(at, 0, item);
  return withItems(content, items);
}

export type ItemChange = Partial<Omit<Step, "target">> & Partial<Omit<Hotspot, "target">> & { target?: Target | null };

export function updateItem(content: Editable, index: number, change: ItemChange): Editable {
  const items = itemsOf(content).map((item, i) => (i === index ? ({ ...item, ...change } as Item) : item));
  return withItems(content, items);
}

export function moveItem(content: Editable, index: number, by: -1 | 1): Editable {
  const items = itemsOf(content).slice();
  const to = index + by;
  if (to < 0 || to >= items.length) return content;
  [items[index], items[to]] = [items[to], items[index]];
  return withItems(content, items);
}

export function removeItem(content: Editable, index: number): Editable {
  const items = itemsOf(content).filter((_, i) => i !== index);
  return withItems(content, items);
}

/**
 * A step's advance changes what it needs: waiting for a click on the target lets the
 * user reach it; moving on by the Next button shields it by default.
 */
export function setAdvance(advance: "next" | "click"): Partial<Step> {
  return { advance_on: advance, allow_interaction: advance === "click" };
}

/** The body's text for a plain textarea: one paragraph per block, blank lines between. */
export function bodyText(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html"); // inert: never on the page
  const blocks = Array.from(doc.body.children);
  const text = (el: Element): string => {
    const clone = el.cloneNode(true) as Element;
    clone.querySelectorAll("br").forEach((br) => br.replaceWith("\n"));
    return (clone.textContent ?? "").trim();
  };
  return blocks.length ? blocks.map(text).filter(Boolean).join("\n\n") : (doc.body.textContent ?? "").trim();
}

const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Paragraphs from the textarea, escaped: the PM types text, never markup. */
export function bodyHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => "<p>" + escape(block).replace(/\n/g, "<br>") + "</p>")
    .join("");
}
