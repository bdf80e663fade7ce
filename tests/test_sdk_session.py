"""POST /sdk/v1/session: what a user may see, resolved on the server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from guidewell.models import EndUser, UserAlias
from tests.helpers import error_of
from tests.sdk_helpers import Browser, event, publish


def test_a_published_flow_is_resolved_with_everything_the_sdk_needs(editor, tenant, browser):
    flow = publish(editor, tenant.project_id, "announcement", targeting={"priority": 300})
    body = browser.session().get_json()
    assert body["user"] == {"id": None, "anonymous_id": browser.anonymous_id}
    assert body["settings"]["batch_size"] == 20
    [resolved] = body["flows"]
    assert resolved["id"] == flow["id"] and resolved["key"] == flow["key"]
    assert resolved["version"] == 1 and resolved["variant"] is None
    assert resolved["content"]["title"] == "Dark mode"
    assert resolved["priority"] == 300 and resolved["blocking"] is False  # a banner
    assert resolved["trigger"] == {"type": "page_load"}
    assert resolved["theme"]["primary_color"] == "#4f46e5"
    assert resolved["progress"] is None


def test_drafts_and_unpublished_flows_are_not_sent(editor, tenant, browser):
    editor.post(f"/api/v1/projects/{tenant.project_id}/flows", json={"kind": "tour", "name": "D"})
    live = publish(editor, tenant.project_id, "hotspot")
    assert set(browser.flows()) == {live["key"]}
    editor.post(f"/api/v1/projects/{tenant.project_id}/flows/{live['id']}/unpublish")
    assert browser.flows() == {}


def test_republishing_serves_the_new_version(editor, tenant, browser):
    flow = publish(editor, tenant.project_id, "announcement")
    assert browser.flows()[flow["key"]]["version"] == 1
    url = f"/api/v1/projects/{tenant.project_id}/flows/{flow['id']}"
    content = flow["draft"]["content"] | {"title": "Dark mode 2"}
    editor.patch(url, json={"content": content})
    assert browser.flows()[flow["key"]]["content"]["title"] == "Dark mode"  # draft unseen
    editor.post(url + "/publish")
    resolved = browser.flows()[flow["key"]]
    assert (resolved["version"], resolved["content"]["title"]) == (2, "Dark mode 2")


def test_audience_is_evaluated_on_traits_that_never_leave_the_server(editor, tenant, browser):
    audience = {"all": [{"trait": "plan", "op": "eq", "value": "pro"}]}
    flow = publish(editor, tenant.project_id, "hotspot", targeting={"audience": audience})
    assert browser.flows({"plan": "free"}) == {}
    resolved = browser.flows({"plan": "pro"})[flow["key"]]
    assert "audience" not in resolved and "plan" not in str(resolved)


def test_segments_are_evaluated_inside_audiences(editor, tenant, browser):
    segment = editor.post(
        f"/api/v1/projects/{tenant.project_id}/segments",
        json={"name": "Admins", "condition": {"trait": "role", "op": "eq", "value": "admin"}},
    ).get_json()
    flow = publish(
        editor,
        tenant.project_id,
        "hotspot",
        targeting={"audience": {"any": [{"segment": segment["id"]}]}},
    )
    assert browser.flows({"role": "member"}) == {}
    assert flow["key"] in browser.flows({"role": "admin"})


def test_schedule_window_is_respected(editor, tenant, browser):
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    publish(editor, tenant.project_id, "hotspot", targeting={"schedule": {"start": future}})
    assert browser.flows() == {}


def test_once_frequency_hides_a_completed_flow_but_resumes_an_unfinished_one(
    editor, tenant, browser
):
    tour = publish(editor, tenant.project_id, "tour", targeting={})
    note = publish(
        editor, tenant.project_id, "announcement", targeting={"frequency": {"type": "once"}}
    )
    browser.flows()
    tid, nid = tour["id"], note["id"]
    browser.send(
        event("flow_shown", flow=tid, version=1),
        event("step_viewed", flow=tid, version=1, step=0),
        event("step_viewed", flow=tid, version=1, step=1),
        event("flow_shown", flow=nid, version=1),
        event("flow_completed", flow=nid, version=1),
    )
    flows = browser.flows()
    assert note["key"] not in flows
    assert flows[tour["key"]]["progress"] == {"status": "in_progress", "step": 1, "times_shown": 1}


def test_fatigue_budget_limits_blocking_guides_but_not_exempt_ones(editor, tenant, browser):
    editor.patch(f"/api/v1/projects/{tenant.project_id}", json={"fatigue": {"max_per_day": 1}})
    first = publish(editor, tenant.project_id, "tour", key="first", targeting={})
    publish(editor, tenant.project_id, "tour", key="second", targeting={})
    urgent = publish(
        editor, tenant.project_id, "tour", key="urgent", targeting={"fatigue_exempt": True}
    )
    hotspot = publish(editor, tenant.project_id, "hotspot")
    assert {"first", "second", "urgent", hotspot["key"]} <= set(browser.flows())
    browser.send(event("flow_shown", flow=first["id"], version=1))
    flows = browser.flows()
    assert "second" not in flows  # the day's one blocking guide was shown
    assert {"first", "urgent", hotspot["key"]} <= set(flows)  # resume, exempt, non-blocking
    assert urgent["key"] == "urgent"


def test_a_new_browser_creates_one_user_and_reuses_it(browser, factory):
    browser.session()
    browser.session()
    assert factory.count(EndUser) == 1 and factory.count(UserAlias) == 1


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"user": {"anonymous_id": "abcdefgh12"}}, 400, "key"),
        ({"key": "gw_pub_nope", "user": {"anonymous_id": "abcdefgh12"}}, 401, None),
        ({"key": "K", "user": {"anonymous_id": "x"}}, 400, "user.anonymous_id"),
        ({"key": "K", "user": {"anonymous_id": "abcdefgh12", "id": ""}}, 400, "user.id"),
        ({"key": "K", "user": {"anonymous_id": "abcdefgh12"}, "admin": True}, 400, "admin"),
        (
            {"key": "K", "user": {"anonymous_id": "abcdefgh12", "traits": {"x" * 65: 1}}},
            400,
            "user.traits." + "x" * 65,
        ),
        (
            {"key": "K", "user": {"anonymous_id": "abcdefgh12", "traits": {"t": {"a": 1}}}},
            400,
            "user.traits.t",
        ),
        (
            {"key": "K", "user": {"anonymous_id": "abcdefgh12", "traits": {"t": "x" * 2000}}},
            400,
            "user.traits.t",
        ),
    ],
)
def test_bad_session_requests_are_refused_and_store_nothing(
    browser, tenant, factory, body, status, field
):
    if body.get("key") == "K":
        body["key"] = tenant.public_key
    before = factory.snapshot()
    error = error_of(browser.post("session", body), status)
    if field:
        assert field in error["fields"], error
    assert factory.snapshot() == before


def test_too_many_traits_are_refused(browser, factory):
    before = factory.snapshot()
    response = browser.session({f"t{i}": i for i in range(101)})
    assert error_of(response, 400)["code"] == "validation_error"
    assert factory.snapshot() == before


def test_malformed_json_and_non_objects_are_400(browser, factory):
    before = factory.snapshot()
    for raw in ('{"key": ', "[1, 2]", "\xff\xfe"):
        response = browser.client.post("/sdk/v1/session", data=raw, content_type="text/plain")
        error_of(response, 400)
    assert factory.snapshot() == before


def test_session_body_over_64_kb_is_413(browser, tenant):
    response = browser.session({"big": "x" * 1000}, padding="y" * 70_000)
    assert error_of(response, 413)["code"] == "request_entity_too_large"


def test_no_cookie_is_set(browser):
    assert "Set-Cookie" not in browser.session().headers


def test_cors_answers_any_origin_when_none_is_configured(browser):
    browser.origin = "https://anything.example"
    response = browser.session()
    assert response.headers["Access-Control-Allow-Origin"] == "https://anything.example"


def test_cors_refuses_origins_outside_the_allowed_list(browser, editor, tenant, factory):
    editor.patch(
        f"/api/v1/projects/{tenant.project_id}",
        json={"allowed_origins": ["https://app.example.com"]},
    )
    browser.origin = "https://app.example.com"
    assert browser.session().headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    before = factory.snapshot()
    other = Browser(browser.client, tenant.public_key, origin="https://evil.example")
    response = other.session()
    assert error_of(response, 403)["code"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in response.headers
    assert factory.snapshot() == before


def test_preflight_is_answered(browser):
    response = browser.client.options(
        "/sdk/v1/events",
        headers={"Origin": "https://a.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Methods"] == "POST"


def test_session_is_rate_limited_per_key_and_address(app, browser, monkeypatch):
    monkeypatch.setitem(app.config, "GUIDEWELL_SDK_RATE_LIMIT", "3 per minute")
    for _ in range(3):
        assert browser.session().status_code == 200
    response = browser.session()
    assert error_of(response, 429)["code"] == "too_many_requests"
    assert int(response.headers["Retry-After"]) > 0


def test_another_projects_flows_never_appear(editor, tenant, factory, make_client):
    publish(editor, tenant.project_id, "hotspot")
    other = factory.tenant("Other")
    assert Browser(make_client().client, other.public_key).flows() == {}


def test_content_is_compiled_once_per_change(editor, tenant, browser, monkeypatch):
    """Sessions reuse compiled content; publishing or a settings change rebuilds it once."""
    from guidewell.services import content_cache

    calls = []
    original = content_cache.compile_project
    monkeypatch.setattr(
        content_cache,
        "compile_project",
        lambda project: calls.append(project.id) or original(project),
    )
    flow = publish(editor, tenant.project_id, "hotspot")
    for _ in range(3):
        browser.session()
    assert len(calls) == 1
    editor.patch(
        f"/api/v1/projects/{tenant.project_id}", json={"theme": {"primary_color": "#123456"}}
    )
    assert browser.flows()[flow["key"]]["theme"]["primary_color"] == "#123456"
    editor.patch(
        f"/api/v1/projects/{tenant.project_id}/flows/{flow['id']}", json={"name": "Renamed"}
    )
    browser.session()  # editing a draft changes nothing the SDK sees
    assert len(calls) == 2


def test_completed_flows_are_named_for_checklists(editor, tenant, browser):
    note = publish(
        editor, tenant.project_id, "announcement", targeting={"frequency": {"type": "once"}}
    )
    assert browser.session().get_json()["completed_flows"] == []
    browser.send(
        event("flow_shown", flow=note["id"], version=1),
        event("flow_completed", flow=note["id"], version=1),
    )
    body = browser.session().get_json()
    assert body["completed_flows"] == [note["key"]]
    assert body["flows"] == []  # "once": done, so no longer sent


def test_blocking_budget_tells_the_sdk_how_many_guides_may_start(editor, tenant, browser):
    assert browser.session().get_json()["settings"]["blocking_budget"] is None
    editor.patch(f"/api/v1/projects/{tenant.project_id}", json={"fatigue": {"max_per_day": 2}})
    tour = publish(editor, tenant.project_id, "tour", targeting={})
    assert browser.session().get_json()["settings"]["blocking_budget"] == 2
    browser.send(event("flow_shown", flow=tour["id"], version=1))
    assert browser.session().get_json()["settings"]["blocking_budget"] == 1
    editor.patch(
        f"/api/v1/projects/{tenant.project_id}",
        json={"fatigue": {"max_per_day": 2, "min_hours_between": 3}},
    )
    assert browser.session().get_json()["settings"]["blocking_budget"] == 0


def test_the_bundle_is_cached_long_only_under_its_versioned_url(app, client, tmp_path, monkeypatch):
    from guidewell.api import sdk

    (tmp_path / "guidewell.js").write_text("console.log('sdk')")
    (tmp_path / "guidewell.panels.abcd1234.js").write_text("1")
    monkeypatch.setattr(sdk, "BUNDLE_DIR", tmp_path)
    app.extensions.pop("guidewell_bundle_version", None)
    plain = client.get("/sdk/v1/guidewell.js")
    assert plain.status_code == 200 and plain.mimetype == "text/javascript"
    assert plain.headers["Cache-Control"] == "public, max-age=300"
    with app.app_context():
        version = sdk.bundle_version()
    versioned = client.get(f"/sdk/v1/guidewell.js?v={version}")
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    chunk = client.get("/sdk/v1/guidewell.panels.abcd1234.js")
    assert "immutable" in chunk.headers["Cache-Control"]
    assert client.get("/sdk/v1/../config.py").status_code == 404
    assert client.get("/sdk/v1/nothing.js").status_code == 404
