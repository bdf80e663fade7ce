"""Experiments over HTTP: variants, goals, the start/stop lifecycle, locks, roles, tenancy."""

from __future__ import annotations

import copy

import pytest
import sqlalchemy as sa

from guidewell.extensions import db
from guidewell.models import Experiment, ExperimentStatus
from tests.flow_examples import example
from tests.helpers import error_of

VARIANTS = [
    {"key": "control", "weight": 4000, "version": 1},
    {"key": "shorter", "weight": 4000, "version": 2},
    {"key": "holdout", "weight": 2000, "version": None},
]


def experiments_url(tenant, suffix: str = "") -> str:
    return f"/api/v1/projects/{tenant.project_id}/experiments{suffix}"


def flow_url(tenant, flow_id: int, suffix: str = "") -> str:
    return f"/api/v1/projects/{tenant.project_id}/flows/{flow_id}{suffix}"


def published_flow(editor, tenant, versions: int = 2, **overrides) -> dict:
    """A tour published `versions` times, each version with its own first title."""
    response = editor.post(
        f"/api/v1/projects/{tenant.project_id}/flows", json=example("tour", **overrides)
    )
    assert response.status_code == 201, response.get_json()
    flow = response.get_json()
    for number in range(1, versions + 1):
        content = copy.deepcopy(flow["draft"]["content"])
        content["steps"][0]["title"] = f"Welcome v{number}"
        editor.patch(flow_url(tenant, flow["id"]), json={"content": content})
        assert editor.post(flow_url(tenant, flow["id"], "/publish")).status_code == 200
    return editor.get(flow_url(tenant, flow["id"])).get_json()


@pytest.fixture
def flow(editor, tenant):
    return published_flow(editor, tenant)


def body_for(flow, **overrides) -> dict:
    body = {
        "flow_id": flow["id"],
        "key": "shorter-tour",
        "name": "Shorter tour",
        "variants": copy.deepcopy(VARIANTS),
    }
    body.update(overrides)
    return body


def create(editor, tenant, flow, **overrides) -> dict:
    response = editor.post(experiments_url(tenant), json=body_for(flow, **overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def act(editor, tenant, experiment, action: str):
    return editor.post(experiments_url(tenant, f"/{experiment['id']}/{action}"))


def get(editor, tenant, experiment) -> dict:
    return editor.get(experiments_url(tenant, f"/{experiment['id']}")).get_json()


# --- creating ---------------------------------------------------------------------------


def test_create_with_two_versions_and_a_holdout(editor, tenant, flow):
    experiment = create(
        editor, tenant, flow, goal={"type": "event", "event": "signup"}, attribution_window_hours=72
    )
    assert experiment["status"] == "draft"
    assert experiment["flow_id"] == flow["id"]
    assert experiment["variants"] == VARIANTS
    assert experiment["goal"] == {"type": "event", "event": "signup"}
    assert experiment["attribution_window_hours"] == 72
    assert experiment["started_at"] is None and experiment["stopped_at"] is None
    assert get(editor, tenant, experiment) == experiment


def test_goal_defaults_to_completing_the_flow_within_a_week(editor, tenant, flow):
    experiment = create(editor, tenant, flow)
    assert experiment["goal"] == {"type": "flow_completed"}
    assert experiment["attribution_window_hours"] == 168


def test_ten_variants_are_allowed(editor, tenant, flow):
    variants = [{"key": f"v{i}", "weight": 1000, "version": 1 + i % 2} for i in range(10)]
    assert create(editor, tenant, flow, variants=variants)["variants"] == variants


def _variants(*weights_and_versions):
    return [
        {"key": f"v{i}", "weight": weight, "version": version}
        for i, (weight, version) in enumerate(weights_and_versions)
    ]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"variants": _variants((5000, 1), (4999, 2))},
            "variants",
            "Weights are basis points and must sum to 10000 (got 9999).",
        ),
        (
            {"variants": _variants((50, 1), (50, 2))},
            "variants",
            "Weights are basis points and must sum to 10000 (got 100).",
        ),
        ({"variants": _variants((10000, 1))}, "variants", "Length must be between 2 and 10."),
        (
            {"variants": _variants(*[(1000, 1)] * 9, (500, 2), (500, 2))},
            "variants",
            "Length must be between 2 and 10.",
        ),
        (
            {
                "variants": [
                    {"key": "a", "weight": 5000, "version": 1},
                    {"key": "a", "weight": 5000, "version": 2},
                ]
            },
            "variants",
            "Variant keys must be unique.",
        ),
        (
            {"variants": _variants((5000, 1), (2500, None), (2500, None))},
            "variants",
            "Use at most one holdout.",
        ),
        (
            {"variants": _variants((5000, None), (5000, None))},
            "variants",
            "At least one variant must show a version.",
        ),
        (
            {"variants": _variants((5000, 1), (5000, 0))},
            "variants[1].version",
            "Must be greater than or equal to 1.",
        ),
        (
            {"variants": _variants((5000, 1), (5000, "2"))},
            "variants[1].version",
            "Not a valid integer.",
        ),
        (
            {"variants": _variants((5000, 1), (5000, True))},
            "variants[1].version",
            "Not a valid integer.",
        ),
        (
            {
                "variants": [
                    {"key": "a", "weight": 5000, "version": 1},
                    {"key": "b", "weight": 5000},
                ]
            },
            "variants[1].version",
            "Missing data for required field.",
        ),
        (
            {"variants": _variants((-1, 1), (10000, 2))},
            "variants[0].weight",
            "Must be greater than or equal to 0 and less than or equal to 10000.",
        ),
        (
            {"variants": _variants((5000.5, 1), (5000, 2))},
            "variants[0].weight",
            "Not a valid integer.",
        ),
        (
            {
                "variants": [
                    {"key": "Control", "weight": 5000, "version": 1},
                    {"key": "b", "weight": 5000, "version": 2},
                ]
            },
            "variants[0].key",
            "Use 1-64 lowercase letters, digits, - or _.",
        ),
        (
            {
                "variants": [
                    {"key": "a", "weight": 5000, "version": 1, "color": "red"},
                    {"key": "b", "weight": 5000, "version": 2},
                ]
            },
            "variants[0].color",
            "Unknown field.",
        ),
        ({"goal": {"type": "event"}}, "goal.event", 'Required when type is "event".'),
        (
            {"goal": {"type": "flow_completed", "event": "signup"}},
            "goal.event",
            'Only allowed when type is "event".',
        ),
        ({"goal": {"type": "click"}}, "goal.type", "Must be one of: flow_completed, event."),
        (
            {"goal": {"type": "event", "event": "sign up!"}},
            "goal.event",
            "Use 1-100 letters, digits, spaces or _ . : -",
        ),
        (
            {"goal": {"type": "event", "event": "signup\n"}},
            "goal.event",
            "Use 1-100 letters, digits, spaces or _ . : -",
        ),
        (
            {"attribution_window_hours": 0},
            "attribution_window_hours",
            "Must be greater than or equal to 1 and less than or equal to 2160.",
        ),
        (
            {"attribution_window_hours": 2161},
            "attribution_window_hours",
            "Must be greater than or equal to 1 and less than or equal to 2160.",
        ),
        ({"attribution_window_hours": "24"}, "attribution_window_hours", "Not a valid integer."),
        ({"key": "Shorter Tour"}, "key", "Use 1-64 lowercase letters, digits, - or _."),
        ({"name": ""}, "name", "Length must be between 1 and 200."),
        ({"flow_id": "1"}, "flow_id", "Not a valid integer."),
        ({"status": "running"}, "status", "Unknown field."),
    ],
)
def test_bad_experiments_are_refused_naming_the_field(
    editor, tenant, flow, factory, overrides, field, message
):
    before = factory.snapshot()
    response = editor.post(experiments_url(tenant), json=body_for(flow, **overrides))
    fields = error_of(response, 400)["fields"]
    assert fields == {field: [message]}
    assert factory.snapshot() == before


def test_no_variants_at_all_is_refused(editor, tenant, flow, factory):
    before = factory.snapshot()
    response = editor.post(experiments_url(tenant), json=body_for(flow, variants=[]))
    assert error_of(response, 400)["fields"] == {
        "variants": [
            "Length must be between 2 and 10.",
            "Weights are basis points and must sum to 10000 (got 0).",
        ]
    }
    assert factory.snapshot() == before


@pytest.mark.parametrize("missing", ["flow_id", "key", "name", "variants"])
def test_required_fields(editor, tenant, flow, factory, missing):
    body = body_for(flow)
    del body[missing]
    before = factory.snapshot()
    fields = error_of(editor.post(experiments_url(tenant), json=body), 400)["fields"]
    assert fields == {missing: ["Missing data for required field."]}
    assert factory.snapshot() == before


@pytest.mark.parametrize("hours", [1, 2160])
def test_the_attribution_window_bounds_are_inclusive(editor, tenant, flow, hours):
    assert (
        create(editor, tenant, flow, attribution_window_hours=hours)["attribution_window_hours"]
        == hours
    )


def test_a_version_must_be_published_on_that_flow(editor, tenant, flow, factory):
    other = published_flow(editor, tenant, versions=3, key="other-tour")
    before = factory.snapshot()
    variants = _variants((3000, 1), (3000, 3), (4000, 2))  # version 3 exists on the other flow only
    response = editor.post(experiments_url(tenant), json=body_for(flow, variants=variants))
    error = error_of(response, 400)
    assert error["fields"] == {"variants[1].version": ["The flow has no published version 3."]}
    assert (
        error["message"]
        == "Invalid input: variants[1].version: The flow has no published version 3."
    )
    assert factory.snapshot() == before
    assert create(editor, tenant, other, variants=variants)["flow_id"] == other["id"]


def test_a_version_whose_segment_was_deleted_cannot_be_tested(editor, tenant, factory):
    """Version 1 targets a segment deleted since: that arm would show to nobody."""
    segment = editor.post(
        f"/api/v1/projects/{tenant.project_id}/segments",
        json={"name": "Pro", "condition": {"trait": "plan", "op": "eq", "value": "pro"}},
    ).get_json()
    flow = published_flow(
        editor, tenant, versions=1, targeting={"audience": {"segment": segment["id"]}}
    )
    editor.patch(flow_url(tenant, flow["id"]), json={"targeting": {}})
    editor.post(flow_url(tenant, flow["id"], "/publish"))
    assert (
        editor.delete(f"/api/v1/projects/{tenant.project_id}/segments/{segment['id']}").status_code
        == 204
    )
    before = factory.snapshot()
    response = editor.post(experiments_url(tenant), json=body_for(flow, variants=VARIANTS))
    assert error_of(response, 400)["fields"] == {
        "variants[0].version": [
            "Version 1 targets a segment that was deleted; publish a new version."
        ]
    }
    assert factory.snapshot() == before


def test_a_draft_flow_has_no_version_to_test(editor, tenant, factory):
    draft = editor.post(
        f"/api/v1/projects/{tenant.project_id}/flows", json=example("hotspot")
    ).get_json()
    before = factory.snapshot()
    response = editor.post(experiments_url(tenant), json=body_for(draft))
    fields = error_of(response, 400)["fields"]
    assert fields == {
        "variants[0].version": ["The flow has no published version 1."],
        "variants[1].version": ["The flow has no published version 2."],
    }
    assert factory.snapshot() == before


def test_a_flow_of_another_project_is_refused(editor, tenant, factory, make_client):
    other = factory.tenant("Other")
    theirs = published_flow(make_client().login(other.owner_email), other)
    before = factory.snapshot()
    for flow_id in (theirs["id"], 424242):
        response = editor.post(experiments_url(tenant), json=body_for(theirs, flow_id=flow_id))
        assert error_of(response, 400)["fields"] == {"flow_id": ["No such flow in this project."]}
    assert factory.snapshot() == before


def test_a_duplicate_key_is_409(editor, tenant, flow, factory):
    create(editor, tenant, flow)
    before = factory.snapshot()
    error = error_of(editor.post(experiments_url(tenant), json=body_for(flow)), 409)
    assert error == {
        "code": "key_taken",
        "message": 'An experiment with key "shorter-tour" already exists.',
    }
    assert factory.snapshot() == before


# --- start and stop ---------------------------------------------------------------------


def test_start_runs_the_experiment(editor, tenant, flow):
    experiment = create(editor, tenant, flow)
    started = act(editor, tenant, experiment, "start").get_json()
    assert started["status"] == "running"
    assert started["started_at"] is not None and started["stopped_at"] is None


def test_starting_a_running_experiment_changes_nothing(editor, tenant, flow):
    experiment = create(editor, tenant, flow)
    first = act(editor, tenant, experiment, "start").get_json()
    again = act(editor, tenant, experiment, "start")
    assert again.status_code == 200 and again.get_json() == first


def test_start_needs_the_flow_to_be_live(editor, tenant, flow, factory):
    experiment = create(editor, tenant, flow)
    editor.post(flow_url(tenant, flow["id"], "/unpublish"))
    before = factory.snapshot()
    error = error_of(act(editor, tenant, experiment, "start"), 409)
    assert error == {
        "code": "flow_not_live",
        "message": "Publish the flow before starting an experiment on it.",
    }
    assert get(editor, tenant, experiment)["status"] == "draft"
    assert factory.snapshot() == before


def test_only_one_experiment_runs_per_flow(editor, tenant, flow):
    first = create(editor, tenant, flow)
    second = create(editor, tenant, flow, key="holdout-only", name="Holdout only")
    act(editor, tenant, first, "start")
    error = error_of(act(editor, tenant, second, "start"), 409)
    assert error == {
        "code": "experiment_running",
        "message": 'Experiment "shorter-tour" is already running on this flow; stop it first.',
    }
    assert get(editor, tenant, second)["status"] == "draft"
    # Once the first stops, the second may run; the first may then not resume.
    act(editor, tenant, first, "stop")
    assert act(editor, tenant, second, "start").get_json()["status"] == "running"
    assert error_of(act(editor, tenant, first, "start"), 409)["code"] == "experiment_running"


def test_experiments_on_different_flows_run_together(editor, tenant, flow):
    other = published_flow(editor, tenant, key="other-tour")
    first = create(editor, tenant, flow)
    second = create(editor, tenant, other, key="other")
    assert act(editor, tenant, first, "start").get_json()["status"] == "running"
    assert act(editor, tenant, second, "start").get_json()["status"] == "running"


def _add_experiment(flow_id: int, project_id: int, key: str, status: ExperimentStatus) -> None:
    db.session.add(
        Experiment(
            project_id=project_id,
            flow_id=flow_id,
            key=key,
            name=key,
            status=status,
            variants=copy.deepcopy(VARIANTS),
            goal={"type": "flow_completed"},
        )
    )
    db.session.flush()


def test_the_database_refuses_a_second_running_experiment_on_insert(app, tenant, flow):
    """The partial unique index holds even when the service check is bypassed."""
    with app.app_context():
        _add_experiment(flow["id"], tenant.project_id, "one", ExperimentStatus.running)
        _add_experiment(flow["id"], tenant.project_id, "stopped", ExperimentStatus.stopped)
        _add_experiment(flow["id"], tenant.project_id, "draft", ExperimentStatus.draft)
        with pytest.raises(sa.exc.IntegrityError):
            _add_experiment(flow["id"], tenant.project_id, "two", ExperimentStatus.running)
        db.session.rollback()


def test_the_database_refuses_a_second_running_experiment_on_update(
    app, editor, tenant, flow, factory
):
    running = create(editor, tenant, flow)
    waiting = create(editor, tenant, flow, key="waiting")
    act(editor, tenant, running, "start")
    before = factory.snapshot()
    with app.app_context():
        with pytest.raises(sa.exc.IntegrityError):
            db.session.execute(
                sa.update(Experiment)
                .where(Experiment.id == waiting["id"])
                .values(status=ExperimentStatus.running)
            )
            db.session.flush()
        db.session.rollback()
    assert get(editor, tenant, waiting)["status"] == "draft"
    assert factory.snapshot() == before


def test_stop_and_resume_keep_the_first_start(editor, tenant, flow):
    experiment = create(editor, tenant, flow)
    started = act(editor, tenant, experiment, "start").get_json()
    stopped = act(editor, tenant, experiment, "stop").get_json()
    assert stopped["status"] == "stopped"
    assert stopped["stopped_at"] >= started["started_at"]
    assert stopped["started_at"] == started["started_at"]
    resumed = act(editor, tenant, experiment, "start").get_json()
    assert (resumed["status"], resumed["stopped_at"]) == ("running", None)
    assert resumed["started_at"] == started["started_at"]


def test_stop_needs_a_running_experiment(editor, tenant, flow, factory):
    experiment = create(editor, tenant, flow)
    before = factory.snapshot()
    error = error_of(act(editor, tenant, experiment, "stop"), 409)
    assert error == {"code": "not_running", "message": "Only a running experiment can be stopped."}
    act(editor, tenant, experiment, "start")
    stopped = act(editor, tenant, experiment, "stop").get_json()
    assert error_of(act(editor, tenant, experiment, "stop"), 409)["code"] == "not_running"
    assert get(editor, tenant, experiment) == stopped
    assert factory.snapshot() == before


@pytest.mark.parametrize("action", ["unpublish", "archive"])
def test_taking_the_flow_off_screens_stops_its_experiment(editor, tenant, flow, action):
    experiment = create(editor, tenant, flow)
    other_flow = published_flow(editor, tenant, key="other-tour")
    elsewhere = create(editor, tenant, other_flow, key="elsewhere")
    act(editor, tenant, experiment, "start")
    act(editor, tenant, elsewhere, "start")
    assert editor.post(flow_url(tenant, flow["id"], f"/{action}")).status_code == 200
    stopped = get(editor, tenant, experiment)
    assert stopped["status"] == "stopped" and stopped["stopped_at"] is not None
    assert get(editor, tenant, elsewhere)["status"] == "running"
    assert error_of(act(editor, tenant, experiment, "start"), 409)["code"] == "flow_not_live"


# --- editing ----------------------------------------------------------------------------


def test_a_draft_experiment_may_change_everything_but_its_flow_and_key(editor, tenant, flow):
    experiment = create(editor, tenant, flow)
    url = experiments_url(tenant, f"/{experiment['id']}")
    variants = _variants((5000, 2), (5000, None))
    changes = {
        "name": "Holdout test",
        "variants": variants,
        "goal": {"type": "event", "event": "upgrade"},
        "attribution_window_hours": 24,
    }
    response = editor.patch(url, json=changes)
    assert response.status_code == 200, response.get_json()
    patched = response.get_json()
    assert {key: patched[key] for key in changes} == changes
    for locked in ({"key": "other"}, {"flow_id": flow["id"]}, {"status": "running"}):
        assert set(error_of(editor.patch(url, json=locked), 400)["fields"]) == set(locked)


def test_a_draft_experiments_new_versions_are_checked(editor, tenant, flow, factory):
    experiment = create(editor, tenant, flow)
    before = factory.snapshot()
    response = editor.patch(
        experiments_url(tenant, f"/{experiment['id']}"),
        json={"variants": _variants((5000, 1), (5000, 9))},
    )
    assert error_of(response, 400)["fields"] == {
        "variants[1].version": ["The flow has no published version 9."]
    }
    assert get(editor, tenant, experiment) == experiment
    assert factory.snapshot() == before


@pytest.mark.parametrize(
    "variants",
    [
        [{**VARIANTS[0], "key": "baseline"}, VARIANTS[1], VARIANTS[2]],  # a key renamed
        [VARIANTS[0], {**VARIANTS[1], "version": 1}, VARIANTS[2]],  # a version swapped
        [{**VARIANTS[0], "weight": 6000}, {**VARIANTS[1], "weight": 4000}],  # an arm dropped
    ],
)
def test_after_the_start_variants_are_locked(editor, tenant, flow, factory, variants):
    experiment = create(editor, tenant, flow)
    act(editor, tenant, experiment, "start")
    running = get(editor, tenant, experiment)
    before = factory.snapshot()
    response = editor.patch(
        experiments_url(tenant, f"/{experiment['id']}"), json={"variants": variants}
    )
    error = error_of(response, 409)
    assert error == {
        "code": "variants_locked",
        "message": "Variants cannot change once the experiment has started; only weights can.",
    }
    assert get(editor, tenant, experiment) == running
    assert factory.snapshot() == before


def test_after_the_start_weights_and_name_may_change(editor, tenant, flow):
    experiment = create(editor, tenant, flow)
    act(editor, tenant, experiment, "start")
    act(editor, tenant, experiment, "stop")  # locks hold after a stop as well
    weights = [
        {**VARIANTS[0], "weight": 1000},
        {**VARIANTS[1], "weight": 8000},
        {**VARIANTS[2], "weight": 1000},
    ]
    response = editor.patch(
        experiments_url(tenant, f"/{experiment['id']}"),
        json={"variants": weights, "name": "Renamed"},
    )
    assert response.status_code == 200, response.get_json()
    assert get(editor, tenant, experiment)["variants"] == weights
    assert get(editor, tenant, experiment)["name"] == "Renamed"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"goal": {"type": "event", "event": "signup"}}, "goal cannot change"),
        ({"attribution_window_hours": 24}, "attribution_window_hours cannot change"),
        (
            {"goal": {"type": "event", "event": "signup"}, "attribution_window_hours": 24},
            "attribution_window_hours, goal cannot change",
        ),
    ],
)
def test_after_the_start_goal_and_window_are_locked(editor, tenant, flow, factory, change, message):
    experiment = create(editor, tenant, flow)
    running = act(editor, tenant, experiment, "start").get_json()
    before = factory.snapshot()
    response = editor.patch(experiments_url(tenant, f"/{experiment['id']}"), json=change)
    error = error_of(response, 409)
    assert error["code"] == "experiment_started"
    assert error["message"] == f"{message} once the experiment has started."
    assert get(editor, tenant, experiment) == running
    assert factory.snapshot() == before


def test_after_the_start_sending_back_unchanged_values_is_fine(editor, tenant, flow):
    """A client that sends the whole experiment back, with only the name edited."""
    experiment = create(editor, tenant, flow)
    running = act(editor, tenant, experiment, "start").get_json()
    editable = {
        key: running[key] for key in ("name", "variants", "goal", "attribution_window_hours")
    }
    response = editor.patch(
        experiments_url(tenant, f"/{experiment['id']}"), json={**editable, "name": "Renamed"}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["name"] == "Renamed"


def test_a_bad_patch_is_a_400_before_any_lock(editor, tenant, flow, factory):
    experiment = create(editor, tenant, flow)
    act(editor, tenant, experiment, "start")
    before = factory.snapshot()
    response = editor.patch(
        experiments_url(tenant, f"/{experiment['id']}"),
        json={"variants": _variants((5000, 1), (4000, 2))},
    )
    assert error_of(response, 400)["fields"] == {
        "variants": ["Weights are basis points and must sum to 10000 (got 9000)."]
    }
    assert factory.snapshot() == before


# --- listing, roles, tenancy ------------------------------------------------------------


def test_list_filters_by_flow_and_status_newest_first(editor, tenant, flow):
    other = published_flow(editor, tenant, key="other-tour")
    a = create(editor, tenant, flow, key="a")
    b = create(editor, tenant, flow, key="b")
    c = create(editor, tenant, other, key="c")
    act(editor, tenant, b, "start")
    act(editor, tenant, c, "start")
    act(editor, tenant, c, "stop")

    def keys(query: str = "") -> list[str]:
        response = editor.get(experiments_url(tenant, query))
        assert response.status_code == 200, response.get_json()
        return [e["key"] for e in response.get_json()["items"]]

    assert keys() == ["c", "b", "a"]
    assert keys(f"?flow_id={flow['id']}") == ["b", "a"]
    assert keys("?status=running") == ["b"]
    assert keys("?status=stopped") == ["c"]
    assert keys(f"?flow_id={other['id']}&status=draft") == []
    page = editor.get(experiments_url(tenant, "?per_page=2&page=2")).get_json()
    assert (page["total"], [e["key"] for e in page["items"]]) == (3, ["a"])
    assert a["id"] < b["id"] < c["id"]
    fields = error_of(editor.get(experiments_url(tenant, "?status=paused&flow_id=x")), 400)[
        "fields"
    ]
    assert set(fields) == {"status", "flow_id"}


def test_unknown_experiment_is_404(editor, tenant, factory):
    before = factory.snapshot()
    for response in (
        editor.get(experiments_url(tenant, "/424242")),
        editor.patch(experiments_url(tenant, "/424242"), json={"name": "x"}),
        editor.post(experiments_url(tenant, "/424242/start")),
        editor.post(experiments_url(tenant, "/424242/stop")),
    ):
        assert error_of(response, 404)["message"] == "No such experiment."
    assert factory.snapshot() == before


def test_viewer_reads_but_cannot_write(editor, tenant, flow, factory, make_client):
    experiment = create(editor, tenant, flow)
    viewer = make_client().login(factory.member(tenant.project_id, "viewer"))
    assert viewer.get(experiments_url(tenant, f"/{experiment['id']}")).get_json() == experiment
    assert viewer.get(experiments_url(tenant)).get_json()["total"] == 1
    before = factory.snapshot()
    for response in (
        viewer.post(experiments_url(tenant), json=body_for(flow, key="mine")),
        viewer.patch(experiments_url(tenant, f"/{experiment['id']}"), json={"name": "Mine"}),
        viewer.post(experiments_url(tenant, f"/{experiment['id']}/start")),
        viewer.post(experiments_url(tenant, f"/{experiment['id']}/stop")),
    ):
        assert error_of(response, 403)["code"] == "forbidden"
    assert factory.snapshot() == before


def test_an_api_key_runs_experiments(make_client, tenant, flow):
    script = make_client().use_key(tenant.secret_key)
    experiment = create(script, tenant, flow)
    assert act(script, tenant, experiment, "start").get_json()["status"] == "running"
    assert act(script, tenant, experiment, "stop").get_json()["status"] == "stopped"


def test_another_projects_experiment_is_404_for_account_and_key(
    editor, tenant, flow, factory, make_client
):
    experiment = create(editor, tenant, flow)
    other = factory.tenant("Other")
    intruders = [make_client().login(other.owner_email), make_client().use_key(other.secret_key)]
    before = factory.snapshot()
    for intruder in intruders:
        for url in (
            f"/api/v1/projects/{other.project_id}/experiments/{experiment['id']}",
            experiments_url(tenant, f"/{experiment['id']}"),
        ):
            assert error_of(intruder.get(url), 404)["code"] == "not_found"
            assert intruder.patch(url, json={"name": "x"}).status_code == 404
            assert intruder.post(url + "/start").status_code == 404
            assert intruder.post(url + "/stop").status_code == 404
        assert intruder.get(experiments_url(tenant)).status_code == 404
        assert (
            intruder.post(experiments_url(tenant), json=body_for(flow, key="x")).status_code == 404
        )
        theirs = intruder.get(f"/api/v1/projects/{other.project_id}/experiments").get_json()
        assert theirs["total"] == 0
    assert factory.snapshot() == before
