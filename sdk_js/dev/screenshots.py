"""Dev tool only: screenshots of every kind on e2e/site, served by fake_server.py.

    python sdk_js/dev/fake_server.py &   then   .venv/bin/python sdk_js/dev/screenshots.py [name...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE = "http://127.0.0.1:8765"
OUT = Path("/tmp/shots")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def ready(page: Page, path: str = "/app") -> None:
    page.goto(BASE + path)
    page.wait_for_function("window.guidewell && window.guidewell._debug && window.guidewell._debug().ready")


def show(page: Page, key: str) -> None:
    page.evaluate("key => window.guidewell.show(key)", key)
    page.wait_for_timeout(600)


def next_step(page: Page, times: int = 1) -> None:
    for _ in range(times):
        page.locator("gw-root .gw-foot .gw-primary").last.click()
        page.wait_for_timeout(500)


SCENARIOS = {
    "tour-modal": lambda p: (ready(p), show(p, "welcome")),
    "tour-target": lambda p: (ready(p), show(p, "welcome"), next_step(p)),
    "tour-fallback": lambda p: (ready(p), show(p, "welcome"), next_step(p, 2)),
    "tour-scroller": lambda p: (ready(p), show(p, "welcome"), next_step(p, 3)),
    "tour-shadow": lambda p: (ready(p), show(p, "welcome"), next_step(p, 4)),
    "tour-late": lambda p: (ready(p), show(p, "welcome"), next_step(p, 5), p.wait_for_timeout(1500)),
    "tour-transformed": lambda p: (ready(p), show(p, "welcome"), next_step(p, 6)),
    "tour-far": lambda p: (ready(p), show(p, "welcome"), next_step(p, 7)),
    "hotspots": lambda p: (ready(p), show(p, "hints")),
    "hotspot-open": lambda p: (
        ready(p),
        show(p, "hints"),
        p.locator("gw-root .gw-beacon").first.click(),
        p.wait_for_timeout(400),
    ),
    "modal": lambda p: (ready(p), show(p, "modal-news")),
    "banner": lambda p: (ready(p), show(p, "banner-news")),
    "slideout": lambda p: (ready(p), show(p, "slideout-news")),
    "nps": lambda p: (ready(p), show(p, "nps")),
    "nps-answered": lambda p: (
        ready(p),
        show(p, "nps"),
        p.locator("gw-root label.gw-opt").nth(7).click(),
        p.wait_for_timeout(200),
    ),
    "question-single": lambda p: (
        ready(p),
        show(p, "nps"),
        p.locator("gw-root label.gw-opt").nth(5).click(),
        p.locator("gw-root button[type=submit]").click(),
        p.locator("gw-root label.gw-opt").nth(1).click(),
        p.wait_for_timeout(300),
    ),
    "checklist": lambda p: (
        ready(p),
        show(p, "onboarding"),
        p.locator("gw-root .gw-launch").click(),
        p.wait_for_timeout(400),
    ),
    "multipage": lambda p: (ready(p), show(p, "reports-tour")),
    "rtl": lambda p: (ready(p, "/app?dir=rtl"), show(p, "welcome"), next_step(p)),
    "dark-tour": lambda p: (p.emulate_media(color_scheme="dark"), ready(p), show(p, "welcome"), next_step(p)),
    "dark-nps": lambda p: (p.emulate_media(color_scheme="dark"), ready(p), show(p, "nps"), p.locator("gw-root label.gw-opt").nth(9).click()),
}


def main() -> None:
    names = sys.argv[1:] or list(SCENARIOS)
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for width, height, suffix in [(1280, 800, ""), (390, 844, "-mobile")]:
            if suffix and not any(n.endswith("-mobile") or n in ("tour-target", "tour-modal", "nps", "modal", "hotspot-open") for n in names):
                continue
            for name in names:
                if suffix and name not in ("tour-target", "tour-modal", "nps", "modal", "hotspot-open", "checklist", "tour-scroller"):
                    continue
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                try:
                    SCENARIOS[name](page)
                    page.screenshot(path=str(OUT / f"{name}{suffix}.png"))
                    print(f"{name}{suffix}: ok", "ERRORS: " + "; ".join(errors) if errors else "")
                except Exception as error:  # noqa: BLE001
                    page.screenshot(path=str(OUT / f"{name}{suffix}-failed.png"))
                    print(f"{name}{suffix}: FAILED {error}")
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
