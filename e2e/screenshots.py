"""A PNG of each main admin screen, into docs/screenshots/admin-*.png.

    .venv/bin/python e2e/screenshots.py [--base URL] [--out DIR] [--only NAME ...]

Without --base it starts `guidewell demo` on a free port with a fresh instance folder,
adds synthetic analytics (`guidewell seed-analytics`) and a few authored objects, logs
in as the demo PM and visits every screen in a 1280x800 Chromium window.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from e2e.admin_helpers import login  # noqa: E402
from e2e.api import Api  # noqa: E402
from e2e.conftest import CHROMIUM_FLAGS, _free_port, _wait_for, chromium_executable  # noqa: E402

GUIDEWELL = str(Path(sys.executable).with_name("guidewell"))


@contextmanager
def demo_server() -> Iterator[str]:
    """A seeded `guidewell demo` of its own, stopped on exit."""
    instance = tempfile.mkdtemp(prefix="gw-shots-")
    env = {**os.environ, "GUIDEWELL_INSTANCE_PATH": instance}
    env.pop("GUIDEWELL_DATABASE_URL", None)
    port = _free_port()
    process = subprocess.Popen(
        [GUIDEWELL, "demo", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/health", process)
        pid = Api(base).login().ok("GET", "/api/v1/projects")[0]["id"]
        subprocess.run(
            [GUIDEWELL, "seed-analytics", "--project", str(pid), "--users", "3000"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def author(api: Api, pid: int) -> dict[str, int]:
    """A segment and a three-step tour with targeting, so editors show real content."""
    segment = api.ok(
        "POST",
        f"/api/v1/projects/{pid}/segments",
        {
            "name": "Pro trials",
            "condition": {
                "all": [
                    {"trait": "plan", "op": "eq", "value": "pro"},
                    {"trait": "signed_up_at", "op": "after", "value": {"days_ago": 14}},
                ]
            },
        },
    )
    steps = [
        {
            "title": "Welcome to Acme",
            "body": "<p>A quick look around: <strong>3 steps</strong>.</p>",
        },
        {
            "title": "Create a report",
            "body": "<p>Click <em>New report</em> to start.</p>",
            "target": {"selector": "#new-report"},
            "placement": "bottom",
        },
        {"title": "Share it", "body": "<p>Invite your team.</p>", "target": {"selector": ".share"}},
    ]
    targeting = {
        "audience": {
            "any": [{"segment": segment["id"]}, {"trait": "role", "op": "eq", "value": "pm"}]
        },
        "pages": {
            "include": [{"match": "starts_with", "value": "/app"}],
            "exclude": [{"match": "glob", "value": "/app/settings/*"}],
        },
    }
    flow = api.ok(
        "POST",
        f"/api/v1/projects/{pid}/flows",
        {
            "kind": "tour",
            "name": "Reports tour",
            "content": {"steps": steps},
            "targeting": targeting,
        },
    )
    return {"segment": segment["id"], "tour": flow["id"]}


def flow_id(api: Api, pid: int, key: str) -> int:
    flows = api.ok("GET", f"/api/v1/projects/{pid}/flows?per_page=200")["items"]
    return next(flow["id"] for flow in flows if flow["key"] == key)


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)


def screens(
    base: str, api: Api, pid: int, ids: dict[str, int]
) -> dict[str, Callable[[Page], None]]:
    admin = f"{base}/admin/p/{pid}"
    survey = flow_id(api, pid, "seed-survey")
    seed_tour = flow_id(api, pid, "seed-tour")
    experiment = api.ok("GET", f"/api/v1/projects/{pid}/experiments")["items"][0]["id"]

    def visit(path: str, then: Callable[[Page], None] | None = None) -> Callable[[Page], None]:
        def run(page: Page) -> None:
            page.goto(admin + path)
            settle(page)
            if then:
                then(page)
                settle(page)

        return run

    def publish_dialog(page: Page) -> None:
        page.get_by_label("Title").first.fill("Welcome to Acme!")
        page.get_by_role("button", name="Publish").click()
        page.get_by_test_id("publish-changes").wait_for()

    return {
        "overview": visit("/overview"),
        "flows": visit("/flows"),
        "flow-editor": visit(
            f"/flows/{ids['tour']}", lambda p: p.get_by_text("Create a report").first.click()
        ),
        "flow-targeting": visit(
            f"/flows/{ids['tour']}?tab=targeting",
            lambda p: (
                p.get_by_label("Test a URL").fill("/app/settings/billing"),
                p.get_by_test_id("page-test-result").scroll_into_view_if_needed(),
            ),
        ),
        "flow-publish": visit(f"/flows/{ids['tour']}", publish_dialog),
        "questionnaire-editor": visit(f"/flows/{survey}"),
        "flow-analytics": visit(f"/flows/{seed_tour}/analytics"),
        "questionnaire-results": visit(
            f"/flows/{survey}/analytics",
            lambda p: p.get_by_role("heading", name="Answers").scroll_into_view_if_needed(),
        ),
        "experiment": visit(f"/experiments/{experiment}"),
        "segment": visit(f"/segments/{ids['segment']}"),
        "install": visit("/install"),
        "settings": visit("/settings"),
        "members": visit("/members"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="a running, seeded server (default: start one)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", nargs="*", help="screen names to take")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def given(base: str) -> Iterator[str]:
        yield base

    with given(args.base) if args.base else demo_server() as base:
        api = Api(base).login()
        pid = api.ok("GET", "/api/v1/projects")[0]["id"]
        ids = author(api, pid)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_executable(), args=CHROMIUM_FLAGS, headless=True
            )
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{base}/admin/login")
            page.screenshot(path=str(out / "admin-login.png"))
            login(page, base)
            for name, run in screens(base, api, pid, ids).items():
                if args.only and name not in args.only:
                    continue
                run(page)
                page.screenshot(path=str(out / f"admin-{name}.png"))
                print(f"admin-{name}.png")
            browser.close()


if __name__ == "__main__":
    main()
