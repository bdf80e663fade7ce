import type { ChecklistContent, ChecklistItem } from "../types";
import { restoreFocusOnEnd } from "./a11y";
import { closeButton } from "./buttons";
import { h, uid } from "./dom";
import type { Guide, GuideContext } from "./guide";
import { PANEL_CSS } from "./panel-css";
import { richText } from "./rich-text";

/**
 * A launcher button in a corner with the number of items left; it opens a panel of
 * items that start other flows or open links. An item ticks when its flow completes
 * (the core knows, also from earlier sessions) or, for links, once clicked.
 */
export function checklist(ctx: GuideContext<ChecklistContent>): Guide {
  const { content: c, d } = ctx;
  const root = ctx.mount(PANEL_CSS + CHECKLIST_CSS);
  restoreFocusOnEnd(d);
  const clicked = new Set<string>(ctx.preview ? [] : ctx.memory.get() ?? []);
  const corner = c.launcher.position;
  const panelId = uid("l");
  const titleId = uid("t");
  const badge = h("span", { class: "gw-badge" });
  const launcher = h(
    "button",
    { type: "button", class: "gw-launch gw-" + corner, "aria-expanded": "false", "aria-controls": panelId },
    h("span", null, c.launcher.label),
    badge,
  );
  const list = h("ol", { class: "gw-items" });
  const bar = h("div", { class: "gw-bar" }, h("span"));
  const status = h("p", { class: "gw-done-count" });
  const panel = h(
    "div",
    { class: "gw-card gw-slide gw-panel gw-" + corner, id: panelId, role: "dialog", "aria-labelledby": titleId, tabindex: -1, hidden: true },
    closeButton(() => toggle(false), "Minimize"),
    h("h2", { class: "gw-title", id: titleId }, c.title),
    c.description && h("div", { class: "gw-body" }, richText(c.description)),
    status,
    bar,
    list,
    c.dismissible &&
      h("button", { type: "button", class: "gw-btn gw-link gw-dismiss", onClick: () => ctx.end("dismissed", 0) }, "Dismiss checklist"),
  );
  launcher.addEventListener("click", () => toggle(panel.hidden));
  root.wrap.append(panel, launcher);
  let reported = false;

  const isDone = (item: ChecklistItem): boolean =>
    item.done_when === "flow_completed" ? !!item.flow && ctx.completed(item.flow) : clicked.has(item.id);

  function toggle(open: boolean): void {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    (open ? panel : launcher).focus({ preventScroll: true });
  }

  function choose(item: ChecklistItem, index: number): void {
    ctx.emit("cta_clicked", index, { item: item.id, action: item.action });
    if (item.done_when === "clicked") {
      clicked.add(item.id);
      ctx.memory.set([...clicked]);
    }
    toggle(false);
    refresh();
    if (item.action === "start_flow" && item.flow) ctx.show(item.flow);
    else if (item.url) {
      if (item.new_tab) window.open(item.url, "_blank", "noopener");
      else location.assign(item.url);
    }
  }

  function refresh(): void {
    const done = c.items.map(isDone);
    const count = done.filter(Boolean).length;
    const left = c.items.length - count;
    list.replaceChildren(
      ...c.items.map((item, i) =>
        h(
          "li",
          null,
          h(
            "button",
            { type: "button", class: "gw-item", "data-done": done[i] ? "" : null, onClick: () => choose(item, i) },
            h("span", { class: "gw-tick", "aria-hidden": "true" }, done[i] ? "✓" : ""),
            h(
              "span",
              { class: "gw-item-text" },
              h("span", { class: "gw-item-title" }, item.title, h("span", { class: "gw-sr" }, done[i] ? " (done)" : "")),
              item.description && h("span", { class: "gw-body gw-item-desc" }, richText(item.description)),
            ),
          ),
        ),
      ),
    );
    badge.textContent = left ? String(left) : "✓";
    badge.setAttribute("aria-label", left ? `${left} left` : "all done");
    status.textContent = `${count} of ${c.items.length} done`;
    (bar.firstChild as HTMLElement).style.width = (100 * count) / c.items.length + "%";
    if (!left && !reported && !ctx.preview) {
      reported = true;
      ctx.report("completed", c.items.length - 1);
    }
  }

  refresh();
  if (ctx.preview) toggle(true);
  else
    d.on<KeyboardEvent>(document, "keydown", (event) => {
      if (event.key === "Escape" && !panel.hidden && event.composedPath().includes(root.host)) toggle(false);
    });
  return { dismiss: () => ctx.end("dismissed", 0), refresh };
}

export const CHECKLIST_CSS = `.gw-launch{position:fixed;display:flex;align-items:center;gap:10px;padding:10px 12px 10px 16px;border:0;border-radius:999px;background:var(--gw-p);color:var(--gw-on-p);font:inherit;font-weight:600;box-shadow:0 6px 20px rgba(0,0,0,.2);cursor:pointer;pointer-events:auto;animation:gw-in .25s}
.gw-badge{min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:var(--gw-on-p);color:var(--gw-p);font-size:.8em;line-height:22px;text-align:center}
.gw-panel{bottom:calc(76px + var(--gw-inset-bottom,0px));width:min(var(--gw-w),calc(100vw - 32px))}
.gw-panel[hidden]{display:none}
.gw-done-count{margin:8px 0 6px;font-size:.85em;opacity:.75}
.gw-bar{height:6px;border-radius:3px;background:rgba(127,127,127,.2);overflow:hidden;margin-bottom:12px}
.gw-bar span{display:block;height:100%;background:var(--gw-p);transition:width .3s}
.gw-items{list-style:none;margin:0;padding:0;display:grid;gap:4px}
.gw-item{display:flex;gap:12px;align-items:flex-start;width:100%;padding:8px;border:0;border-radius:calc(var(--gw-r)*.75);background:none;color:inherit;font:inherit;text-align:start;cursor:pointer}
.gw-item:hover{background:rgba(127,127,127,.1)}
.gw-tick{flex:none;display:grid;place-items:center;width:22px;height:22px;border-radius:50%;border:2px solid rgba(127,127,127,.45);font-size:13px;font-weight:700}
.gw-item[data-done] .gw-tick{background:var(--gw-p);border-color:var(--gw-p);color:var(--gw-on-p)}
.gw-item[data-done] .gw-item-title{text-decoration:line-through;opacity:.65}
.gw-item-text{display:grid;gap:2px}
.gw-item-title{font-weight:600}
.gw-item-desc{font-size:.88em;opacity:.8}
.gw-dismiss{display:block;margin:12px auto 0;font-size:.85em}`;
