"""Export and import of flows: the document, the round trip, conflicts, the API and the CLI."""

from __future__ import annotations

import copy
import json

import pytest

from guidewell.extensions import db
from guidewell.models import Flow, Segment
from guidewell.services import flow_io
from tests.flow_examples import EXAMPLES, example
from tests.helpers import error_of

FLOW_KEYS = ["dark-mode-is-here", "export-hint", "getting-started", "nps-survey", "welcome-tour"]
SEGMENT_KEYS = ["churn-risk", "power-pros", "pro"]


def url(tenant, suffix: str) -> str:
    return f"/api/v1/projects/{tenant.project_id}{suffix}"


def post(client, path: str, body: dict, status: int = 201) -> dict:
    response = client.post(path, json=body)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def export(client, tenant) -> dict:
    response = client.get(url(tenant, "/flows/export"))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def import_(client, tenant, document: dict, on_conflict: str | None = None):
    body = dict(document)
    if on_conflict is not None:
        body["on_conflict"] = on_conflict
    return client.post(url(tenant, "/flows/import"), json=body)


def flow_by_key(client, tenant, key: str) -> dict:
    items = client.get(url(tenant, "/flows?per_page=200")).get_json()["items"]
    (summary,) = [item for item in items if item["key"] == key]
    return client.get(url(tenant, f"/flows/{summary['id']}")).get_json()


def segment_ids(client, tenant) -> dict[str, int]:
    items = client.get(url(tenant, "/segments")).get_json()["items"]
    return {segment["key"]: segment["id"] for segment in items}


@pytest.fixture
def source(factory, make_client):
    """A project with one flow of each kind, two of them targeting segments, one nested."""
    tenant = factory.tenant("Source")
    client = make_client().login(tenant.owner_email)
    pro = post(
        client,
        url(tenant, "/segments"),
        {
            "name": "Pro plan",
            "key": "pro",
            "description": "Pays monthly",
            "condition": {"trait": "plan", "op": "eq", "value": "pro"},
        },
    )
    power = post(
        client,
        url(tenant, "/segments"),
        {
            "name": "Power pros",
            "condition": {
                "all": [{"segment": pro["id"]}, {"trait": "logins", "op": "gte", "value": 10}]
            },
        },
    )
    post(
        client,
        url(tenant, "/segments"),
        {
            "name": "Churn risk",
            "condition": {"trait": "last_seen", "op": "before", "value": {"days_ago": 30}},
        },
    )
    for kind in sorted(EXAMPLES):
        body = example(kind)
        if kind == "tour":
            body["targeting"]["audience"] = {
                "any": [{"segment": power["id"]}, {"trait": "beta", "op": "exists"}]
            }
        if kind == "announcement":
            body["targeting"] = {
                "audience": {"segment": pro["id"]},
                "schedule": {"start": "2030-01-01T09:00:00+01:00", "end": None},
                "frequency": {"type": "max_times", "max_times": 3},
            }
            body["theme"] = {"primary_color": "#123456"}
        flow = post(client, url(tenant, "/flows"), body)
        if kind == "tour":
            post(client, url(tenant, f"/flows/{flow['id']}/publish"), {}, status=200)
    return tenant, client


@pytest.fixture
def target(factory, make_client):
    tenant = factory.tenant("Target")
    return tenant, make_client().login(tenant.owner_email)


@pytest.fixture
def document(source) -> dict:
    return export(source[1], source[0])


# --- the document -----------------------------------------------------------------------


def test_export_names_segments_by_key(document):
    assert (document["format"], document["version"]) == ("guidewell.flows", 1)
    assert [s["key"] for s in document["segments"]] == SEGMENT_KEYS
    power = document["segments"][1]
    assert power == {
        "key": "power-pros",
        "name": "Power pros",
        "description": "",
        "condition": {"all": [{"segment": "pro"}, {"trait": "logins", "op": "gte", "value": 10}]},
    }
    assert [f["key"] for f in document["flows"]] == FLOW_KEYS
    tour = document["flows"][-1]
    assert tour["targeting"]["audience"] == {
        "any": [{"segment": "power-pros"}, {"trait": "beta", "op": "exists"}]
    }
    assert document["flows"][0]["targeting"]["audience"] == {"segment": "pro"}
    assert document["flows"][0]["targeting"]["schedule"]["start"] == "2030-01-01T08:00:00Z"


def test_export_carries_drafts_not_live_versions(source):
    tenant, client = source
    tour = flow_by_key(client, tenant, "welcome-tour")
    client.patch(url(tenant, f"/flows/{tour['id']}"), json={"name": "Edited tour"})
    assert export(client, tenant)["flows"][-1]["name"] == "Edited tour"


def test_a_viewer_may_export(source, factory, make_client):
    tenant, client = source
    viewer = make_client().login(factory.member(tenant.project_id, "viewer"))
    assert export(viewer, tenant) == export(client, tenant)


def test_an_empty_project_exports_an_empty_document(target):
    tenant, client = target
    assert export(client, tenant) == {
        "format": "guidewell.flows",
        "version": 1,
        "segments": [],
        "flows": [],
    }


# --- round trip -------------------------------------------------------------------------


def test_round_trip_through_the_api_is_equal(source, target, document):
    tenant, client = target
    response = import_(client, tenant, document)
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {
        "created": FLOW_KEYS,
        "updated": [],
        "skipped": [],
        # In an order that resolves: power-pros waits for the segment it uses.
        "segments_created": ["churn-risk", "pro", "power-pros"],
    }
    assert export(client, tenant) == document


def test_imported_references_point_at_the_new_projects_segments(source, target, document):
    tenant, client = target
    import_(client, tenant, document)
    old, new = segment_ids(source[1], source[0]), segment_ids(client, tenant)
    assert set(new) == set(SEGMENT_KEYS)
    assert not set(old.values()) & set(new.values())
    power = client.get(url(tenant, f"/segments/{new['power-pros']}")).get_json()
    assert power["condition"]["all"][0] == {"segment": new["pro"]}
    tour = flow_by_key(client, tenant, "welcome-tour")
    assert tour["draft"]["targeting"]["audience"]["any"][0] == {"segment": new["power-pros"]}
    assert tour["status"] == "draft" and tour["live_version"] is None
    announcement = flow_by_key(client, tenant, "dark-mode-is-here")
    assert announcement["draft"]["targeting"]["audience"] == {"segment": new["pro"]}


def test_round_trip_through_the_cli_is_equal(app, source, target, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "flows.json"
    result = runner.invoke(
        args=["flows", "export", "--project", str(source[0].project_id), "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["flows", "import", "--project", str(target[0].project_id), "-i", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created: " + ", ".join(FLOW_KEYS),
        "segments created: churn-risk, pro, power-pros",
    ]
    result = runner.invoke(args=["flows", "export", "--project", str(target[0].project_id)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(path.read_text())
    assert json.loads(result.output) == export(source[1], source[0])


def test_the_cli_reads_stdin_and_writes_stdout(app, source, target):
    runner = app.test_cli_runner()
    exported = runner.invoke(args=["flows", "export", "--project", str(source[0].project_id)])
    result = runner.invoke(
        args=["flows", "import", "--project", str(target[0].project_id)], input=exported.output
    )
    assert result.exit_code == 0, result.output
    assert export(target[1], target[0]) == json.loads(exported.output)


def test_segments_already_in_the_project_are_kept(source, target, document):
    tenant, client = target
    mine = post(
        client,
        url(tenant, "/segments"),
        {"name": "Mine", "key": "pro", "condition": {"trait": "tier", "op": "eq", "value": 3}},
    )
    result = import_(client, tenant, document).get_json()
    assert result["segments_created"] == ["churn-risk", "power-pros"]
    assert client.get(url(tenant, f"/segments/{mine['id']}")).get_json() == mine
    announcement = flow_by_key(client, tenant, "dark-mode-is-here")
    assert announcement["draft"]["targeting"]["audience"] == {"segment": mine["id"]}


# --- conflicts --------------------------------------------------------------------------


def test_existing_keys_are_409_by_default_and_nothing_is_written(source, target, document, factory):
    tenant, client = target
    post(client, url(tenant, "/flows"), example("hotspot", key="welcome-tour"))
    post(client, url(tenant, "/flows"), example("hotspot", key="nps-survey"))
    before = factory.snapshot()
    error = error_of(import_(client, tenant, document), 409)
    assert error == {
        "code": "key_taken",
        "message": "These flow keys already exist: nps-survey, welcome-tour. "
        'Import with on_conflict "skip" or "overwrite".',
    }
    assert factory.snapshot() == before
    assert segment_ids(client, tenant) == {}


def test_importing_a_project_into_itself_is_409(source, document, factory):
    tenant, client = source
    before = factory.snapshot()
    assert error_of(import_(client, tenant, document, "error"), 409)["code"] == "key_taken"
    assert factory.snapshot() == before


def test_skip_leaves_existing_flows_alone(source, target, document):
    tenant, client = target
    mine = post(client, url(tenant, "/flows"), example("tour", key="welcome-tour", name="Mine"))
    result = import_(client, tenant, document, "skip").get_json()
    assert result["skipped"] == ["welcome-tour"]
    assert result["created"] == [key for key in FLOW_KEYS if key != "welcome-tour"]
    assert flow_by_key(client, tenant, "welcome-tour") == mine


def test_overwrite_updates_drafts_and_never_a_live_version(source, target, document):
    tenant, client = target
    mine = post(client, url(tenant, "/flows"), example("tour", key="welcome-tour", name="Mine"))
    post(client, url(tenant, f"/flows/{mine['id']}/publish"), {}, status=200)
    result = import_(client, tenant, document, "overwrite").get_json()
    assert result["updated"] == ["welcome-tour"] and len(result["created"]) == 4
    tour = flow_by_key(client, tenant, "welcome-tour")
    assert tour["id"] == mine["id"] and tour["name"] == "Welcome tour"
    assert tour["live_version"] == 1 and tour["has_unpublished_changes"] is True
    live = client.get(url(tenant, f"/flows/{mine['id']}/versions/1")).get_json()
    assert live["name"] == "Mine" and live["targeting"] == mine["draft"]["targeting"]
    assert export(client, tenant) == document


def test_overwrite_refuses_a_flow_of_another_kind(source, target, document, factory):
    tenant, client = target
    post(client, url(tenant, "/flows"), example("hotspot", key="welcome-tour"))
    before = factory.snapshot()
    error = error_of(import_(client, tenant, document, "overwrite"), 400)
    index = FLOW_KEYS.index("welcome-tour")
    assert error["fields"] == {f"flows[{index}].kind": ["The existing flow is a hotspot."]}
    assert (
        error["message"] == f"Invalid input: flows[{index}].kind: The existing flow is a hotspot."
    )
    assert factory.snapshot() == before


def test_two_flows_with_one_key_in_the_document_are_refused(target, document, factory):
    tenant, client = target
    document["flows"].append(copy.deepcopy(document["flows"][0]))
    before = factory.snapshot()
    error = error_of(import_(client, tenant, document), 409)
    assert error["code"] == "key_taken"
    assert factory.snapshot() == before


# --- invalid documents ------------------------------------------------------------------


def test_an_invalid_flow_rejects_the_whole_import(target, document, factory):
    tenant, client = target
    index = FLOW_KEYS.index("welcome-tour")  # the last one: four valid flows come before it
    document["flows"][index]["content"]["steps"][2]["placement"] = "sideways"
    before = factory.snapshot()
    error = error_of(import_(client, tenant, document), 400)
    path = f"flows[{index}].content.steps[2].placement"
    message = error["fields"][path][0]
    assert list(error["fields"]) == [path] and message.startswith("Must be one of: ")
    assert error["message"] == f"Invalid input: {path}: {message}"
    assert factory.snapshot() == before


def test_invalid_targeting_and_theme_name_their_flow(target, document, factory):
    tenant, client = target
    document["flows"][1]["targeting"]["device"] = "tv"
    document["flows"][1]["theme"] = {"primary_color": "red; x"}
    before = factory.snapshot()
    fields = error_of(import_(client, tenant, document), 400)["fields"]
    assert set(fields) == {"flows[1].targeting.device", "flows[1].theme.primary_color"}
    assert factory.snapshot() == before


def test_flow_shape_errors_name_every_flow(target, document, factory):
    tenant, client = target
    del document["flows"][1]["kind"]
    document["flows"][3]["extra"] = True
    document["flows"][4]["name"] = ""
    before = factory.snapshot()
    fields = error_of(import_(client, tenant, document), 400)["fields"]
    assert fields == {
        "flows[1].kind": ["Missing data for required field."],
        "flows[3].extra": ["Unknown field."],
        "flows[4].name": ["Length must be between 1 and 200."],
    }
    assert factory.snapshot() == before


def test_a_flow_without_a_key_is_refused(target, document, factory):
    tenant, client = target
    del document["flows"][2]["key"]
    before = factory.snapshot()
    fields = error_of(import_(client, tenant, document), 400)["fields"]
    assert fields == {"flows[2].key": ["Required on import."]}
    assert factory.snapshot() == before


def test_a_flow_naming_an_undefined_segment_key_is_refused(target, document, factory):
    tenant, client = target
    index = FLOW_KEYS.index("welcome-tour")
    document["flows"][index]["targeting"]["audience"]["any"][0] = {"segment": "ghosts"}
    before = factory.snapshot()
    error = error_of(import_(client, tenant, document), 400)
    path = f"flows[{index}].targeting.audience.any[0].segment"
    assert error["fields"] == {
        path: ['No segment with key "ghosts" in the document or the project.']
    }
    assert factory.snapshot() == before


def test_a_segment_naming_an_undefined_segment_key_is_refused(target, document, factory):
    tenant, client = target
    document["segments"][1]["condition"]["all"][0] = {"segment": "ghosts"}
    before = factory.snapshot()
    error = error_of(import_(client, tenant, document), 400)
    assert error["fields"] == {
        "segments[1].condition.all[0].segment": [
            'No segment with key "ghosts" in the document or the project.'
        ]
    }
    assert factory.snapshot() == before


def test_segments_that_include_each_other_are_refused(target, document, factory):
    tenant, client = target
    document["segments"][0]["condition"] = {"segment": "power-pros"}
    document["segments"][2]["condition"] = {"all": [{"segment": "churn-risk"}]}
    before = factory.snapshot()
    error = error_of(import_(client, tenant, document), 400)
    assert error["message"] == (
        "These segments include each other in a cycle: churn-risk, power-pros, pro."
    )
    assert factory.snapshot() == before


def test_an_invalid_segment_names_its_own_index(target, document, factory):
    tenant, client = target
    document["segments"][2]["condition"]["op"] = "is"
    document["segments"][0]["name"] = ""
    before = factory.snapshot()
    fields = error_of(import_(client, tenant, document), 400)["fields"]
    assert set(fields) == {"segments[0].name", "segments[2].condition.op"}
    assert factory.snapshot() == before


@pytest.mark.parametrize(
    "change, field",
    [
        ({"format": "other.tool"}, "format"),
        ({"version": 2}, "version"),
        ({"flows": None}, "flows"),
        ({"flows": [1, 2]}, "flows[0]"),
        ({"on_conflict": "merge"}, "on_conflict"),
        ({"comment": "hi"}, "comment"),
    ],
)
def test_a_document_of_the_wrong_shape_is_refused(target, document, factory, change, field):
    tenant, client = target
    before = factory.snapshot()
    fields = error_of(import_(client, tenant, {**document, **change}), 400)["fields"]
    assert field in fields, fields
    assert factory.snapshot() == before


# --- roles and tenancy ------------------------------------------------------------------


def test_a_viewer_cannot_import(target, document, factory, make_client):
    tenant, _ = target
    viewer = make_client().login(factory.member(tenant.project_id, "viewer"))
    before = factory.snapshot()
    assert error_of(import_(viewer, tenant, document), 403)["code"] == "forbidden"
    assert factory.snapshot() == before


def test_another_project_cannot_export_or_import(source, target, document, factory, make_client):
    tenant, _ = source
    other = target[0]
    before = factory.snapshot()
    for intruder in (
        make_client().login(other.owner_email),
        make_client().use_key(other.secret_key),
    ):
        assert error_of(intruder.get(url(tenant, "/flows/export")), 404)["code"] == "not_found"
        assert (
            error_of(import_(intruder, tenant, document, "overwrite"), 404)["code"] == "not_found"
        )
    assert factory.snapshot() == before


def test_an_api_key_exports_and_imports(source, target, document, make_client):
    tenant = target[0]
    script = make_client().use_key(tenant.secret_key)
    assert import_(script, tenant, document).status_code == 200
    assert export(script, tenant) == document


# --- the CLI ----------------------------------------------------------------------------


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args, **kwargs: runner.invoke(args=list(args), **kwargs)


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "The input is not valid JSON: "),
        ("", "The input is not valid JSON: "),
        ("[1, 2]", "The input must be a JSON object from `guidewell flows export`."),
        ('"flows"', "The input must be a JSON object from `guidewell flows export`."),
    ],
)
def test_the_cli_refuses_what_is_not_a_document(run, target, factory, text, message):
    before = factory.snapshot()
    result = run("flows", "import", "--project", str(target[0].project_id), input=text)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert factory.snapshot() == before


def test_the_cli_names_the_invalid_flow(run, target, document, factory):
    index = FLOW_KEYS.index("welcome-tour")
    document["flows"][index]["content"]["steps"][2]["placement"] = "sideways"
    before = factory.snapshot()
    result = run(
        "flows", "import", "--project", str(target[0].project_id), input=json.dumps(document)
    )
    assert result.exit_code != 0
    assert f"flows[{index}].content.steps[2].placement" in result.output
    assert factory.snapshot() == before


def test_the_cli_refuses_conflicts_unless_told(run, source, document, factory):
    pid = str(source[0].project_id)
    before = factory.snapshot()
    result = run("flows", "import", "--project", pid, input=json.dumps(document))
    assert result.exit_code != 0
    assert "These flow keys already exist: " + ", ".join(FLOW_KEYS) in result.output
    assert factory.snapshot() == before
    result = run(
        "flows", "import", "--project", pid, "--on-conflict", "skip", input=json.dumps(document)
    )
    assert result.exit_code == 0, result.output
    assert result.output == "skipped: " + ", ".join(FLOW_KEYS) + "\n"
    result = run(
        "flows",
        "import",
        "--project",
        pid,
        "--on-conflict",
        "overwrite",
        input=json.dumps(document),
    )
    assert result.output == "updated: " + ", ".join(FLOW_KEYS) + "\n"
    assert factory.snapshot() == before


def test_the_cli_refuses_a_bad_on_conflict_value(run, target, document, factory):
    before = factory.snapshot()
    result = run(
        "flows",
        "import",
        "--project",
        str(target[0].project_id),
        "--on-conflict",
        "merge",
        input="{}",
    )
    assert result.exit_code == 2
    assert "'merge' is not one of 'error', 'skip', 'overwrite'" in result.output
    assert factory.snapshot() == before


def test_the_cli_reports_an_unknown_project(run, factory, tmp_path):
    before = factory.snapshot()
    out = tmp_path / "out.json"
    result = run("flows", "export", "--project", "4242", "-o", str(out))
    assert (result.exit_code, result.output) == (1, "Error: No such project.\n")
    assert not out.exists()
    result = run("flows", "import", "--project", "4242", input='{"flows": []}')
    assert (result.exit_code, result.output) == (1, "Error: No such project.\n")
    assert factory.snapshot() == before


def test_the_service_round_trips_without_http(app, source, target, document, factory):
    """Services take plain arguments: the same document through flow_io directly."""
    with app.app_context():
        assert flow_io.export_flows(source[0].project_id) == document
        result = flow_io.import_flows(target[0].project_id, {**document, "on_conflict": "error"})
        db.session.commit()
        assert result["created"] == FLOW_KEYS
        assert flow_io.export_flows(target[0].project_id) == document
    assert (factory.count(Flow), factory.count(Segment)) == (10, 6)


@pytest.mark.parametrize(
    "audience, field",
    [
        ("everyone", "flows[4].targeting.audience"),
        ([{"segment": "pro"}], "flows[4].targeting.audience"),
        ({"all": "pro"}, "flows[4].targeting.audience.all"),
        ({"any": ["pro"]}, "flows[4].targeting.audience.any[0]"),
        ({"segment": ["pro"]}, "flows[4].targeting.audience.segment"),
        ({"segment": {"key": "pro"}}, "flows[4].targeting.audience.segment"),
    ],
)
def test_a_malformed_audience_is_a_400_not_a_crash(target, document, factory, audience, field):
    tenant, client = target
    document["flows"][4]["targeting"]["audience"] = audience
    before = factory.snapshot()
    fields = error_of(import_(client, tenant, document), 400)["fields"]
    assert list(fields) == [field], fields
    assert factory.snapshot() == before


@pytest.mark.parametrize(
    "condition, field",
    [
        ("everyone", "segments[1].condition"),
        ({"all": [{"segment": ["pro"]}]}, "segments[1].condition.all[0].segment"),
        ({"any": 3}, "segments[1].condition.any"),
    ],
)
def test_a_malformed_segment_condition_is_a_400_not_a_crash(
    target, document, factory, condition, field
):
    tenant, client = target
    document["segments"][1]["condition"] = condition
    before = factory.snapshot()
    fields = error_of(import_(client, tenant, document), 400)["fields"]
    assert list(fields) == [field], fields
    assert factory.snapshot() == before
