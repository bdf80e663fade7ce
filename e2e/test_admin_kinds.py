"""The editor of every kind saves what the author set, in the shape the server accepts."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.admin_helpers import login


def open_editor(page: Page, live_server: str, admin_api, pid: int, kind: str) -> dict:
    flow = admin_api.ok("POST", f"/api/v1/projects/{pid}/flows", {"kind": kind, "name": kind})
    page.goto(f"{live_server}/admin/p/{pid}/flows/{flow['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(kind)
    return flow


def save(page: Page, admin_api, pid: int, flow: dict) -> dict:
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").get_by_text("Draft saved")).to_be_visible()
    return admin_api.ok("GET", f"/api/v1/projects/{pid}/flows/{flow['id']}")["draft"]["content"]


def test_every_kind_edits_and_saves(page: Page, live_server: str, admin_api, project):
    pid = project["id"]
    login(page, live_server)

    flow = open_editor(page, live_server, admin_api, pid, "hotspot")
    page.get_by_role("button", name="Add hotspot").click()
    page.get_by_label("Target element").fill("#export")
    page.get_by_label("Title", exact=True).fill("Export")
    page.get_by_label("Add a call to action").check()
    page.get_by_label("URL", exact=True).fill("https://docs.example.com/export")
    content = save(page, admin_api, pid, flow)
    assert content["hotspots"][1]["target"]["selector"] == "#export"
    assert content["hotspots"][1]["cta"]["url"] == "https://docs.example.com/export"

    flow = open_editor(page, live_server, admin_api, pid, "announcement")
    page.get_by_role("radio", name="Banner").click()
    page.get_by_label("Position").select_option("bottom")
    page.get_by_label("Action").select_option("track")
    page.get_by_label("Event name").fill("banner_clicked")
    content = save(page, admin_api, pid, flow)
    assert (content["format"], content["position"]) == ("banner", "bottom")
    assert content["buttons"][0] == {
        "label": "Got it",
        "action": "track",
        "event": "banner_clicked",
        "style": "primary",
    }

    flow = open_editor(page, live_server, admin_api, pid, "questionnaire")
    page.get_by_role("button", name="Add branch").click()  # NPS ≤ 6 … goes to the end
    page.get_by_role("button", name="Add question").click()
    page.get_by_label("Type").select_option("single")
    page.get_by_label("Question", exact=True).fill("Your role?")
    page.get_by_label("Option 1 label").fill("Developer")
    page.get_by_label("Save the answer as trait").fill("role")
    content = save(page, admin_api, pid, flow)
    first, second = content["questions"]
    assert first["branches"] == [{"op": "lte", "value": 6, "goto": "end"}]
    assert (second["type"], second["options"][0]["label"], second["save_as_trait"]) == (
        "single",
        "Developer",
        "role",
    )

    tour = admin_api.ok("POST", f"/api/v1/projects/{pid}/flows", {"kind": "tour", "name": "T"})
    flow = open_editor(page, live_server, admin_api, pid, "checklist")
    page.get_by_label("Action").select_option("start_flow")
    page.get_by_label("Flow", exact=True).select_option(tour["key"])
    content = save(page, admin_api, pid, flow)
    assert content["items"][0] | {"id": "x"} == {
        "id": "x",
        "title": "Read the guide",
        "description": "",
        "action": "start_flow",
        "flow": tour["key"],
        "done_when": "flow_completed",
    }
