"""Roles in the admin: a viewer reads everything and can change nothing."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from e2e.admin_helpers import login
from e2e.api import Api


def invite_viewer(live_server: str, owner: Api, pid: int) -> tuple[str, str]:
    """An account with the viewer role, made through an invitation as an owner would."""
    email, password = f"viewer-{uuid.uuid4().hex[:8]}@example.com", "viewer-password"
    invited = owner.ok(
        "POST", f"/api/v1/projects/{pid}/members", {"email": email, "role": "viewer"}
    )
    token = invited["invitation_url"].split("#", 1)[1]
    Api(live_server).ok(
        "POST", "/api/v1/auth/accept-invite", {"token": token, "password": password}
    )
    return email, password


def test_viewer_sees_flows_but_cannot_edit_them(page: Page, live_server: str, admin_api, project):
    pid = project["id"]
    flow = admin_api.ok(
        "POST", f"/api/v1/projects/{pid}/flows", {"kind": "tour", "name": "Read-only tour"}
    )
    email, password = invite_viewer(live_server, admin_api, pid)

    login(page, live_server, email, password)
    page.goto(f"{live_server}/admin/p/{pid}/flows")
    expect(page.get_by_role("link", name="Read-only tour", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="New flow")).to_have_count(0)
    expect(page.get_by_role("link", name="Members")).to_have_count(0)

    page.get_by_role("link", name="Read-only tour", exact=True).click()
    expect(page.get_by_text("View only: your role in this project is viewer.")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="Add step")).to_be_disabled()
    for name in ("Publish", "Save draft", "Saved", "More"):
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    expect(page.get_by_role("textbox", name="Body")).to_have_attribute("contenteditable", "false")

    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_label("App URL")).to_be_disabled()
    expect(page.get_by_role("button", name="Save settings")).to_have_count(0)
    expect(page.get_by_role("button", name="Rotate keys…")).to_have_count(0)

    # The server agrees: the viewer's session cannot change the flow.
    viewer = Api(live_server).login(email, password)
    status, answer = viewer.request(
        "PATCH", f"/api/v1/projects/{pid}/flows/{flow['id']}", {"name": "Hijacked"}
    )
    assert status == 403, answer


def test_invited_person_joins_through_the_invitation_page(
    page: Page, live_server: str, admin_api, project
):
    email = f"invited-{uuid.uuid4().hex[:8]}@example.com"
    invited = admin_api.ok(
        "POST", f"/api/v1/projects/{project['id']}/members", {"email": email, "role": "editor"}
    )
    page.goto(invited["invitation_url"])
    page.get_by_label("Your name").fill("Ivy")
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Accept invitation").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert Api(live_server).login(email, "a-long-password").ok("GET", "/api/v1/projects")
