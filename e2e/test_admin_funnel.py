"""From authoring to measuring: an end user walks a published tour, the PM sees the funnel."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from e2e.admin_helpers import login
from e2e.api import step, tour

STEPS = [
    step(None, "Welcome aboard"),
    step("#new-project", "Create a project"),
    step("[data-testid=search]", "Search anything"),
]


def test_an_end_users_steps_and_dismissal_show_in_the_pms_funnel(
    app, browser: Browser, live_server: str
):
    """The tour targets plan "pro" on /app; a pro user completes two steps and dismisses
    the third; the PM's analytics screen shows 1 → 1 → 1 viewed, one dismissal at step 3."""
    audience = {"all": [{"trait": "plan", "op": "eq", "value": "pro"}]}
    pages = {"include": [{"match": "starts_with", "value": "/app"}], "exclude": []}
    flow = app.publish(tour("onboarding", STEPS, audience=audience, pages=pages))

    app.page.goto(app.url("/app"))
    app.page.evaluate("guidewell.identify('user-pro-1', {plan: 'pro'})")
    expect(app.card).to_contain_text("Welcome aboard")
    app.card.get_by_role("button", name="Next").click()
    expect(app.card).to_contain_text("Create a project")
    app.card.get_by_role("button", name="Next").click()
    expect(app.card).to_contain_text("Search anything")
    app.page.keyboard.press("Escape")
    expect(app.page.locator("gw-root .gw-card")).to_have_count(0)
    app.summary(flow, shown=1, dismissed=1)

    pm = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = pm.new_page()
        login(page, live_server)
        page.goto(f"{live_server}/admin/p/{app.pid}/flows/{flow['id']}/analytics")
        table = page.locator("table", has_text="Drop-off to next")
        expect(table).to_be_visible()
        rows = table.locator("tbody tr")
        expect(rows).to_have_count(3)
        viewed = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(3)]
        assert viewed == ["1", "1", "1"]
        assert rows.nth(2).locator("td").nth(4).inner_text() == "1"  # dismissed at step 3
        expect(page.get_by_text("Users shown")).to_be_visible()
    finally:
        pm.close()
