"""Builder mode and preview links: tokens issued by the admin, used by the SDK.

Security (issue: builder mode): a token works only for its project and flow, only
until it expires, only for the draft, and only from the project's allowed origins;
anything else is a 401 that changes nothing.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import itsdangerous
import pytest

from guidewell import signing
from guidewell.extensions import db
from guidewell.models import Account, Event
from guidewell.services import accounts
from tests.flow_examples import example
from tests.helpers import error_of
from tests.sdk_helpers import Browser

APP = "https://app.example.com"


@pytest.fixture
def tenant(factory, client):
    tenant = factory.tenant()
    editor = client.login(tenant.owner_email)
    editor.patch(
        f"/api/v1/projects/{tenant.project_id}",
        json={"app_url": f"{APP}/dashboard", "allowed_origins": [APP]},
    )
    return tenant


@pytest.fixture
def flow(editor, tenant):
    created = editor.post(f"/api/v1/projects/{tenant.project_id}/flows", json=example("tour"))
    assert created.status_code == 201
    return created.get_json()


def links(tenant, flow) -> str:
    return f"/api/v1/projects/{tenant.project_id}/flows/{flow['id']}"


def builder_token(editor, tenant, flow, **body) -> str:
    response = editor.post(f"{links(tenant, flow)}/builder", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


def preview_token(editor, tenant, flow, **body) -> str:
    response = editor.post(f"{links(tenant, flow)}/preview-link", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


def sdk(make_client, path: str, body: dict, origin: str | None = APP):
    headers = {"Origin": origin} if origin else {}
    return make_client().client.post(
        f"/sdk/v1/{path}", data=json.dumps(body), content_type="text/plain", headers=headers
    )


def session(make_client, tenant, token, origin: str | None = APP, key: str | None = None):
    body = {"key": key or tenant.public_key, "token": token}
    return sdk(make_client, "builder/session", body, origin)


def save(make_client, tenant, token, content, revision, origin: str | None = APP):
    body = {"key": tenant.public_key, "token": token, "content": content, "revision": revision}
    return sdk(make_client, "builder/draft", body, origin)


def draft_of(editor, tenant, flow) -> dict:
    return editor.get(links(tenant, flow)).get_json()


def signed_hours_ago(app, monkeypatch, purpose: str, token: str, hours: float) -> str:
    """The same token, as if signed `hours` ago."""
    past = int(time.time() - hours * 3600)
    with app.app_context():
        payload = signing.unsign(purpose, token)
        with monkeypatch.context() as patch:
            patch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: past)
            return signing.sign(purpose, payload)


# --- issuing links -------------------------------------------------------------------


def test_a_builder_link_opens_the_app_url_with_the_token_in_the_fragment(editor, tenant, flow):
    response = editor.post(f"{links(tenant, flow)}/builder", json={})
    body = response.get_json()
    parts = urlsplit(body["url"])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "app.example.com", "/dashboard")
    assert parts.fragment == f"gw-builder={body['token']}"
    assert not parts.query  # never in what the customer's server logs
    assert body["expires_at"]


def test_a_typed_url_replaces_the_app_url_and_its_fragment(editor, tenant, flow):
    body = editor.post(
        f"{links(tenant, flow)}/builder", json={"url": f"{APP}/reports?tab=2#old"}
    ).get_json()
    assert body["url"] == f"{APP}/reports?tab=2#gw-builder={body['token']}"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"url": "javascript:alert(1)"}, "http"),
        ({"url": "https://evil.example.net/"}, "allowed origins"),
        ({"url": 5}, "string"),
        ({"page": "/x"}, "Unknown"),
    ],
)
def test_bad_link_requests_are_refused(editor, tenant, flow, body, message):
    error = error_of(editor.post(f"{links(tenant, flow)}/builder", json=body), 400)
    assert message.lower() in json.dumps(error["fields"]).lower()


def test_without_an_app_url_the_page_must_be_given(editor, tenant, flow):
    editor.patch(f"/api/v1/projects/{tenant.project_id}", json={"app_url": ""})
    error = error_of(editor.post(f"{links(tenant, flow)}/builder", json={}), 400)
    assert "app URL" in error["fields"]["url"][0]


def test_only_editors_logged_in_as_themselves_get_builder_links(factory, make_client, tenant, flow):
    viewer = make_client().login(factory.member(tenant.project_id, "viewer"))
    assert error_of(viewer.post(f"{links(tenant, flow)}/builder", json={}), 403)
    # A secret key is no person: the token could not act for anyone.
    script = make_client().use_key(tenant.secret_key)
    assert error_of(script.post(f"{links(tenant, flow)}/builder", json={}), 403)["code"] == (
        "account_required"
    )
    # …but a viewer may share a preview.
    assert viewer.post(f"{links(tenant, flow)}/preview-link", json={}).status_code == 200


def test_links_of_another_project_are_not_found(factory, make_client, tenant, flow):
    other = factory.tenant("Other")
    stranger = make_client().login(other.owner_email)
    for path in ("builder", "preview-link"):
        assert error_of(stranger.post(f"{links(tenant, flow)}/{path}", json={}), 404)
    theirs = stranger.post(
        f"/api/v1/projects/{other.project_id}/flows", json=example("tour")
    ).get_json()
    mine = f"/api/v1/projects/{tenant.project_id}/flows/{theirs['id']}/builder"
    assert error_of(make_client().login(tenant.owner_email).post(mine, json={}), 404)


# --- the SDK verifies the token --------------------------------------------------------


def test_the_builder_session_answers_the_draft_to_edit(editor, tenant, flow, make_client):
    token = builder_token(editor, tenant, flow)
    response = session(make_client, tenant, token)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == APP
    body = response.get_json()
    assert body["flow"]["id"] == flow["id"] and body["flow"]["kind"] == "tour"
    assert body["draft"]["version"] == 0
    assert body["draft"]["content"] == flow["draft"]["content"]
    assert body["draft"]["theme"]["primary_color"]
    assert body["account"] == {"email": tenant.owner_email}
    assert body["admin_url"] == f"http://localhost/admin/p/{tenant.project_id}/flows/{flow['id']}"


def test_a_forged_token_is_refused(editor, tenant, flow, make_client):
    token = builder_token(editor, tenant, flow)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert error_of(session(make_client, tenant, forged), 401)["code"] == "token_invalid"
    signed_elsewhere = itsdangerous.URLSafeTimedSerializer(
        "another-secret", salt="guidewell.builder"
    ).dumps({"p": tenant.project_id, "f": flow["id"], "a": 1, "o": APP})
    assert error_of(session(make_client, tenant, signed_elsewhere), 401)


def test_an_expired_builder_token_is_refused(editor, tenant, flow, make_client, monkeypatch, app):
    token = signed_hours_ago(app, monkeypatch, "builder", builder_token(editor, tenant, flow), 1.01)
    assert error_of(session(make_client, tenant, token), 401)["code"] == "token_expired"


def test_a_builder_token_of_the_last_hour_still_works(
    editor, tenant, flow, make_client, monkeypatch, app
):
    token = signed_hours_ago(app, monkeypatch, "builder", builder_token(editor, tenant, flow), 0.95)
    assert session(make_client, tenant, token).status_code == 200


def test_a_token_works_only_on_its_own_project(factory, editor, tenant, flow, make_client):
    other = factory.tenant("Other")
    token = builder_token(editor, tenant, flow)
    response = session(make_client, tenant, token, key=other.public_key)
    assert error_of(response, 401)["code"] == "token_invalid"


@pytest.mark.parametrize("origin", ["https://evil.example.net", "http://app.example.com", None])
def test_a_token_works_only_from_the_allowed_origins(editor, tenant, flow, make_client, origin):
    token = builder_token(editor, tenant, flow)
    assert error_of(session(make_client, tenant, token, origin=origin), 401)


def test_without_allowed_origins_a_token_works_only_on_the_origin_it_was_made_for(
    editor, tenant, flow, make_client
):
    editor.patch(f"/api/v1/projects/{tenant.project_id}", json={"allowed_origins": []})
    token = builder_token(editor, tenant, flow, url="http://localhost:3000/app")
    assert session(make_client, tenant, token, origin="http://localhost:3000").status_code == 200
    assert error_of(session(make_client, tenant, token, origin=APP), 401)


def test_a_preview_token_is_not_a_builder_token(editor, tenant, flow, make_client):
    token = preview_token(editor, tenant, flow)
    assert error_of(session(make_client, tenant, token), 401)["code"] == "token_invalid"


def test_a_builder_token_opens_no_admin_endpoint(editor, tenant, flow, make_client):
    token = builder_token(editor, tenant, flow)
    bearer = make_client()
    bearer.headers = {"Authorization": f"Bearer {token}"}
    for method, path in [
        ("GET", links(tenant, flow)),
        ("PATCH", links(tenant, flow)),
        ("POST", f"{links(tenant, flow)}/publish"),
    ]:
        assert error_of(bearer.request(method, path, json={}), 401)
    assert draft_of(editor, tenant, flow)["status"] == "draft"


def test_a_revoked_editor_can_no_longer_use_the_token(factory, make_client, tenant, flow, app):
    email = factory.member(tenant.project_id, "editor")
    member = make_client().login(email)
    token = builder_token(member, tenant, flow)
    assert session(make_client, tenant, token).status_code == 200
    owner = make_client().login(tenant.owner_email)
    with app.app_context():
        account_id = db.session.scalar(db.select(Account.id).where(Account.email == email))
    owner.patch(
        f"/api/v1/projects/{tenant.project_id}/members/{account_id}", json={"role": "viewer"}
    )
    assert error_of(session(make_client, tenant, token), 401)


def test_a_password_change_revokes_the_token(editor, tenant, flow, make_client, app):
    token = builder_token(editor, tenant, flow)
    with app.app_context():
        account = db.session.scalar(db.select(Account).where(Account.email == tenant.owner_email))
        accounts.set_password(account, "a brand new password")
        db.session.commit()
    assert error_of(session(make_client, tenant, token), 401)


def test_a_token_for_an_archived_flow_is_refused(editor, tenant, flow, make_client):
    token = builder_token(editor, tenant, flow)
    editor.post(f"{links(tenant, flow)}/archive")
    assert error_of(session(make_client, tenant, token), 401)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"key": "x"},
        {"token": "x"},
        {"key": 1, "token": "x"},
        {"key": "x", "token": "y", "extra": 1},
    ],
)
def test_malformed_builder_requests_are_400(make_client, tenant, body):
    assert error_of(sdk(make_client, "builder/session", body), 400)


def test_an_unknown_public_key_is_401(make_client, tenant, editor, flow):
    token = builder_token(editor, tenant, flow)
    assert error_of(session(make_client, tenant, token, key="gw_pub_nope"), 401)


# --- saving the draft ----------------------------------------------------------------


def new_content() -> dict:
    return {
        "steps": [
            {
                "target": {
                    "selector": "[data-testid=export]",
                    "fingerprint": {"tag": "button", "text": "Export", "nth": 2},
                },
                "title": "Export",
                "body": "<p>Download <b>CSV</b></p><script>alert(1)</script>",
            }
        ]
    }


def test_the_builder_saves_content_into_the_draft_only(editor, tenant, flow, make_client):
    editor.post(f"{links(tenant, flow)}/publish")
    token = builder_token(editor, tenant, flow)
    revision = session(make_client, tenant, token).get_json()["flow"]["revision"]
    response = save(make_client, tenant, token, new_content(), revision)
    assert response.status_code == 200, response.get_json()
    after = draft_of(editor, tenant, flow)
    [step] = after["draft"]["content"]["steps"]
    assert step["target"]["fingerprint"]["text"] == "Export"
    assert "<script" not in step["body"]  # sanitized like any save
    assert after["draft"]["targeting"] == flow["draft"]["targeting"]
    assert after["live_version"] == 1 and after["latest_version"] == 1  # nothing published
    assert after["has_unpublished_changes"] is True
    assert response.get_json()["flow"]["revision"] != revision


def test_invalid_content_is_refused_with_paths_and_changes_nothing(
    editor, tenant, flow, make_client, factory
):
    token = builder_token(editor, tenant, flow)
    revision = session(make_client, tenant, token).get_json()["flow"]["revision"]
    before = factory.snapshot()
    content = {"steps": [{"title": "x", "target": {"selector": ""}}]}
    error = error_of(save(make_client, tenant, token, content, revision), 400)
    assert "content.steps[0].target.selector" in error["fields"]
    assert draft_of(editor, tenant, flow)["draft"] == flow["draft"]
    assert factory.snapshot() == before


def test_a_save_over_a_newer_draft_is_a_conflict(editor, tenant, flow, make_client):
    token = builder_token(editor, tenant, flow)
    revision = session(make_client, tenant, token).get_json()["flow"]["revision"]
    editor.patch(links(tenant, flow), json={"name": "Renamed in the admin"})
    error = error_of(save(make_client, tenant, token, new_content(), revision), 409)
    assert error["code"] == "draft_changed"
    assert draft_of(editor, tenant, flow)["draft"]["content"] == flow["draft"]["content"]


def test_refused_tokens_save_nothing(editor, tenant, flow, make_client, monkeypatch, factory, app):
    expired = signed_hours_ago(app, monkeypatch, "builder", builder_token(editor, tenant, flow), 2)
    revision = session(make_client, tenant, builder_token(editor, tenant, flow)).get_json()["flow"][
        "revision"
    ]
    before = factory.snapshot()
    assert error_of(save(make_client, tenant, expired, new_content(), revision), 401)
    good = builder_token(editor, tenant, flow)
    assert error_of(save(make_client, tenant, good, new_content(), revision, origin=None), 401)
    preview = preview_token(editor, tenant, flow)
    assert error_of(save(make_client, tenant, preview, new_content(), revision), 401)
    assert draft_of(editor, tenant, flow)["draft"]["content"] == flow["draft"]["content"]
    assert factory.snapshot() == before


# --- preview links -------------------------------------------------------------------


def test_a_preview_link_shows_the_draft_to_anyone_uncounted(editor, tenant, flow, make_client):
    token = preview_token(editor, tenant, flow)
    response = sdk(make_client, "preview", {"key": tenant.public_key, "token": token})
    assert response.status_code == 200
    body = response.get_json()
    assert body["preview"] is True
    assert body["flow"]["content"] == flow["draft"]["content"]
    assert body["flow"]["version"] == 0 and body["flow"]["progress"] is None
    # A preview is never a session: no user, no events.
    assert Browser(make_client().client, tenant.public_key).flows() == {}


def test_preview_links_are_scoped_and_expire(
    factory, editor, tenant, flow, make_client, monkeypatch, app
):
    token = preview_token(editor, tenant, flow)
    other = factory.tenant("Other")
    refused = [
        sdk(make_client, "preview", {"key": other.public_key, "token": token}),
        sdk(make_client, "preview", {"key": tenant.public_key, "token": token}, "https://x.io"),
        sdk(make_client, "preview", {"key": tenant.public_key, "token": token + "x"}),
        sdk(
            make_client,
            "preview",
            {"key": tenant.public_key, "token": builder_token(editor, tenant, flow)},
        ),
    ]
    assert [r.status_code for r in refused] == [401, 401, 401, 401]
    old = signed_hours_ago(app, monkeypatch, "preview", token, 7 * 24 + 1)
    response = sdk(make_client, "preview", {"key": tenant.public_key, "token": old})
    assert error_of(response, 401)["code"] == "token_expired"


def test_preview_writes_nothing(editor, tenant, flow, make_client, factory):
    token = preview_token(editor, tenant, flow)
    before = factory.snapshot()
    sdk(make_client, "preview", {"key": tenant.public_key, "token": token})
    assert factory.snapshot() == before
    assert factory.count(Event) == 0


def test_no_links_for_an_archived_flow(editor, tenant, flow):
    editor.post(f"{links(tenant, flow)}/archive")
    for path in ("builder", "preview-link"):
        assert error_of(editor.post(f"{links(tenant, flow)}/{path}", json={}), 409)["code"] == (
            "archived"
        )


def test_urls_name_the_public_server_behind_a_proxy(app, editor, tenant, flow, make_client):
    token = builder_token(editor, tenant, flow)
    app.config["GUIDEWELL_PUBLIC_URL"] = "https://guides.example.com/"
    try:
        body = session(make_client, tenant, token).get_json()
    finally:
        app.config["GUIDEWELL_PUBLIC_URL"] = ""
    assert body["admin_url"].startswith("https://guides.example.com/admin/p/")
