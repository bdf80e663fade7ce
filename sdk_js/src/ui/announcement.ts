import type { AnnouncementContent, Button } from "../types";
import { PANEL_CSS } from "./panel-css";
import { inertOutside, liveRegion, restoreFocusOnEnd, trapFocus } from "./a11y";
import { buttonRow, closeButton } from "./buttons";
import { h, uid } from "./dom";
import type { Guide, GuideContext } from "./guide";
import { richText } from "./rich-text";

/**
 * One message: a modal (blocking: dimmed, inert page, focus trapped), a banner along
 * the top or bottom edge, or a slideout card in a corner (both non-blocking: they
 * never take focus, they are announced instead). Any button counts as engaging with
 * it (completed); the × and Esc dismiss it.
 */
export function announcement(ctx: GuideContext<AnnouncementContent>): Guide {
  const { content: c, d } = ctx;
  const root = ctx.mount(PANEL_CSS + ANNOUNCEMENT_CSS);
  restoreFocusOnEnd(d);
  const dismiss = (): void => ctx.end("dismissed", 0);
  const press = (button: Button): void => {
    ctx.act(button, 0);
    ctx.end("completed", 0);
  };
  const modal = c.format === "modal";
  const titleId = uid("t");
  const bodyId = uid("b");
  const banner = c.format === "banner";
  const card = h(
    "div",
    {
      class: banner ? "gw-banner gw-" + c.position : modal ? "gw-card gw-modal" : "gw-card gw-slide gw-" + c.position,
      role: banner ? "region" : "dialog",
      "aria-modal": modal ? "true" : null,
      "aria-labelledby": c.title ? titleId : bodyId,
      "aria-describedby": c.title ? bodyId : null,
      tabindex: -1,
    },
    c.dismissible && closeButton(dismiss),
    c.image && !banner && h("img", { class: "gw-img", src: c.image.src, alt: c.image.alt }),
    h(
      "div",
      { class: "gw-text" },
      c.title && h(banner ? "strong" : "h2", { class: "gw-title", id: titleId }, c.title),
      h("div", { class: "gw-body", id: bodyId }, richText(c.body)),
    ),
    c.buttons.length > 0 && h("div", { class: "gw-foot" }, buttonRow(c.buttons, press)),
  );
  if (modal) {
    root.wrap.append(h("div", { class: "gw-dim" }), h("div", { class: "gw-center" }, card));
  } else {
    root.wrap.appendChild(card);
  }
  if (ctx.preview) return { dismiss };
  if (banner) insetEdge(d, card, c.position === "top" ? "top" : "bottom");
  // Its one step, for the funnel: the message was on screen.
  ctx.emit("step_viewed", 0);

  if (modal) {
    inertOutside(root.host, d);
    trapFocus(card, d);
    card.focus({ preventScroll: true });
  } else {
    liveRegion(root.wrap)(c.title || card.textContent || "");
  }
  d.on<KeyboardEvent>(document, "keydown", (event) => {
    // A banner or slideout only listens when focus is inside it: Esc belongs to the page.
    if (event.key === "Escape" && c.dismissible && (modal || event.composedPath().includes(root.host))) dismiss();
  });
  return { dismiss };
}

/**
 * Publishes the banner's height on the page's root as --gw-inset-<edge>, which the
 * other guides' corner cards and the checklist launcher add to their offset, so a
 * bottom banner never covers them (custom properties inherit through shadow roots).
 */
function insetEdge(d: GuideContext["d"], banner: HTMLElement, edge: "top" | "bottom"): void {
  const name = "--gw-inset-" + edge;
  const style = document.documentElement.style;
  const set = (): void => style.setProperty(name, banner.getBoundingClientRect().height + "px");
  set();
  d.on(window, "resize", set);
  d.add(() => style.removeProperty(name));
}

export const ANNOUNCEMENT_CSS = `.gw-banner{position:fixed;left:0;right:0;display:flex;align-items:center;flex-wrap:wrap;gap:8px 16px;padding-block:12px;padding-inline:20px 56px;background:var(--gw-p);color:var(--gw-on-p);box-shadow:0 2px 12px rgba(0,0,0,.15);pointer-events:auto;animation:gw-fade .25s}
.gw-banner.gw-top{top:0}.gw-banner.gw-bottom{bottom:0}
.gw-banner .gw-text{flex:1 1 240px;display:flex;flex-wrap:wrap;gap:0 8px;align-items:baseline}
.gw-banner .gw-title{font-size:1em;margin:0;padding:0}
.gw-banner .gw-body a{color:inherit}
.gw-banner .gw-foot{margin:0}
.gw-banner .gw-btn{background:var(--gw-on-p);color:var(--gw-p);border-color:var(--gw-on-p)}
.gw-banner .gw-secondary,.gw-banner .gw-link{background:transparent;color:var(--gw-on-p)}
.gw-banner .gw-x{top:50%;margin-top:-15px}
.gw-banner :focus-visible{outline-color:var(--gw-on-p)}`;
