// Builder mode: the panel a PM uses on their own app to pick elements and write a
// tour's steps (or hotspots) in place, play it, and save it to the flow's draft.
// Opened from the admin's "Pick on page", it answers the picked target to the editor.
import { disposer, type Disposer } from "../core/disposer";
import { pageMatches } from "../targeting/page-rules";
import { watchUrl } from "../targeting/spa";
import type { Flow, Hotspot, Step, Target } from "../types";
import { h, type Child } from "../ui/dom";
import { queryDeep, resolveTarget } from "../ui/resolve";
import type { Env } from "./env";
import { drafts, endLaunch, type Launch } from "./launch";
import { outline, pick } from "./picker";
import { play, type Playing } from "./play";
import { countMatches, fingerprintOf, parentTarget, selectorFor } from "./selector";
import { mountShell } from "./shell";
import {
  addItem,
  bodyHtml,
  bodyText,
  type Editable,
  type ItemChange,
  itemsOf,
  moveItem,
  newItem,
  removeItem,
  setAdvance,
  updateItem,
} from "./steps";

export interface BuilderSession {
  flow: { id: number; key: string; kind: Flow["kind"]; name: string; status: string; revision: string };
  draft: Flow;
  account: { email: string };
  expires_at: string;
  admin_url: string;
}

/** An element being picked, and the ancestors "Wider" walked through (for "Narrower"). */
interface Selection {
  chain: Element[];
  at: number;
  selector: string;
}

/** What the picked element is for. */
type Purpose = { type: "add" } | { type: "target"; index: number } | { type: "send"; step: number };

interface Stored {
  flow: number;
  revision: string;
  content: Editable;
}

const PICKED_MESSAGE = "guidewell:picked";

const errorText = (body: any, fallback: string): string => body?.error?.message ?? fallback;

export async function startBuilder(launch: Launch, env: Env): Promise<void> {
  const life = disposer((message, detail) => console.warn("[guidewell builder]", message, detail ?? ""));
  const { layer, ui } = mountShell(life, env.nonce);
  const panel = ui.appendChild(h("aside", { class: "gw-b-panel", "aria-label": "Guidewell builder" }));
  const show = (...children: Child[]): void => {
    panel.replaceChildren(...(children.flat(9).filter(Boolean) as Node[]));
  };
  show(h("div", { class: "gw-b-body" }, h("p", { class: "gw-b-note", role: "status" }, "Opening the builder…")));

  const reply = await env.net.post("builder/session", { key: env.key, token: launch.token });
  if (reply.status !== 200) {
    const message =
      reply.status === 401 || reply.status === 403
        ? errorText(reply.body, "This builder link is not valid.") + " Open the builder again from the admin."
        : errorText(reply.body, "Could not reach Guidewell.");
    show(
      h("div", { class: "gw-b-head" }, h("h2", null, "Guidewell builder")),
      h("div", { class: "gw-b-body" }, h("p", { class: "gw-b-status", "data-tone": "error", role: "alert" }, message)),
      h("div", { class: "gw-b-foot" }, h("button", { type: "button", onclick: leave }, "Exit builder")),
    );
    return;
  }

  /** Back to the app as its users see it: the next load runs the SDK as usual. */
  function leave(): void {
    endLaunch();
    life.dispose();
    location.reload();
  }

  let session: BuilderSession = reply.body;
  const editable = session.flow.kind === "tour" || session.flow.kind === "hotspot";
  const stored = drafts.get<Stored>();
  // Unsaved edits survive navigation and reloads in this tab, unless the draft moved on.
  const resumed = stored && stored.flow === session.flow.id && stored.revision === session.flow.revision;
  let content = (resumed ? stored.content : session.draft.content) as Editable;
  let revision = session.flow.revision;
  let dirty = !!resumed;
  let selected: number | null = launch.pick ? launch.pick.step : null;
  let picking: Purpose | null = null;
  let selection: Selection | null = null;
  let status: { text: string; tone?: "ok" | "error" } = { text: "" };
  let side: "left" | "right" = "right";
  let playing: Playing | null = null;
  let picker: Disposer | null = null;
  // The editor that asked for a pick is served by the same server the SDK talks to.
  const adminOrigin = new URL(env.api || location.href, location.href).origin;
  const drawPicked = outline(layer, "picked");

  life.add(watchUrl(window, () => {
    playing?.url();
    render();
  }));
  // The outline of the step being edited follows scrolling and the app's re-renders.
  life.interval(() => drawSelected(), 300);
  life.on(window, "scroll", () => drawSelected(), true);
  life.on(window, "resize", () => drawSelected());

  function persist(): void {
    if (dirty) drafts.set({ flow: session.flow.id, revision, content } satisfies Stored);
    else drafts.clear();
  }

  function change(next: Editable, rerender = true): void {
    content = next;
    dirty = true;
    status = { text: "Unsaved changes" };
    persist();
    if (rerender) render();
    else renderFoot();
  }

  const items = (): (Step | Hotspot)[] => (editable ? itemsOf(content) : []);
  const noun = session.flow.kind === "hotspot" ? "hotspot" : "step";

  function drawSelected(): void {
    if (selection) {
      const el = selection.chain[selection.at];
      drawPicked(el, `${countMatches(selection.selector)} match`);
      return;
    }
    const item = selected == null ? null : items()[selected];
    const found = item?.target ? resolveTarget(item.target) : null;
    drawPicked(found?.el ?? null, found ? `${noun} ${selected! + 1}` : undefined);
  }

  // --- picking ------------------------------------------------------------------

  function startPicking(purpose: Purpose): void {
    stopPlaying();
    picker?.dispose();
    picking = purpose;
    selection = null;
    picker = life.child();
    pick(
      picker,
      layer,
      (el) => {
        picker?.dispose();
        picker = null;
        selection = { chain: [el], at: 0, selector: selectorFor(el) };
        render();
      },
      cancelPicking,
    );
    render();
  }

  function cancelPicking(): void {
    picker?.dispose();
    picker = null;
    picking = null;
    selection = null;
    render();
  }

  function widen(): void {
    if (!selection) return;
    const { chain, at } = selection;
    if (at + 1 < chain.length) selection.at = at + 1;
    else {
      const parent = parentTarget(chain[at]);
      if (!parent) return;
      chain.push(parent);
      selection.at = at + 1;
    }
    selection.selector = selectorFor(selection.chain[selection.at]);
    render();
  }

  function narrow(): void {
    if (!selection || selection.at === 0) return;
    selection.at -= 1;
    selection.selector = selectorFor(selection.chain[selection.at]);
    render();
  }

  /** The target to store: the selector as shown (maybe hand-edited) and the element's signals. */
  function pickedTarget(): Target | null {
    if (!selection) return null;
    const matches = queryDeep(selection.selector);
    const el = matches.length === 1 ? matches[0] : selection.chain[selection.at];
    return { selector: selection.selector, fingerprint: fingerprintOf(el) };
  }

  function usePicked(): void {
    const target = pickedTarget();
    const purpose = picking;
    if (!target || !purpose) return;
    picking = null;
    selection = null;
    if (purpose.type === "send") return sendToEditor(purpose.step, target);
    // A step picked on a page the flow's own page rules do not cover shows on this page.
    const page =
      session.flow.kind === "tour" && !pageMatches(session.draft.pages, location.href)
        ? { match: "equals" as const, value: location.pathname, on: "path" as const }
        : null;
    if (purpose.type === "add") {
      change(addItem(content, newItem(content, target, page)), false);
      selected = items().length - 1;
    } else {
      const extra = session.flow.kind === "tour" && page ? { page } : {};
      change(updateItem(content, purpose.index, { target, ...extra }), false);
      selected = purpose.index;
    }
    render();
  }

  function sendToEditor(step: number, target: Target): void {
    const opener = window.opener as Window | null;
    if (!opener || opener.closed) {
      status = { text: "The editor that asked for this element is closed; nothing was sent.", tone: "error" };
    } else {
      opener.postMessage({ type: PICKED_MESSAGE, request: launch.pick!.request, step, target }, adminOrigin);
      status = { text: "Sent to the editor. You can close this tab.", tone: "ok" };
    }
    render();
  }

  // --- playing and saving -----------------------------------------------------------

  async function playFrom(start: number): Promise<void> {
    stopPlaying();
    cancelPicking();
    const flow: Flow = { ...session.draft, content };
    status = { text: "Playing the draft on this page (not counted)." };
    render();
    try {
      playing = await play(env.load, flow, start, {
        nonce: env.nonce,
        ended: () => {
          playing = null;
          status = { text: "Playback ended." };
          render();
        },
        missing: (step) => {
          status = { text: `Step ${step + 1}: its element is not on this page.`, tone: "error" };
          renderFoot();
        },
      });
    } catch (error) {
      status = { text: "Could not play: " + String(error), tone: "error" };
      render();
    }
  }

  function stopPlaying(): void {
    const current = playing;
    playing = null;
    current?.stop();
  }

  async function save(): Promise<void> {
    status = { text: "Saving…" };
    renderFoot();
    const body = { key: env.key, token: launch.token, content, revision };
    const answer = await env.net.post("builder/draft", body);
    if (answer.status === 200) {
      loaded(answer.body, "Saved to the draft. Publish it from the admin.");
    } else if (answer.status === 409) {
      status = { text: errorText(answer.body, "The draft changed in the admin."), tone: "error" };
    } else {
      const fields = answer.body?.error?.fields;
      const detail = fields ? " " + Object.entries(fields).map(([path, messages]) => `${path}: ${messages}`).join("; ") : "";
      status = { text: errorText(answer.body, "Could not save.") + detail, tone: "error" };
    }
    render();
  }

  async function reload(): Promise<void> {
    const answer = await env.net.post("builder/session", { key: env.key, token: launch.token });
    if (answer.status !== 200) {
      status = { text: errorText(answer.body, "Could not reload the draft."), tone: "error" };
      return render();
    }
    loaded(answer.body, "Reloaded the draft from the admin.");
    render();
  }

  /** The server's draft replaces what the panel holds (after a save or a reload). */
  function loaded(answer: BuilderSession, message: string): void {
    session = answer;
    revision = session.flow.revision;
    content = session.draft.content as Editable;
    dirty = false;
    persist();
    status = { text: message, tone: "ok" };
  }

  function exit(): void {
    if (!dirty || confirm("Leave the builder? Unsaved changes will be lost.")) leave();
  }

  // --- the panel ----------------------------------------------------------------------

  function head(title: string, subtitle: string): HTMLElement {
    return h(
      "div",
      { class: "gw-b-head" },
      h("h2", null, title, subtitle && h("small", null, subtitle)),
      h(
        "button",
        {
          type: "button",
          "aria-label": "Move the panel to the other side",
          title: "Move the panel to the other side",
          onclick: () => {
            side = side === "right" ? "left" : "right";
            panel.dataset.side = side;
          },
        },
        "⇆",
      ),
      h("button", { type: "button", onclick: exit }, "Exit"),
    );
  }

  function selectionBox(): HTMLElement {
    const current = selection!;
    const count = countMatches(current.selector);
    const input = h("input", {
      "aria-label": "CSS selector",
      value: current.selector,
      spellcheck: "false",
      oninput: () => {
        current.selector = input.value;
        countText.textContent = matchText(countMatches(input.value));
        countText.dataset.ok = String(countMatches(input.value) === 1);
        drawSelected();
      },
    });
    const countText = h("span", { class: "gw-b-count", "data-ok": String(count === 1), role: "status" }, matchText(count));
    const sendLabel = picking?.type === "send" ? "Send to the editor" : "Use this element";
    return h(
      "div",
      { class: "gw-b-box" },
      h("label", null, "Selector", input),
      countText,
      h(
        "div",
        { class: "gw-b-row" },
        h("button", { type: "button", onclick: widen, title: "Select the enclosing element" }, "Wider"),
        h("button", { type: "button", onclick: narrow, disabled: current.at === 0, title: "Back toward the element you clicked" }, "Narrower"),
        h("button", { type: "button", onclick: () => startPicking(picking!) }, "Pick again"),
      ),
      h(
        "div",
        { class: "gw-b-row" },
        h("button", { type: "button", class: "gw-b-primary", onclick: usePicked }, sendLabel),
        h("button", { type: "button", onclick: cancelPicking }, "Cancel"),
      ),
    );
  }

  function pickingBox(): HTMLElement {
    return h(
      "div",
      { class: "gw-b-box", role: "status" },
      h("strong", null, "Click the element to point at."),
      h("p", { class: "gw-b-note" }, "Hover to see what you would pick; Enter picks the focused element, Escape cancels."),
      h("div", { class: "gw-b-row" }, h("button", { type: "button", onclick: cancelPicking }, "Cancel")),
    );
  }

  function itemRow(item: Step | Hotspot, index: number): HTMLElement {
    const last = items().length - 1;
    const label = item.title || bodyText(item.body) || `(untitled ${noun})`;
    return h(
      "li",
      { "aria-current": String(selected === index), "data-index": index },
      h("span", { class: "gw-b-n", "aria-hidden": "true" }, index + 1),
      h(
        "div",
        { class: "gw-b-item" },
        h("strong", null, label),
        item.target ? h("code", null, item.target.selector) : h("span", { class: "gw-b-note" }, "Centered, no element"),
      ),
      h(
        "div",
        { class: "gw-b-tools" },
        h("button", { type: "button", class: "gw-b-icon", "aria-label": `Edit ${noun} ${index + 1}`, onclick: () => select(index) }, "✎"),
        h("button", { type: "button", class: "gw-b-icon", "aria-label": `Move ${noun} ${index + 1} up`, disabled: index === 0, onclick: () => move(index, -1) }, "↑"),
        h("button", { type: "button", class: "gw-b-icon", "aria-label": `Move ${noun} ${index + 1} down`, disabled: index === last, onclick: () => move(index, 1) }, "↓"),
        h("button", { type: "button", class: "gw-b-icon", "aria-label": `Delete ${noun} ${index + 1}`, disabled: last === 0, onclick: () => remove(index) }, "✕"),
      ),
    );
  }

  function select(index: number | null): void {
    selected = selected === index ? null : index;
    render();
  }

  function move(index: number, by: -1 | 1): void {
    change(moveItem(content, index, by), false);
    if (selected === index) selected = index + by;
    render();
  }

  function remove(index: number): void {
    change(removeItem(content, index), false);
    selected = null;
    render();
  }

  function editor(index: number): HTMLElement {
    const item = items()[index];
    const set = (changes: ItemChange): void => change(updateItem(content, index, changes), false);
    const field = (label: string, control: HTMLElement): HTMLElement => h("label", null, label, control);
    const title = h("input", {
      value: item.title,
      maxlength: 120,
      oninput: () => {
        set({ title: title.value });
        // The list shows the title as it is typed, without redrawing the field's focus away.
        const label = panel.querySelector(`li[data-index="${index}"] strong`);
        if (label) label.textContent = title.value || `(untitled ${noun})`;
      },
    });
    const body = h("textarea", { oninput: () => set({ body: bodyHtml(body.value) }) });
    body.value = bodyText(item.body);
    const placement = h(
      "select",
      { onchange: () => set({ placement: placement.value as Step["placement"] }) },
      ["auto", "top", "bottom", "left", "right"].map((value) => h("option", { value, selected: item.placement === value }, value)),
    );
    const step = session.flow.kind === "tour" ? (item as Step) : null;
    const advance =
      step &&
      h(
        "select",
        {
          disabled: !step.target,
          onchange: () => {
            change(updateItem(content, index, setAdvance(advance!.value as "next" | "click")), false);
            render();
          },
        },
        h("option", { value: "next", selected: step.advance_on === "next" }, "Next button"),
        h("option", { value: "click", selected: step.advance_on === "click" }, "Click on the element"),
      );
    const hotspot = session.flow.kind === "hotspot" ? (item as Hotspot) : null;
    const beacon =
      hotspot &&
      h(
        "select",
        { onchange: () => set({ beacon_position: beacon!.value as Hotspot["beacon_position"] }) },
        ["top-left", "top-right", "bottom-left", "bottom-right", "center"].map((value) =>
          h("option", { value, selected: hotspot.beacon_position === value }, value),
        ),
      );
    // A tour step can be tied to the page it was written on (multi-page tours).
    const here = { match: "equals" as const, value: location.pathname, on: "path" as const };
    const pageRow =
      step &&
      h(
        "div",
        { class: "gw-b-row" },
        h("span", { class: "gw-b-note" }, step.page ? `Only on ${step.page.value}` : "On every page of the tour"),
        step.page
          ? h("button", { type: "button", onclick: () => (set({ page: null }), render()) }, "Any page")
          : h("button", { type: "button", onclick: () => (set({ page: here }), render()) }, `Only on ${here.value}`),
      );
    return h(
      "div",
      { class: "gw-b-box" },
      h("strong", null, `${noun[0].toUpperCase() + noun.slice(1)} ${index + 1}`),
      field("Title", title),
      field("Text", body),
      h("p", { class: "gw-b-note" }, "Plain text here; links and formatting in the admin editor."),
      field("Placement", placement),
      advance && field("Moves on with", advance),
      beacon && field("Beacon", beacon),
      h(
        "div",
        { class: "gw-b-row" },
        item.target ? h("code", null, item.target.selector) : h("span", { class: "gw-b-note" }, "No element: shown centered."),
      ),
      pageRow,
      h(
        "div",
        { class: "gw-b-row" },
        h("button", { type: "button", onclick: () => startPicking({ type: "target", index }) }, item.target ? "Re-pick element" : "Pick element"),
        step?.target &&
          h(
            "button",
            { type: "button", onclick: () => (change(updateItem(content, index, { target: null, advance_on: "next", allow_interaction: false }), false), render()) },
            "Center it",
          ),
        step && h("button", { type: "button", onclick: () => playFrom(index) }, "Play from here"),
      ),
    );
  }

  function renderFoot(): void {
    const foot = panel.querySelector(".gw-b-foot");
    if (foot) foot.replaceWith(footer());
  }

  function footer(): HTMLElement {
    const expires = new Date(session.expires_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return h(
      "div",
      { class: "gw-b-foot" },
      launch.pick
        ? null
        : [
            h("button", { type: "button", class: "gw-b-primary", disabled: !dirty, onclick: save }, "Save draft"),
            h("button", { type: "button", onclick: () => playFrom(0), disabled: !!picking }, playing ? "Restart" : "Play"),
            playing && h("button", { type: "button", onclick: () => (stopPlaying(), render()) }, "Stop"),
            h("button", { type: "button", onclick: reload }, "Reload"),
          ],
      h("p", { class: "gw-b-status", "data-tone": status.tone ?? "", role: "status" }, status.text),
      h(
        "p",
        { class: "gw-b-note" },
        `Signed in as ${session.account.email} · link valid until ${expires} · `,
        h("a", { href: session.admin_url, target: "_blank", rel: "noopener" }, "open in the admin"),
      ),
    );
  }

  function render(): void {
    drawSelected();
    const title = launch.pick ? `Pick for ${noun} ${launch.pick.step + 1}` : "Guidewell builder";
    let body: Child;
    if (launch.pick) {
      body = [
        h("p", { class: "gw-b-note" }, `Choose the element ${noun} ${launch.pick.step + 1} of “${session.flow.name}” points at; it goes back to the editor that asked.`),
        selection ? selectionBox() : picking ? pickingBox() : h("button", { type: "button", class: "gw-b-primary", onclick: () => startPicking({ type: "send", step: launch.pick!.step }) }, "Pick an element"),
      ];
    } else if (!editable) {
      body = h("p", { class: "gw-b-note" }, `A ${session.flow.kind} has no elements to point at: play it here, edit it in the admin.`);
    } else {
      body = [
        selection ? selectionBox() : picking ? pickingBox() : null,
        h("ol", { "aria-label": noun === "step" ? "Steps" : "Hotspots" }, items().map(itemRow)),
        selected != null && items()[selected] && !picking ? editor(selected) : null,
        !picking &&
          h(
            "div",
            { class: "gw-b-row" },
            h("button", { type: "button", class: "gw-b-primary", onclick: () => startPicking({ type: "add" }) }, `Add ${noun} on an element`),
            noun === "step" &&
              h(
                "button",
                {
                  type: "button",
                  onclick: () => {
                    change(addItem(content, newItem(content, null, null)), false);
                    selected = items().length - 1;
                    render();
                  },
                },
                "Add centered step",
              ),
          ),
      ];
    }
    show(
      head(title, `${session.flow.name} · ${session.flow.kind}`),
      h("div", { class: "gw-b-body" }, body),
      footer(),
    );
    panel.dataset.side = side;
  }

  render();
  if (launch.pick) startPicking({ type: "send", step: launch.pick.step });
}

const matchText = (count: number): string =>
  count === 1 ? "Matches exactly 1 element" : `Matches ${count} elements: make it match exactly one`;
