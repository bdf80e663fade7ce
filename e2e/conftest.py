"""A live Guidewell server (the real `guidewell demo` command) and a real Chromium."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from e2e.api import Api

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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    """`guidewell demo` on a free port with its own instance folder and SQLite file."""
    port = _free_port()
    env = {**os.environ, "GUIDEWELL_INSTANCE_PATH": str(tmp_path_factory.mktemp("instance"))}
    env.pop("GUIDEWELL_DATABASE_URL", None)
    log = open(tmp_path_factory.mktemp("logs") / "server.log", "w")  # noqa: SIM115
    guidewell = str(Path(sys.executable).with_name("guidewell"))
    process = subprocess.Popen(
        [guidewell, "demo", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/health", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


class _HostSite(ThreadingHTTPServer):
    """Serves e2e/site as a customer's app on its own origin, with the SDK's script tag
    pointing at the Guidewell server and the current test project's public key."""

    daemon_threads = True
    public_key = "gw_pub_unset"
    guidewell = ""


class _HostHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(SITE), **kwargs)

    def log_message(self, *_args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if Path(path).is_dir():
            path = str(Path(path) / "index.html")
        if not path.endswith(".html") or not Path(path).is_file():
            return super().send_head()
        site: _HostSite = self.server  # type: ignore[assignment]
        html = Path(path).read_text()
        html = html.replace("GUIDEWELL_PUBLIC_KEY", site.public_key)
        html = html.replace('src="/sdk/v1/', f'src="{site.guidewell}/sdk/v1/')
        body = html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def host_site(live_server) -> Iterator[_HostSite]:
    """The host app on another origin than the server, as in production."""
    site = _HostSite(("127.0.0.1", 0), _HostHandler)
    site.guidewell = live_server
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{site.server_address[1]}"  # type: ignore[attr-defined]
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
