"""Saved segments over HTTP: keys, search, condition rules, references, roles, tenancy."""

from __future__ import annotations

import pytest

from guidewell.models import Segment
from tests.flow_examples import example
from tests.helpers import error_of

PRO = {"all": [{"trait": "plan", "op": "eq", "value": "pro"}]}


def segments_url(tenant, suffix: str = "") -> str:
    return f"/api/v1/projects/{tenant.project_id}/segments{suffix}"


def flows_url(tenant, suffix: str = "") -> str:
    return f"/api/v1/projects/{tenant.project_id}/flows{suffix}"


def create(editor, tenant, name: str = "Pro plan", condition=None, **extra) -> dict:
    body = {"name": name, "condition": condition or PRO, **extra}
    response = editor.post(segments_url(tenant), json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def flow_targeting(audience) -> dict:
    return example("tour", targeting={"audience": audience})


# --- create, read, list, update, delete -------------------------------------------------


def test_the_key_is_made_from_the_name_and_kept_unique(editor, tenant):
    first = create(editor, tenant, "Power users!")
    second = create(editor, tenant, "Power users")
    assert (first["key"], second["key"]) == ("power-users", "power-users-2")
    assert first["condition"] == PRO and first["description"] == ""


def test_an_explicit_key_is_kept(editor, tenant):
    segment = create(editor, tenant, "Pro plan", key="paying", description="Pays us")
    assert (segment["key"], segment["description"]) == ("paying", "Pays us")


def test_a_duplicate_key_is_409_and_writes_nothing(editor, tenant, factory):
    create(editor, tenant, "Pro plan", key="paying")
    before = factory.snapshot()
    response = editor.post(
        segments_url(tenant), json={"name": "Other", "key": "paying", "condition": PRO}
    )
    error = error_of(response, 409)
    assert error == {"code": "key_taken", "message": 'A segment with key "paying" already exists.'}
    assert factory.snapshot() == before


def test_a_key_that_is_not_a_slug_is_refused(editor, tenant, factory):
    before = factory.snapshot()
    response = editor.post(
        segments_url(tenant), json={"name": "x", "key": "Paying Users", "condition": PRO}
    )
    assert error_of(response, 400)["fields"] == {
        "key": ["Use 1-64 lowercase letters, digits, - or _."]
    }
    assert factory.snapshot() == before


def test_get_returns_the_segment_and_an_unknown_id_is_404(editor, tenant):
    segment = create(editor, tenant)
    fetched = editor.get(segments_url(tenant, f"/{segment['id']}")).get_json()
    assert fetched == segment
    assert (
        error_of(editor.get(segments_url(tenant, "/424242")), 404)["message"] == "No such segment."
    )


def test_list_searches_names_case_insensitively_and_pages(editor, tenant):
    for name in ("beta testers", "pro admins", "pro trials", "churn risk", "pro teams"):
        create(editor, tenant, name)
    found = editor.get(segments_url(tenant, "?q=PRO")).get_json()
    assert [s["name"] for s in found["items"]] == ["pro admins", "pro teams", "pro trials"]
    page = editor.get(segments_url(tenant, "?per_page=2&page=2")).get_json()
    assert (page["total"], page["page"], page["per_page"]) == (5, 2, 2)
    assert [s["name"] for s in page["items"]] == ["pro admins", "pro teams"]


def test_search_takes_percent_and_underscore_literally(editor, tenant):
    for name in ("5% off", "a_b", "plain"):
        create(editor, tenant, name)
    for q, names in (("%", ["5% off"]), ("_", ["a_b"]), ("5%", ["5% off"])):
        listed = editor.get(segments_url(tenant), query_string={"q": q}).get_json()
        assert [s["name"] for s in listed["items"]] == names, q


def test_list_arguments_are_checked(editor, tenant):
    fields = error_of(editor.get(segments_url(tenant, "?per_page=0&page=0")), 400)["fields"]
    assert set(fields) == {"per_page", "page"}


def test_patch_changes_name_key_description_and_condition(editor, tenant):
    segment = create(editor, tenant)
    trial = {"trait": "trial_ends", "op": "after", "value": {"days_ago": 0}}
    response = editor.patch(
        segments_url(tenant, f"/{segment['id']}"),
        json={"name": "Trials", "key": "trials", "description": "On trial", "condition": trial},
    )
    assert response.status_code == 200, response.get_json()
    patched = response.get_json()
    assert (patched["name"], patched["key"], patched["description"]) == (
        "Trials",
        "trials",
        "On trial",
    )
    assert patched["condition"] == trial
    assert patched["updated_at"] > segment["updated_at"]
    assert editor.get(segments_url(tenant, f"/{segment['id']}")).get_json() == patched


def test_patch_to_a_taken_key_is_409(editor, tenant, factory):
    create(editor, tenant, "Pro plan", key="paying")
    other = create(editor, tenant, "Free plan")
    before = factory.snapshot()
    response = editor.patch(segments_url(tenant, f"/{other['id']}"), json={"key": "paying"})
    assert error_of(response, 409)["code"] == "key_taken"
    assert editor.get(segments_url(tenant, f"/{other['id']}")).get_json()["key"] == "free-plan"
    assert factory.snapshot() == before


def test_patch_keeping_its_own_key_is_fine(editor, tenant):
    segment = create(editor, tenant, key="paying")
    response = editor.patch(segments_url(tenant, f"/{segment['id']}"), json={"key": "paying"})
    assert response.status_code == 200 and response.get_json()["key"] == "paying"


def test_an_unused_segment_is_deleted(editor, tenant, factory):
    segment = create(editor, tenant)
    assert editor.delete(segments_url(tenant, f"/{segment['id']}")).status_code == 204
    assert factory.count(Segment) == 0
    error_of(editor.get(segments_url(tenant, f"/{segment['id']}")), 404)
    error_of(editor.delete(segments_url(tenant, f"/{segment['id']}")), 404)


# --- conditions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "condition, field, message",
    [
        (
            {
                "all": [
                    {"trait": "plan", "op": "eq", "value": "pro"},
                    {"trait": "age", "op": "between", "value": 3},
                ]
            },
            "condition.all[1].op",
            "Must be one of: eq, neq, contains, starts_with, gt, gte, lt, lte, exists, "
            "not_exists, in, before, after.",
        ),
        ({"trait": "age", "op": "gt"}, "condition.value", "Missing data for required field."),
        ({"trait": "age", "op": "gt", "value": "ten"}, "condition.value", "Must be a number."),
        (
            {"trait": "email", "op": "exists", "value": True},
            "condition.value",
            'Not allowed with operator "exists".',
        ),
        (
            {"any": [{"trait": "plan", "op": "in", "value": []}]},
            "condition.any[0].value",
            "Must be a list of 1 to 100 values.",
        ),
        ({"all": []}, "condition.all", "Must hold between 1 and 50 conditions."),
        (
            {"all": [PRO], "any": [PRO]},
            "condition",
            'Use either "all" or "any", not both.',
        ),
        ("plan = pro", "condition", "Must be a condition object."),
        (
            {"plan": "pro"},
            "condition",
            'Must have one of the keys "all", "any", "trait" or "segment".',
        ),
        ({"segment": "pro"}, "condition.segment", "Not a valid integer."),
        ({"segment": True}, "condition.segment", "Not a valid integer."),
        (None, "condition", "Field may not be null."),
        (
            {
                "all": [
                    {"trait": "age", "op": "gt", "value": 10},
                    {"trait": "age", "op": "lt", "value": 5},
                ]
            },
            "condition.all[1]",
            None,  # a contradiction: the message explains it, the path is what matters
        ),
    ],
)
def test_bad_conditions_are_refused_with_the_exact_path(
    editor, tenant, factory, condition, field, message
):
    before = factory.snapshot()
    response = editor.post(segments_url(tenant), json={"name": "Bad", "condition": condition})
    fields = error_of(response, 400)["fields"]
    assert list(fields) == [field], fields
    if message is not None:
        assert fields[field] == [message]
    assert factory.snapshot() == before


def test_a_missing_condition_is_required(editor, tenant, factory):
    before = factory.snapshot()
    fields = error_of(editor.post(segments_url(tenant), json={"name": "No rule"}), 400)["fields"]
    assert fields == {"condition": ["Missing data for required field."]}
    assert factory.snapshot() == before


def test_groups_may_nest_five_deep_but_not_six(editor, tenant):
    condition = PRO
    for _ in range(4):
        condition = {"any": [condition]}
    create(editor, tenant, "Deep", condition)  # five groups
    fields = error_of(
        editor.post(
            segments_url(tenant), json={"name": "Deeper", "condition": {"all": [condition]}}
        ),
        400,
    )["fields"]
    assert fields == {
        "condition.all[0].any[0].any[0].any[0].any[0]": ["Groups may nest at most 5 deep."]
    }


def test_a_patch_with_a_bad_condition_leaves_the_segment_as_it_was(editor, tenant, factory):
    segment = create(editor, tenant)
    before = factory.snapshot()
    url = segments_url(tenant, f"/{segment['id']}")
    bad = {"name": "Renamed", "condition": {"any": [PRO, {"trait": "x", "op": "lt"}]}}
    assert set(error_of(editor.patch(url, json=bad), 400)["fields"]) == {"condition.any[1].value"}
    assert error_of(editor.patch(url, json={"condition": None}), 400)["fields"] == {
        "condition": ["Field may not be null."]
    }
    assert editor.get(url).get_json() == segment
    assert factory.snapshot() == before


def test_a_reference_to_an_unknown_segment_names_its_path(editor, tenant, factory):
    known = create(editor, tenant)
    condition = {
        "all": [
            {"segment": known["id"]},
            {"any": [{"trait": "beta", "op": "exists"}, {"segment": 424242}]},
        ]
    }
    before = factory.snapshot()
    error = error_of(
        editor.post(segments_url(tenant), json={"name": "X", "condition": condition}), 400
    )
    assert error["fields"] == {
        "condition.all[1].any[1].segment": ["No segment with this id in the project."]
    }
    assert error["message"] == (
        "Invalid input: condition.all[1].any[1].segment: No segment with this id in the project."
    )
    assert factory.snapshot() == before


def test_a_segment_of_another_project_cannot_be_referenced(editor, tenant, factory, make_client):
    other = factory.tenant("Other")
    theirs = create(make_client().login(other.owner_email), other, "Theirs")
    ours = create(editor, tenant)
    before = factory.snapshot()
    body = {"name": "X", "condition": {"segment": theirs["id"]}}
    assert set(error_of(editor.post(segments_url(tenant), json=body), 400)["fields"]) == {
        "condition.segment"
    }
    patch = {"condition": {"any": [PRO, {"segment": theirs["id"]}]}}
    response = editor.patch(segments_url(tenant, f"/{ours['id']}"), json=patch)
    assert set(error_of(response, 400)["fields"]) == {"condition.any[1].segment"}
    assert factory.snapshot() == before


def test_a_segment_may_use_another_segment(editor, tenant):
    pro = create(editor, tenant)
    power = create(
        editor,
        tenant,
        "Power pros",
        {"all": [{"segment": pro["id"]}, {"trait": "logins", "op": "gte", "value": 10}]},
    )
    assert power["condition"]["all"][0] == {"segment": pro["id"]}


def test_a_segment_cannot_include_itself(editor, tenant):
    segment = create(editor, tenant)
    url = segments_url(tenant, f"/{segment['id']}")
    response = editor.patch(url, json={"condition": {"any": [PRO, {"segment": segment["id"]}]}})
    error = error_of(response, 400)
    message = "A segment cannot include itself, directly or through other segments."
    assert (error["message"], error["fields"]) == (message, {"condition": [message]})
    assert editor.get(url).get_json()["condition"] == PRO


def test_a_segment_cannot_include_itself_through_others(editor, tenant, factory):
    a = create(editor, tenant, "A")
    b = create(editor, tenant, "B", {"all": [PRO, {"segment": a["id"]}]})
    c = create(
        editor, tenant, "C", {"any": [{"trait": "beta", "op": "exists"}, {"segment": b["id"]}]}
    )
    before = factory.snapshot()
    response = editor.patch(
        segments_url(tenant, f"/{a['id']}"), json={"condition": {"segment": c["id"]}}
    )
    assert error_of(response, 400)["fields"] == {
        "condition": ["A segment cannot include itself, directly or through other segments."]
    }
    assert editor.get(segments_url(tenant, f"/{a['id']}")).get_json()["condition"] == PRO
    assert factory.snapshot() == before


# --- segments in use --------------------------------------------------------------------


def test_a_segment_used_by_a_flow_draft_cannot_be_deleted(editor, tenant, factory):
    segment = create(editor, tenant)
    audience = {"all": [{"trait": "beta", "op": "exists"}, {"segment": segment["id"]}]}
    response = editor.post(flows_url(tenant), json=flow_targeting(audience))
    assert response.status_code == 201, response.get_json()
    before = factory.snapshot()
    error = error_of(editor.delete(segments_url(tenant, f"/{segment['id']}")), 409)
    assert error == {
        "code": "segment_in_use",
        "message": "This segment is still used by flow Welcome tour.",
    }
    assert factory.snapshot() == before


def test_a_segment_used_only_by_a_live_version_cannot_be_deleted(editor, tenant, factory):
    segment = create(editor, tenant)
    flow = editor.post(
        flows_url(tenant), json=flow_targeting({"segment": segment["id"]})
    ).get_json()
    url = flows_url(tenant, f"/{flow['id']}")
    assert editor.post(url + "/publish").status_code == 200
    # The draft lets go of the segment, but version 1 is live and still uses it.
    assert editor.patch(url, json={"targeting": {"audience": PRO}}).status_code == 200
    seg_url = segments_url(tenant, f"/{segment['id']}")
    before = factory.snapshot()
    error = error_of(editor.delete(seg_url), 409)
    assert error["message"] == "This segment is still used by flow Welcome tour."
    assert factory.snapshot() == before
    # Off screens, the old version no longer needs it.
    editor.post(url + "/unpublish")
    assert editor.delete(seg_url).status_code == 204


def test_a_segment_used_by_a_version_in_an_experiment_cannot_be_deleted(editor, tenant, factory):
    """Version 1 is no longer live, but an experiment still shows it to half the users."""
    segment = create(editor, tenant)
    flow = editor.post(
        flows_url(tenant), json=flow_targeting({"segment": segment["id"]})
    ).get_json()
    url = flows_url(tenant, f"/{flow['id']}")
    editor.post(url + "/publish")
    editor.patch(url, json={"targeting": {"audience": PRO}})
    editor.post(url + "/publish")
    experiment = editor.post(
        f"/api/v1/projects/{tenant.project_id}/experiments",
        json={
            "flow_id": flow["id"],
            "key": "old-vs-new",
            "name": "Old vs new",
            "variants": [
                {"key": "old", "weight": 5000, "version": 1},
                {"key": "new", "weight": 5000, "version": 2},
            ],
        },
    ).get_json()
    seg_url = segments_url(tenant, f"/{segment['id']}")
    before = factory.snapshot()
    error = error_of(editor.delete(seg_url), 409)
    assert error["message"] == "This segment is still used by flow Welcome tour."
    experiment_url = f"/api/v1/projects/{tenant.project_id}/experiments/{experiment['id']}"
    editor.post(experiment_url + "/start")
    error_of(editor.delete(seg_url), 409)
    assert factory.snapshot() == before
    editor.post(experiment_url + "/stop")
    assert editor.delete(seg_url).status_code == 204


def test_a_segment_used_by_another_segment_cannot_be_deleted(editor, tenant, factory):
    pro = create(editor, tenant)
    create(
        editor,
        tenant,
        "Power pros",
        {"all": [{"segment": pro["id"]}, {"trait": "logins", "op": "gte", "value": 10}]},
    )
    before = factory.snapshot()
    error = error_of(editor.delete(segments_url(tenant, f"/{pro['id']}")), 409)
    assert error["message"] == "This segment is still used by segment Power pros."
    assert factory.snapshot() == before


def test_the_409_names_every_user_once(editor, tenant):
    pro = create(editor, tenant)
    create(editor, tenant, "Power pros", {"any": [{"segment": pro["id"]}]})
    flow = editor.post(flows_url(tenant), json=flow_targeting({"segment": pro["id"]})).get_json()
    editor.post(flows_url(tenant, f"/{flow['id']}/publish"))  # draft and live both use it
    announcement = example("announcement", targeting={"audience": {"segment": pro["id"]}})
    editor.post(flows_url(tenant), json=announcement)
    message = error_of(editor.delete(segments_url(tenant, f"/{pro['id']}")), 409)["message"]
    assert message == (
        "This segment is still used by flow Dark mode is here, flow Welcome tour, "
        "segment Power pros."
    )


def test_a_flow_cannot_target_a_segment_of_another_project(editor, tenant, factory, make_client):
    other = factory.tenant("Other")
    theirs = create(make_client().login(other.owner_email), other, "Theirs")
    mine = editor.post(flows_url(tenant), json=example("tour")).get_json()
    before = factory.snapshot()
    audience = {"any": [PRO, {"segment": theirs["id"]}]}
    error = error_of(editor.post(flows_url(tenant), json=flow_targeting(audience)), 400)
    assert error["fields"] == {
        "targeting.audience.any[1].segment": ["No segment with this id in the project."]
    }
    response = editor.patch(
        flows_url(tenant, f"/{mine['id']}"), json={"targeting": {"audience": audience}}
    )
    assert set(error_of(response, 400)["fields"]) == {"targeting.audience.any[1].segment"}
    assert factory.snapshot() == before


# --- roles and tenancy ------------------------------------------------------------------


def test_viewer_reads_but_cannot_write(editor, tenant, factory, make_client):
    segment = create(editor, tenant)
    viewer = make_client().login(factory.member(tenant.project_id, "viewer"))
    url = segments_url(tenant, f"/{segment['id']}")
    assert viewer.get(url).get_json() == segment
    assert viewer.get(segments_url(tenant)).get_json()["total"] == 1
    before = factory.snapshot()
    for response in (
        viewer.post(segments_url(tenant), json={"name": "Mine", "condition": PRO}),
        viewer.patch(url, json={"name": "Mine"}),
        viewer.delete(url),
    ):
        error = error_of(response, 403)
        assert error["message"] == "This needs the editor role; you are viewer."
    assert factory.snapshot() == before


def test_an_api_key_manages_segments(make_client, tenant):
    script = make_client().use_key(tenant.secret_key)
    segment = create(script, tenant, "Scripted")
    url = segments_url(tenant, f"/{segment['id']}")
    assert script.patch(url, json={"name": "Renamed"}).get_json()["name"] == "Renamed"
    assert script.delete(url).status_code == 204


def test_another_projects_segment_is_404_for_account_and_key(editor, tenant, factory, make_client):
    segment = create(editor, tenant)
    other = factory.tenant("Other")
    intruders = [make_client().login(other.owner_email), make_client().use_key(other.secret_key)]
    before = factory.snapshot()
    for intruder in intruders:
        # Our segment under their project id, and our project id itself: both 404.
        for url in (
            f"/api/v1/projects/{other.project_id}/segments/{segment['id']}",
            segments_url(tenant, f"/{segment['id']}"),
        ):
            assert error_of(intruder.get(url), 404)["code"] == "not_found"
            assert intruder.patch(url, json={"name": "Mine"}).status_code == 404
            assert intruder.delete(url).status_code == 404
        assert intruder.get(segments_url(tenant)).status_code == 404
        response = intruder.post(segments_url(tenant), json={"name": "x", "condition": PRO})
        assert response.status_code == 404
        own = intruder.get(f"/api/v1/projects/{other.project_id}/segments").get_json()
        assert own["total"] == 0
    assert factory.snapshot() == before


def test_a_key_with_a_trailing_newline_is_refused(editor, tenant):
    response = editor.post(
        segments_url(tenant), json={"name": "x", "key": "paying\n", "condition": PRO}
    )
    assert set(error_of(response, 400)["fields"]) == {"key"}


def test_count_tells_how_many_users_a_condition_matches(editor, tenant, make_client):
    from tests.sdk_helpers import Browser

    for plan in ("pro", "pro", "free"):
        Browser(make_client().client, tenant.public_key).session({"plan": plan})
    url = segments_url(tenant) + "/count"
    body = editor.post(url, json={"condition": PRO}).get_json()
    assert body == {"matching": 2, "total": 3, "scanned": 3, "estimated": False}
    saved = editor.post(segments_url(tenant), json={"name": "Pro", "condition": PRO}).get_json()
    nested = {"any": [{"segment": saved["id"]}, {"trait": "plan", "op": "eq", "value": "free"}]}
    assert editor.post(url, json={"condition": nested}).get_json()["matching"] == 3


def test_count_refuses_bad_conditions(editor, tenant):
    url = segments_url(tenant) + "/count"
    assert (
        "condition.op"
        in error_of(
            editor.post(url, json={"condition": {"trait": "plan", "op": "like", "value": "x"}}), 400
        )["fields"]
    )
    assert (
        "condition.segment"
        in error_of(editor.post(url, json={"condition": {"segment": 999}}), 400)["fields"]
    )
