"""Accessibility of every guide: axe-core finds nothing serious, focus goes in and comes
back, Tab stays inside modals, and the page behind a modal is inert and restored."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e.api import flow, step, tour

AXE = Path(__file__).parents[1] / "sdk_js" / "node_modules" / "axe-core" / "axe.min.js"

ITEMS = [{"title": "Read the docs", "action": "url", "url": "https://docs.example.com"}]
QUESTIONS = [
    {"id": "nps", "type": "nps", "prompt": "How likely are you to recommend us?", "required": True},
    {
        "id": "role",
        "type": "single",
        "prompt": "Your role?",
        "options": [{"value": "dev", "label": "Developer"}, {"value": "pm", "label": "PM"}],
    },
]
BUTTONS = [
    {"label": "Later", "action": "close", "style": "secondary"},
    {"label": "Try it", "action": "close"},
]


def _announcement(format_: str) -> dict:
    content = {
        "format": format_,
        "title": "Dark mode",
        "body": "<p>Try it.</p>",
        "buttons": BUTTONS,
    }
    return flow("announcement", "g", content)


# Every kind, and what the user does to bring its full UI on screen.
GUIDES = {
    "tour step on a target": (
        tour("g", [step("#new-project", "Create"), step(None, "Next")]),
        None,
    ),
    "tour step as a modal": (tour("g", [step(None, "Welcome"), step(None, "Next")]), None),
    "hotspot with its hint open": (
        flow("hotspot", "g", {"hotspots": [{"target": {"selector": "#help"}, "title": "Help"}]}),
        ".gw-beacon",
    ),
    "modal announcement": (_announcement("modal"), None),
    "banner announcement": (_announcement("banner"), None),
    "slideout announcement": (_announcement("slideout"), None),
    "questionnaire": (
        flow("questionnaire", "g", {"title": "Survey", "questions": QUESTIONS}),
        None,
    ),
    "checklist with its list open": (
        flow("checklist", "g", {"title": "Get started", "items": ITEMS}),
        ".gw-launch",
    ),
}
MODALS = ["tour step as a modal", "modal announcement", "questionnaire"]


def _show(app, name: str) -> None:
    body, opener = GUIDES[name]
    app.publish(body)
    app.open()
    expect(app.page.locator("gw-root")).to_have_count(1)
    if opener:
        app.shadow(opener).click()
    expect(app.shadow("[role=dialog]:visible, [role=region]")).to_have_count(1)


def _ax_names(app) -> set[str]:
    """Names in Chromium's accessibility tree (inert content is left out of it)."""
    cdp = app.page.context.new_cdp_session(app.page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    # Lower case: the host's CSS upper-cases button text, and the tree says what is shown.
    names = (n.get("name", {}).get("value") for n in nodes if not n.get("ignored"))
    return {name.lower() for name in names if name}


@pytest.mark.parametrize("name", list(GUIDES))
def test_axe_finds_no_serious_violation(app, name):
    """axe-core scans the guide's open shadow root: no serious or critical violation."""
    assert AXE.is_file(), "run `npm ci` in sdk_js: axe-core is one of its devDependencies"
    _show(app, name)
    app.page.add_script_tag(content=AXE.read_text())
    violations = app.page.evaluate(
        """async () => {
            const result = await axe.run({include: [["gw-root"]]}, {resultTypes: ["violations"]});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" >>> ")),
            }));
        }"""
    )
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []


@pytest.mark.parametrize("name", MODALS)
def test_focus_moves_into_the_guide_and_returns_where_it_was(app, name):
    """The user was on the Help button; the guide takes the focus; Esc closes it and the
    focus is back on Help."""
    body, _ = GUIDES[name]
    app.publish({**body, "targeting": {"trigger": {"type": "manual"}}})
    app.open()
    app.page.focus("#help")
    app.page.evaluate("guidewell.show('g')")
    expect(app.shadow("[role=dialog]")).to_be_visible()
    assert app.focused()["ours"]
    app.page.keyboard.press("Escape")
    expect(app.page.locator("gw-root")).to_have_count(0)
    assert app.focused()["id"] == "help"


@pytest.mark.parametrize("name", MODALS)
def test_tab_and_shift_tab_stay_inside_a_modal(app, name):
    """However often the user presses Tab or Shift+Tab, focus stays in the dialog."""
    _show(app, name)
    for key in ["Tab"] * 8 + ["Shift+Tab"] * 8:
        app.page.keyboard.press(key)
        focused = app.focused()
        assert focused["ours"], f"{key} left the dialog for {focused}"


@pytest.mark.parametrize("name", MODALS)
def test_page_behind_a_modal_is_inert_and_restored_after(app, name):
    """While the modal is open the page is out of the accessibility tree (inert) and
    cannot be clicked; once it closes the page is back as it was."""
    _show(app, name)
    names = _ax_names(app)
    assert "new project" not in names and "reports" not in names
    assert app.page.evaluate("document.body.inert")
    app.page.keyboard.press("Escape")
    expect(app.page.locator("gw-root")).to_have_count(0)
    assert app.page.evaluate("document.querySelectorAll('[inert]').length") == 0
    names = _ax_names(app)
    assert {"new project", "reports"} <= names
