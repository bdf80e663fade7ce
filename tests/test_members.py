"""Owners manage who works on a project."""

from __future__ import annotations

from tests.helpers import error_of


def test_owner_adds_an_existing_account(client, factory):
    tenant = factory.tenant()
    factory.account("colleague@example.com")
    client.login(tenant.owner_email)
    response = client.post(
        f"/api/v1/projects/{tenant.project_id}/members",
        json={"email": "Colleague@Example.com", "role": "viewer"},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["member"]["email"] == "colleague@example.com"
    assert body["member"]["role"] == "viewer"
    assert body["invitation_url"] is None


def test_adding_a_member_twice_is_409(client, factory):
    tenant = factory.tenant()
    email = factory.member(tenant.project_id, "editor")
    client.login(tenant.owner_email)
    response = client.post(
        f"/api/v1/projects/{tenant.project_id}/members", json={"email": email, "role": "viewer"}
    )
    assert error_of(response, 409)["code"] == "already_member"


def test_owner_changes_a_role(client, make_client, factory):
    tenant = factory.tenant()
    email = factory.member(tenant.project_id, "viewer")
    client.login(tenant.owner_email)
    members = client.get(f"/api/v1/projects/{tenant.project_id}/members").get_json()
    aid = next(m["account_id"] for m in members if m["email"] == email)
    response = client.patch(
        f"/api/v1/projects/{tenant.project_id}/members/{aid}", json={"role": "editor"}
    )
    assert response.get_json()["role"] == "editor"
    promoted = make_client().login(email)
    assert promoted.get(f"/api/v1/projects/{tenant.project_id}").get_json()["role"] == "editor"


def test_the_last_owner_cannot_leave_or_be_demoted(client, factory):
    tenant = factory.tenant()
    client.login(tenant.owner_email)
    members = client.get(f"/api/v1/projects/{tenant.project_id}/members").get_json()
    aid = members[0]["account_id"]
    path = f"/api/v1/projects/{tenant.project_id}/members/{aid}"
    assert error_of(client.patch(path, json={"role": "viewer"}), 409)["code"] == "last_owner"
    assert error_of(client.delete(path), 409)["code"] == "last_owner"


def test_removed_member_loses_access(client, make_client, factory):
    tenant = factory.tenant()
    email = factory.member(tenant.project_id, "editor")
    member = make_client().login(email)
    client.login(tenant.owner_email)
    members = client.get(f"/api/v1/projects/{tenant.project_id}/members").get_json()
    aid = next(m["account_id"] for m in members if m["email"] == email)
    assert client.delete(f"/api/v1/projects/{tenant.project_id}/members/{aid}").status_code == 204
    assert member.get(f"/api/v1/projects/{tenant.project_id}").status_code == 404


def test_bad_role_is_400(client, factory):
    tenant = factory.tenant()
    client.login(tenant.owner_email)
    response = client.post(
        f"/api/v1/projects/{tenant.project_id}/members", json={"email": "a@b.co", "role": "admin"}
    )
    assert "role" in error_of(response, 400)["fields"]
