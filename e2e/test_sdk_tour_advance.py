"""How a tour step moves on (click, input, tracked event, URL change) and how a tour
continues across pages, SPA routes and reloads."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.api import step, tour

REPORTS = {"match": "equals", "value": "/app/reports"}
ON_REPORT_CREATED = {"advance_on": "event", "advance_event": "report_created"}


def _gone(app) -> None:
    expect(app.page.locator("gw-root")).to_have_count(0)


def test_click_on_the_target_advances_the_step(app):
    """advance_on click: the step has no button; clicking #new-project moves on."""
    steps = [step("#new-project", "Click it", advance_on="click"), step(None, "Well done")]
    flow = app.publish(tour("t", steps))
    app.open()
    expect(app.card).to_contain_text("Click it")
    assert app.card.get_by_role("button", name="Next").count() == 0
    app.page.click("#new-project")
    expect(app.card).to_contain_text("Well done")
    app.card.get_by_role("button", name="Done").click()
    _gone(app)
    report = app.summary(flow, completed=1)
    assert [s["viewed"] for s in report["funnel"]] == [1, 1]


def test_typing_in_the_target_advances_the_step_without_losing_focus(app):
    """advance_on input: the field keeps the focus so the user can type; a second
    after the last keystroke the step moves on."""
    steps = [
        step("#company", "Your company name", advance_on="input"),
        step(None, "Saved as you type"),
    ]
    flow = app.publish(
        tour("t", steps, pages={"include": [{"match": "equals", "value": "/app/settings"}]})
    )
    app.open("/app/settings")
    expect(app.card).to_contain_text("Your company name")
    assert app.focused()["id"] == "company"
    app.page.keyboard.type("Acme Inc")
    expect(app.page.locator("#company")).to_have_value("Acme Inc")
    expect(app.card).to_contain_text("Saved as you type", timeout=3000)
    assert app.page.locator("#company").input_value() == "Acme Inc"
    app.card.get_by_role("button", name="Done").click()
    app.summary(flow, completed=1)


def test_tracked_event_advances_the_step(app):
    """advance_on event: #create-report calls guidewell.track('report_created')."""
    steps = [
        step("#create-report", "Create a report", **ON_REPORT_CREATED, allow_interaction=True),
        step("#export", "Export it"),
    ]
    flow = app.publish(tour("t", steps, pages={"include": [REPORTS]}))
    app.open("/app/reports")
    expect(app.card).to_contain_text("Create a report")
    app.page.keyboard.press("ArrowRight")  # not a "next" step: arrows do nothing
    app.page.click("#create-report")
    expect(app.card).to_contain_text("Export it")
    assert [e["name"] for e in app.events("track")] == ["report_created"]
    app.card.get_by_role("button", name="Done").click()
    report = app.summary(flow, completed=1)
    assert [s["viewed"] for s in report["funnel"]] == [1, 1]


def test_event_step_lets_the_user_use_its_target_by_default(app):
    """An author who picks advance_on event and leaves allow_interaction out expects the
    user to be able to do what tracks the event: click #create-report."""
    steps = [step("#create-report", "Create a report", **ON_REPORT_CREATED), step(None, "Done")]
    app.publish(tour("t", steps, pages={"include": [REPORTS]}))
    app.open("/app/reports")
    expect(app.card).to_contain_text("Create a report")
    target = app.page.locator("#create-report").bounding_box()
    hit = app.page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).id",
        [target["x"] + target["width"] / 2, target["y"] + target["height"] / 2],
    )
    assert hit == "create-report"


def test_url_change_advances_the_step(app):
    """advance_on url_change: following the Reports tab (a pushState route) moves on."""
    steps = [
        step("#nav-reports", "Open your reports", advance_on="url_change", allow_interaction=True),
        step("#create-report", "Here they are"),
    ]
    flow = app.publish(tour("t", steps))
    app.open()
    expect(app.card).to_contain_text("Open your reports")
    app.page.click("#nav-reports")
    expect(app.card).to_contain_text("Here they are")
    assert app.page.url.endswith("/app/reports")
    app.card.get_by_role("button", name="Done").click()
    app.summary(flow, completed=1)


MULTI_PAGE = [
    step(
        "#sidebar-reports",
        "Go to Reports",
        advance_on="click",
        page={"match": "equals", "value": "/app"},
    ),
    step(
        "#create-report",
        "Create a report",
        page=REPORTS,
        **ON_REPORT_CREATED,
        allow_interaction=True,
    ),
    step("#export", "Export it", page=REPORTS),
]


def test_multi_page_tour_continues_after_a_spa_route_change(app):
    """/app → /app/reports by a client-side link: the tour goes on on the new route, one
    flow_shown for the whole tour, and every step counted once."""
    flow = app.publish(tour("multi", MULTI_PAGE))
    app.open()
    expect(app.card).to_contain_text("Go to Reports")
    app.page.click("#sidebar-reports")
    expect(app.card).to_contain_text("Create a report")
    app.page.click("#create-report")
    expect(app.card).to_contain_text("Export it")
    app.card.get_by_role("button", name="Done").click()
    _gone(app)
    assert app.types(flow).count("flow_shown") == 1
    report = app.summary(flow, completed=1)
    assert [s["viewed"] for s in report["funnel"]] == [1, 1, 1]


def test_multi_page_tour_resumes_at_its_step_after_a_reload(app):
    """A reload on /app/reports in the middle of the tour brings back step 2, without a
    second flow_shown, and the tour completes once."""
    flow = app.publish(tour("multi", MULTI_PAGE))
    app.open()
    app.page.click("#sidebar-reports")
    expect(app.card).to_contain_text("Create a report")
    app.page.reload()
    app.wait_ready()
    expect(app.card).to_contain_text("Create a report")
    app.page.click("#create-report")
    expect(app.card).to_contain_text("Export it")
    app.page.keyboard.press("ArrowRight")
    _gone(app)
    assert app.types(flow).count("flow_shown") == 1
    report = app.summary(flow, completed=1)
    assert report["summary"]["shown"] == 1
    assert [s["viewed"] for s in report["funnel"]] == [1, 1, 1]


def test_step_with_navigate_url_sends_the_user_to_its_page_and_resumes_there(app):
    """A step for /app/reports with navigate_url: Next on /app loads /app/reports (a full
    navigation) and the tour continues there at that step."""
    steps = [
        step(None, "Reports are next"),
        step("#export", "Export from here", page=REPORTS, navigate_url="/app/reports"),
    ]
    flow = app.publish(tour("nav", steps))
    app.open()
    expect(app.card).to_contain_text("Reports are next")
    with app.page.expect_navigation(url="**/app/reports"):
        app.card.get_by_role("button", name="Next").click()
    app.wait_ready()
    expect(app.card).to_contain_text("Export from here")
    app.card.get_by_role("button", name="Done").click()
    _gone(app)
    assert app.types(flow).count("flow_shown") == 1
    report = app.summary(flow, completed=1)
    assert [s["viewed"] for s in report["funnel"]] == [1, 1]
