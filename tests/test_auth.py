"""Admin sessions: login, logout, CSRF, throttling, invitations."""

from __future__ import annotations

import pytest

from guidewell.models import Account, Membership
from tests.conftest import PASSWORD
from tests.helpers import error_of


def test_login_answers_account_projects_and_csrf_token(client, factory):
    tenant = factory.tenant("Acme")
    response = client.post(
        "/api/v1/auth/login", json={"email": tenant.owner_email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["account"]["email"] == tenant.owner_email
    assert body["projects"] == [{"id": tenant.project_id, "name": "Acme", "role": "owner"}]
    assert len(body["csrf_token"]) > 20
    assert "password_hash" not in body["account"]


def test_session_cookie_is_httponly_and_lax(client, factory):
    tenant = factory.tenant()
    response = client.post(
        "/api/v1/auth/login", json={"email": tenant.owner_email, "password": PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize(
    "email, password",
    [("owner-x@example.com", "wrong password"), ("nobody@example.com", PASSWORD)],
)
def test_wrong_credentials_are_401_and_say_the_same(client, factory, email, password):
    """Unknown email and wrong password get the same answer, so emails cannot be probed."""
    factory.account("owner-x@example.com")
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    error = error_of(response, 401)
    assert error == {"code": "invalid_credentials", "message": "Wrong email or password."}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"email": "a@b.co"}, "password"),
        ({"password": "x"}, "email"),
        ({"email": 5, "password": "x"}, "email"),
        ({"email": "a@b.co", "password": "x", "admin": True}, "admin"),
    ],
)
def test_bad_login_bodies_name_the_field(client, body, field):
    error = error_of(client.post("/api/v1/auth/login", json=body), 400)
    assert error["code"] == "validation_error"
    assert field in error["fields"]


def test_me_needs_a_login(client):
    assert error_of(client.get("/api/v1/auth/me"), 401)["code"] == "login_required"


def test_logout_ends_the_session(client, factory):
    tenant = factory.tenant()
    client.login(tenant.owner_email)
    assert client.get("/api/v1/auth/me").status_code == 200
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401


def test_writes_without_csrf_header_are_refused(client, factory):
    """A cookie-authenticated write with no or a wrong CSRF token changes nothing."""
    tenant = factory.tenant()
    client.login(tenant.owner_email)
    before = factory.snapshot()
    for token in (None, "forged"):
        headers = {"X-CSRF-Token": token} if token else {}
        client.headers.pop("X-CSRF-Token", None)
        response = client.post("/api/v1/projects", json={"name": "Other"}, headers=headers)
        assert error_of(response, 403)["code"] == "csrf_failed"
    assert factory.snapshot() == before


def test_login_is_throttled_with_retry_after(app, client, factory, monkeypatch):
    monkeypatch.setitem(app.config, "GUIDEWELL_LOGIN_LIMIT", "3 per minute")
    factory.account("target@example.com")
    for _ in range(3):
        response = client.post(
            "/api/v1/auth/login", json={"email": "target@example.com", "password": "guess!!!"}
        )
        assert response.status_code == 401
    response = client.post(
        "/api/v1/auth/login", json={"email": "target@example.com", "password": PASSWORD}
    )
    error = error_of(response, 429)
    assert error["code"] == "too_many_requests"
    assert int(response.headers["Retry-After"]) > 0


def test_password_change_ends_other_sessions(app, client, factory):
    from guidewell.extensions import db
    from guidewell.services import accounts

    tenant = factory.tenant()
    client.login(tenant.owner_email)
    with app.app_context():
        accounts.set_password(accounts.find_account(tenant.owner_email), "a new password")
        db.session.commit()
    assert client.get("/api/v1/auth/me").status_code == 401


def test_invitation_creates_the_account_and_membership(client, make_client, factory):
    tenant = factory.tenant()
    client.login(tenant.owner_email)
    response = client.post(
        f"/api/v1/projects/{tenant.project_id}/members",
        json={"email": "new.pm@example.com", "role": "editor"},
    )
    assert response.status_code == 201
    url = response.get_json()["invitation_url"]
    token = url.split("#", 1)[1]

    invitee = make_client()
    accepted = invitee.post(
        "/api/v1/auth/accept-invite", json={"token": token, "password": "pm password", "name": "P"}
    )
    assert accepted.status_code == 200
    assert accepted.get_json()["projects"][0]["role"] == "editor"
    assert invitee.get("/api/v1/auth/me").status_code == 200


def test_forged_invitation_is_refused_and_creates_nothing(client, factory):
    factory.tenant()
    before = factory.snapshot()
    response = client.post(
        "/api/v1/auth/accept-invite", json={"token": "x" * 40, "password": "pm password"}
    )
    assert error_of(response, 401)["code"] == "token_invalid"
    assert factory.snapshot() == before
    assert factory.count(Account) == before["accounts"]
    assert factory.count(Membership) == before["memberships"]
