import type { Disposer } from "../core/disposer";
import type { Button, Step, TourContent } from "../types";
import { inertOutside, liveRegion, restoreFocusOnEnd, trapFocus, typingInPage } from "./a11y";
import { anchor, ANCHOR_CSS } from "./anchor";
import { buttonRow, closeButton } from "./buttons";
import { h, uid } from "./dom";
import type { Guide, GuideContext } from "./guide";
import { overlay, OVERLAY_CSS } from "./overlay";
import { resolveTarget } from "./resolve";
import { richText } from "./rich-text";
import { reveal } from "./scroll";
import { waitFor } from "./wait";

const INPUT_IDLE_MS = 1000;

/**
 * A tour: one step at a time, a tooltip anchored to the step's target with a
 * spotlight around it, or a centred modal when the step has no target.
 *
 * Each step gets its own child disposer (`step`): moving on disposes it, which
 * removes that step's tooltip, overlay, listeners and timers in one go.
 */
export function tour(ctx: GuideContext<TourContent>): Guide {
  const { content, d, flow, preview } = ctx;
  const steps = content.steps;
  const last = steps.length - 1;
  const root = ctx.mount(ANCHOR_CSS + OVERLAY_CSS + TOUR_CSS);
  const say = liveRegion(root.wrap);
  restoreFocusOnEnd(d);
  let index = 0;
  let step: Disposer | undefined;
  let showing: Step | null = null; // the step on screen; null while moving on or waiting
  let target: Element | null = null;
  let waitingForPage = false;

  const dismiss = (): void => ctx.end("dismissed", index);
  const missing = (s: Step): void => ctx.emit("step_target_missing", index, { selector: s.target!.selector });

  function go(n: number, direction = 1): void {
    step?.dispose();
    step = d.child();
    showing = target = null;
    waitingForPage = false;
    index = n;
    if (index > last) return ctx.end("completed", last);
    ctx.save(index);
    const s = steps[index];
    if (!ctx.pageOk(s.page)) {
      // Another page's step: send the user there, or wait until they get there.
      if (s.navigate_url && !preview) location.assign(s.navigate_url);
      else waitingForPage = true;
    } else if (!s.target || preview) {
      render(s, step);
    } else {
      const scope = step;
      waitFor(scope, () => resolveTarget(s.target!), s.wait_ms, (found) => {
        if (found) return render(s, scope, found.el, found.match);
        missing(s);
        if (s.on_missing === "end") return ctx.end(null);
        // Skip in the direction of travel; skipping back past the first step turns around.
        const skipTo = index + direction;
        go(skipTo < 0 ? index + 1 : skipTo, skipTo < 0 ? 1 : direction);
      });
    }
  }

  function next(): void {
    if (!showing) return; // one advance per view, however many signals arrive
    showing = null;
    const done = index;
    ctx.emit("step_completed", done);
    if (done === last) return ctx.end("completed", done);
    ctx.save(done + 1);
    // After the host page has handled the click or input that advanced the step
    // (it may be opening the menu the next step points at).
    d.timeout(() => go(done + 1), 0);
  }

  const back = (): void => {
    if (index > 0) go(index - 1, -1);
  };

  function press(button: Button): void {
    const { action } = button;
    if (action === "next") return next();
    if (action === "back") return back();
    if (action === "close") return dismiss();
    if (action === "start_flow") {
      // The other flow takes the screen: this tour is done if this was its last step.
      if (index === last) ctx.emit("step_completed", index);
      ctx.end(index === last ? "completed" : "dismissed", index);
    }
    ctx.act(button, index);
  }

  function render(s: Step, scope: Disposer, el?: Element, match?: string): void {
    showing = s;
    target = el ?? null;
    ctx.emit("step_viewed", index, match ? { match } : undefined);
    const titleId = uid("t");
    const bodyId = uid("b");
    const card = h(
      "div",
      {
        class: "gw-card",
        role: "dialog",
        "aria-modal": String(!el),
        "aria-labelledby": s.title ? titleId : bodyId,
        "aria-describedby": s.title ? bodyId : null,
        tabindex: -1,
      },
      content.dismissible && closeButton(dismiss),
      s.title && h("h2", { class: "gw-title", id: titleId }, s.title),
      h("div", { class: "gw-body", id: bodyId }, richText(s.body)),
      h(
        "div",
        { class: "gw-foot" },
        // Dots for the eye; screen readers hear "Step n of N" from the live region.
        content.show_progress &&
          last > 0 &&
          h("div", { class: "gw-dots", "aria-hidden": "true" }, steps.map((_, i) => h("i", { "data-on": i === index }))),
        buttonRow(s.buttons, press),
      ),
    );
    const layer = root.wrap.appendChild(h("div"));
    scope.add(() => layer.remove());

    if (!el) {
      if (s.spotlight) layer.appendChild(h("div", { class: "gw-dim" }));
      layer.appendChild(h("div", { class: "gw-center" }, card));
      if (!preview) {
        inertOutside(root.host, scope);
        trapFocus(card, scope);
      }
    } else {
      const spot = s.spotlight && overlay(layer, scope, s.allow_interaction);
      const arrow = card.appendChild(h("div", { class: "gw-arrow" }));
      layer.appendChild(card);
      reveal(el);
      let lost = false;
      anchor(scope, {
        card,
        arrow,
        placement: s.placement === "auto" ? flow.theme.placement : s.placement,
        rtl: root.rtl,
        sheet: true,
        target: () => target,
        moved: (box) => spot && spot.update(box),
        lost() {
          // The host app re-rendered the target: follow its replacement, no new view.
          if (lost) return;
          lost = true;
          waitFor(scope, () => resolveTarget(s.target!), s.wait_ms, (found) => {
            lost = false;
            if (found) return void (target = found.el);
            missing(s);
            if (s.on_missing === "end") ctx.end(null);
            else go(index + 1);
          });
        },
      });
      // Advancing by acting on the target, wherever it is re-rendered to.
      const on = (type: string, fn: () => void): void => {
        scope.on(document, type, (event) => target && event.composedPath().includes(target) && fn(), true);
      };
      if (s.advance_on === "click") on("click", next);
      if (s.advance_on === "input") {
        let idle = (): void => {};
        on("input", () => {
          idle();
          idle = scope.timeout(next, INPUT_IDLE_MS);
        });
        on("change", next);
      }
    }
    if (preview) return;
    say(`Step ${index + 1} of ${last + 1}${s.title ? ": " + s.title : ""}`);
    // A step that waits for typing lets the user type; otherwise focus goes to the step.
    const focus = s.advance_on === "input" && el instanceof HTMLElement ? el : typingInPage() ? null : card;
    focus?.focus({ preventScroll: true });
  }

  if (!preview) {
    d.on<KeyboardEvent>(
      document,
      "keydown",
      (event) => {
        const { key } = event;
        if (!showing || event.defaultPrevented || (!event.composedPath().includes(root.host) && typingInPage())) return;
        if (key === "Escape" && content.dismissible) dismiss();
        else if (key === (root.rtl ? "ArrowLeft" : "ArrowRight") && showing.advance_on === "next") next();
        else if (key === (root.rtl ? "ArrowRight" : "ArrowLeft") && index > 0) back();
        else return;
        event.preventDefault();
      },
      true,
    );
  }

  go(Math.max(0, Math.min(ctx.start, last)));

  return {
    dismiss,
    event(name) {
      if (showing?.advance_on === "event" && showing.advance_event === name) next();
    },
    url() {
      if (showing?.advance_on === "url_change") next();
      else if (waitingForPage) go(index);
      else if (showing && !ctx.pageOk(showing.page)) {
        // The user left this step's page: wait for them to come back.
        step?.dispose();
        showing = null;
        waitingForPage = true;
      }
    },
  };
}

export const TOUR_CSS = `.gw-dots{display:flex;flex-wrap:wrap;gap:5px;margin-inline-end:auto}
.gw-dots>i{width:6px;height:6px;border-radius:3px;background:currentColor;opacity:.25}
.gw-dots>[data-on]{width:16px;opacity:1;background:var(--gw-p)}`;
