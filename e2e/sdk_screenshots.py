"""The screenshots of docs/SDK.md: every kind of guide on the e2e host app, served by a
real Guidewell server, in Debian's Chromium. A script, not a test:

    .venv/bin/python -m e2e.sdk_screenshots [name ...]     (from the repository root)

It starts `guidewell demo` on a free loopback port with a throwaway instance folder,
creates a project and publishes one flow of each kind through the REST API (manual
trigger, so each shot shows exactly one guide with `guidewell.show(key)`), serves
e2e/site on another port with the project's key, and writes
docs/screenshots/sdk-<name>.png. Shots of anchored guides are clipped to the guide, its
target and some of the app around them. Needs the built SDK (`make build`).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

from e2e.api import Api

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "e2e" / "site"
OUT = ROOT / "docs" / "screenshots"
HERO = "https://images.example.com/acme/dark-mode.svg"  # answered from e2e/site/assets
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}
CARD = "gw-root [role=dialog]"


# -- the flows, as a product manager would write them ----------------------------------------


def flow(kind: str, key: str, name: str, content: dict[str, Any], **theme: Any) -> dict[str, Any]:
    targeting = {"trigger": {"type": "manual"}, "frequency": {"type": "always"}}
    return {
        "kind": kind,
        "key": key,
        "name": name,
        "content": content,
        "targeting": targeting,
        "theme": theme,
    }


NEXT = {"label": "Next", "action": "next", "style": "primary"}
BACK = {"label": "Back", "action": "back", "style": "secondary"}


def welcome_tour(key: str, words: dict[str, str]) -> dict[str, Any]:
    """Centred welcome, then three anchored steps; `words` holds the text (English or
    Hebrew, for the right-to-left shot)."""

    def button(name: str, action: str = "next", style: str = "primary") -> dict[str, str]:
        return {"label": words[name], "action": action, "style": style}

    def anchored(selector: str, name: str, last: bool = False) -> dict[str, Any]:
        forward = button("done" if last else "next")
        return {
            "target": {"selector": selector},
            "placement": "bottom",
            "title": words[name],
            "body": words[name + "_body"],
            "buttons": [button("back", "back", "secondary"), forward],
        }

    steps = [
        {"title": words["hello"], "body": words["hello_body"], "buttons": [button("show")]},
        anchored("#new-project", "project"),
        anchored("#metric-revenue strong", "revenue"),
        anchored("[data-testid=search]", "search", last=True),
    ]
    content = {"show_progress": True, "steps": steps}
    return flow("tour", key, words["hello"], content, mode="auto")


ENGLISH = {
    "hello": "Welcome to Acme Analytics",
    "hello_body": "<p>Three quick stops and you are ready. It takes a minute.</p>",
    "project": "Create a project",
    "project_body": "<p>Everything starts with a project. Click <strong>New project</strong> "
    "to make your first one.</p>",
    "revenue": "Revenue at a glance",
    "revenue_body": "<p>Net of refunds, updated every hour.</p>",
    "search": "Search anything",
    "search_body": "<p>Reports, people and dashboards. Try <code>revenue</code>.</p>",
    "show": "Show me",
    "next": "Next",
    "back": "Back",
    "done": "Done",
}
HEBREW = {
    "hello": "ברוכים הבאים ל-Acme Analytics",
    "hello_body": "<p>שלוש תחנות קצרות ואתם מוכנים.</p>",
    "project": "יצירת פרויקט",
    "project_body": "<p>הכול מתחיל בפרויקט. לחצו על <strong>New project</strong> "
    "כדי ליצור את הפרויקט הראשון שלכם.</p>",
    "revenue": "ההכנסות במבט אחד",
    "revenue_body": "<p>בניכוי החזרים, מתעדכן כל שעה.</p>",
    "search": "חיפוש",
    "search_body": "<p>דוחות, אנשים ולוחות מחוונים.</p>",
    "show": "הראו לי",
    "next": "הבא",
    "back": "הקודם",
    "done": "סיום",
}

FLOWS = [
    welcome_tour("welcome", ENGLISH),
    welcome_tour("welcome-he", HEBREW),
    flow(
        "tour",
        "reports-tour",
        "Reports tour",
        {"steps": [{"title": "Your reports", "body": "<p>Everything you saved.</p>"}]},
    ),
    flow(
        "hotspot",
        "hints",
        "Dashboard hints",
        {
            "hotspots": [
                {
                    "target": {"selector": "#invite"},
                    "title": "Invite your team",
                    "body": "<p>Reports and dashboards are better together.</p>",
                    "beacon_position": "bottom-right",
                    "cta": {
                        "label": "How sharing works",
                        "action": "url",
                        "style": "link",
                        "url": "https://docs.example.com/sharing",
                        "new_tab": True,
                    },
                },
                {
                    "target": {"selector": "[data-testid=search]"},
                    "title": "Search",
                    "body": "<p>Reports, people and dashboards.</p>",
                    "beacon_position": "top-left",
                },
            ]
        },
    ),
    flow(
        "announcement",
        "modal-news",
        "Dark mode is here",
        {
            "format": "modal",
            "title": "Dark mode is here",
            "body": "<p>Easier on the eyes at night. Switch it on in "
            "<strong>Settings → Appearance</strong>.</p>",
            "image": {"src": HERO, "alt": "The dashboard in dark mode"},
            "buttons": [
                {"label": "Maybe later", "action": "close", "style": "secondary"},
                {
                    "label": "Open settings",
                    "action": "url",
                    "style": "primary",
                    "url": "https://app.example.com/app/settings",
                },
            ],
        },
    ),
    flow(
        "announcement",
        "banner-news",
        "Maintenance banner",
        {
            "format": "banner",
            "position": "top",
            "title": "Scheduled maintenance",
            "body": "<p>Sunday from 02:00 to 03:00 UTC. "
            '<a href="https://status.example.com">Status page</a></p>',
            "buttons": [{"label": "Got it", "action": "close", "style": "primary"}],
        },
    ),
    flow(
        "announcement",
        "slideout-news",
        "Scheduled exports",
        {
            "format": "slideout",
            "position": "bottom-right",
            "title": "New: scheduled exports",
            "body": "<p>Send any report to your inbox every Monday morning.</p>",
            "buttons": [
                {"label": "Not now", "action": "close", "style": "secondary"},
                {"label": "Try it", "action": "start_flow", "style": "primary", "flow": "welcome"},
            ],
        },
    ),
    flow(
        "questionnaire",
        "nps",
        "NPS survey",
        {
            "format": "modal",
            "title": "Quick question",
            "submit_label": "Send",
            "thank_you": "<p>Thank you! Your answer helps us improve.</p>",
            "questions": [
                {
                    "id": "nps",
                    "type": "nps",
                    "required": True,
                    "prompt": "How likely are you to recommend Acme to a colleague?",
                    "low_label": "Not likely",
                    "high_label": "Very likely",
                    "branches": [{"op": "gte", "value": 9, "goto": "love"}],
                },
                {
                    "id": "role",
                    "type": "single",
                    "prompt": "What is your role?",
                    "save_as_trait": "role",
                    "options": [
                        {"value": "dev", "label": "Developer"},
                        {"value": "pm", "label": "Product manager"},
                        {"value": "other", "label": "Something else"},
                    ],
                },
                {
                    "id": "love",
                    "type": "text",
                    "prompt": "What do you like most?",
                    "placeholder": "Tell us…",
                },
            ],
        },
    ),
    flow(
        "checklist",
        "onboarding",
        "Getting started",
        {
            "title": "Get started with Acme",
            "description": "<p>Five minutes to your first report.</p>",
            "launcher": {"label": "Get started", "position": "bottom-right"},
            "items": [
                {"title": "Take the tour", "action": "start_flow", "flow": "welcome"},
                {
                    "title": "Create your first report",
                    "action": "start_flow",
                    "flow": "reports-tour",
                    "description": "<p>Guided, in three steps.</p>",
                },
                {
                    "title": "Read the docs",
                    "action": "url",
                    "url": "https://docs.example.com",
                    "new_tab": True,
                    "done_when": "clicked",
                },
                {
                    "title": "Email support",
                    "action": "url",
                    "url": "mailto:help@example.com",
                    "done_when": "clicked",
                },
            ],
        },
    ),
]


# -- the real server and the host app ------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def guidewell_demo() -> Iterator[str]:
    """`guidewell demo` (as e2e/conftest.py runs it), stopped with its process group."""
    instance = tempfile.mkdtemp(prefix="guidewell-shots-")
    env = {**os.environ, "GUIDEWELL_INSTANCE_PATH": instance}
    env.pop("GUIDEWELL_DATABASE_URL", None)
    env.pop("GUIDEWELL_REDIS_URL", None)
    port = free_port()
    command = [str(Path(sys.executable).with_name("guidewell")), "demo", "--port", str(port)]
    log_path = Path(instance) / "server.log"
    process = None
    try:
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("guidewell demo did not start:\n" + log_path.read_text())
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(base + "/health", timeout=2) as response,
            ):
                if response.status == 200:
                    break
            time.sleep(0.2)
        yield base
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        shutil.rmtree(instance, ignore_errors=True)


class HostSite(ThreadingHTTPServer):
    daemon_threads = True
    public_key = ""
    guidewell = ""


class HostHandler(SimpleHTTPRequestHandler):
    """e2e/site with the project's key and the server's SDK URL, as e2e/conftest.py does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(SITE), **kwargs)

    def log_message(self, *_args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() and self.path.startswith("/app"):
            path = SITE / "app" / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return super().send_head()
        site: HostSite = self.server  # type: ignore[assignment]
        html = path.read_text().replace("GUIDEWELL_PUBLIC_KEY", site.public_key)
        body = html.replace('src="/sdk/v1/', f'src="{site.guidewell}/sdk/v1/').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def host_site(guidewell: str, public_key: str) -> Iterator[str]:
    site = HostSite(("127.0.0.1", 0), HostHandler)
    site.guidewell, site.public_key = guidewell, public_key
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()
        site.server_close()


# -- the shots ---------------------------------------------------------------------------------


@dataclass
class Shot:
    name: str
    run: Callable[[Page, str], None]
    viewport: dict[str, int]
    # What to keep: the guide's elements (and their targets), padded; None: the viewport.
    clip: list[str] | None
    pad: int = 80
    dark: bool = False
    path: str = "/app"


def ready(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(
        "window.guidewell && window.guidewell._debug && guidewell._debug().ready"
    )


def show(page: Page, key: str) -> None:
    page.evaluate("key => window.guidewell.show(key)", key)
    page.locator("gw-root").first.wait_for(state="attached")


def settle(page: Page) -> None:
    """Entrance animations (0.2 s) done, positions followed for a few frames."""
    page.wait_for_timeout(450)


def tour_step(key: str = "welcome", words: dict[str, str] = ENGLISH, step: int = 2):
    """The tour `key` at `step` (from 1): Show me, then Next until there."""

    def run(page: Page, url: str) -> None:
        ready(page, url)
        show(page, key)
        labels = [words["show"]] + [words["next"]] * (step - 2)
        for label in labels:
            page.locator(CARD).get_by_role("button", name=label).click()
        title = [words["hello"], words["project"], words["revenue"], words["search"]][step - 1]
        page.locator(CARD).filter(has_text=title).wait_for()
        settle(page)

    return run


def one(key: str) -> Callable[[Page, str], None]:
    def run(page: Page, url: str) -> None:
        ready(page, url)
        show(page, key)
        settle(page)

    return run


def hotspot(page: Page, url: str) -> None:
    ready(page, url)
    show(page, "hints")
    page.get_by_role("button", name="Open hint: Invite your team").click()
    page.locator(CARD).filter(has_text="Invite your team").wait_for()
    settle(page)


def nps(page: Page, url: str) -> None:
    ready(page, url)
    show(page, "nps")
    page.locator(CARD).get_by_text("9", exact=True).click()
    settle(page)


def checklist(page: Page, url: str) -> None:
    ready(page, url)
    # Take the tour first, so the checklist shows one item ticked off.
    show(page, "welcome")
    for label in ("Show me", "Next", "Next", "Done"):
        page.locator(CARD).get_by_role("button", name=label).click()
    page.locator("gw-root").first.wait_for(state="detached")
    show(page, "onboarding")
    page.locator("gw-root .gw-launch").click()
    settle(page)


SHOTS = [
    Shot("tour", tour_step(), DESKTOP, [CARD, "#new-project", "[data-testid=search]"]),
    Shot("tour-mobile", tour_step(step=3), MOBILE, None),
    Shot("hotspot", hotspot, DESKTOP, [CARD, "[data-testid=search]", "#invite"]),
    Shot("modal", one("modal-news"), DESKTOP, None),
    Shot("banner", one("banner-news"), DESKTOP, ["gw-root [role=region]", "#topbar"], pad=40),
    Shot("slideout", one("slideout-news"), DESKTOP, [CARD], pad=160),
    Shot("nps", nps, DESKTOP, None),
    Shot("checklist", checklist, DESKTOP, [CARD, "gw-root .gw-launch"], pad=120),
    Shot("dark", tour_step(), DESKTOP, [CARD, "#new-project", "[data-testid=search]"], dark=True),
    Shot(
        "rtl",
        tour_step("welcome-he", HEBREW),
        DESKTOP,
        [CARD, "#new-project", "#invite"],
        path="/app?dir=rtl",
    ),
]


def builder(api: Api, project: dict[str, Any], app: str) -> Shot:
    """Builder mode on the app: a PM has picked the search field for a new step."""

    def run(page: Page, url: str) -> None:
        pid = project["id"]
        api.ok("PATCH", f"/api/v1/projects/{pid}", {"app_url": url, "allowed_origins": [app]})
        draft = api.ok(
            "POST",
            f"/api/v1/projects/{pid}/flows",
            {
                "kind": "tour",
                "name": "Getting started",
                "content": {
                    "steps": [
                        {"title": "Welcome to Acme", "body": "<p>A quick look around.</p>"},
                        {"target": {"selector": "#new-project"}, "title": "Create a project"},
                    ]
                },
            },
        )
        link = api.ok("POST", f"/api/v1/projects/{pid}/flows/{draft['id']}/builder", {})
        page.goto(link["url"])
        panel = page.get_by_role("complementary", name="Guidewell builder")
        panel.get_by_role("button", name="Add step on an element").click()
        search = page.locator("[data-testid=search]")
        search.hover()
        search.click()
        panel.get_by_text("Matches exactly 1 element").wait_for()
        panel.get_by_role("button", name="Use this element").click()
        panel.get_by_label("Title").fill("Find anything")
        panel.get_by_label("Text").fill("Search reports, projects and people from here.")
        page.mouse.move(0, 400)
        settle(page)

    return Shot("builder", run, DESKTOP, None)


def clip_box(page: Page, selectors: list[str], pad: int) -> dict[str, float]:
    """The union of the selectors' boxes, padded, within the viewport."""
    boxes = [box for s in selectors if (box := page.locator(s).first.bounding_box())]
    view = page.viewport_size or DESKTOP
    left = max(0, min(b["x"] for b in boxes) - pad)
    top = max(0, min(b["y"] for b in boxes) - pad)
    right = min(view["width"], max(b["x"] + b["width"] for b in boxes) + pad)
    bottom = min(view["height"], max(b["y"] + b["height"] for b in boxes) + pad)
    return {"x": left, "y": top, "width": right - left, "height": bottom - top}


def take(browser: Browser, app: str, shot: Shot) -> Path:
    context = browser.new_context(
        viewport=shot.viewport,
        color_scheme="dark" if shot.dark else "light",
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    hero = (SITE / "assets" / "hero.svg").read_bytes()
    page.route(HERO, lambda route: route.fulfill(body=hero, content_type="image/svg+xml"))
    try:
        shot.run(page, app + shot.path)
        path = OUT / f"sdk-{shot.name}.png"
        clip = clip_box(page, shot.clip, shot.pad) if shot.clip else None
        page.screenshot(path=str(path), clip=clip)
    finally:
        context.close()
    if errors:
        raise RuntimeError(f"{shot.name}: errors in the page: {errors}")
    return path


def main() -> None:
    names = sys.argv[1:]
    unknown = set(names) - {shot.name for shot in SHOTS} - {"builder"}
    if unknown:
        raise SystemExit(f"unknown shots: {', '.join(sorted(unknown))}")
    if not (ROOT / "server" / "guidewell" / "static" / "sdk" / "guidewell.js").is_file():
        raise SystemExit("the SDK is not built: run `make build` first")
    OUT.mkdir(parents=True, exist_ok=True)
    with guidewell_demo() as server:
        api = Api(server).login()
        project = api.new_project("Screenshots")
        for body in FLOWS:
            api.publish(project["id"], body)
        with host_site(server, project["public_key"]) as app, sync_playwright() as playwright:
            executable = shutil.which("chromium") or "/usr/bin/chromium"
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
            try:
                for shot in [*SHOTS, builder(api, project, app)]:
                    if not names or shot.name in names:
                        print(take(browser, app, shot).relative_to(ROOT))
            finally:
                browser.close()


if __name__ == "__main__":
    main()
