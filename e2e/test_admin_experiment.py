"""An A/B test with a holdout, set up and read in the admin app."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.admin_helpers import login, sdk_event, send_events

USERS = 60


def test_experiment_with_a_holdout_shows_exposures_per_variant(
    page: Page, live_server: str, admin_api, project
):
    pid = project["id"]
    base = f"/api/v1/projects/{pid}/flows"
    flow = admin_api.ok(
        "POST",
        base,
        {
            "kind": "announcement",
            "name": "Upgrade banner",
            "content": {"format": "banner", "title": "Go Pro", "body": "<p>Save 20%.</p>"},
        },
    )
    admin_api.ok("POST", f"{base}/{flow['id']}/publish")
    admin_api.ok(
        "PATCH",
        f"{base}/{flow['id']}",
        {"content": {**flow["draft"]["content"], "title": "Go Pro today"}},
    )
    admin_api.ok("POST", f"{base}/{flow['id']}/publish")

    login(page, live_server)
    page.goto(f"{live_server}/admin/p/{pid}/experiments")
    page.get_by_role("link", name="New experiment").click()
    page.get_by_label("Name", exact=True).fill("Banner wording")
    page.get_by_label("Key", exact=True).fill("banner-wording")
    # The form proposes control (older version), variant (newest) and a 10% holdout.
    expect(page.get_by_label("Variant 3 shows")).to_have_value("holdout")
    expect(page.get_by_label("Variant 1 traffic in percent")).to_have_value("45")
    page.get_by_label("Variant 1 traffic in percent").fill("50")
    expect(page.get_by_text("Weights add up to 105%; they must add up to 100%.")).to_be_visible()
    page.get_by_label("Variant 1 traffic in percent").fill("45")
    expect(page.get_by_text("Weights add up to 100%.")).to_be_visible()
    page.get_by_role("button", name="Create experiment").click()

    expect(page.get_by_role("heading", name="Banner wording")).to_be_visible()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("dialog", name="Start this experiment?").get_by_role(
        "button", name="Start"
    ).click()
    expect(page.get_by_text("running", exact=True)).to_be_visible()

    # Each user's SDK reports the exposure when the flow would show: holdout included.
    for n in range(USERS):
        send_events(
            live_server,
            project["public_key"],
            f"user-{n}",
            [sdk_event("experiment_exposed", flow=flow["id"], version=2)],
        )
    experiment = admin_api.ok("GET", f"/api/v1/projects/{pid}/experiments")["items"][0]
    results = admin_api.ok("GET", f"/api/v1/projects/{pid}/experiments/{experiment['id']}/results")
    exposed = {v["key"]: v["exposed"] for v in results["variants"]}
    assert sum(exposed.values()) == USERS
    assert set(exposed) == {"control", "variant", "holdout"}

    page.reload()
    table = page.get_by_test_id("experiment-results")
    for key, count in exposed.items():
        expect(table.get_by_test_id(f"exposed-{key}")).to_have_text(str(count))
    expect(table.locator("tr[data-variant=holdout]")).to_contain_text("holdout · 10%")
