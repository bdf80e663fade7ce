"""Identify, merge, identity verification, experiments and erasure, through /sdk/v1."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from guidewell.extensions import db
from guidewell.models import Assignment, EndUser, Event, FlowDay, Progress, Response, UserAlias
from guidewell.services.assignment import pick_variant
from guidewell.services.users import user_hash
from tests.helpers import error_of
from tests.sdk_helpers import event, publish


def _count(app, model, **where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).filter_by(**where))


def _shown_total(app, flow_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(FlowDay.shown), 0)).where(
                FlowDay.flow_id == flow_id
            )
        )


def test_identify_links_the_anonymous_user_and_keeps_its_progress(app, editor, tenant, new_browser):
    tour = publish(editor, tenant.project_id, "tour", targeting={})
    browser = new_browser()
    browser.send(
        event("flow_shown", flow=tour["id"], version=1),
        event("step_viewed", flow=tour["id"], version=1, step=1),
    )
    body = browser.identify("user-42", {"plan": "pro"}).get_json()
    assert body["user"]["id"] == "user-42"
    assert body["flows"][0]["progress"]["step"] == 1
    assert _count(app, EndUser) == 1


def test_a_second_device_merges_into_the_identified_user_counting_once(
    app, editor, tenant, new_browser
):
    tour = publish(editor, tenant.project_id, "tour", targeting={})
    laptop, phone = new_browser(), new_browser()
    laptop.identify("user-42")
    laptop.send(
        event("flow_shown", flow=tour["id"], version=1),
        event("step_viewed", flow=tour["id"], version=1, step=0),
    )
    phone.send(
        event("flow_shown", flow=tour["id"], version=1),
        event("step_viewed", flow=tour["id"], version=1, step=2),
    )
    assert _shown_total(app, tour["id"]) == 2  # two users so far
    phone.identify("user-42")
    assert _count(app, EndUser) == 1 and _count(app, Progress) == 1
    assert _count(app, Event) == 4 and _count(app, UserAlias) == 2
    assert _shown_total(app, tour["id"]) == 1  # the merged user counts once
    with app.app_context():
        row = db.session.scalar(sa.select(Progress))
        assert row.furthest_step == 2 and row.times_shown == 2


def test_identified_traits_win_over_anonymous_ones(editor, tenant, new_browser):
    browser = new_browser()
    browser.session({"plan": "free", "color": "blue"})
    browser.identify("user-42", {"plan": "pro"})
    users = editor.get(f"/api/v1/projects/{tenant.project_id}/users").get_json()["items"]
    assert users[0]["traits"] == {"plan": "pro", "color": "blue"}


def test_a_null_trait_removes_it(editor, tenant, new_browser):
    browser = new_browser()
    browser.session({"plan": "free", "beta": True})
    browser.session({"beta": None})
    users = editor.get(f"/api/v1/projects/{tenant.project_id}/users").get_json()["items"]
    assert users[0]["traits"] == {"plan": "free"}


def test_identify_without_an_id_is_400(new_browser, factory):
    browser = new_browser()
    before = factory.snapshot()
    response = browser.post("identify", {"key": browser.key, "user": browser.user()})
    assert "user.id" in error_of(response, 400)["fields"]
    assert factory.snapshot() == before


@pytest.fixture
def verified(editor, tenant):
    editor.patch(f"/api/v1/projects/{tenant.project_id}", json={"identity_verification": True})
    return tenant


@pytest.mark.parametrize("sent", [None, "0" * 64, "not-hex"])
def test_identity_verification_refuses_a_missing_or_wrong_hash(
    verified, new_browser, factory, sent
):
    browser = new_browser()
    browser.user_hash = sent
    before = factory.snapshot()
    for response in (browser.identify("user-42"), browser.send(event("page_viewed"))):
        assert error_of(response, 401)["code"] == "identity_verification_failed"
    assert factory.snapshot() == before


def test_identity_verification_accepts_the_hmac(verified, new_browser):
    browser = new_browser()
    browser.user_hash = user_hash(verified.identity_secret, "user-42")
    assert browser.identify("user-42").status_code == 200
    assert browser.send(event("page_viewed")).status_code == 200


def test_identity_verification_lets_anonymous_users_through(verified, new_browser):
    assert new_browser().session().status_code == 200


@pytest.fixture
def experiment(editor, tenant):
    flow = publish(editor, tenant.project_id, "announcement")
    base = f"/api/v1/projects/{tenant.project_id}"
    content = flow["draft"]["content"] | {"title": "Variant B"}
    editor.patch(f"{base}/flows/{flow['id']}", json={"content": content})
    editor.post(f"{base}/flows/{flow['id']}/publish")
    created = editor.post(
        f"{base}/experiments",
        json={
            "flow_id": flow["id"],
            "key": "banner-ab",
            "name": "Banner A/B",
            "variants": [
                {"key": "control", "weight": 4000, "version": 1},
                {"key": "b", "weight": 4000, "version": 2},
                {"key": "holdout", "weight": 2000, "version": None},
            ],
            "goal": {"type": "event", "event": "upgraded"},
            "attribution_window_hours": 24,
        },
    )
    assert created.status_code == 201, created.get_json()
    started = editor.post(f"{base}/experiments/{created.get_json()['id']}/start")
    assert started.status_code == 200, started.get_json()
    return {"flow": flow, "experiment": started.get_json(), "base": base}


def test_users_get_their_deterministic_variant_and_version(experiment, new_browser):
    seen = {}
    for _ in range(30):
        browser = new_browser()
        [resolved] = browser.flows().values()
        expected = pick_variant(
            "banner-ab", browser.anonymous_id, experiment["experiment"]["variants"]
        )
        assert resolved["variant"] == expected
        seen[expected] = resolved
    assert seen["control"]["version"] == 1 and seen["control"]["content"]["title"] == "Dark mode"
    assert seen["b"]["version"] == 2 and seen["b"]["content"]["title"] == "Variant B"
    assert seen["holdout"]["holdout"] is True and seen["holdout"]["content"] is None


def test_exposure_is_stored_once_and_stays_sticky_when_weights_change(
    app, experiment, editor, new_browser
):
    browser = new_browser()
    [resolved] = browser.flows().values()
    fid = experiment["flow"]["id"]
    exposed = event(
        "experiment_exposed", flow=fid, version=resolved["version"], variant=resolved["variant"]
    )
    browser.send(exposed, event("experiment_exposed", flow=fid, version=1))
    assert _count(app, Assignment) == 1
    eid = experiment["experiment"]["id"]
    editor.patch(
        f"{experiment['base']}/experiments/{eid}",
        json={
            "variants": [
                {"key": "control", "weight": 0, "version": 1},
                {"key": "b", "weight": 0, "version": 2},
                {"key": "holdout", "weight": 10000, "version": None},
            ]
        },
    )
    [again] = browser.flows().values()
    assert again["variant"] == resolved["variant"]


def test_conversions_count_inside_the_window_only(app, experiment, new_browser):
    browser = new_browser()
    fid = experiment["flow"]["id"]
    start = event("experiment_exposed", flow=fid, version=1)["ts"] - 3_600_000
    browser.send(
        event("experiment_exposed", flow=fid, version=1, ts=start),
        event("track", name="upgraded", ts=start - 1000),
    )
    with app.app_context():
        assert db.session.scalar(sa.select(Assignment.converted_at)) is None
    browser.send(event("track", name="upgraded", ts=start + 60_000))
    with app.app_context():
        assert db.session.scalar(sa.select(Assignment.converted_at)) is not None


def test_erasure_removes_everything_of_the_user_but_keeps_rollups(app, editor, tenant, new_browser):
    survey = publish(editor, tenant.project_id, "questionnaire")
    browser = new_browser()
    browser.identify("user-42", {"email": "x@y.z"})
    browser.send(
        event("flow_shown", flow=survey["id"], version=1),
        event(
            "question_answered",
            flow=survey["id"],
            version=1,
            step=0,
            props={"question": "nps", "value": 10},
        ),
    )
    other = new_browser()
    other.send(event("page_viewed"))
    [user] = [
        u
        for u in editor.get(f"/api/v1/projects/{tenant.project_id}/users?q=user-42").get_json()[
            "items"
        ]
    ]
    assert (
        editor.delete(f"/api/v1/projects/{tenant.project_id}/users/{user['id']}").status_code == 204
    )
    for model in (Response, Progress, UserAlias):
        assert _count(app, model) == (1 if model is UserAlias else 0)
    assert _count(app, EndUser) == 1 and _count(app, Event) == 1  # the other user's
    assert _shown_total(app, survey["id"]) == 1


def test_erasure_needs_an_editor_and_the_right_project(
    make_client, editor, tenant, factory, new_browser
):
    new_browser().identify("user-42")
    [user] = editor.get(f"/api/v1/projects/{tenant.project_id}/users").get_json()["items"]
    viewer = make_client().login(factory.member(tenant.project_id, "viewer"))
    url = f"/api/v1/projects/{tenant.project_id}/users/{user['id']}"
    assert error_of(viewer.delete(url), 403)
    other = factory.tenant("Other")
    intruder = make_client().use_key(other.secret_key)
    assert intruder.delete(url).status_code == 404
    assert (
        intruder.delete(f"/api/v1/projects/{other.project_id}/users/{user['id']}").status_code
        == 404
    )
    assert editor.get(url).status_code == 200


def test_a_second_person_signing_in_on_the_same_browser_is_a_new_user(app, new_browser):
    browser = new_browser()
    browser.identify("alice")
    assert browser.identify("bob").get_json()["user"]["id"] == "bob"
    assert _count(app, EndUser) == 2 and _count(app, UserAlias) == 1
    with app.app_context():
        owner = db.session.scalar(
            sa.select(EndUser.external_id).join(UserAlias, UserAlias.end_user_id == EndUser.id)
        )
    assert owner == "bob"
