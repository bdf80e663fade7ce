"""Hotspots: several beacons at once; a click (or Enter) opens a hint; the flow
completes once every hint has been opened."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.api import flow, wait_until

REPORTS = {"include": [{"match": "equals", "value": "/app/reports"}]}
HINTS = [
    {"target": {"selector": "#create-report"}, "title": "Create", "body": "<p>New report.</p>"},
    {
        "target": {"selector": "[data-testid=export]"},
        "title": "Export",
        "body": "<p>CSV or PDF.</p>",
        "cta": {"label": "Read more", "action": "track", "event": "export_help"},
    },
]


@pytest.fixture
def hints(app):
    return app.publish(flow("hotspot", "hints", {"hotspots": HINTS}, pages=REPORTS))


DEEP_LABEL = (
    "document.querySelector('gw-root').shadowRoot.activeElement?.getAttribute('aria-label')"
)


def _beacons(app):
    return app.shadow(".gw-beacon")


def test_two_beacons_show_at_once_beside_their_targets(app, hints):
    """Each beacon sits on its target's top-right corner (the default position)."""
    app.open("/app/reports")
    expect(_beacons(app)).to_have_count(2)

    def offsets() -> list[float]:
        """How far each beacon's centre is from its target's top-right corner."""
        found = []
        for index, selector in enumerate(["#create-report", "#export"]):
            target = app.page.locator(selector).bounding_box()
            beacon = _beacons(app).nth(index).bounding_box()
            x = beacon["x"] + beacon["width"] / 2 - (target["x"] + target["width"])
            y = beacon["y"] + beacon["height"] / 2 - target["y"]
            found.append(max(abs(x), abs(y)))
        return found

    wait_until(offsets, lambda found: all(offset < 2 for offset in found), timeout=3)
    assert [e["step"] for e in app.events("hotspot_viewed")] == [0, 1]
    report = app.summary(hints, shown=1)
    assert report["summary"]["completed"] == 0


def test_mouse_user_opens_every_hint_and_completes_the_hotspots(app, hints):
    """A click on a beacon opens its hint; closing it removes the beacon; the CTA fires
    its event; with both hints seen the flow is completed."""
    app.open("/app/reports")
    expect(_beacons(app)).to_have_count(2)
    _beacons(app).first.click()
    expect(app.card).to_contain_text("Create")
    expect(_beacons(app).first).to_have_attribute("aria-expanded", "true")
    app.card.get_by_role("button", name="Close").click()
    expect(app.card).to_have_count(0)
    expect(_beacons(app)).to_have_count(1)
    _beacons(app).first.click()
    expect(app.card).to_contain_text("Export")
    app.card.get_by_role("button", name="Read more").click()
    expect(app.page.locator("gw-root")).to_have_count(0)

    assert [e["step"] for e in app.events("hotspot_opened")] == [0, 1]
    assert [e["name"] for e in app.events("track")] == ["export_help"]
    assert app.events("cta_clicked")[0]["props"]["label"] == "Read more"
    report = app.summary(hints, completed=1)
    assert [s["viewed"] for s in report["funnel"]] == [1, 1]


def test_keyboard_user_opens_and_closes_every_hint(app, hints):
    """Tab reaches the first beacon; Enter opens its hint and moves focus into it; Esc
    closes it and the focus moves on to the next beacon, where Enter opens the next hint."""
    app.open("/app/reports")
    expect(_beacons(app)).to_have_count(2)
    app.tab_until("el => el.getAttribute('aria-label') === 'Open hint: Create'")
    for title, then in (("Create", "Open hint: Export"), ("Export", None)):
        app.page.keyboard.press("Enter")
        expect(app.card).to_contain_text(title)
        assert app.focused()["ours"] and app.focused()["cls"] == "gw-card"
        app.page.keyboard.press("Escape")
        expect(app.card).to_have_count(0)
        if then:
            assert app.page.evaluate(f"({DEEP_LABEL})") == then
    expect(app.page.locator("gw-root")).to_have_count(0)
    app.summary(hints, completed=1)


def test_hotspots_closed_from_the_api_count_as_dismissed(app, hints):
    """guidewell.dismiss() removes the beacons as the user would: flow_dismissed."""
    app.open("/app/reports")
    expect(_beacons(app)).to_have_count(2)
    app.page.evaluate("guidewell.dismiss()")
    expect(app.page.locator("gw-root")).to_have_count(0)
    report = app.summary(hints, dismissed=1)
    assert report["summary"]["completed"] == 0
