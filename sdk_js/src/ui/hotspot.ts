import type { Disposer } from "../core/disposer";
import type { Hotspot, HotspotContent } from "../types";
import { restoreFocusOnEnd } from "./a11y";
import { anchor, ANCHOR_CSS } from "./anchor";
import { buttonRow, closeButton } from "./buttons";
import { css, h, uid } from "./dom";
import type { Guide, GuideContext } from "./guide";
import { resolveTarget } from "./resolve";
import { richText } from "./rich-text";
import { waitFor } from "./wait";

// Hotspot targets are often rendered late or on another route: look for a long
// while, and report a missing target once after the usual step wait.
const MISSING_AFTER_MS = 5000;
const LOOK_FOR_MS = 30 * 60_000;
const BEACON = 22;

/**
 * Pulsing beacons beside their targets, several at once; a click opens the hint.
 * A hint once opened is done: its beacon goes when the hint closes, and the flow
 * completes when every hint has been opened (also across page loads, via memory).
 */
export function hotspots(ctx: GuideContext<HotspotContent>): Guide {
  const { content, d } = ctx;
  const root = ctx.mount(ANCHOR_CSS + HOTSPOT_CSS);
  restoreFocusOnEnd(d);
  const opened = new Set<string>(ctx.preview ? [] : ctx.memory.get() ?? []);
  const items = content.hotspots;
  let open: { scope: Disposer; beacon: HTMLElement; index: number } | null = null;

  const finishIfAllOpened = (): void => {
    if (items.every((item) => opened.has(item.id))) ctx.end("completed", items.length - 1);
  };

  items.forEach((item, index) => {
    if (opened.has(item.id)) return;
    const scope = d.child();
    if (ctx.preview) return show(item, index, null, scope);
    const reportMissing = scope.timeout(
      () => ctx.emit("step_target_missing", index, { selector: item.target.selector }),
      MISSING_AFTER_MS,
    );
    waitFor(scope, () => resolveTarget(item.target), LOOK_FOR_MS, (found) => {
      reportMissing();
      if (found) show(item, index, found.el, scope, found.match);
    });
  });

  function show(item: Hotspot, index: number, el: Element | null, scope: Disposer, match?: string): void {
    const beacon = h(
      "button",
      { type: "button", class: "gw-beacon", "aria-label": "Open hint" + (item.title ? ": " + item.title : ""), "aria-expanded": "false" },
      h("span", { class: "gw-pulse" }),
    );
    beacon.addEventListener("click", () => (open?.index === index ? close() : openHint(item, index, beacon)));
    root.wrap.appendChild(beacon);
    scope.add(() => beacon.remove());
    ctx.emit("hotspot_viewed", index, match ? { match } : undefined);
    if (!el) {
      // Preview: beacons in a row, the chosen one open.
      if (index === ctx.start) openHint(item, index, beacon);
      return;
    }
    let last = "";
    scope.frames(() => {
      const rect = el.getBoundingClientRect();
      const key = [rect.x, rect.y, rect.width, rect.height].join();
      if (key === last) return;
      last = key;
      const [v, hz] = item.beacon_position === "center" ? ["center", "center"] : item.beacon_position.split("-");
      const x = hz === "left" ? rect.left : hz === "right" ? rect.right : rect.left + rect.width / 2;
      const y = v === "top" ? rect.top : v === "bottom" ? rect.bottom : rect.top + rect.height / 2;
      const hidden = !el.isConnected || (!rect.width && !rect.height);
      css(beacon, { left: x - BEACON / 2, top: y - BEACON / 2, visibility: hidden ? "hidden" : "" });
    });
  }

  function openHint(item: Hotspot, index: number, beacon: HTMLElement): void {
    close();
    const scope = d.child();
    const titleId = uid("t");
    const bodyId = uid("b");
    const arrow = h("div", { class: "gw-arrow" });
    const card = h(
      "div",
      { class: "gw-card", role: "dialog", "aria-labelledby": item.title ? titleId : bodyId, tabindex: -1 },
      closeButton(close),
      item.title && h("h2", { class: "gw-title", id: titleId }, item.title),
      h("div", { class: "gw-body", id: bodyId }, richText(item.body)),
      item.cta &&
        h(
          "div",
          { class: "gw-foot" },
          buttonRow([item.cta], (button) => {
            ctx.act(button, index);
            close();
          }),
        ),
      arrow,
    );
    root.wrap.appendChild(card);
    scope.add(() => card.remove());
    beacon.setAttribute("aria-expanded", "true");
    open = { scope, beacon, index };
    ctx.emit("hotspot_opened", index);
    opened.add(item.id);
    if (!ctx.preview) ctx.memory.set([...opened]);
    if (ctx.preview) return;
    anchor(scope, { card, arrow, placement: item.placement, rtl: root.rtl, sheet: true, target: () => beacon });
    scope.on<KeyboardEvent>(document, "keydown", (event) => {
      if (event.key === "Escape") close();
    });
    card.focus({ preventScroll: true });
  }

  function close(): void {
    if (!open) return;
    const { scope, beacon } = open;
    open = null;
    const hadFocus = root.shadow.activeElement;
    scope.dispose();
    beacon.setAttribute("aria-expanded", "false");
    // Seen: the beacon goes away. The focus, which was in its hint, moves on to the next
    // beacon rather than falling back to <body> (the start of the page for a keyboard).
    beacon.remove();
    if (hadFocus) root.wrap.querySelector<HTMLElement>(".gw-beacon")?.focus({ preventScroll: true });
    finishIfAllOpened();
  }

  return {
    dismiss: () => ctx.end("dismissed", open?.index ?? 0),
  };
}

export const HOTSPOT_CSS = `.gw-beacon{position:fixed;width:${BEACON}px;height:${BEACON}px;padding:0;border:0;border-radius:50%;background:none;cursor:pointer;pointer-events:auto}
.gw-pulse,.gw-beacon::before{position:absolute;inset:5px;border-radius:50%;background:var(--gw-p)}
.gw-beacon::before{content:"";inset:0;opacity:.35;animation:gw-pulse 1.6s ease-out infinite}
.gw-pulse{box-shadow:0 0 0 2px var(--gw-bg)}
@keyframes gw-pulse{0%{transform:scale(.5);opacity:.6}100%{transform:scale(1.6);opacity:0}}`;
