// Acme Analytics: a small host app for the Guidewell SDK, no framework. Client-side
// routes (/app, /app/reports, /app/settings) via pushState; every part of it is there
// to exercise something a guide must cope with (see README.md).
"use strict";

const views = {
  "/app": dashboard,
  "/app/reports": reports,
  "/app/settings": settings,
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function track(name, props) {
  // The host app talks to the SDK through its public API only.
  if (window.guidewell && window.guidewell.track) window.guidewell.track(name, props);
}

function dashboard(view) {
  view.append(
    el("section", { class: "card", id: "welcome-card" },
      el("h2", {}, "Welcome back"),
      el("div", { class: "grid" },
        el("div", { class: "metric", id: "metric-users" }, "Active users", el("strong", {}, "12,480")),
        el("div", { class: "metric", id: "metric-revenue" }, "Revenue", el("strong", {}, "$48.2k")),
        el("div", { class: "metric" }, "Churn", el("strong", {}, "1.8%")))),
    el("section", { class: "card" },
      el("h2", {}, "Activity"),
      el("div", { class: "feed", id: "activity-feed" },
        ...Array.from({ length: 60 }, (_, i) =>
          el("p", i === 42 ? { id: "feed-item-42", "data-testid": "feed-item" } : {}, `Event #${i}: report viewed`)))),
    el("section", { class: "card transformed", id: "transformed-card" },
      el("h2", {}, "Transformed container"),
      el("button", { id: "transformed-target", type: "button" }, "Inside a transform")),
    el("section", { class: "card" },
      el("h2", {}, "Widgets"),
      el("acme-widget", { id: "shadow-host" }),
      el("div", { id: "late-slot" }, "Loading recommendations…")),
    el("div", { class: "spacer" }, el("button", { id: "footer-cta", type: "button" }, "Far below the fold")),
  );
  // An element rendered two seconds late, as data-driven UIs do.
  setTimeout(() => {
    const slot = document.getElementById("late-slot");
    if (slot) slot.replaceChildren(el("button", { id: "late-widget", type: "button" }, "Recommended for you"));
  }, 2000);
}

function reports(view) {
  view.append(
    el("section", { class: "card" },
      el("h2", {}, "Reports"),
      el("div", { class: "row" },
        el("button", { id: "create-report", class: "primary", type: "button", onclick: () => track("report_created", { source: "reports" }) }, "Create report"),
        " ",
        el("button", { id: "export", type: "button", "data-testid": "export" }, "Export")),
      el("table", {},
        el("thead", {}, el("tr", {}, el("th", {}, "Name"), el("th", {}, "Owner"), el("th", {}, "Updated"))),
        el("tbody", {}, ...["Weekly revenue", "Signups by channel", "Churn cohort"].map((name, i) =>
          el("tr", {}, el("td", {}, name), el("td", {}, ["Ana", "Bo", "Chen"][i]), el("td", {}, `${i + 1}d ago`)))))),
  );
}

function settings(view) {
  const form = el("form", { class: "settings", id: "settings-form" },
    el("label", {}, "Company name", el("input", { name: "company", id: "company", autocomplete: "organization" })),
    el("label", {}, "Billing email", el("input", { name: "email", type: "email", id: "billing-email" })),
    el("label", {}, "Plan", el("select", { name: "plan", id: "plan" }, el("option", {}, "Starter"), el("option", {}, "Pro"))),
    el("button", { class: "primary", type: "submit", id: "save-settings" }, "Save"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    track("settings_saved");
  });
  view.append(el("section", { class: "card" }, el("h2", {}, "Settings"), form));
}

function render() {
  const path = location.pathname.replace(/\/+$/, "") || "/app";
  const view = document.getElementById("view");
  view.replaceChildren();
  (views[path] || dashboard)(view);
  document.querySelectorAll(".tabs a").forEach((a) => {
    if (a.getAttribute("href") === path) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
}

// A web component with an open shadow root: its button is a guide target too.
class AcmeWidget extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = "button{padding:8px 14px;border-radius:20px;border:2px solid #7c3aed;background:#f5f3ff;color:#5b21b6}";
    const button = document.createElement("button");
    button.id = "shadow-action";
    button.textContent = "Action in a shadow root";
    root.append(style, button);
  }
}
customElements.define("acme-widget", AcmeWidget);

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-route]");
  if (!link) return;
  event.preventDefault();
  history.pushState(null, "", link.getAttribute("href"));
  render();
});
window.addEventListener("popstate", render);

document.addEventListener("DOMContentLoaded", () => {
  if (new URLSearchParams(location.search).get("dir") === "rtl") document.documentElement.dir = "rtl";
  document.getElementById("invite").addEventListener("click", () => document.getElementById("host-dialog").showModal());
  document.getElementById("new-project").addEventListener("click", () => track("new_project_clicked"));
  render();
});
