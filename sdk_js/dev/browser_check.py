"""Dev tool only: behaviour of the built SDK in Chromium on e2e/site, served by
fake_server.py; every event the server received is checked with the server's own
validator (guidewell.schemas.sdk.check_event). Run with the project's venv:

    python sdk_js/dev/fake_server.py &   .venv/bin/python sdk_js/dev/browser_check.py
"""

from __future__ import annotations

import json
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))
from guidewell.schemas.sdk import check_event  # noqa: E402

BASE = "http://127.0.0.1:8765"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
results: list[tuple[str, bool, str]] = []


def server_events() -> list[dict]:
    with urllib.request.urlopen(BASE + "/dev/events") as response:
        return json.load(response)


def post(path: str) -> None:
    urllib.request.urlopen(urllib.request.Request(BASE + path, data=b"", method="POST")).read()


def check(name: str, ok: bool, detail: str = "") -> None:
    results.append((name, ok, detail))
    print(("PASS " if ok else "FAIL ") + name + (f" — {detail}" if detail and not ok else ""))


def ready(page: Page, path: str = "/app") -> None:
    page.goto(BASE + path)
    page.wait_for_function("window.guidewell && window.guidewell._debug && window.guidewell._debug().ready")


def flush(page: Page) -> None:
    # What pagehide does: hand the queue to sendBeacon.
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")
    page.wait_for_timeout(400)


def of_session(page: Page) -> list[dict]:
    anon = page.evaluate("JSON.parse(localStorage.getItem('gw_user')).anonymous_id")
    return [e for e in server_events() if e["user"]["anonymous_id"] == anon]


def scenario_multipage(page: Page) -> None:
    ready(page)
    page.evaluate("guidewell.show('reports-tour')")
    page.wait_for_selector("gw-root >> text=Your reports")
    page.click("#sidebar-reports")  # pushState to /app/reports; the click also advances
    page.wait_for_selector("gw-root >> text=Create a report")
    page.click("#create-report")  # the app tracks report_created: advance_event
    page.wait_for_selector("gw-root >> text=Export it")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    check("multi-page tour ends when its last step is done", page.locator("gw-root .gw-card").count() == 0)
    flush(page)
    types = [e["type"] for e in of_session(page) if e.get("flow") == 2]
    check(
        "multi-page tour events in order",
        types == ["flow_shown", "step_viewed", "step_completed", "step_viewed", "step_completed", "step_viewed", "step_completed", "flow_completed"],
        str(types),
    )


def scenario_resume_after_reload(page: Page) -> None:
    ready(page)
    page.evaluate("guidewell.show('welcome')")
    page.wait_for_selector("gw-root >> text=Welcome to Acme Analytics")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("gw-root >> text=Create a project")
    page.reload()
    page.wait_for_selector("gw-root >> text=Create a project", timeout=5000)
    check("a tour resumes at its step after a reload", True)


def scenario_offline_server(page: Page) -> None:
    ready(page)
    post("/dev/down")
    page.evaluate("for (let i = 0; i < 30; i++) guidewell.track('while_down', {i})")
    page.wait_for_timeout(300)
    flush(page)  # beacons refused by the down server
    page.reload()
    page.wait_for_function("window.guidewell && window.guidewell._debug().ready")
    page.evaluate("for (let i = 30; i < 35; i++) guidewell.track('while_down', {i})")
    post("/dev/up")
    deadline = time.time() + 20
    got: list[int] = []
    while time.time() < deadline:
        got = sorted(e["props"]["i"] for e in of_session(page) if e.get("name") == "while_down")
        if len(got) >= 35:
            break
        page.wait_for_timeout(500)
    check("no event lost while the server was down across a reload", got == list(range(35)), f"{len(got)} of 35")
    check("no event counted twice", len(got) == len(set(got)))


def scenario_host_dialog(page: Page) -> None:
    ready(page)
    page.click("#invite")
    page.evaluate("guidewell.show('welcome')")
    page.wait_for_selector("gw-root >> text=Welcome to Acme Analytics")
    inside = page.evaluate("!!document.querySelector('dialog[open] gw-root')")
    page.locator("gw-root >> text=Show me").click()
    page.wait_for_selector("gw-root >> text=Create a project")
    check("a tour over a host modal dialog mounts in it and stays usable", inside)


def scenario_csp(page: Page) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text and "guidewell" in m.text.lower() else None)
    ready(page, "/app?csp=1")
    page.evaluate("guidewell.show('nps')")
    page.wait_for_selector("gw-root >> text=How likely")
    styled = page.evaluate(
        "getComputedStyle(document.querySelector('gw-root').shadowRoot.querySelector('.gw-card')).position"
    )
    check("styles apply under a strict CSP (adoptedStyleSheets)", styled == "fixed" or styled == "relative", styled)
    check("nothing the SDK does is blocked by the CSP", not errors, "; ".join(errors))


def scenario_no_leaks(page: Page) -> None:
    ready(page)
    before = page.evaluate("guidewell._debug().resources")
    for key in ["welcome", "hints", "modal-news", "nps", "onboarding", "banner-news"]:
        page.evaluate(f"guidewell.show('{key}')")
        page.wait_for_timeout(400)
        page.evaluate("guidewell.dismiss()")
        page.wait_for_timeout(100)
    after = page.evaluate("guidewell._debug()")
    check("every guide released what it held", after["resources"] == before and after["active"] == [], json.dumps(after))
    check("no guide element left", page.evaluate("document.querySelectorAll('gw-root').length") == 0)
    check("page no longer inert", page.evaluate("document.querySelectorAll('[inert]').length") == 0)


def scenario_events_valid(page: Page) -> None:
    now = int(time.time() * 1000)
    bad = []
    for event in server_events():
        raw = {k: v for k, v in event.items() if k != "user"}
        _, errors = check_event(raw, now)
        if errors:
            bad.append((raw["type"], errors))
    check("every event passes the server's check_event", not bad, str(bad[:3]))


def main() -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for scenario in [scenario_multipage, scenario_resume_after_reload, scenario_offline_server, scenario_host_dialog, scenario_csp, scenario_no_leaks, scenario_events_valid]:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page_errors: list[str] = []
            page.on("pageerror", lambda e: page_errors.append(str(e)))
            try:
                scenario(page)
            except Exception as error:  # noqa: BLE001
                check(scenario.__name__, False, repr(error)[:300])
            if page_errors:
                check(f"{scenario.__name__}: no uncaught errors", False, "; ".join(page_errors))
            context.close()
        browser.close()
    failed = [r for r in results if not r[1]]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
