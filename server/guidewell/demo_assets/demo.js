// The demo host app: client-side routes (so guides follow SPA navigation) and a few
// actions that call the Guidewell SDK the way a customer's app would.
(function () {
  "use strict";
  var sections = document.querySelectorAll("[data-page]");

  function show(path) {
    var known = false;
    sections.forEach(function (section) {
      var match = section.getAttribute("data-page") === path;
      section.hidden = !match;
      known = known || match;
    });
    if (!known) sections[0].hidden = false;
    document.querySelectorAll("nav a").forEach(function (link) {
      if (link.getAttribute("href") === path) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-route]");
    if (!link) return;
    event.preventDefault();
    history.pushState({}, "", link.getAttribute("href"));
    show(location.pathname);
  });
  window.addEventListener("popstate", function () { show(location.pathname); });

  function sdk() { return window.guidewell || { track: function () {}, identify: function () {} }; }

  document.getElementById("create-report").addEventListener("click", function () {
    var row = document.createElement("tr");
    row.innerHTML = "<td>Untitled report</td><td>Dana</td><td>Just now</td>";
    document.getElementById("reports").prepend(row);
    sdk().track("report_created", { source: "reports" });
  });
  document.getElementById("new-report").addEventListener("click", function () {
    history.pushState({}, "", "/demo/reports");
    show(location.pathname);
  });
  document.getElementById("settings-form").addEventListener("submit", function (event) {
    event.preventDefault();
    sdk().track("settings_saved");
  });
  document.getElementById("reset-user").addEventListener("click", function () {
    if (window.guidewell && window.guidewell.reset) window.guidewell.reset();
    location.assign("/demo/");
  });

  show(location.pathname);
})();
