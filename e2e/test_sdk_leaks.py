"""After a guide of any kind ends, everything it held on the page is released: the
SDK's count of listeners, observers, timers and elements is back at its baseline."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.api import flow, step, tour

MANUAL = {"trigger": {"type": "manual"}}
NPS = [{"id": "nps", "type": "nps", "prompt": "How likely are you to recommend us?"}]
HINTS = [
    {"target": {"selector": "#help"}, "title": "Help"},
    {"target": {"selector": "#new-project"}, "title": "Projects"},
]


def _tour(app) -> None:
    app.card.get_by_role("button", name="Next").click()
    app.card.get_by_role("button", name="Done").click()


def _hotspots(app) -> None:
    for _ in HINTS:
        app.shadow(".gw-beacon").first.click()
        app.card.get_by_role("button", name="Close").click()


def _modal(app) -> None:
    app.card.get_by_role("button", name="OK").click()


def _questionnaire(app) -> None:
    app.card.get_by_text("7", exact=True).click()
    app.card.locator("button[type=submit]").click()
    expect(app.card).to_contain_text("Thank you!")
    app.page.keyboard.press("Escape")  # closes the thank-you


def _checklist(app) -> None:
    app.shadow(".gw-launch").click()
    app.shadow(".gw-panel").get_by_role("button", name="Dismiss checklist").click()


CASES = {
    "tour": (tour("g", [step("#new-project", "One"), step(None, "Two")], **MANUAL), _tour),
    "hotspot": (flow("hotspot", "g", {"hotspots": HINTS}, **MANUAL), _hotspots),
    "announcement": (
        flow(
            "announcement",
            "g",
            {"format": "modal", "title": "News", "buttons": [{"label": "OK", "action": "close"}]},
            **MANUAL,
        ),
        _modal,
    ),
    "questionnaire": (flow("questionnaire", "g", {"questions": NPS}, **MANUAL), _questionnaire),
    "checklist": (
        flow(
            "checklist",
            "g",
            {
                "title": "Start",
                "items": [{"title": "Docs", "action": "url", "url": "https://x.io"}],
            },
            **MANUAL,
        ),
        _checklist,
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_resources_return_to_their_baseline_when_the_guide_ends(app, kind):
    body, use_until_it_ends = CASES[kind]
    app.publish(body)
    app.open()
    baseline = app.debug()["resources"]
    app.page.evaluate("guidewell.show('g')")
    expect(app.page.locator("gw-root")).to_have_count(1)
    assert app.debug()["resources"] > baseline
    use_until_it_ends(app)
    expect(app.page.locator("gw-root")).to_have_count(0)
    app.page.wait_for_function(f"() => guidewell._debug().resources === {baseline}", timeout=3000)
    assert app.debug()["active"] == []
    assert app.page.evaluate("document.querySelectorAll('[inert]').length") == 0
