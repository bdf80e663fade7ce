"""Announcements as a modal, a banner and a slideout: shown, completed by a button,
dismissed by the close button or Esc, with the mouse and with the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.api import flow

FORMATS = ["modal", "banner", "slideout"]


def _news(app, format_: str) -> dict:
    content = {
        "format": format_,
        "title": "Dark mode is here",
        "body": "<p>Try it in <strong>Settings</strong>.</p>",
        "buttons": [
            {"label": "Later", "action": "close", "style": "secondary"},
            {"label": "Try it", "action": "track", "event": "dark_mode_tried"},
        ],
    }
    return app.publish(flow("announcement", "news", content))


def _panel(app):
    return app.shadow("[role=dialog], [role=region]")


def _gone(app) -> None:
    expect(app.page.locator("gw-root")).to_have_count(0)


@pytest.mark.parametrize("format_", FORMATS)
def test_mouse_user_completes_the_announcement_with_its_button(app, format_):
    """Shown where its format puts it (modal centred, banner across the top, slideout in
    the bottom-right corner); a click on "Try it" fires its event and completes it."""
    news = _news(app, format_)
    app.open()
    expect(_panel(app)).to_contain_text("Dark mode is here")
    box = _panel(app).bounding_box()
    if format_ == "modal":
        assert abs(box["x"] + box["width"] / 2 - 640) < 2
        assert abs(box["y"] + box["height"] / 2 - 400) < 2
    elif format_ == "banner":
        assert (box["x"], box["y"], box["width"]) == (0, 0, 1280)
    else:
        assert (box["x"] + box["width"], box["y"] + box["height"]) == (1280 - 16, 800 - 16)
    _panel(app).get_by_role("button", name="Try it").click()
    _gone(app)
    assert [e["name"] for e in app.events("track")] == ["dark_mode_tried"]
    report = app.summary(news, completed=1)
    assert report["summary"]["dismissed"] == 0
    assert [(s["viewed"], s["drop_off"]) for s in report["funnel"]] == [(1, 0)]


@pytest.mark.parametrize("format_", FORMATS)
def test_keyboard_user_dismisses_the_announcement_with_escape(app, format_):
    """The modal has the focus already; a banner or slideout is reached with Tab. Esc
    then dismisses it."""
    news = _news(app, format_)
    app.open()
    expect(_panel(app)).to_contain_text("Dark mode is here")
    if format_ != "modal":
        assert not app.focused()["ours"], "a non-blocking message never takes the focus"
        app.tab_until("el => el.textContent === 'Later'")
    assert app.focused()["ours"]
    app.page.keyboard.press("Escape")
    _gone(app)
    report = app.summary(news, dismissed=1)
    assert report["summary"]["completed"] == 0


def test_keyboard_user_completes_the_modal_with_tab_and_enter(app):
    """The modal takes the focus; Tab reaches "Try it", Enter presses it."""
    news = _news(app, "modal")
    app.open()
    expect(_panel(app)).to_contain_text("Dark mode is here")
    app.tab_until("el => el.textContent === 'Try it'", limit=4)
    app.page.keyboard.press("Enter")
    _gone(app)
    app.summary(news, completed=1)


def test_mouse_user_dismisses_the_banner_with_its_close_button(app):
    """The banner's close button dismisses it."""
    news = _news(app, "banner")
    app.open()
    _panel(app).get_by_role("button", name="Close").click()
    _gone(app)
    app.summary(news, dismissed=1)
