"""POST /sdk/v1/events: exactly-once ingestion, progress and rollups."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
import sqlalchemy as sa

from guidewell.extensions import db
from guidewell.models import Event, FlowDay, Progress, Response, StepDay, StepDuration
from tests.helpers import error_of
from tests.sdk_helpers import Browser, event, now_ms, publish


@pytest.fixture
def tour(editor, tenant):
    return publish(editor, tenant.project_id, "tour", targeting={})


def rows(app, model, **where):
    with app.app_context():
        query = sa.select(model).filter_by(**where)
        return [
            {c.name: getattr(r, c.name) for c in model.__table__.columns}
            for r in db.session.scalars(query)
        ]


def flow_totals(app, flow_id: int) -> dict[str, int]:
    days = rows(app, FlowDay, flow_id=flow_id)
    return {k: sum(d[k] for d in days) for k in ("shown", "started", "completed", "dismissed")}


def step_totals(app, flow_id: int, counter: str = "viewed") -> dict[int, int]:
    totals: dict[int, int] = {}
    for row in rows(app, StepDay, flow_id=flow_id):
        totals[row["step"]] = totals.get(row["step"], 0) + row[counter]
    return {step: n for step, n in sorted(totals.items()) if n}


def walk(
    flow_id: int,
    steps: int,
    *,
    complete: bool = False,
    dismiss_at: int | None = None,
    start: int | None = None,
):
    """A user's events through a tour, one second apart."""
    ts = start or now_ms() - 60_000
    events = [event("flow_shown", flow=flow_id, version=1, ts=ts)]
    for step in range(steps):
        ts += 1000
        events.append(event("step_viewed", flow=flow_id, version=1, step=step, ts=ts))
    ts += 1000
    if complete:
        events.append(event("flow_completed", flow=flow_id, version=1, ts=ts))
    if dismiss_at is not None:
        events.append(event("flow_dismissed", flow=flow_id, version=1, step=dismiss_at, ts=ts))
    return events


def test_a_batch_is_accepted_and_counted(browser, tour):
    response = browser.send(*walk(tour["id"], 3, complete=True))
    assert response.get_json() == {"accepted": 5, "duplicates": 0, "rejected": []}


def test_the_same_batch_twice_counts_once(app, browser, tour):
    batch = walk(tour["id"], 2, complete=True)
    assert browser.send(*batch).get_json()["accepted"] == 4
    assert browser.send(*batch).get_json() == {"accepted": 0, "duplicates": 4, "rejected": []}
    assert len(rows(app, Event)) == 4
    assert flow_totals(app, tour["id"]) == {
        "shown": 1,
        "started": 1,
        "completed": 1,
        "dismissed": 0,
    }
    assert step_totals(app, tour["id"]) == {0: 1, 1: 1}


def test_duplicates_inside_one_batch_count_once(app, browser, tour):
    shown = event("flow_shown", flow=tour["id"], version=1)
    assert browser.send(shown, dict(shown)).get_json()["accepted"] == 1
    assert rows(app, Progress)[0]["times_shown"] == 1


def test_concurrent_duplicate_delivery_counts_once(app, tenant, tour):
    """Eight workers deliver the same batch at once: one set of rows, one count."""
    batch = walk(tour["id"], 3, complete=True)
    anonymous = uuid.uuid4().hex
    Browser(app.test_client(), tenant.public_key, anonymous_id=anonymous).session()
    results: list[dict] = []
    barrier = threading.Barrier(8)

    def deliver():
        browser = Browser(app.test_client(), tenant.public_key, anonymous_id=anonymous)
        barrier.wait()
        response = browser.send(*batch)
        results.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(status == 200 for status, _ in results), results
    assert sum(body["accepted"] for _, body in results) == len(batch)
    assert len(rows(app, Event)) == len(batch)
    assert flow_totals(app, tour["id"]) == {
        "shown": 1,
        "started": 1,
        "completed": 1,
        "dismissed": 0,
    }
    assert step_totals(app, tour["id"]) == {0: 1, 1: 1, 2: 1}


def test_a_mixed_batch_keeps_the_good_events_and_names_the_bad(app, browser, tour, factory):
    good = event("flow_shown", flow=tour["id"], version=1)
    bad = [
        {**event("nonsense")},
        event("step_viewed", flow=tour["id"], version=1, step=0, ts=now_ms() + 3_600_000),
        {**event("flow_shown", flow=tour["id"], version=1), "id": "not-a-uuid"},
        event("step_viewed", flow=tour["id"], version=1),
        event("track"),
        event("flow_shown", flow=999_999, version=1),
        {**event("flow_shown", flow=tour["id"], version=1), "extra": 1},
    ]
    body = browser.send(bad[0], good, *bad[1:]).get_json()
    assert body["accepted"] == 1
    fields = {r["index"]: set(r["error"]["fields"]) for r in body["rejected"]}
    assert fields == {
        0: {"type"},
        2: {"ts"},
        3: {"id"},
        4: {"step"},
        5: {"name"},
        6: {"flow"},
        7: {"extra"},
    }
    assert len(rows(app, Event)) == 1


def test_a_batch_with_no_valid_event_is_400_and_stores_nothing(browser, tour, factory):
    browser.session()
    before = factory.snapshot()
    response = browser.send(event("flow_shown", flow=tour["id"]))
    error = error_of(response, 400)
    assert "events[0].version" in error["fields"]
    assert factory.snapshot() == before


@pytest.mark.parametrize("count", [0, 101])
def test_batch_size_is_bounded(browser, tour, factory, count):
    before = factory.snapshot()
    events = [event("page_viewed") for _ in range(count)]
    assert "events" in error_of(browser.send(*events), 400)["fields"]
    assert factory.snapshot() == before


def test_body_over_256_kb_is_413(browser, tour, factory):
    before = factory.snapshot()
    big = [event("track", name="x", props={"p": "y" * 4000}) for _ in range(70)]
    response = browser.send(*big)
    assert error_of(response, 413)["code"] == "request_entity_too_large"
    assert factory.snapshot() == before


def test_wrong_key_is_401_and_stores_nothing(browser, tour, factory):
    before = factory.snapshot()
    browser.key = "gw_pub_forged"
    assert error_of(browser.send(event("page_viewed")), 401)["code"] == "invalid_key"
    assert factory.snapshot() == before


def test_progress_moves_forward_only_and_records_ends_once(app, browser, tour):
    fid = tour["id"]
    start = now_ms() - 600_000
    browser.send(*walk(fid, 3, start=start))
    browser.send(event("step_viewed", flow=fid, version=1, step=0, ts=start + 10_000))
    [row] = rows(app, Progress)
    assert (row["furthest_step"], row["status"].value) == (2, "in_progress")
    browser.send(event("flow_dismissed", flow=fid, version=1, step=2, ts=start + 20_000))
    browser.send(event("flow_dismissed", flow=fid, version=1, step=2, ts=start + 30_000))
    [row] = rows(app, Progress)
    assert row["status"].value == "dismissed" and row["dismissed_step"] == 2
    assert flow_totals(app, fid)["dismissed"] == 1
    assert step_totals(app, fid, "dismissed") == {2: 1}


def test_time_on_step_lands_in_the_duration_histogram(app, browser, tour):
    fid = tour["id"]
    start = now_ms() - 600_000
    browser.send(
        event("flow_shown", flow=fid, version=1, ts=start),
        event("step_viewed", flow=fid, version=1, step=0, ts=start),
        event("step_viewed", flow=fid, version=1, step=1, ts=start + 4_000),
        event("flow_completed", flow=fid, version=1, ts=start + 100_000),
    )
    histogram = {(r["step"], r["bucket"]): r["users"] for r in rows(app, StepDuration)}
    # 4 s on step 0 lands in the (3, 5] bucket; 96 s on step 1 in (90, 120].
    assert histogram == {(0, 3): 1, (1, 11): 1}


def test_skipped_steps_count_as_passed(app, browser, tour):
    fid = tour["id"]
    browser.send(
        event("step_viewed", flow=fid, version=1, step=0),
        event("step_target_missing", flow=fid, version=1, step=1),
        event("step_viewed", flow=fid, version=1, step=2),
    )
    assert step_totals(app, fid) == {0: 1, 1: 1, 2: 1}
    assert step_totals(app, fid, "target_missing") == {1: 1}


def test_answers_become_responses_and_traits_when_asked(app, editor, tenant, browser):
    survey = publish(editor, tenant.project_id, "questionnaire")
    fid = survey["id"]
    browser.send(
        event("flow_shown", flow=fid, version=1),
        event(
            "question_answered", flow=fid, version=1, step=0, props={"question": "nps", "value": 9}
        ),
        event(
            "question_answered",
            flow=fid,
            version=1,
            step=1,
            props={"question": "role", "value": "pm"},
        ),
        event(
            "question_answered",
            flow=fid,
            version=1,
            step=2,
            props={"question": "not-a-question", "value": "x"},
        ),
    )
    answers = {(r["question_id"], json.dumps(r["value"])) for r in rows(app, Response)}
    assert answers == {("nps", "9"), ("role", '"pm"')}
    listed = editor.get(f"/api/v1/projects/{tenant.project_id}/users").get_json()["items"]
    assert listed[0]["traits"] == {"role": "pm"}


def test_track_events_are_stored_with_their_name(app, browser):
    browser.send(event("track", name="report_created", props={"size": 3}))
    [row] = rows(app, Event)
    assert (row["type"], row["name"], row["props"]) == ("track", "report_created", {"size": 3})
