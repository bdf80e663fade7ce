"""Builder mode on the customer's real app, with no browser extension.

A PM opens the builder from the flow editor on the e2e site (its own origin), picks
three elements, writes three steps and saves them to the draft; an end user then
walks that tour; after the site's next release renames its classes, the tour still
finds its targets by fingerprint and the admin flags those steps, with a re-pick.
Preview links show a draft to anyone, uncounted.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.admin_helpers import axe_violations, login
from e2e.api import wait_until
from e2e.conftest import HostApp

STEPS = [
    (".billing-upgrade", "Upgrade", "Move to Growth for 100,000 events."),
    (".billing-usage", "Usage", "Events counted this month."),
    (".billing-download", "Invoices", "Every invoice as a PDF."),
]


@pytest.fixture
def site(host_site, admin_api, project) -> Iterator[str]:
    """The e2e site as this project's app: its URL and its only allowed origin."""
    admin_api.ok(
        "PATCH",
        f"/api/v1/projects/{project['id']}",
        {"app_url": f"{host_site.url}/billing/", "allowed_origins": [host_site.url]},
    )
    yield host_site.url
    host_site.build = 1


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # Wide enough that the builder panel (top right) covers none of the page's content.
    context = browser.new_context(viewport={"width": 1600, "height": 900}, reduced_motion="reduce")
    context.set_default_timeout(10_000)
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    yield context
    context.close()
    assert not errors, f"uncaught errors in a page: {errors}"


def panel(page: Page):
    return page.get_by_role("complementary", name="Guidewell builder")


def pick(page: Page, selector: str) -> None:
    """Hovers, then clicks an element of the app while the picker runs."""
    element = page.locator(selector)
    element.hover()
    expect(page.locator("gw-root .gw-b-outline:not([hidden])").first).to_be_visible()
    element.click()


def end_user(browser: Browser, host_site, admin_api, project) -> tuple[BrowserContext, HostApp]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    return context, HostApp(context.new_page(), host_site, admin_api, project)


def open_editor(context: BrowserContext, live_server: str, admin_api, pid: int, name: str):
    """A new draft tour, and its editor in the admin, logged in as the PM."""
    flow = admin_api.ok("POST", f"/api/v1/projects/{pid}/flows", {"kind": "tour", "name": name})
    pm = context.new_page()
    login(pm, live_server)
    pm.goto(f"{live_server}/admin/p/{pid}/flows/{flow['id']}")
    return flow, pm


def walk_tour(app: HostApp) -> list[str]:
    """Goes through the tour with Next/Done; answers how each step's target was found."""
    for index, (_, title, _) in enumerate(STEPS):
        expect(app.card.locator(".gw-title")).to_have_text(title)
        app.wait_placed()
        label = "Done" if index == len(STEPS) - 1 else "Next"
        app.card.get_by_role("button", name=label).click()
    expect(app.card).to_have_count(0)
    return [e.get("props", {}).get("match") for e in app.events("step_viewed")]


def test_pm_builds_a_tour_on_the_app_and_it_survives_a_redesign(
    browser, context, live_server, admin_api, project, host_site, site
):
    pid = project["id"]
    # The PM opens the builder from the flow editor.
    flow, pm = open_editor(context, live_server, admin_api, pid, "Billing tour")
    pm.get_by_role("button", name="Open builder on my app").click()
    dialog = pm.get_by_role("dialog", name="Open the builder on your app")
    expect(dialog.get_by_label("Page to open")).to_have_value(f"{site}/billing/")
    assert axe_violations(pm) == []
    with context.expect_page() as opened:
        dialog.get_by_role("button", name="Open builder").click()
    builder = opened.value
    expect(panel(builder)).to_contain_text("Billing tour")
    assert "gw-builder" not in builder.url  # the token left the address bar at once
    # Held: the SDK on the page neither resolved guides nor counted the PM.
    assert builder.evaluate("guidewell._debug().ready") is False
    assert axe_violations(builder) == []

    # Three elements picked, three steps written.
    for selector, title, text in STEPS:
        panel(builder).get_by_role("button", name="Add step on an element").click()
        pick(builder, selector)
        expect(panel(builder).get_by_text("Matches exactly 1 element")).to_be_visible()
        panel(builder).get_by_role("button", name="Use this element").click()
        panel(builder).get_by_label("Title").fill(title)
        panel(builder).get_by_label("Text").fill(text)
    # The last step is tied to this page (a multi-page tour would need it).
    panel(builder).get_by_role("button", name="Only on /billing/").click()
    expect(panel(builder).get_by_text("Only on /billing/", exact=True)).to_be_visible()
    # Wider selects the enclosing element; Narrower comes back (step 4 is still open).
    panel(builder).get_by_role("button", name="Re-pick element").click()
    pick(builder, ".billing-link")
    selector_field = panel(builder).get_by_label("CSS selector")
    picked = selector_field.input_value()
    panel(builder).get_by_role("button", name="Wider").click()
    expect(selector_field).not_to_have_value(picked)
    panel(builder).get_by_role("button", name="Narrower").click()
    expect(selector_field).to_have_value(picked)
    panel(builder).get_by_role("button", name="Cancel").click()
    panel(builder).get_by_role("button", name="Delete step 1").click()  # the starter step

    # Playback on the live page counts nothing.
    panel(builder).get_by_role("button", name="Play", exact=True).click()
    expect(builder.locator("gw-root .gw-card .gw-title")).to_have_text("Upgrade")
    builder.keyboard.press("Escape")
    expect(builder.locator("gw-root .gw-card")).to_have_count(0)

    panel(builder).get_by_role("button", name="Save draft").click()
    expect(panel(builder)).to_contain_text("Saved to the draft")

    # Back in the editor's tab, the draft the builder saved is there.
    pm.bring_to_front()
    pm.evaluate("dispatchEvent(new Event('focus'))")
    expect(pm.get_by_text("Draft updated from the builder")).to_be_visible()
    expect(pm.locator(".sortable-item .item-label")).to_have_text([t for _, t, _ in STEPS])

    draft = admin_api.ok("GET", f"/api/v1/projects/{pid}/flows/{flow['id']}")
    steps = draft["draft"]["content"]["steps"]
    assert [s["title"] for s in steps] == [title for _, title, _ in STEPS]
    for step, (selector, _, text) in zip(steps, STEPS, strict=True):
        assert selector.removeprefix(".") in step["target"]["selector"]
        assert step["target"]["fingerprint"]["tag"] in ("button", "p")
        assert step["body"] == f"<p>{text}</p>"
    assert steps[-1]["buttons"][0]["label"] == "Done"
    assert steps[-1]["page"] == {"match": "equals", "value": "/billing/", "on": "path"}
    assert steps[0]["page"] is None
    assert draft["live_version"] is None  # the builder never publishes
    assert admin_api.ok("GET", f"/api/v1/projects/{pid}/users")["total"] == 0
    admin_api.ok("POST", f"/api/v1/projects/{pid}/flows/{flow['id']}/publish")

    # An end user walks the tour: every target found by its selector.
    user_context, user = end_user(browser, host_site, admin_api, project)
    user.open("/billing/")
    assert walk_tour(user) == ["selector"] * 3
    user.flush()
    user_context.close()

    # The next release renames every class: the tour still finds its targets.
    host_site.build = 2
    user_context, user = end_user(browser, host_site, admin_api, project)
    user.open("/billing/")
    assert user.page.locator(".billing-upgrade").count() == 0
    matches = walk_tour(user)
    assert all(match.startswith("fallback:") for match in matches), matches
    user.flush()
    assert user.refused == []
    user_context.close()

    # The admin flags those steps, and one click re-picks.
    overview = wait_until(
        lambda: admin_api.ok("GET", f"/api/v1/projects/{pid}/analytics/overview"),
        lambda answer: len(answer["guide_health"]) == 3,
    )
    assert all(s["fallback_matched"] == 1 for s in overview["guide_health"])
    pm.goto(f"{live_server}/admin/p/{pid}/overview")
    health = pm.locator(".health-list li").filter(has_text="Upgrade")
    expect(health).to_contain_text("found only by fallback 1")
    with context.expect_page() as opened:
        health.get_by_role("button", name="Re-pick the element of step 1 of Billing tour").click()
    repicker = opened.value
    expect(panel(repicker)).to_contain_text("Pick for step 1")
    pick(repicker, "button:has-text('Upgrade plan')")
    expect(panel(repicker).get_by_text("Matches exactly 1 element")).to_be_visible()
    panel(repicker).get_by_role("button", name="Send to the editor").click()
    expect(panel(repicker)).to_contain_text("Sent to the editor")
    expect(pm.get_by_text("points at the new element in the draft")).to_be_visible()
    repicked = admin_api.ok("GET", f"/api/v1/projects/{pid}/flows/{flow['id']}")
    target = repicked["draft"]["content"]["steps"][0]["target"]
    assert target["selector"] != steps[0]["target"]["selector"]
    assert repicker.evaluate(
        "(s) => document.querySelectorAll(s.replace(/:contains\\(.*\\)$/, '')).length > 0",
        target["selector"],
    )


def test_pick_on_page_sends_the_element_back_to_the_editor(
    context, live_server, admin_api, project, site
):
    _, pm = open_editor(context, live_server, admin_api, project["id"], "Pick tour")
    with context.expect_page() as opened:
        pm.get_by_role("button", name="Pick on page").click()
    builder = opened.value
    expect(panel(builder)).to_contain_text("Pick for step 1")
    pick(builder, ".billing-upgrade")
    panel(builder).get_by_role("button", name="Send to the editor").click()
    expect(pm.get_by_label("Target element")).to_have_value("button.billing-upgrade")
    expect(pm.get_by_text("Fallback signals")).to_contain_text("Upgrade plan")


def test_the_editor_makes_a_preview_link_to_copy(context, live_server, admin_api, project, site):
    _, pm = open_editor(context, live_server, admin_api, project["id"], "Shared tour")
    pm.get_by_role("button", name="Preview link").click()
    dialog = pm.get_by_role("dialog", name="Share a preview of the draft")
    # A page outside the project's allowed origins is refused, and says why.
    dialog.get_by_label("Page to open").fill("https://elsewhere.example.net/")
    dialog.get_by_role("button", name="Create link").click()
    expect(dialog.get_by_role("alert")).to_contain_text("allowed origins")
    dialog.get_by_label("Page to open").fill(f"{site}/billing/?plan=growth")
    dialog.get_by_role("button", name="Create link").click()
    link = dialog.get_by_label("Preview link")
    expect(link).to_be_visible()
    assert link.input_value().startswith(f"{site}/billing/?plan=growth#gw-preview=")
    assert axe_violations(pm) == []
    dialog.get_by_role("button", name="Done").click()
    expect(dialog).to_have_count(0)


def test_a_preview_link_shows_the_draft_to_anyone_and_counts_nothing(
    browser, admin_api, project, host_site, site
):
    pid = project["id"]
    flow = admin_api.ok(
        "POST",
        f"/api/v1/projects/{pid}/flows",
        {
            "kind": "tour",
            "name": "Draft tour",
            "content": {
                "steps": [
                    {"target": {"selector": ".billing-upgrade"}, "title": "Not live yet"},
                    {"title": "Second"},
                ]
            },
        },
    )
    link = admin_api.ok("POST", f"/api/v1/projects/{pid}/flows/{flow['id']}/preview-link", {})
    assert link["url"].startswith(f"{site}/billing/#gw-preview=")

    context, visitor = end_user(browser, host_site, admin_api, project)
    sent: list[str] = []
    visitor.page.on(
        "request", lambda r: sent.append(r.url) if r.url.endswith("/sdk/v1/events") else None
    )
    visitor.page.goto(link["url"])
    expect(visitor.card.locator(".gw-title")).to_have_text("Not live yet")
    expect(visitor.page.get_by_role("region", name="Guidewell preview")).to_contain_text(
        "not counted"
    )
    visitor.card.get_by_role("button", name="Next").click()
    expect(visitor.card.locator(".gw-title")).to_have_text("Second")
    # A reload keeps the preview going where it was, without the token in the URL.
    visitor.page.reload()
    expect(visitor.card.locator(".gw-title")).to_have_text("Second")
    visitor.card.get_by_role("button", name="Done").click()
    visitor.page.wait_for_timeout(300)
    assert sent == []  # nothing at all while previewing
    visitor.page.get_by_role("button", name="Exit preview").click()
    visitor.page.wait_for_function("() => window.guidewell?._debug?.().ready === true")
    assert visitor.card.count() == 0  # a draft is nobody's guide
    visitor.flush()
    context.close()
    report = admin_api.flow_report(pid, flow["id"])
    assert report["summary"]["shown"] == 0


def test_a_preview_link_shows_any_kind(browser, admin_api, project, host_site, site):
    pid = project["id"]
    body = {
        "kind": "announcement",
        "name": "Draft news",
        "content": {"format": "modal", "title": "Coming soon", "body": "<p>Invoices as PDF.</p>"},
    }
    flow = admin_api.ok("POST", f"/api/v1/projects/{pid}/flows", body)
    link = admin_api.ok("POST", f"/api/v1/projects/{pid}/flows/{flow['id']}/preview-link", {})
    context, visitor = end_user(browser, host_site, admin_api, project)
    visitor.page.goto(link["url"])
    dialog = visitor.page.get_by_role("dialog", name="Coming soon")
    expect(dialog).to_be_visible()
    assert axe_violations(visitor.page) == []
    context.close()


def test_a_forged_builder_link_opens_nothing(browser, admin_api, project, host_site, site):
    context, visitor = end_user(browser, host_site, admin_api, project)
    visitor.page.goto(f"{site}/billing/#gw-builder=not-a-real-token.abc")
    expect(panel(visitor.page)).to_contain_text("Open the builder again from the admin")
    assert visitor.page.evaluate("guidewell._debug().ready") is False
    visitor.page.get_by_role("button", name="Exit builder").click()
    visitor.page.wait_for_function("() => window.guidewell?._debug?.().ready === true")
    context.close()
