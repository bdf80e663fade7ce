"""A questionnaire with an NPS question, published from the admin; its score after answers."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.admin_helpers import login, sdk_event, send_events

# 3 promoters, 1 passive, 2 detractors of 6: NPS = (3 - 2) / 6 = 16.7
SCORES = [10, 9, 9, 8, 6, 0]


def test_nps_questionnaire_shows_its_score_after_answers(
    page: Page, live_server: str, admin_api, project
):
    pid = project["id"]
    login(page, live_server)
    page.goto(f"{live_server}/admin/p/{pid}/flows")
    page.get_by_role("button", name="New flow").click()
    dialog = page.get_by_role("dialog", name="New flow")
    dialog.get_by_role("radio", name="Questionnaire").check()
    dialog.get_by_label("Name").fill("Quarterly NPS")
    dialog.get_by_role("button", name="Create questionnaire").click()

    # The starter question is an NPS question; the preview draws its 0-10 scale.
    expect(page.get_by_label("Type")).to_have_value("nps")
    page.get_by_label("Question", exact=True).fill("How likely are you to recommend Acme?")
    expect(
        page.get_by_test_id("preview-stage").get_by_text("How likely are you to recommend Acme?")
    ).to_be_visible()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Publish now").click()
    expect(page.get_by_role("status").get_by_text("Published version 1")).to_be_visible()

    flow = admin_api.ok("GET", f"/api/v1/projects/{pid}/flows")["items"][0]
    question = admin_api.ok("GET", f"/api/v1/projects/{pid}/flows/{flow['id']}")["draft"][
        "content"
    ]["questions"][0]["id"]
    for n, score in enumerate(SCORES):
        on_flow = {"flow": flow["id"], "version": 1}
        send_events(
            live_server,
            project["public_key"],
            f"respondent-{n}",
            [
                sdk_event("flow_shown", step=0, **on_flow),
                sdk_event(
                    "question_answered",
                    step=0,
                    props={"question": question, "value": score},
                    **on_flow,
                ),
            ],
        )

    page.get_by_role("link", name="Analytics").click()
    expect(page.get_by_role("heading", name="Answers")).to_be_visible()
    expect(page.get_by_test_id("nps-score")).to_have_text("16.7")
    expect(page.get_by_text("Promoters 3 (50%)")).to_be_visible()
    expect(page.get_by_text("Detractors 2 (33%)")).to_be_visible()
    href = page.get_by_role("link", name="Export CSV").get_attribute("href") or ""
    assert "format=csv" in href
    export = page.request.get(live_server + href)  # the session cookie of the page
    assert export.headers["content-type"].startswith("text/csv")
    assert len(export.text().strip().splitlines()) == len(SCORES) + 1
