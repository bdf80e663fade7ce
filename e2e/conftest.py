"""A live Guidewell server (the real `guidewell demo` command) and a real Chromium."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, Response, sync_playwright

from e2e.api import Api, wait_until

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
SITE = Path(__file__).parent / "site"
APP_SHELL = SITE / "app" / "index.html"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


class GuidewellServer:
    """`guidewell demo` as a child process on a fixed port and instance folder, so a test
    can kill it and start it again where it was (same port, same database)."""

    def __init__(self, instance: Path, logs: Path, workers: int = 2) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.instance = instance
        self.logs = logs
        self.workers = workers
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        env = {
            **os.environ,
            "GUIDEWELL_INSTANCE_PATH": str(self.instance),
            # The suite logs in through the admin far more often than a person would;
            # the throttle itself is tested in tests/test_auth.py.
            "GUIDEWELL_LOGIN_LIMIT": "600 per minute",
        }
        env.pop("GUIDEWELL_DATABASE_URL", None)
        env.pop("GUIDEWELL_REDIS_URL", None)
        self.starts += 1
        guidewell = str(Path(sys.executable).with_name("guidewell"))
        with open(self.logs / f"server-{self.starts}.log", "w") as log:
            self.process = subprocess.Popen(
                [guidewell, "demo", "--port", str(self.port), "--workers", str(self.workers)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_for(f"{self.url}/health", self.process)

    def kill(self) -> None:
        """Gone at once, as in a crash: the whole process group, no graceful shutdown."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stored_events(self, project_id: int) -> list[tuple[str, str]]:
        """(uuid, type) of every event the server stored for the project, read from its
        SQLite file (WAL: a reader never blocks the server)."""
        database = self.instance / "guidewell.db"
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
            rows = connection.execute(
                "SELECT uuid, type FROM events WHERE project_id = ? ORDER BY id", (project_id,)
            )
            return [(uuid, kind) for uuid, kind in rows]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def _scratch(name: str) -> Iterator[Path]:
    """A folder for a server's instance and logs, outside pytest's basetemp: another
    pytest session on the machine prunes old basetemps, database and all, while a
    long e2e run may still be using one."""
    with tempfile.TemporaryDirectory(prefix=f"guidewell-e2e-{name}-") as folder:
        yield Path(folder)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """`guidewell demo` on a free port with its own instance folder and SQLite file."""
    with _scratch("live") as folder:
        server = GuidewellServer(folder / "instance", folder)
        server.start()
        try:
            yield server.url
        finally:
            server.stop()


class _HostSite(ThreadingHTTPServer):
    """Serves e2e/site as a customer's app on its own origin, with the SDK's script tag
    pointing at the Guidewell server and the current test project's public key."""

    daemon_threads = True
    public_key = "gw_pub_unset"
    guidewell = ""
    # 2: the customer's next release, whose build renamed every billing-* class.
    build = 1


class _HostHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(SITE), **kwargs)

    def log_message(self, *_args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if Path(path).is_dir():
            path = str(Path(path) / "index.html")
        if not Path(path).is_file() and urlsplit(self.path).path.startswith("/app"):
            path = str(APP_SHELL)  # client-side routes: the app's one page, as a SPA host serves it
        if not path.endswith(".html") or not Path(path).is_file():
            return super().send_head()
        site: _HostSite = self.server  # type: ignore[assignment]
        html = Path(path).read_text()
        html = html.replace("GUIDEWELL_PUBLIC_KEY", site.public_key)
        html = html.replace('src="/sdk/v1/', f'src="{site.guidewell}/sdk/v1/')
        if site.build == 2:
            html = re.sub(r"billing-([a-z]+)", r"Billing_\1__x9Qz2", html)
        policy = _csp(parse_qs(urlsplit(self.path).query).get("csp", [""])[0], site.guidewell)
        if policy and "nonce-" in policy:
            html = html.replace("<script ", f'<script nonce="{CSP_NONCE}" ')
        body = html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if policy:
            self.send_header("Content-Security-Policy", policy)
        self.end_headers()
        return io.BytesIO(body)


CSP_NONCE = "e2e-nonce-4b1d"


def _csp(variant: str, guidewell: str) -> str | None:
    """`?csp=strict`: scripts from this origin and the Guidewell server only, styles from
    this origin only (the SDK's go through adoptedStyleSheets and the CSSOM, which
    style-src does not restrict). `?csp=nonce`: a nonce policy with 'strict-dynamic',
    the script tags carrying the nonce (the SDK then puts it on its styles and chunks)."""
    common = f"default-src 'none'; connect-src {guidewell}; img-src 'self'; base-uri 'none'"
    if variant == "strict":
        return f"{common}; script-src 'self' {guidewell}; style-src 'self'"
    if variant == "nonce":
        nonce = f"'nonce-{CSP_NONCE}'"
        return f"{common}; script-src {nonce} 'strict-dynamic'; style-src 'self' {nonce}"
    return None


def _serve_site(guidewell: str) -> _HostSite:
    site = _HostSite(("127.0.0.1", 0), _HostHandler)
    site.guidewell = guidewell
    threading.Thread(target=site.serve_forever, daemon=True).start()
    site.url = f"http://127.0.0.1:{site.server_address[1]}"  # type: ignore[attr-defined]
    return site


@pytest.fixture(scope="session")
def host_site(live_server) -> Iterator[_HostSite]:
    """The host app on another origin than the server, as in production."""
    site = _serve_site(live_server)
    yield site
    site.shutdown()


@pytest.fixture(scope="session")
def admin_api(live_server) -> Api:
    return Api(live_server).login()


@pytest.fixture
def project(admin_api, host_site) -> dict:
    """A fresh project whose key the host site serves for this test."""
    created = admin_api.new_project()
    host_site.public_key = created["public_key"]
    return created


def chromium_executable() -> str | None:
    """Debian's Chromium where present; otherwise Playwright's own browser."""
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# -- the SDK on the host app -----------------------------------------------------------

# Before the bundle arrives, the page holds the stub the SDK drains (README: "the stub
# and the drain"): an `on("*")` queued there sees every event from the first one, and
# keeps it in sessionStorage so a reload of the tab does not forget it.
EVENT_RECORDER = """
(() => {
  const stub = (window.guidewell = window.guidewell || []);
  if (!Array.isArray(stub)) return;
  stub.push(["on", "*", (event) => {
    if (!event || !event.id) return;
    const list = JSON.parse(sessionStorage.getItem("e2e_events") || "[]");
    list.push(event);
    sessionStorage.setItem("e2e_events", JSON.stringify(list));
  }]);
})();
"""


class HostApp:
    """One end user's tab on the host app, with the project it shows guides of."""

    def __init__(self, page: Page, site: _HostSite, api: Api, project: dict) -> None:
        self.page = page
        self.site = site
        self.api = api
        self.project = project
        page.add_init_script(EVENT_RECORDER)
        # Guides appear without their entrance animation, so boxes measured at once are final.
        page.emulate_media(reduced_motion="reduce")
        page.set_default_timeout(10_000)
        self.refused: list[str] = []
        page.on("response", self._watch)

    def _watch(self, response: Response) -> None:
        """Notes any /sdk/v1 request the real server refused, and any event it rejected
        (each is checked by the server's own validator): a test's guides must send none."""
        if "/sdk/v1/" not in response.url or response.request.method != "POST":
            return
        if response.status >= 400:
            self.refused.append(f"{response.status} {response.url}")
        elif response.url.endswith("/events") and response.request.resource_type == "fetch":
            # The body is gone when the page navigated away before it could be read.
            with contextlib.suppress(Exception):
                if rejected := response.json().get("rejected"):
                    self.refused.append(f"rejected events: {rejected}")

    @property
    def pid(self) -> int:
        return self.project["id"]

    def publish(self, body: dict) -> dict:
        return self.api.publish(self.pid, body)

    def url(self, path: str = "/app") -> str:
        return self.site.url + path  # type: ignore[attr-defined]

    def open(self, path: str = "/app") -> None:
        """Loads a page of the host app and waits until the SDK has its flows."""
        self.page.goto(self.url(path))
        self.wait_ready()

    def wait_ready(self) -> None:
        self.page.wait_for_function("() => window.guidewell?._debug?.().ready === true")

    def debug(self) -> dict:
        return self.page.evaluate("guidewell._debug()")

    @property
    def card(self) -> Locator:
        """The guide's dialog (Playwright's CSS locators pierce open shadow roots)."""
        return self.page.locator("gw-root .gw-card")

    def wait_placed(self) -> None:
        """Waits until the anchored card has been laid out beside its target (or as a
        bottom sheet): the SDK places it, and its spotlight, on the next frame."""
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('gw-root')].some((root) =>"
            " root.shadowRoot.querySelector('.gw-card[data-side], .gw-card.gw-sheet'))"
        )

    def shadow(self, selector: str) -> Locator:
        return self.page.locator(f"gw-root {selector}")

    def events(self, *types: str) -> list[dict]:
        """Every event the SDK generated in this tab (across reloads), in order."""
        events = self.page.evaluate("JSON.parse(sessionStorage.getItem('e2e_events') || '[]')")
        return [e for e in events if not types or e["type"] in types]

    def types(self, flow: dict) -> list[str]:
        return [e["type"] for e in self.events() if e.get("flow") == flow["id"]]

    def flush(self) -> None:
        """Sends the queued events now (the SDK flushes when the browser comes back
        online) and waits until the server has acknowledged every one."""
        self.page.evaluate("dispatchEvent(new Event('online'))")
        self.page.wait_for_function("() => guidewell._debug().queued === 0")

    def report(self, flow: dict, check=lambda report: True, **query) -> dict:
        """The flow's analytics once `check` holds (events are flushed first)."""
        self.flush()
        return wait_until(lambda: self.api.flow_report(self.pid, flow["id"], **query), check)

    def summary(self, flow: dict, **expected: int) -> dict:
        """Waits until the flow's summary shows `expected` (e.g. completed=1)."""

        def holds(report: dict) -> bool:
            return all(report["summary"][name] == value for name, value in expected.items())

        return self.report(flow, holds)

    def tab_until(self, js_predicate: str, limit: int = 40) -> None:
        """Presses Tab until the focused element (seen through shadow roots) satisfies
        `js_predicate(el)`, as a keyboard user would."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(f"({js_predicate})({DEEP_ACTIVE})"):
                return
        raise AssertionError(f"Tab never reached {js_predicate}")

    def focused(self) -> dict:
        """What has the focus: tag, id, class and text, looking into shadow roots."""
        return self.page.evaluate(
            f"(() => {{ const el = {DEEP_ACTIVE}; return el && {{tag: el.tagName, "
            "id: el.id, cls: el.className?.baseVal ?? el.className, "
            "text: (el.textContent || '').trim().slice(0, 60), "
            "ours: el.getRootNode().host?.tagName === 'GW-ROOT'}; })()"
        )


DEEP_ACTIVE = (
    "(() => { let el = document.activeElement;"
    " while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;"
    " return el; })()"
)


@pytest.fixture
def app(page: Page, host_site, admin_api, project) -> Iterator[HostApp]:
    app = HostApp(page, host_site, admin_api, project)
    yield app
    assert app.refused == [], "the server refused what the SDK sent"


# -- a server of its own, for tests that stop it ------------------------------------------


@pytest.fixture
def own_server() -> Iterator[GuidewellServer]:
    """A second `guidewell demo` with its own port and instance folder: a test may kill
    it and start it again on the same port and database, the shared one stays up."""
    with _scratch("own") as folder:
        server = GuidewellServer(folder / "instance", folder, workers=1)
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def own_app(own_server, page: Page) -> Iterator[HostApp]:
    """The host app on its own origin, talking to `own_server`."""
    api = Api(own_server.url).login()
    site = _serve_site(own_server.url)
    project = api.new_project()
    site.public_key = project["public_key"]
    app = HostApp(page, site, api, project)
    yield app
    site.shutdown()
    assert app.refused == [], "the server refused what the SDK sent"
