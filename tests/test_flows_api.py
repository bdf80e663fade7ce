"""Authoring over HTTP: drafts, publishing, versions, restore, lifecycle rules."""

from __future__ import annotations

import pytest

from guidewell.models import Flow, FlowVersion
from tests.flow_examples import EXAMPLES, example
from tests.helpers import error_of


def flows_url(tenant, suffix: str = "") -> str:
    return f"/api/v1/projects/{tenant.project_id}/flows{suffix}"


def create(editor, tenant, body) -> dict:
    response = editor.post(flows_url(tenant), json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_a_flow_of_each_kind_is_created_as_a_draft(editor, tenant, kind):
    flow = create(editor, tenant, example(kind))
    assert flow["kind"] == kind
    assert flow["status"] == "draft"
    assert flow["live_version"] is None and flow["latest_version"] == 0
    assert flow["has_unpublished_changes"] is True
    assert flow["draft"]["targeting"]["frequency"] == {"type": "once"}


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_content_defaults_to_a_starter_for_the_kind(editor, tenant, kind):
    flow = create(editor, tenant, {"kind": kind, "name": f"My {kind}"})
    assert flow["draft"]["content"]
    assert flow["key"] == f"my-{kind}"


def test_publish_edit_publish_restore_reads_three_versions(editor, tenant):
    """The issue's script: publish, edit, publish again, restore 1, publish: three versions."""
    flow = create(editor, tenant, example("tour"))
    url = flows_url(tenant, f"/{flow['id']}")
    assert editor.post(url + "/publish").get_json()["live_version"] == 1

    edited = example("tour")["content"]
    edited["steps"][0]["title"] = "Welcome back"
    assert editor.patch(url, json={"content": edited}).status_code == 200
    assert editor.post(url + "/publish").get_json()["live_version"] == 2

    restored = editor.post(url + "/versions/1/restore").get_json()
    assert restored["draft"]["content"]["steps"][0]["title"] == "Welcome"
    assert restored["has_unpublished_changes"] is True
    published = editor.post(url + "/publish").get_json()
    assert published["live_version"] == 3 and published["has_unpublished_changes"] is False

    listed = editor.get(url + "/versions").get_json()
    assert [(v["number"], v["is_live"]) for v in listed] == [(3, True), (2, False), (1, False)]
    titles = [
        editor.get(url + f"/versions/{n}").get_json()["content"]["steps"][0]["title"]
        for n in (1, 2, 3)
    ]
    assert titles == ["Welcome", "Welcome back", "Welcome"]
    assert listed[0]["published_by"] == tenant.owner_email


def test_editing_the_draft_never_changes_a_published_version(editor, tenant):
    flow = create(editor, tenant, example("announcement"))
    url = flows_url(tenant, f"/{flow['id']}")
    editor.post(url + "/publish")
    content = example("announcement")["content"] | {"title": "Changed"}
    editor.patch(url, json={"content": content, "name": "Renamed"})
    assert editor.get(url + "/versions/1").get_json()["content"]["title"] == "Dark mode"
    assert editor.get(url).get_json()["has_unpublished_changes"] is True


def test_error_names_the_exact_content_field(editor, tenant, factory):
    body = example("tour")
    body["content"]["steps"][2]["advance_on"] = "click"
    del body["content"]["steps"][2]["target"]
    before = factory.snapshot()
    error = error_of(editor.post(flows_url(tenant), json=body), 400)
    assert error["fields"] == {"content.steps[2].target": ['Required when advance_on is "click".']}
    assert error["message"].startswith("Invalid input: content.steps[2].target")
    assert factory.snapshot() == before


def test_content_and_targeting_errors_are_reported_together(editor, tenant):
    body = example("hotspot")
    body["content"]["hotspots"][0]["placement"] = "upside-down"
    body["targeting"] = {"priority": 5000, "device": "tv"}
    fields = error_of(editor.post(flows_url(tenant), json=body), 400)["fields"]
    assert set(fields) == {
        "content.hotspots[0].placement",
        "targeting.priority",
        "targeting.device",
    }


@pytest.mark.parametrize(
    "mutate, field",
    [
        (
            lambda b: b["content"].update(steps=[{"title": f"s{i}"} for i in range(51)]),
            "content.steps",
        ),
        (
            lambda b: b["content"]["steps"][0].update(body="<p>" + "x" * 10_001 + "</p>"),
            "content.steps[0].body",
        ),
        (lambda b: b.update(kind="wizard"), "kind"),
        (lambda b: b.update(key="Not A Slug"), "key"),
        (
            lambda b: b.update(theme={"primary_color": "red; background: url(x)"}),
            "theme.primary_color",
        ),
        (
            lambda b: b.update(
                targeting={"pages": {"include": [{"match": "regex", "value": "(?P<x>a)"}]}}
            ),
            "targeting.pages.include[0].value",
        ),
        (
            lambda b: b.update(
                targeting={
                    "audience": {
                        "all": [
                            {"trait": "age", "op": "gt", "value": 10},
                            {"trait": "age", "op": "lt", "value": 5},
                        ]
                    }
                }
            ),
            "targeting.audience.all[1]",
        ),
        (lambda b: b.update(extra=True), "extra"),
    ],
)
def test_bad_flows_are_refused_naming_the_field(editor, tenant, factory, mutate, field):
    body = example("tour")
    mutate(body)
    before = factory.snapshot()
    fields = error_of(editor.post(flows_url(tenant), json=body), 400)["fields"]
    assert field in fields, fields
    assert factory.snapshot() == before


def test_rich_text_is_sanitized_on_save(editor, tenant):
    body = example("tour")
    body["content"]["steps"][0]["body"] = (
        '<p onclick="steal()">Hi <a href="javascript:alert(1)">x</a>'
        '<a href="https://ok.example">ok</a><script>alert(1)</script></p>'
    )
    stored = create(editor, tenant, body)["draft"]["content"]["steps"][0]["body"]
    assert "onclick" not in stored and "javascript:" not in stored and "<script" not in stored
    assert 'href="https://ok.example"' in stored and "noopener" in stored


def test_a_published_flow_cannot_be_deleted_but_a_draft_can(editor, tenant, factory):
    draft = create(editor, tenant, example("hotspot"))
    live = create(editor, tenant, example("announcement"))
    editor.post(flows_url(tenant, f"/{live['id']}/publish"))
    assert editor.delete(flows_url(tenant, f"/{draft['id']}")).status_code == 204
    error = error_of(editor.delete(flows_url(tenant, f"/{live['id']}")), 409)
    assert error["code"] == "flow_was_published"
    editor.post(flows_url(tenant, f"/{live['id']}/unpublish"))
    error_of(editor.delete(flows_url(tenant, f"/{live['id']}")), 409)
    assert factory.count(Flow) == 1 and factory.count(FlowVersion) == 1


def test_unpublish_and_archive_take_the_flow_off_screens(editor, tenant):
    flow = create(editor, tenant, example("announcement"))
    url = flows_url(tenant, f"/{flow['id']}")
    editor.post(url + "/publish")
    unpublished = editor.post(url + "/unpublish").get_json()
    assert (unpublished["status"], unpublished["live_version"]) == ("draft", None)
    archived = editor.post(url + "/archive").get_json()
    assert archived["status"] == "archived"
    assert editor.get(flows_url(tenant)).get_json()["total"] == 0
    assert editor.get(flows_url(tenant, "?status=archived")).get_json()["total"] == 1
    assert editor.post(url + "/publish").get_json()["live_version"] == 2


def test_duplicate_copies_the_draft_under_a_new_key(editor, tenant):
    flow = create(editor, tenant, example("checklist"))
    copy = editor.post(flows_url(tenant, f"/{flow['id']}/duplicate")).get_json()
    assert copy["key"] == f"{flow['key']}-copy" and copy["name"] == "Copy of Getting started"
    assert copy["draft"] == flow["draft"] and copy["status"] == "draft"


def test_key_is_locked_after_the_first_publish(editor, tenant):
    flow = create(editor, tenant, example("hotspot"))
    url = flows_url(tenant, f"/{flow['id']}")
    assert editor.patch(url, json={"key": "renamed"}).get_json()["key"] == "renamed"
    editor.post(url + "/publish")
    assert error_of(editor.patch(url, json={"key": "again"}), 409)["code"] == "key_locked"


def test_duplicate_keys_are_409(editor, tenant):
    create(editor, tenant, example("hotspot", key="hint"))
    response = editor.post(flows_url(tenant), json=example("tour", key="hint"))
    assert error_of(response, 409)["code"] == "key_taken"


def test_publishing_checks_start_flow_references(editor, tenant):
    body = example("checklist")
    body["content"]["items"].append(
        {"title": "Take the tour", "action": "start_flow", "flow": "welcome-tour"}
    )
    flow = create(editor, tenant, body)
    url = flows_url(tenant, f"/{flow['id']}/publish")
    error = error_of(editor.post(url), 400)
    assert "content.items[2].flow" in error["fields"]
    create(editor, tenant, example("tour", key="welcome-tour"))
    assert editor.post(url).status_code == 200


def test_list_filters_searches_and_pages(editor, tenant):
    for kind in sorted(EXAMPLES):
        create(editor, tenant, example(kind))
    assert editor.get(flows_url(tenant, "?kind=tour")).get_json()["total"] == 1
    assert editor.get(flows_url(tenant, "?q=NPS")).get_json()["items"][0]["kind"] == "questionnaire"
    page = editor.get(flows_url(tenant, "?per_page=2&page=2")).get_json()
    assert (page["total"], len(page["items"]), page["page"]) == (5, 2, 2)
    assert "draft" not in page["items"][0]
    fields = error_of(editor.get(flows_url(tenant, "?per_page=1000&kind=x")), 400)["fields"]
    assert set(fields) == {"per_page", "kind"}


def test_unknown_version_and_flow_are_404(editor, tenant):
    flow = create(editor, tenant, example("hotspot"))
    error_of(editor.get(flows_url(tenant, f"/{flow['id']}/versions/7")), 404)
    error_of(editor.post(flows_url(tenant, f"/{flow['id']}/versions/7/restore")), 404)
    error_of(editor.get(flows_url(tenant, "/424242")), 404)


def test_viewer_reads_but_cannot_write(make_client, editor, tenant, factory):
    flow = create(editor, tenant, example("tour"))
    viewer = make_client().login(factory.member(tenant.project_id, "viewer"))
    url = flows_url(tenant, f"/{flow['id']}")
    assert viewer.get(url).status_code == 200
    assert viewer.get(url + "/versions").status_code == 200
    before = factory.snapshot()
    for response in (
        viewer.post(flows_url(tenant), json=example("hotspot")),
        viewer.patch(url, json={"name": "Mine"}),
        viewer.post(url + "/publish"),
        viewer.post(url + "/archive"),
        viewer.post(url + "/duplicate"),
        viewer.delete(url),
    ):
        assert error_of(response, 403)["code"] == "forbidden"
    assert factory.snapshot() == before


def test_api_key_authors_and_publishes(make_client, tenant):
    script = make_client().use_key(tenant.secret_key)
    flow = script.post(flows_url(tenant), json=example("announcement")).get_json()
    published = script.post(flows_url(tenant, f"/{flow['id']}/publish")).get_json()
    assert published["live_version"] == 1
    versions = script.get(flows_url(tenant, f"/{flow['id']}/versions")).get_json()
    assert versions[0]["published_by"] is None


def test_another_projects_flow_is_404_for_account_and_key(make_client, editor, tenant, factory):
    flow = create(editor, tenant, example("tour"))
    other = factory.tenant("Other")
    intruders = [
        make_client().login(other.owner_email),
        make_client().use_key(other.secret_key),
    ]
    before = factory.snapshot()
    for intruder in intruders:
        # Their own project id with our flow id, and our project id: both are 404.
        for url in (
            f"/api/v1/projects/{other.project_id}/flows/{flow['id']}",
            flows_url(tenant, f"/{flow['id']}"),
        ):
            assert intruder.get(url).status_code == 404
            assert intruder.patch(url, json={"name": "x"}).status_code == 404
            assert intruder.post(url + "/publish").status_code == 404
    assert factory.snapshot() == before


def test_search_treats_percent_and_underscore_literally(editor, tenant):
    create(editor, tenant, example("hotspot", name="Export 100% faster"))
    create(editor, tenant, example("tour"))
    assert editor.get(flows_url(tenant, "?q=%")).get_json()["total"] == 1
    assert editor.get(flows_url(tenant, "?q=_")).get_json()["total"] == 0


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_every_kind_keeps_three_versions_and_restores(editor, tenant, kind):
    """Create, publish, edit, publish, restore 1, publish: versions 1 and 3 are alike."""
    flow = create(editor, tenant, example(kind))
    url = flows_url(tenant, f"/{flow['id']}")
    editor.post(url + "/publish")
    editor.patch(url, json={"theme": {"primary_color": "#ff0066"}, "name": f"{kind} v2"})
    editor.post(url + "/publish")
    editor.post(url + "/versions/1/restore")
    assert editor.post(url + "/publish").get_json()["live_version"] == 3
    versions = [editor.get(url + f"/versions/{n}").get_json() for n in (1, 2, 3)]
    assert [v["theme"].get("primary_color") for v in versions] == [None, "#ff0066", None]
    assert [v["name"] for v in versions] == [flow["name"], f"{kind} v2", flow["name"]]
    assert versions[0]["content"] == versions[2]["content"] == flow["draft"]["content"]
