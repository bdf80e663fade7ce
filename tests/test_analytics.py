"""Analytics from hand-computed datasets, fed through the real SDK endpoints."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers import error_of
from tests.sdk_helpers import Browser, event, publish

DAY = 86_400_000


@pytest.fixture
def tour(editor, tenant):
    return publish(editor, tenant.project_id, "tour", targeting={})


def base_ms(days_ago: int = 3, hour: int = 12) -> int:
    day = datetime.now(UTC).date() - timedelta(days=days_ago)
    return int(datetime(day.year, day.month, day.day, hour, tzinfo=UTC).timestamp() * 1000)


def walk(browser, flow_id, steps, *, end=None, dismiss_step=None, start=None, gap=2000):
    ts = start or base_ms()
    events = [event("flow_shown", flow=flow_id, version=1, ts=ts)]
    for step in steps:
        events.append(event("step_viewed", flow=flow_id, version=1, step=step, ts=ts))
        ts += gap
    if end == "complete":
        events.append(event("flow_completed", flow=flow_id, version=1, ts=ts))
    elif end == "dismiss":
        events.append(event("flow_dismissed", flow=flow_id, version=1, step=dismiss_step, ts=ts))
    response = browser.send(*events)
    assert response.status_code == 200, response.get_json()


def report(editor, tenant, flow_id, query=""):
    response = editor.get(f"/api/v1/projects/{tenant.project_id}/analytics/flows/{flow_id}{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_funnel_and_summary_of_three_users(editor, tenant, tour, new_browser):
    """A finishes, B leaves at step 2, C sees only step 1: 3 → 2 → 1 → 1 completed."""
    fid = tour["id"]
    walk(new_browser(), fid, [0, 1, 2], end="complete")
    walk(new_browser(), fid, [0, 1], end="dismiss", dismiss_step=1)
    walk(new_browser(), fid, [0])
    body = report(editor, tenant, fid)
    assert body["summary"] == {
        "shown": 3,
        "started": 2,
        "completed": 1,
        "dismissed": 1,
        "completion_rate": 0.3333,
    }
    funnel = [
        (s["viewed"], s["drop_off"], s["drop_off_pct"], s["dismissed"]) for s in body["funnel"]
    ]
    assert funnel == [(3, 1, 33.3, 0), (2, 1, 50.0, 1), (1, 0, 0.0, 0)]
    assert [s["label"] for s in body["funnel"]] == ["Welcome", "Create a project", "Search"]
    assert sum(day["shown"] for day in body["trend"]) == 3
    assert len(body["trend"]) == 30


def test_median_time_on_step(editor, tenant, tour, new_browser):
    """Two users spend 4 s on step 1 and one spends 10 s: the median lies in (3, 5]."""
    fid = tour["id"]
    for gap in (4000, 4000, 10_000):
        walk(new_browser(), fid, [0, 1], gap=gap)
    first = report(editor, tenant, fid)["funnel"][0]
    assert 3 < first["median_seconds"] <= 5


def test_an_anonymous_user_later_identified_counts_once(editor, tenant, tour, new_browser):
    fid = tour["id"]
    laptop, phone = new_browser(), new_browser()
    laptop.identify("user-7")
    walk(laptop, fid, [0])
    walk(phone, fid, [0, 1], end="complete")
    phone.identify("user-7")
    body = report(editor, tenant, fid)
    assert body["summary"]["shown"] == 1 and body["summary"]["completed"] == 1
    assert [s["viewed"] for s in body["funnel"]] == [1, 1, 0]


def test_days_are_the_projects_calendar_days(editor, tenant, tour, new_browser):
    editor.patch(f"/api/v1/projects/{tenant.project_id}", json={"timezone": "America/New_York"})
    at = base_ms(days_ago=5, hour=3)  # 03:00 UTC is the evening before in New York
    walk(new_browser(), tour["id"], [0], start=at)
    utc_day = datetime.fromtimestamp(at / 1000, UTC).date()
    body = report(editor, tenant, tour["id"])
    [shown_day] = [d["day"] for d in body["trend"] if d["shown"]]
    assert shown_day == (utc_day - timedelta(days=1)).isoformat()
    assert body["range"]["timezone"] == "America/New_York"


def test_range_and_version_filters(editor, tenant, tour, new_browser):
    fid = tour["id"]
    walk(new_browser(), fid, [0], start=base_ms(days_ago=10))
    walk(new_browser(), fid, [0], start=base_ms(days_ago=2))
    day = (datetime.now(UTC).date() - timedelta(days=4)).isoformat()
    assert report(editor, tenant, fid, f"?from={day}")["summary"]["shown"] == 1
    assert report(editor, tenant, fid, "?version=1")["summary"]["shown"] == 2


@pytest.mark.parametrize(
    "query, field",
    [
        ("?from=2026-02-10&to=2026-02-01", "from"),
        ("?from=2020-01-01&to=2026-01-01", "to"),
        ("?from=yesterday", "from"),
        ("?variant=nope", "variant"),
        ("?version=9", "version"),
        ("?version=0", "version"),
        ("?colour=red", "colour"),
    ],
)
def test_bad_ranges_and_filters_name_the_field(editor, tenant, tour, query, field):
    url = f"/api/v1/projects/{tenant.project_id}/analytics/flows/{tour['id']}{query}"
    assert field in error_of(editor.get(url), 400)["fields"]


def test_unknown_or_foreign_flow_is_404(editor, tenant, tour, factory, make_client):
    error_of(editor.get(f"/api/v1/projects/{tenant.project_id}/analytics/flows/424242"), 404)
    other = factory.tenant("Other")
    intruder = make_client().login(other.owner_email)
    for url in (
        f"/api/v1/projects/{other.project_id}/analytics/flows/{tour['id']}",
        f"/api/v1/projects/{tenant.project_id}/analytics/flows/{tour['id']}",
    ):
        error_of(intruder.get(url), 404)


def test_missing_targets_and_fallbacks_show_in_the_funnel_and_overview(
    editor, tenant, tour, new_browser
):
    fid = tour["id"]
    browser = new_browser()
    ts = base_ms()
    browser.send(
        event("flow_shown", flow=fid, version=1, ts=ts),
        event("step_viewed", flow=fid, version=1, step=0, ts=ts),
        event("step_target_missing", flow=fid, version=1, step=1, ts=ts + 1000),
        event(
            "step_viewed",
            flow=fid,
            version=1,
            step=2,
            ts=ts + 2000,
            props={"match": "fallback:attr"},
        ),
    )
    funnel = report(editor, tenant, fid)["funnel"]
    assert (funnel[1]["target_missing"], funnel[2]["fallback_matched"]) == (1, 1)
    overview = editor.get(f"/api/v1/projects/{tenant.project_id}/analytics/overview").get_json()
    health = {
        (h["step"], h["target_missing"], h["fallback_matched"]) for h in overview["guide_health"]
    }
    assert health == {(1, 1, 0), (2, 0, 1)}


@pytest.fixture
def survey(editor, tenant):
    return publish(editor, tenant.project_id, "questionnaire")


def answer(browser, flow_id, **answers):
    ts = base_ms()
    events = [event("flow_shown", flow=flow_id, version=1, ts=ts)]
    for index, (question, value) in enumerate(answers.items()):
        events.append(
            event(
                "question_answered",
                flow=flow_id,
                version=1,
                step=index,
                ts=ts + index,
                props={"question": question, "value": value},
            )
        )
    assert browser.send(*events).status_code == 200


def test_questionnaire_distribution_and_nps(editor, tenant, survey, new_browser):
    for score, role, why in [
        (10, "dev", "fast"),
        (9, "pm", "clear"),
        (7, "dev", None),
        (3, "pm", "slow"),
        (10, "dev", None),
    ]:
        answers = {"nps": score, "role": role} | ({"why": why} if why else {})
        answer(new_browser(), survey["id"], **answers)
    url = f"/api/v1/projects/{tenant.project_id}/analytics/flows/{survey['id']}/responses"
    body = editor.get(url).get_json()
    nps, role, why = body["questions"]
    # 3 promoters, 1 passive, 1 detractor of 5: (3 - 1) / 5 = 40.
    assert nps["nps"] == {
        "score": 40.0,
        "promoters": 3,
        "passives": 1,
        "detractors": 1,
        "responses": 5,
    }
    assert {d["value"]: d["count"] for d in nps["distribution"]}[10] == 2
    assert [(d["value"], d["count"]) for d in role["distribution"]] == [("dev", 3), ("pm", 2)]
    assert why["responses"] == 3
    page = editor.get(url + "?question=why&per_page=2").get_json()["text_answers"]
    assert page["total"] == 3 and len(page["items"]) == 2


def test_responses_export_as_csv(editor, tenant, survey, new_browser):
    browser = new_browser()
    browser.identify("user-1")
    answer(browser, survey["id"], nps=8, why='Fine, "mostly"')
    url = f"/api/v1/projects/{tenant.project_id}/analytics/flows/{survey['id']}/responses"
    response = editor.get(url + "?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["answered_at", "user", "version", "question_id", "question", "answer"]
    assert [(r[1], r[3], r[5]) for r in rows[1:]] == [
        ("user-1", "nps", "8"),
        ("user-1", "why", 'Fine, "mostly"'),
    ]


def test_responses_of_a_tour_are_400(editor, tenant, tour):
    url = f"/api/v1/projects/{tenant.project_id}/analytics/flows/{tour['id']}/responses"
    error_of(editor.get(url), 400)


def test_experiment_results_per_variant(editor, tenant, new_browser):
    flow = publish(editor, tenant.project_id, "announcement")
    base = f"/api/v1/projects/{tenant.project_id}"
    experiment = editor.post(
        f"{base}/experiments",
        json={
            "flow_id": flow["id"],
            "key": "ab",
            "name": "AB",
            "variants": [
                {"key": "control", "weight": 5000, "version": 1},
                {"key": "holdout", "weight": 5000, "version": None},
            ],
            "goal": {"type": "event", "event": "upgraded"},
        },
    ).get_json()
    editor.post(f"{base}/experiments/{experiment['id']}/start")
    exposures = {"control": 0, "holdout": 0}
    conversions = {"control": 0, "holdout": 0}
    for i in range(40):
        browser = new_browser()
        [resolved] = browser.flows().values()
        ts = base_ms()
        events = [event("experiment_exposed", flow=flow["id"], version=1, ts=ts)]
        convert = (resolved["variant"] == "control" and i % 2 == 0) or i % 5 == 0
        if convert:
            events.append(event("track", name="upgraded", ts=ts + 1000))
            conversions[resolved["variant"]] += 1
        exposures[resolved["variant"]] += 1
        browser.send(*events)
    body = editor.get(f"{base}/experiments/{experiment['id']}/results").get_json()
    control, holdout = body["variants"]
    assert (control["exposed"], control["conversions"]) == (
        exposures["control"],
        conversions["control"],
    )
    assert (holdout["exposed"], holdout["conversions"]) == (
        exposures["holdout"],
        conversions["holdout"],
    )
    assert control["is_control"] and control["absolute_lift"] is None
    assert holdout["absolute_lift"] == pytest.approx(holdout["rate"] - control["rate"], abs=1e-4)
    assert 0 <= holdout["p_value"] <= 1
    assert body["sample_ratio"]["p_value"] > 0


def test_overview_counts_active_and_new_users(editor, tenant, new_browser):
    first, second = new_browser(), new_browser()
    first.session()
    second.session()
    first.session()
    body = editor.get(f"/api/v1/projects/{tenant.project_id}/analytics/overview").get_json()
    today = body["active_users"]["day"][-1]
    assert (today["active"], today["new"], today["returning"]) == (2, 2, 0)
    assert body["active_users"]["month"][-1]["active"] == 2


def test_viewers_read_analytics(editor, tenant, tour, factory, make_client):
    viewer = make_client().login(factory.member(tenant.project_id, "viewer"))
    assert (
        viewer.get(f"/api/v1/projects/{tenant.project_id}/analytics/flows/{tour['id']}").status_code
        == 200
    )


def test_answer_distributions_outlive_an_erased_user(editor, tenant, survey, new_browser):
    """Distributions are aggregates: erasing a respondent removes their answers, not counts."""
    browser = new_browser()
    browser.identify("leaving-user")
    answer(browser, survey["id"], nps=10)
    users = editor.get(f"/api/v1/projects/{tenant.project_id}/users?q=leaving").get_json()
    editor.delete(f"/api/v1/projects/{tenant.project_id}/users/{users['items'][0]['id']}")
    url = f"/api/v1/projects/{tenant.project_id}/analytics/flows/{survey['id']}/responses"
    assert editor.get(url).get_json()["questions"][0]["nps"]["promoters"] == 1


def test_every_flows_totals_in_one_request_agree_with_each_report(
    editor, tenant, tour, new_browser, factory, make_client
):
    other = publish(editor, tenant.project_id, "hotspot")
    walk(new_browser(), tour["id"], [0, 1, 2], end="complete")
    walk(new_browser(), tour["id"], [0], start=base_ms(days_ago=1))
    new_browser().send(event("flow_shown", flow=other["id"], version=1, ts=base_ms(2)))
    untouched = publish(editor, tenant.project_id, "announcement")
    # Another project's activity never shows here.
    stranger = factory.tenant("Other")
    theirs = publish(make_client().login(stranger.owner_email), stranger.project_id, "tour")
    Browser(make_client().client, stranger.public_key).send(
        event("flow_shown", flow=theirs["id"], version=1, ts=base_ms())
    )

    response = editor.get(f"/api/v1/projects/{tenant.project_id}/analytics/flows")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    by_flow = {entry["flow_id"]: entry for entry in body["flows"]}
    assert set(by_flow) == {tour["id"], other["id"]}  # no activity: not listed
    assert untouched["id"] not in by_flow
    for flow in (tour, other):
        single = report(editor, tenant, flow["id"])
        assert by_flow[flow["id"]]["summary"] == single["summary"]
        assert by_flow[flow["id"]]["shown_by_day"] == [day["shown"] for day in single["trend"]]
    assert body["range"]["from"] == single["range"]["from"]


def test_flows_totals_take_the_same_range_rules(editor, tenant, client, make_client, factory):
    path = f"/api/v1/projects/{tenant.project_id}/analytics/flows"
    assert error_of(editor.get(f"{path}?from=2026-02-10&to=2026-02-01"), 400)["fields"]["from"]
    assert error_of(editor.get(f"{path}?group=1"), 400)
    stranger = make_client().login(factory.tenant("Other").owner_email)
    assert error_of(stranger.get(path), 404)
