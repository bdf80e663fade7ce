"""Roles are checked on every endpoint, and project A can never see or touch project B."""

from __future__ import annotations

import pytest

from tests.helpers import error_of


@pytest.fixture
def two_tenants(factory):
    return factory.tenant("A", owner_email="a-owner@example.com"), factory.tenant("B")


def _b_requests(b):
    pid = b.project_id
    return [
        ("GET", f"/api/v1/projects/{pid}", None),
        ("PATCH", f"/api/v1/projects/{pid}", {"name": "Taken over"}),
        ("POST", f"/api/v1/projects/{pid}/keys/rotate", {}),
        ("GET", f"/api/v1/projects/{pid}/members", None),
        (
            "POST",
            f"/api/v1/projects/{pid}/members",
            {"email": "a-owner@example.com", "role": "owner"},
        ),
        ("PATCH", f"/api/v1/projects/{pid}/members/1", {"role": "viewer"}),
        ("DELETE", f"/api/v1/projects/{pid}/members/1", None),
    ]


def test_account_of_project_a_gets_404_everywhere_in_b(client, factory, two_tenants):
    a, b = two_tenants
    client.login(a.owner_email)
    before = factory.snapshot()
    for method, path, body in _b_requests(b):
        response = client.request(method, path, json=body)
        assert error_of(response, 404)["code"] == "not_found", (method, path)
    assert factory.snapshot() == before
    assert b.project_id not in [p["id"] for p in client.get("/api/v1/projects").get_json()]


def test_key_of_project_a_gets_404_everywhere_in_b(client, factory, two_tenants):
    a, b = two_tenants
    client.use_key(a.secret_key)
    before = factory.snapshot()
    for method, path, body in _b_requests(b):
        assert client.request(method, path, json=body).status_code == 404, (method, path)
    assert factory.snapshot() == before
    assert [p["id"] for p in client.get("/api/v1/projects").get_json()] == [a.project_id]


def test_unknown_project_and_foreign_project_answer_alike(client, two_tenants):
    """A foreign project is indistinguishable from one that does not exist."""
    a, b = two_tenants
    client.login(a.owner_email)
    foreign = client.get(f"/api/v1/projects/{b.project_id}").get_json()
    missing = client.get("/api/v1/projects/999999").get_json()
    assert foreign == missing


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_non_owners_cannot_change_settings_keys_or_members(client, factory, role):
    tenant = factory.tenant()
    email = factory.member(tenant.project_id, role)
    client.login(email)
    pid = tenant.project_id
    before = factory.snapshot()
    attempts = [
        client.patch(f"/api/v1/projects/{pid}", json={"name": "Renamed"}),
        client.post(f"/api/v1/projects/{pid}/keys/rotate", json={}),
        client.post(f"/api/v1/projects/{pid}/members", json={"email": "x@y.co", "role": "owner"}),
    ]
    for response in attempts:
        assert error_of(response, 403)["code"] == "forbidden"
    assert factory.snapshot() == before
    assert client.get(f"/api/v1/projects/{pid}").get_json()["name"] == "Acme"


def test_viewer_can_read_project_and_members(client, factory):
    tenant = factory.tenant()
    client.login(factory.member(tenant.project_id, "viewer"))
    assert client.get(f"/api/v1/projects/{tenant.project_id}").status_code == 200
    assert len(client.get(f"/api/v1/projects/{tenant.project_id}/members").get_json()) == 2
