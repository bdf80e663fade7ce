"""Script start → first tooltip, and Next → next tooltip: Guidewell against driver.js.

One Chromium (Debian's), one host page whose markup is the same for both libraries,
warm HTTP cache, animations off for both (Guidewell honours prefers-reduced-motion,
which the browser context emulates; driver.js gets `animate: false`):

- Guidewell: a real `guidewell demo` server on a free loopback port with its own
  instance folder; a project and a published 3-step tour (page_load trigger) made
  through the REST API; the page loads the bundle from the server's versioned URL
  (`?v=`, served with a year's cache) with `data-key`. Its time includes what the SDK does in
  production: `POST /sdk/v1/session` to the server, which resolves the flows for the
  user. Every page load is a new anonymous visitor (storage cleared after each), so no
  load resumes the previous one's tour.
- driver.js (an exact-pinned npm dev dependency of bench/ only): its IIFE and CSS from
  the host server, and the same three steps inline on the page: it has no server.

Both are timed in the page with one definition:

- t0 = `performance.mark()` in an inline script right before the library's tags at the
  end of <body>. Both tags are parser-blocking here (Guidewell's documented tag is
  `async`, which only moves when the browser starts it), and the preload scanner has
  fetched them by then, so the time counts compiling and running the library's script
  and what it does next, not its download.
- A step's tooltip (Guidewell: the `[role=dialog]` in its open shadow root; driver.js:
  `.driver-popover`) is *visible* when it holds the step's title, has a size, is not
  hidden or transparent, lies in the viewport, and sits where both are told to put it:
  below its target (at most 48 px), across the target's centre. A tooltip inserted but
  not yet positioned does not count.
- "on screen" is checked in a ResizeObserver callback that runs in every frame after
  the frame callbacks and layout, just before paint: the first frame that shows the
  tooltip. "placed in the DOM" is checked by MutationObservers (the document and every
  open shadow root, attributes included): the task or frame that placed it. A tooltip
  placed in a task (driver.js) is painted at the next frame; one placed in a frame
  callback (Guidewell's anchoring) in that same frame.
- transition = the window's capture-phase `click` on Next (a real mouse click from
  Playwright) → the next step's tooltip visible. Two per page load (1→2, 2→3).

The report also counts the requests for each library's files that reached a server
during the timed loads (a 304 revalidation counts): with a warm cache, ideally none.

Sizes are gzip level 9 (Python's zlib; 1 KB = 1,000 bytes) of what a page downloads to
show a tour:
guidewell.js (its CSS is inside it, injected into the shadow root) and driver.js's
dist IIFE + driver.css.

    python bench/sdk_perf.py [--quick] [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    HOST,
    free_port,
    load_average,
    machine,
    percentile,
    result_line,
    terminate_on_sigterm,
)

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from e2e.api import Api  # noqa: E402 (the e2e suite's small REST client)

SDK_DIR = ROOT / "server" / "guidewell" / "static" / "sdk"
DRIVER_DIR = BENCH / "node_modules" / "driver.js"
DRIVER_FILES = {"driver.js.iife.js": "text/javascript", "driver.css": "text/css"}
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LIBRARIES = ("guidewell", "driver.js")
NEXT_BUTTON = {"guidewell": "gw-root .gw-foot .gw-primary", "driver.js": ".driver-popover-next-btn"}
WARMUP_LOADS = 2
TIMEOUT_MS = 15_000

# The tour both libraries show: (target selector, title, body).
STEPS = [
    ("#new-project", "Create a project", "Everything starts with a project."),
    ("[data-testid=search]", "Search anything", "Reports, people and dashboards."),
    ("#export", "Export your data", "CSV or PDF, whenever you need it."),
]

# Runs first in <head>: the same detector for both libraries (see the docstring).
DETECTOR = """
(() => {
  const steps = __STEPS__;
  const bench = (window.__bench = { placed: [], painted: [], clicks: [] });
  const roots = new WeakSet();
  const observer = new MutationObserver(() => check(bench.placed));
  const watch = (root) => {
    if (roots.has(root)) return;
    roots.add(root);
    observer.observe(root, { childList: true, subtree: true, attributes: true });
  };
  function tooltips() {
    const found = Array.from(document.querySelectorAll(".driver-popover"));
    for (const host of document.querySelectorAll("gw-root")) {
      if (!host.shadowRoot) continue;
      watch(host.shadowRoot);
      found.push(...host.shadowRoot.querySelectorAll("[role=dialog]"));
    }
    return found;
  }
  function visible(index) {
    const [selector, title] = steps[index];
    const target = document.querySelector(selector);
    if (!target) return false;
    const t = target.getBoundingClientRect();
    return tooltips().some((card) => {
      if (!card.textContent.includes(title)) return false;
      const r = card.getBoundingClientRect();
      const style = getComputedStyle(card);
      if (r.width < 40 || r.height < 40 || style.display === "none") return false;
      if (style.visibility !== "visible" || parseFloat(style.opacity) < 0.99) return false;
      if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return false;
      // Where both are told to put it: below the target, across its centre.
      const middle = (t.left + t.right) / 2;
      return r.top >= t.bottom && r.top - t.bottom <= 48 && r.left <= middle && r.right >= middle;
    });
  }
  function check(times) {
    const index = times.length;
    if (index < steps.length && visible(index)) times.push(performance.now());
  }
  watch(document);
  // A ResizeObserver runs in every frame after the frame callbacks and layout, just
  // before paint: what it sees is what that frame shows. A probe whose size changes
  // every frame makes it run in every frame (inside a shadow root of its own, so no
  // library's MutationObserver sees it).
  const probe = document.createElement("bench-probe");
  probe.style.cssText = "position:fixed;left:-20px;top:-20px;width:8px;height:1px;overflow:hidden";
  const tick = probe.attachShadow({ mode: "closed" }).appendChild(document.createElement("div"));
  document.documentElement.appendChild(probe);
  new ResizeObserver(() => check(bench.painted)).observe(tick);
  let flip = false;
  const frame = () => {
    check(bench.placed);
    tick.style.cssText = `height:1px;width:${(flip = !flip) ? 2 : 1}px`;
    if (bench.painted.length < steps.length) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  addEventListener("click", () => bench.clicks.push(performance.now()), true);
})();
"""

# The host page: an app shell with the three targets and some content. Only the tags
# in __LIBRARY__ differ between the two libraries.
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Analytics</title>
<script>__DETECTOR__</script>
<style>
  body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: #111827; background: #f3f4f6; }
  header { position: sticky; top: 0; display: flex; gap: 12px; align-items: center;
           padding: 12px 24px; background: #fff; border-bottom: 1px solid #e5e7eb; }
  header strong { margin-right: auto; }
  input { padding: 6px 10px; width: 260px; }
  button { padding: 6px 14px; }
  main { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; padding: 24px; }
  section { background: #fff; border-radius: 8px; padding: 16px; }
  table { width: 100%; border-collapse: collapse; } td { padding: 2px 4px; }
</style>
</head>
<body>
<header>
  <strong>Acme Analytics</strong>
  <input type="search" placeholder="Search…" aria-label="Search" data-testid="search">
  <button id="new-project" type="button">New project</button>
</header>
<main>
  <section><h2>Revenue</h2><button id="export" type="button">Export</button></section>
  <section><h2>Users</h2><p>12,480 active this week.</p></section>
  <section><h2>Churn</h2><p>1.8% this month.</p></section>
  <section style="grid-column: 1 / -1"><h2>Activity</h2><table>__ROWS__</table></section>
</main>
<script>performance.mark("bench:script-start")</script>
__LIBRARY__
</body>
</html>
"""


def guidewell_tags(server: str, public_key: str) -> str:
    """The documented tag, on the versioned URL the server serves immutable."""
    bundle = (SDK_DIR / "guidewell.js").read_bytes()
    version = hashlib.sha256(bundle).hexdigest()[:12]  # as server/guidewell/api/sdk.py
    src = f"{server}/sdk/v1/guidewell.js?v={version}"
    return f'<script src="{src}" data-key="{public_key}"></script>'


def driver_tags() -> str:
    steps = [
        {
            "element": selector,
            "popover": {"title": title, "description": body, "side": "bottom", "align": "center"},
        }
        for selector, title, body in STEPS
    ]
    config = {"animate": False, "showProgress": True, "steps": steps}
    return (
        '<link rel="stylesheet" href="/vendor/driver.css">\n'
        '<script src="/vendor/driver.js.iife.js"></script>\n'
        f"<script>window.driver.js.driver({json.dumps(config)}).drive();</script>"
    )


def page_html(library_tags: str) -> bytes:
    rows = "".join(
        f"<tr><td>Report {i}</td><td>viewed</td><td>{i} min ago</td></tr>" for i in range(60)
    )
    detector = DETECTOR.replace("__STEPS__", json.dumps([s[:2] for s in STEPS]))
    html = PAGE.replace("__DETECTOR__", detector).replace("__ROWS__", rows)
    return html.replace("__LIBRARY__", library_tags).encode()


def guidewell_tour() -> dict:
    buttons = [
        {"label": "Back", "action": "back", "style": "secondary"},
        {"label": "Next", "action": "next", "style": "primary"},
    ]
    steps = [
        {
            "target": {"selector": selector},
            "placement": "bottom",
            "title": title,
            "body": f"<p>{body}</p>",
            "buttons": buttons[1:] if index == 0 else buttons,
        }
        for index, (selector, title, body) in enumerate(STEPS)
    ]
    return {
        "key": "bench-tour",
        "kind": "tour",
        "name": "Bench tour",
        "content": {"steps": steps, "show_progress": True, "dismissible": True},
        "targeting": {
            "trigger": {"type": "page_load"},
            "frequency": {"type": "always"},
            "fatigue_exempt": True,
        },
    }


# -- processes and servers -------------------------------------------------------------------


def ensure_driver() -> None:
    """driver.js as bench/package-lock.json pins it, installed when missing or stale."""
    pinned = json.loads((BENCH / "package.json").read_text())["devDependencies"]["driver.js"]
    with contextlib.suppress(OSError, ValueError):
        if json.loads((DRIVER_DIR / "package.json").read_text())["version"] == pinned:
            return
    print("installing driver.js: npm ci --prefix bench", flush=True)
    subprocess.run(
        ["npm", "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund"],
        check=True,
        timeout=300,
    )


@dataclass
class Demo:
    base: str
    log: Path

    def bundle_fetches(self) -> int:
        """Requests for guidewell.js that reached the server (its access log)."""
        text = self.log.read_text(errors="replace")
        return text.count("GET /sdk/v1/guidewell.js")


@contextlib.contextmanager
def demo_server() -> Iterator[Demo]:
    """`guidewell demo` (as e2e/conftest.py runs it) in its own process group."""
    if not (SDK_DIR / "guidewell.js").is_file():
        raise SystemExit(f"{SDK_DIR}/guidewell.js is missing: run `make build` first")
    port = free_port()
    instance = tempfile.mkdtemp(prefix="guidewell-bench-sdk-")
    env = {
        **os.environ,
        "GUIDEWELL_INSTANCE_PATH": instance,
        "GUIDEWELL_SDK_RATE_LIMIT": "1000000 per minute",
    }
    env.pop("GUIDEWELL_DATABASE_URL", None)
    env.pop("GUIDEWELL_REDIS_URL", None)
    command = Path(sys.executable).with_name("guidewell")
    log_path = Path(instance) / "server.log"
    process = None
    try:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [str(command), "demo", "--host", HOST, "--port", str(port), "--workers", "2"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        base = f"http://{HOST}:{port}"
        deadline = time.monotonic() + 60
        while not healthy(port):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"guidewell demo did not start:\n{tail}")
            time.sleep(0.2)
        yield Demo(base, log_path)
    finally:
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        shutil.rmtree(instance, ignore_errors=True)


def healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        conn.request("GET", "/health")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


class HostSite(ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, bytes]
    vendor_hits: int = 0


class HostHandler(BaseHTTPRequestHandler):
    server: HostSite

    def log_message(self, *_args) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        name = path.removeprefix("/vendor/")
        if path in self.server.pages:
            self.reply(self.server.pages[path], "text/html; charset=utf-8", "no-store")
        elif path.startswith("/vendor/") and name in DRIVER_FILES:
            self.server.vendor_hits += 1
            body = (DRIVER_DIR / "dist" / name).read_bytes()
            self.reply(body, DRIVER_FILES[name], "public, max-age=31536000, immutable")
        else:
            self.reply(b"not found", "text/plain", "no-store", status=404)

    def reply(self, body: bytes, kind: str, cache: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def host_site(pages: dict[str, bytes]) -> Iterator[HostSite]:
    site = HostSite((HOST, 0), HostHandler)
    site.pages = pages
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()


# -- measuring ----------------------------------------------------------------------------


def measure(context, url: str, library: str) -> dict:
    """One page load: first tooltip, then Next twice. Times in ms."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        wait = "window.__bench && window.__bench.painted.length >= {}"
        page.wait_for_function(wait.format(1), timeout=TIMEOUT_MS)
        for shown in range(1, len(STEPS)):
            page.locator(NEXT_BUTTON[library]).click(timeout=TIMEOUT_MS)
            page.wait_for_function(wait.format(shown + 1), timeout=TIMEOUT_MS)
        result = page.evaluate(
            """() => {
                const start = performance.getEntriesByName("bench:script-start")[0].startTime;
                const resources = performance.getEntriesByType("resource");
                const find = (part) => resources.find((entry) => entry.name.includes(part));
                const session = find("/sdk/v1/session");
                const script = find("/sdk/v1/guidewell.js") || find("/driver.js.iife.js");
                return {
                  start, ...window.__bench,
                  session: session ? [session.startTime, session.responseEnd] : null,
                  script: script ? script.responseEnd : null,
                };
            }"""
        )
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    finally:
        page.close()
    if errors:
        raise RuntimeError(f"{library}: errors in the page: {errors}")
    start, clicks = result["start"], result["clicks"]
    figures: dict = {"script_ready": result["script"] - start}
    for when in ("painted", "placed"):
        times = result[when]
        figures[when] = times[0] - start
        figures[when + "_next"] = [times[i] - clicks[i - 1] for i in range(1, len(STEPS))]
    if result["session"]:
        sent, answered = result["session"]
        figures["session_sent"] = sent - start
        figures["session_rtt"] = answered - sent
        figures["after_session"] = result["painted"][0] - answered
    return figures


def gzip_size(*files: Path) -> int:
    """gzip -9 of each file, added up: what the page downloads."""
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=9, mtime=0)) for f in files)


def p(values: list[float], q: float) -> float:
    return percentile(values, q)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer page loads (< 1 minute)")
    parser.add_argument("--runs", type=int, help="page loads per library (default 40, quick 10)")
    args = parser.parse_args()
    runs = max(1, min(args.runs or (10 if args.quick else 40), 500))
    terminate_on_sigterm()
    ensure_driver()

    from playwright.sync_api import sync_playwright

    print(f"machine: {machine()}")
    with demo_server() as demo:
        server = demo.base
        api = Api(server).login()
        project = api.new_project("bench sdk_perf")
        api.publish(project["id"], guidewell_tour())
        pages = {
            "/guidewell/": page_html(guidewell_tags(server, project["public_key"])),
            "/driver/": page_html(driver_tags()),
        }
        with host_site(pages) as site:
            base = f"http://{HOST}:{site.server_address[1]}"
            urls = {"guidewell": base + "/guidewell/", "driver.js": base + "/driver/"}
            samples = {name: [] for name in LIBRARIES}
            with sync_playwright() as playwright:
                executable = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
                browser = playwright.chromium.launch(
                    executable_path=executable, args=CHROMIUM_FLAGS, headless=True
                )
                version = browser.version
                try:
                    context = browser.new_context(
                        viewport={"width": 1280, "height": 800}, reduced_motion="reduce"
                    )
                    for _ in range(WARMUP_LOADS):  # fills the HTTP cache, warms the server
                        for name in LIBRARIES:
                            measure(context, urls[name], name)
                    fetches = {"guidewell": -demo.bundle_fetches(), "driver.js": -site.vendor_hits}
                    for run in range(runs):
                        # Alternate which library goes first, so drift hits both alike.
                        for name in LIBRARIES if run % 2 == 0 else LIBRARIES[::-1]:
                            samples[name].append(measure(context, urls[name], name))
                    fetches["guidewell"] += demo.bundle_fetches()
                    fetches["driver.js"] += site.vendor_hits
                    context.close()
                finally:
                    browser.close()

    gw_size = gzip_size(SDK_DIR / "guidewell.js")
    dj_dist = DRIVER_DIR / "dist"
    dj_size = gzip_size(dj_dist / "driver.js.iife.js", dj_dist / "driver.css")
    dj_version = json.loads((DRIVER_DIR / "package.json").read_text())["version"]
    report(samples, runs, version, dj_version, gw_size, dj_size, fetches)


def report(samples, runs, chromium, dj_version, gw_size, dj_size, fetches) -> None:
    def values(name: str, key: str) -> list[float]:
        return [
            x for s in samples[name] for x in (s[key] if isinstance(s[key], list) else [s[key]])
        ]

    print(f"Chromium {chromium}, driver.js {dj_version}; at the end: {load_average()}")
    print(
        f"{runs} page loads per library (after {WARMUP_LOADS} warm-up loads each), alternating; "
        "warm HTTP cache; animations off for both; 1280x800"
    )
    # Requests that reached a server for the library's files (a 304 revalidation
    # counts): a warm cache answers none; Guidewell's server may ask for revalidation.
    print(
        f"library file requests during the timed loads: guidewell.js {fetches['guidewell']}, "
        f"driver.js + driver.css {fetches['driver.js']}; the script's responseEnd - t0, p50: "
        f"guidewell {p(values('guidewell', 'script_ready'), 0.5):.1f} ms, "
        f"driver.js {p(values('driver.js', 'script_ready'), 0.5):.1f} ms"
    )
    print()
    print(f"{'':32}{'on screen (frame)':>22}{'placed in the DOM':>22}")
    print(f"{'':32}{'p50':>11}{'p95':>11}{'p50':>11}{'p95':>11}")
    ratio = "ratio guidewell / driver.js"
    for label, key in (
        ("script start → first tooltip", ""),
        ("Next click → next tooltip", "_next"),
    ):
        print(label)
        cells = {name: [] for name in (*LIBRARIES, ratio)}
        for when in ("painted", "placed"):
            for q in (0.5, 0.95):
                gw = p(values("guidewell", when + key), q)
                dj = p(values("driver.js", when + key), q)
                cells["guidewell"].append(f"{gw:8.1f} ms")
                cells["driver.js"].append(f"{dj:8.1f} ms")
                cells[ratio].append(f"{gw / dj:9.2f}x ")
        for name, row in cells.items():
            print(f"  {name:30}" + "".join(row))
    if all("session_rtt" in s for s in samples["guidewell"]):
        print("Guidewell's first tooltip (on screen), split, p50:")
        parts = [
            ("script start → POST /sdk/v1/session sent", "session_sent"),
            ("/sdk/v1/session round trip (real server)", "session_rtt"),
            ("session answer → tooltip on screen", "after_session"),
        ]
        for label, key in parts:
            print(f"  {label:46}{p(values('guidewell', key), 0.5):6.1f} ms")
    print()
    print("gzip -9, what a page downloads to show a tour (1 KB = 1,000 bytes):")
    print(f"  guidewell.js (CSS inside)              {gw_size / 1000:6.2f} KB")
    print(f"  driver.js.iife.js + driver.css         {dj_size / 1000:6.2f} KB")
    print(f"  ratio guidewell / driver.js            {gw_size / dj_size:6.2f}x")
    first = p(values("guidewell", "painted"), 0.5)
    print(result_line("sdk_first_tooltip_ms", first, "ms"))


if __name__ == "__main__":
    main()
