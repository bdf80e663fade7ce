"""A product manager authors, targets, previews and publishes a tour in the admin app."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.admin_helpers import login

STEPS = [
    ("Welcome", None),
    ("Create a project", "#new-project"),
    ("Search", "[data-testid=search]"),
]


def step_titles(page: Page) -> list[str]:
    return page.locator(".sortable-item .item-label").all_inner_texts()


def test_pm_creates_targets_previews_and_publishes_a_three_step_tour(
    page: Page, live_server: str, admin_api, project
):
    pid = project["id"]
    login(page, live_server)
    page.goto(f"{live_server}/admin/p/{pid}/flows")
    expect(page.get_by_text("No flows yet")).to_be_visible()

    page.get_by_role("button", name="New flow").click()
    dialog = page.get_by_role("dialog", name="New flow")
    dialog.get_by_role("radio", name="Tour").check()
    dialog.get_by_label("Name").fill("Onboarding tour")
    dialog.get_by_role("button", name="Create tour").click()
    expect(page.get_by_role("heading", name="Onboarding tour")).to_be_visible()

    # The starter has one step; write three.
    for index, (title, selector) in enumerate(STEPS):
        if index:
            page.get_by_role("button", name="Add step").click()
        page.get_by_label("Title", exact=True).fill(title)
        if selector:
            page.get_by_label("Target element").fill(selector)
    assert step_titles(page) == [title for title, _ in STEPS]

    # The preview is the SDK's renderer drawing the selected step.
    preview = page.get_by_test_id("preview-stage")
    expect(preview.locator(".gw-title")).to_have_text("Search")
    page.locator(".sortable-main", has_text="Welcome").click()
    expect(preview.locator(".gw-title")).to_have_text("Welcome")

    # "Pick on page" opens builder mode (e2e/test_builder.py follows it there).
    expect(page.get_by_role("button", name="Pick on page")).to_be_enabled()

    # Reorder with the keyboard, then back by dragging.
    page.get_by_role("button", name="Reorder Step 3 “Search” (Alt+Arrow keys)").press("Alt+ArrowUp")
    assert step_titles(page) == ["Welcome", "Search", "Create a project"]
    page.locator(".sortable-item").nth(2).drag_to(page.locator(".sortable-item").nth(1))
    assert step_titles(page) == ["Welcome", "Create a project", "Search"]

    # Audience: plan is "pro". Page rule: paths starting with /app, checked with the tester.
    page.get_by_role("link", name="Targeting").click()
    page.get_by_role("radio", name="Users who match…").click()
    page.get_by_role("button", name="Trait rule").click()
    page.get_by_label("Trait").fill("plan")
    page.get_by_label("Value", exact=True).fill("pro")
    page.get_by_role("button", name="Include rule").click()
    page.get_by_label("Include rule 1: value").fill("/app")
    tester = page.get_by_label("Test a URL")
    tester.fill("/app/reports?tab=2")
    expect(page.get_by_test_id("page-test-result")).to_contain_text("Matches")
    tester.fill("/home")
    expect(page.get_by_test_id("page-test-result")).to_contain_text("Does not match")

    # Leaving with unsaved edits asks first.
    page.get_by_role("link", name="Flows").click()
    leave = page.get_by_role("dialog", name="Discard unsaved changes?")
    expect(leave).to_be_visible()
    leave.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("heading", name="Onboarding tour")).to_be_visible()

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").get_by_text("Draft saved")).to_be_visible()

    page.get_by_role("button", name="Publish", exact=True).click()
    publish = page.get_by_role("dialog", name="Publish for the first time")
    expect(publish.get_by_test_id("publish-changes")).to_contain_text("First version: 3 steps")
    publish.get_by_role("button", name="Publish now").click()
    expect(page.get_by_role("status").get_by_text("Published version 1")).to_be_visible()

    flows = admin_api.ok("GET", f"/api/v1/projects/{pid}/flows")["items"]
    assert [(f["name"], f["status"], f["live_version"]) for f in flows] == [
        ("Onboarding tour", "published", 1)
    ]
    live = admin_api.ok("GET", f"/api/v1/projects/{pid}/flows/{flows[0]['id']}/versions/1")
    steps = live["content"]["steps"]
    assert [(s["title"], (s["target"] or {}).get("selector")) for s in steps] == STEPS
    assert live["targeting"]["audience"] == {"all": [{"trait": "plan", "op": "eq", "value": "pro"}]}
    assert live["targeting"]["pages"]["include"] == [
        {"match": "starts_with", "value": "/app", "on": "path"}
    ]


def test_a_refused_save_shows_the_message_beside_its_field(
    page: Page, live_server: str, admin_api, project
):
    pid = project["id"]
    flow = admin_api.ok(
        "POST", f"/api/v1/projects/{pid}/flows", {"kind": "tour", "name": "Click tour"}
    )
    login(page, live_server)
    page.goto(f"{live_server}/admin/p/{pid}/flows/{flow['id']}")
    # A step that waits for a click on its target, with no target: the server refuses it.
    page.get_by_label("Moves on after").select_option("click")
    page.get_by_role("button", name="Save draft").click()
    target = page.locator(".field", has=page.get_by_label("Target element"))
    expect(target.locator(".field-error")).to_have_text('Required when advance_on is "click".')
    expect(page.get_by_label("Target element")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert").first).to_contain_text("1 field needs attention")

    page.get_by_label("Target element").fill("#new-project")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").get_by_text("Draft saved")).to_be_visible()
    saved = admin_api.ok("GET", f"/api/v1/projects/{pid}/flows/{flow['id']}")
    assert saved["draft"]["content"]["steps"][0]["target"]["selector"] == "#new-project"
    assert saved["draft"]["content"]["steps"][0]["advance_on"] == "click"


def test_publish_lists_changes_since_live_and_history_restores_a_version(
    page: Page, live_server: str, admin_api, project
):
    pid = project["id"]
    base = f"/api/v1/projects/{pid}/flows"
    steps = [{"title": "One"}, {"title": "Two", "target": {"selector": "#two"}}]
    flow = admin_api.publish(
        pid, {"kind": "tour", "name": "Versioned", "content": {"steps": steps}}
    )
    login(page, live_server)
    page.goto(f"{live_server}/admin/p/{pid}/flows/{flow['id']}")

    page.get_by_label("Title", exact=True).fill("One, renamed")
    page.get_by_role("button", name="Publish", exact=True).click()
    changes = page.get_by_role("dialog", name="Publish version 2").get_by_test_id("publish-changes")
    expect(changes).to_contain_text("Step 1 “One, renamed”: title changed")
    page.get_by_role("button", name="Publish now").click()
    expect(page.get_by_role("status").get_by_text("Published version 2")).to_be_visible()

    page.get_by_role("link", name="Versions").click()
    expect(page.get_by_role("row", name="v2 live")).to_be_visible()
    page.get_by_role("row", name="v1").get_by_role("button", name="Restore to draft").click()
    page.get_by_role("dialog").get_by_role("button", name="Restore").click()
    expect(
        page.get_by_role("status").get_by_text("Version 1 restored to the draft")
    ).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_value("One")
    draft = admin_api.ok("GET", f"{base}/{flow['id']}")["draft"]["content"]["steps"]
    assert [step["title"] for step in draft] == ["One", "Two"]
