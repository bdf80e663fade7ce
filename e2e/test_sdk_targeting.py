"""What the SDK decides in the browser: page rules on SPA routes, triggers, device,
priority with one blocking guide at a time, and the server's audience after identify."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.api import flow, step, tour


def _banner(key: str, title: str, **targeting) -> dict:
    content = {"format": "banner", "title": title, "body": f"<p>{title}.</p>"}
    return flow("announcement", key, content, **targeting)


def _slideout(key: str, title: str, **targeting) -> dict:
    content = {"format": "slideout", "title": title, "body": f"<p>{title}.</p>"}
    return flow("announcement", key, content, **targeting)


def _shown(app) -> list[str]:
    """Titles of the guides on screen now."""
    return sorted(app.page.locator("gw-root .gw-title").all_inner_texts())


def _settle(app) -> None:
    """A moment for the SDK to act on what just happened (a renderer may still be
    loading), before asserting that nothing showed."""
    app.page.wait_for_timeout(300)


def test_page_rules_are_re_evaluated_on_every_spa_route_change(app):
    """One flow for /app* except /app/settings, one for /app/rep*: each shows and goes
    as the user follows client-side links (pushState) and goes back (popstate)."""
    pages = {
        "include": [{"match": "starts_with", "value": "/app"}],
        "exclude": [{"match": "equals", "value": "/app/settings"}],
    }
    everywhere = app.publish(_banner("everywhere", "Everywhere but settings", pages=pages))
    reports = app.publish(
        _slideout(
            "reports", "Reports only", pages={"include": [{"match": "glob", "value": "/app/rep*"}]}
        )
    )
    app.open()
    expect(app.page.locator("gw-root")).to_have_count(1)
    assert _shown(app) == ["Everywhere but settings"]
    app.page.click("#sidebar-reports")
    expect(app.page.locator("gw-root")).to_have_count(2)
    assert _shown(app) == ["Everywhere but settings", "Reports only"]
    app.page.click("#sidebar a[href='/app/settings']")
    expect(app.page.locator("gw-root")).to_have_count(0)
    app.page.go_back()  # popstate back to /app/reports
    expect(app.page.locator("gw-root")).to_have_count(2)
    assert [e["url"].split("/", 3)[3] for e in app.events("page_viewed")] == [
        "app",
        "app/reports",
        "app/settings",
        "app/reports",
    ]
    app.summary(everywhere, shown=1)
    app.summary(reports, shown=1)


def test_event_trigger_shows_the_flow_when_the_app_tracks_the_event(app):
    """trigger event report_created: nothing on load; #create-report tracks it."""
    news = app.publish(
        _banner("created", "Report created", trigger={"type": "event", "event": "report_created"})
    )
    app.open("/app/reports")
    _settle(app)
    expect(app.page.locator("gw-root")).to_have_count(0)
    app.page.click("#create-report")
    expect(app.shadow(".gw-title")).to_have_text("Report created")
    app.summary(news, shown=1)


def test_element_click_trigger_shows_the_flow_on_a_click_on_its_element(app):
    """trigger element_click #help: a click elsewhere does nothing, a click on Help shows it."""
    help_ = tour(
        "help",
        [step("#help", "Need help?")],
        trigger={"type": "element_click", "selector": "#help"},
    )
    flow_ = app.publish(help_)
    app.open()
    app.page.click("#new-project")
    _settle(app)
    expect(app.page.locator("gw-root")).to_have_count(0)
    app.page.click("#help")
    expect(app.card).to_contain_text("Need help?")
    app.summary(flow_, shown=1)


def test_manual_trigger_shows_only_through_the_api(app):
    """trigger manual: never on its own, at once with guidewell.show(key)."""
    flow_ = app.publish(_banner("manual", "On demand", trigger={"type": "manual"}))
    app.open()
    app.page.click("#sidebar-reports")
    _settle(app)
    expect(app.page.locator("gw-root")).to_have_count(0)
    app.page.evaluate("guidewell.show('manual')")
    expect(app.shadow(".gw-title")).to_have_text("On demand")
    app.summary(flow_, shown=1)


@pytest.mark.parametrize(("width", "expected"), [(1280, "For desktop"), (375, "For mobile")])
def test_device_is_decided_by_the_viewport_width(app, width, expected):
    """Mobile below 768 px, desktop from there: only the matching flow shows."""
    mobile = app.publish(_banner("mobile", "For mobile", device="mobile"))
    desktop = app.publish(_banner("desktop", "For desktop", device="desktop"))
    app.page.set_viewport_size({"width": width, "height": 800})
    app.open()
    expect(app.page.locator("gw-root")).to_have_count(1)
    assert _shown(app) == [expected]
    shown = mobile if expected == "For mobile" else desktop
    other = desktop if shown is mobile else mobile
    app.summary(shown, shown=1)
    assert app.api.flow_report(app.pid, other["id"])["summary"]["shown"] == 0


def test_one_blocking_guide_at_a_time_by_priority_while_others_coexist(app):
    """A tour (priority 200) and a modal (priority 100) both want the screen: the tour
    wins, the modal waits; a hotspot and a banner show beside the tour. Once the tour
    is done, the next route change gives the modal its turn."""
    modal = {"format": "modal", "title": "Big news", "body": "<p>News.</p>"}
    hotspot = {"hotspots": [{"target": {"selector": "#help"}, "title": "Help is here"}]}
    app.publish(flow("announcement", "modal", modal, priority=100))
    tour_ = app.publish(tour("tour", [step("#new-project", "First things first")], priority=200))
    app.publish(flow("hotspot", "hint", hotspot, priority=10))
    app.publish(_banner("banner", "Maintenance tonight", priority=10))
    app.open()
    expect(app.card).to_contain_text("First things first")
    expect(app.shadow(".gw-beacon")).to_have_count(1)
    expect(app.shadow(".gw-banner")).to_contain_text("Maintenance tonight")
    _settle(app)
    expect(app.shadow(".gw-modal")).to_have_count(0)
    app.card.get_by_role("button", name="Done").click()
    app.page.click("#sidebar-reports")
    expect(app.shadow(".gw-modal")).to_contain_text("Big news")
    shown = [e["flow"] for e in app.events("flow_shown")]
    assert len(shown) == 4 and shown[0] == tour_["id"]
    app.summary(tour_, completed=1)


def test_audience_on_traits_applies_after_identify(app):
    """A tour for plan = pro is not sent to an anonymous visitor; identify with that
    trait re-resolves the flows and it shows. The trait is stored on the user."""
    pro = {"all": [{"trait": "plan", "op": "eq", "value": "pro"}]}
    flow_ = app.publish(tour("pro", [step("#new-project", "Pro feature")], audience=pro))
    app.open()
    _settle(app)
    expect(app.page.locator("gw-root")).to_have_count(0)
    app.page.evaluate("guidewell.identify('user-42', {plan: 'pro'})")
    expect(app.card).to_contain_text("Pro feature")
    app.summary(flow_, shown=1)
    users = app.api.users(app.pid)
    assert [(u["external_id"], u["traits"]) for u in users] == [("user-42", {"plan": "pro"})]
