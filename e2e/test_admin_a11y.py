"""axe-core on every admin screen: no serious or critical violation, and no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.admin_helpers import axe_violations, login, sdk_event, send_events

KINDS = {
    "tour": {
        "steps": [
            {"title": "Hi", "body": "<p>Welcome.</p>"},
            {"title": "Two", "target": {"selector": "#x"}},
        ]
    },
    "hotspot": None,
    "announcement": None,
    "questionnaire": None,
    "checklist": None,
}


@pytest.fixture
def seeded(admin_api, project, live_server) -> dict[str, int]:
    """One flow of each kind (the tour and questionnaire published, with traffic), a
    segment and a started experiment."""
    pid = project["id"]
    base = f"/api/v1/projects/{pid}/flows"
    ids = {}
    for kind, content in KINDS.items():
        body = {"kind": kind, "name": f"A {kind}"} | ({"content": content} if content else {})
        ids[kind] = admin_api.ok("POST", base, body)["id"]
    for kind in ("tour", "questionnaire"):
        admin_api.ok("POST", f"{base}/{ids[kind]}/publish")
    ids["segment"] = admin_api.ok(
        "POST",
        f"/api/v1/projects/{pid}/segments",
        {"name": "Pros", "condition": {"trait": "plan", "op": "eq", "value": "pro"}},
    )["id"]
    admin_api.ok("PATCH", f"{base}/{ids['tour']}", {"name": "A tour, edited"})
    admin_api.ok("POST", f"{base}/{ids['tour']}/publish")
    experiment = admin_api.ok(
        "POST",
        f"/api/v1/projects/{pid}/experiments",
        {
            "flow_id": ids["tour"],
            "key": "tour-ab",
            "name": "Tour A/B",
            "variants": [
                {"key": "control", "weight": 4500, "version": 1},
                {"key": "new", "weight": 4500, "version": 2},
                {"key": "holdout", "weight": 1000, "version": None},
            ],
        },
    )
    ids["experiment"] = experiment["id"]
    admin_api.ok("POST", f"/api/v1/projects/{pid}/experiments/{experiment['id']}/start")
    for n in range(8):
        tour = {"flow": ids["tour"], "version": 2}
        send_events(
            live_server,
            project["public_key"],
            f"a11y-{n}",
            [
                sdk_event("flow_shown", step=0, **tour),
                sdk_event("step_viewed", step=0, **tour),
                sdk_event("experiment_exposed", **tour),
            ],
        )
    return ids


def screens(ids: dict[str, int]) -> list[str]:
    flow = f"/flows/{ids['tour']}"
    return [
        "/overview",
        "/flows",
        flow,
        f"{flow}?tab=targeting",
        f"{flow}?tab=theme",
        f"{flow}?tab=history",
        f"{flow}/analytics",
        *(
            f"/flows/{ids[kind]}"
            for kind in ("hotspot", "announcement", "questionnaire", "checklist")
        ),
        f"/flows/{ids['questionnaire']}/analytics",
        "/experiments",
        "/experiments/new",
        f"/experiments/{ids['experiment']}",
        "/segments",
        f"/segments/{ids['segment']}",
        "/segments/new",
        "/install",
        "/settings",
        "/members",
    ]


def test_no_serious_accessibility_violation_on_any_admin_screen(
    page: Page, live_server: str, project, seeded
):
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Failed to load resource" not in message.text
            and console.append(message.text)
        ),
    )
    page.goto(f"{live_server}/admin/login")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    found = {"/login": axe_violations(page)}
    login(page, live_server)
    for path in screens(seeded):
        page.goto(f"{live_server}/admin/p/{project['id']}{path}")
        expect(page.locator("main h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
        found[path] = axe_violations(page)
    # A dialog, too: the new-flow picker.
    page.goto(f"{live_server}/admin/p/{project['id']}/flows")
    page.get_by_role("button", name="New flow").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    found["new flow dialog"] = axe_violations(page)
    assert {path: v for path, v in found.items() if v} == {}
    assert console == []
