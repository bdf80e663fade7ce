"""A tour shown, stepped through, completed and dismissed, by mouse and by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.api import step, tour

THREE_STEPS = [
    step("#new-project", "Create a project"),
    step("[data-testid=search]", "Search anything", placement="bottom"),
    step("#late-widget", "Recommendations"),
]


@pytest.fixture
def welcome(app):
    return app.publish(tour("welcome", THREE_STEPS))


def test_mouse_user_steps_through_and_completes_the_tour(app, welcome):
    """Next, Next, Done: every step viewed once, the tour completed, nothing left on screen."""
    app.open()
    expect(app.card).to_contain_text("Create a project")
    app.card.get_by_role("button", name="Next").click()
    expect(app.card).to_contain_text("Search anything")
    app.card.get_by_role("button", name="Next").click()
    expect(app.card).to_contain_text("Recommendations")  # the widget renders 2 s late
    app.card.get_by_role("button", name="Done").click()
    expect(app.page.locator("gw-root")).to_have_count(0)

    assert app.types(welcome) == [
        "flow_shown",
        *["step_viewed", "step_completed"] * 3,
        "flow_completed",
    ]
    report = app.summary(welcome, completed=1)
    assert report["summary"] == {
        "shown": 1,
        "started": 1,
        "completed": 1,
        "dismissed": 0,
        "completion_rate": 1.0,
    }
    assert [s["viewed"] for s in report["funnel"]] == [1, 1, 1]


def test_mouse_user_dismisses_the_tour_with_the_close_button(app, welcome):
    """The close button on step 2 ends the tour as dismissed at step 2 (index 1)."""
    app.open()
    app.card.get_by_role("button", name="Next").click()
    expect(app.card).to_contain_text("Search anything")
    app.card.get_by_role("button", name="Close").click()
    expect(app.page.locator("gw-root")).to_have_count(0)

    dismissed = app.events("flow_dismissed")
    assert [e["step"] for e in dismissed] == [1]
    report = app.summary(welcome, dismissed=1)
    assert report["summary"]["completed"] == 0
    assert [s["dismissed"] for s in report["funnel"]] == [0, 1, 0]
    assert [s["viewed"] for s in report["funnel"]] == [1, 1, 0]


def test_keyboard_user_goes_forward_back_and_completes_the_tour(app, welcome):
    """ArrowRight/ArrowLeft move between steps; Tab reaches the buttons, Enter presses
    them. Going back and forth counts each step once."""
    app.open()
    expect(app.card).to_contain_text("Create a project")
    assert app.focused()["ours"], "the step takes the focus"
    keyboard = app.page.keyboard
    keyboard.press("ArrowRight")
    expect(app.card).to_contain_text("Search anything")
    keyboard.press("ArrowLeft")
    expect(app.card).to_contain_text("Create a project")
    keyboard.press("ArrowRight")
    expect(app.card).to_contain_text("Search anything")
    app.tab_until("el => el.textContent === 'Next'", limit=3)
    keyboard.press("Enter")
    expect(app.card).to_contain_text("Recommendations")
    app.tab_until("el => el.textContent === 'Done'", limit=3)
    keyboard.press("Enter")
    expect(app.page.locator("gw-root")).to_have_count(0)

    viewed = [e["step"] for e in app.events("step_viewed")]
    assert viewed == [0, 1, 0, 1, 2]
    report = app.summary(welcome, completed=1)
    assert [s["viewed"] for s in report["funnel"]] == [1, 1, 1]


def test_keyboard_user_dismisses_the_tour_with_escape(app, welcome):
    """Esc on step 2 dismisses the tour there; focus goes back to the page."""
    app.open()
    app.page.keyboard.press("ArrowRight")
    expect(app.card).to_contain_text("Search anything")
    app.page.keyboard.press("Escape")
    expect(app.page.locator("gw-root")).to_have_count(0)
    assert not app.focused()["ours"]

    report = app.summary(welcome, dismissed=1)
    assert [s["dismissed"] for s in report["funnel"]] == [0, 1, 0]
