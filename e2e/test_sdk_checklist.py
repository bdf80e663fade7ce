"""Checklists: a launcher opens the list; items start flows or open links, and tick
off when their flow completes or their link is followed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.api import flow, step, tour


@pytest.fixture
def flows(app):
    welcome = app.publish(
        tour("welcome", [step(None, "Welcome aboard")], trigger={"type": "manual"})
    )
    items = [
        {"title": "Take the tour", "action": "start_flow", "flow": "welcome"},
        {"title": "Read the docs", "action": "url", "url": app.url("/app/settings")},
    ]
    content = {"title": "Get started", "items": items}
    checklist = app.publish(flow("checklist", "start", content))
    return welcome, checklist


def _launcher(app):
    return app.shadow(".gw-launch")


def _panel(app):
    return app.shadow(".gw-panel")


def _item(app, title: str):
    return _panel(app).locator(".gw-item", has_text=title)


def test_mouse_user_ticks_both_items_and_completes_the_checklist(app, flows):
    """The tour item starts the tour and ticks when it completes; the link item opens
    its page in a new tab and ticks; with both done the checklist is completed."""
    welcome, checklist = flows
    app.open()
    expect(_launcher(app)).to_contain_text("2")
    _launcher(app).click()
    expect(_panel(app)).to_contain_text("0 of 2 done")
    _item(app, "Take the tour").click()
    expect(_panel(app)).to_be_hidden()
    expect(app.card.filter(has_text="Welcome aboard")).to_be_visible()
    app.card.get_by_role("button", name="Done").click()
    expect(_launcher(app)).to_contain_text("1")
    _launcher(app).click()
    expect(_item(app, "Take the tour")).to_have_attribute("data-done", "")
    with app.page.context.expect_page() as opened:
        _item(app, "Read the docs").click()
    assert opened.value.url == app.url("/app/settings")
    expect(_launcher(app)).to_contain_text("✓")

    clicks = [e["props"] for e in app.events("cta_clicked")]
    assert [c["action"] for c in clicks] == ["start_flow", "url"]
    app.summary(welcome, completed=1)
    app.summary(checklist, completed=1, started=1)


def test_keyboard_user_runs_an_item_and_dismisses_the_checklist(app, flows):
    """Tab to the launcher, Enter opens the list, Enter on an item starts its tour,
    ArrowRight finishes it; focus comes back to the launcher; the list's own button
    dismisses the checklist."""
    welcome, checklist = flows
    app.open()
    app.tab_until("el => el.classList.contains('gw-launch')")
    app.page.keyboard.press("Enter")
    expect(_panel(app)).to_be_visible()
    app.tab_until("el => el.textContent.includes('Take the tour')", limit=4)
    app.page.keyboard.press("Enter")
    expect(app.card.filter(has_text="Welcome aboard")).to_be_visible()
    app.page.keyboard.press("ArrowRight")
    expect(app.card.filter(has_text="Welcome aboard")).to_have_count(0)
    assert app.focused()["cls"].startswith("gw-launch")
    app.page.keyboard.press("Enter")
    expect(_item(app, "Take the tour")).to_have_attribute("data-done", "")
    app.tab_until("el => el.textContent === 'Dismiss checklist'", limit=6)
    app.page.keyboard.press("Enter")
    expect(app.page.locator("gw-root")).to_have_count(0)

    app.summary(welcome, completed=1)
    report = app.summary(checklist, dismissed=1)
    assert report["summary"]["completed"] == 0


def test_the_launcher_and_its_panel_keep_clear_of_a_bottom_banner(app, flows):
    banner = {
        "format": "banner",
        "position": "bottom",
        "title": "Invoices are here",
        "body": "<p>Download them as PDF.</p>",
        "buttons": [{"label": "See invoices", "action": "close"}],
    }
    app.publish(flow("announcement", "news", banner))
    app.open()
    bar = app.shadow(".gw-banner")
    expect(bar).to_be_visible()
    expect(_launcher(app)).to_be_visible()
    app.page.wait_for_timeout(300)  # entrance animations
    top_of_banner = bar.bounding_box()["y"]
    assert _launcher(app).bounding_box()["y"] + _launcher(app).bounding_box()["height"] <= (
        top_of_banner
    )
    _launcher(app).click()
    panel = _panel(app).bounding_box()
    assert panel["y"] + panel["height"] <= top_of_banner
    # The banner gone, the launcher goes back down to the corner.
    bar.get_by_role("button", name="See invoices").click()
    expect(bar).to_have_count(0)
    viewport = app.page.viewport_size
    box = _launcher(app).bounding_box()
    assert viewport["height"] - (box["y"] + box["height"]) == pytest.approx(16, abs=1)
