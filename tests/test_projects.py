"""Projects: creation, settings, keys, and API-key access."""

from __future__ import annotations

import pytest

from tests.helpers import error_of


def test_creating_a_project_shows_the_secret_once(client, factory):
    account_email = "pm@example.com"
    factory.account(account_email)
    client.login(account_email)
    response = client.post("/api/v1/projects", json={"name": "Shop", "app_url": "https://shop.io"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["role"] == "owner"
    assert body["keys"]["public_key"].startswith("gw_pub_")
    assert body["keys"]["secret_key"].startswith("gw_sec_")

    shown = client.get(f"/api/v1/projects/{body['id']}").get_json()
    assert "secret_key" not in shown and "keys" not in shown
    assert shown["secret_key_hint"].endswith(body["keys"]["secret_key"][-4:])
    assert body["keys"]["secret_key"] not in str(shown)


def test_list_shows_only_my_projects(client, factory):
    mine = factory.tenant("Mine", owner_email="me@example.com")
    factory.tenant("Theirs")
    client.login("me@example.com")
    listed = client.get("/api/v1/projects").get_json()
    assert [p["id"] for p in listed] == [mine.project_id]


def test_owner_updates_settings(client, factory):
    tenant = factory.tenant()
    client.login(tenant.owner_email)
    response = client.patch(
        f"/api/v1/projects/{tenant.project_id}",
        json={
            "allowed_origins": ["https://App.Example.com/", "http://localhost:3000"],
            "timezone": "Europe/Paris",
            "identity_verification": True,
            "fatigue": {"max_per_day": 2, "min_hours_between": 4},
        },
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["allowed_origins"] == ["http://localhost:3000", "https://app.example.com"]
    assert body["timezone"] == "Europe/Paris"
    assert body["identity_verification"] is True
    assert body["fatigue"] == {"max_per_day": 2, "min_hours_between": 4}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"allowed_origins": ["https://a.com/path"]}, "allowed_origins[0]"),
        ({"allowed_origins": ["javascript:alert(1)"]}, "allowed_origins[0]"),
        ({"allowed_origins": "https://a.com"}, "allowed_origins"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"app_url": "ftp://files.example.com"}, "app_url"),
        ({"identity_verification": "maybe"}, "identity_verification"),
        ({"fatigue": {"max_per_day": 0}}, "fatigue.max_per_day"),
        ({"fatigue": {"per_week": 3}}, "fatigue.per_week"),
        ({"name": ""}, "name"),
        ({"public_key": "gw_pub_mine"}, "public_key"),
    ],
)
def test_bad_settings_name_the_field_and_change_nothing(client, factory, body, field):
    tenant = factory.tenant()
    client.login(tenant.owner_email)
    before = client.get(f"/api/v1/projects/{tenant.project_id}").get_json()
    error = error_of(client.patch(f"/api/v1/projects/{tenant.project_id}", json=body), 400)
    assert field in error["fields"], error
    assert client.get(f"/api/v1/projects/{tenant.project_id}").get_json() == before


def test_rotating_keys_retires_the_old_secret(client, make_client, factory):
    tenant = factory.tenant()
    client.login(tenant.owner_email)
    response = client.post(f"/api/v1/projects/{tenant.project_id}/keys/rotate", json={})
    assert response.status_code == 200
    keys = response.get_json()
    assert keys["public_key"] == tenant.public_key
    assert keys["secret_key"] != tenant.secret_key

    old = make_client().use_key(tenant.secret_key)
    assert error_of(old.get("/api/v1/projects"), 401)["code"] == "invalid_key"
    new = make_client().use_key(keys["secret_key"])
    assert new.get(f"/api/v1/projects/{tenant.project_id}").status_code == 200


def test_rotating_the_public_key_on_request(client, factory):
    tenant = factory.tenant()
    client.login(tenant.owner_email)
    keys = client.post(
        f"/api/v1/projects/{tenant.project_id}/keys/rotate", json={"public": True}
    ).get_json()
    assert keys["public_key"] != tenant.public_key


def test_api_key_reads_its_project_as_editor(client, factory):
    tenant = factory.tenant()
    client.use_key(tenant.secret_key)
    listed = client.get("/api/v1/projects").get_json()
    assert [(p["id"], p["role"]) for p in listed] == [(tenant.project_id, "editor")]
    assert "identity_secret" not in listed[0]


def test_api_key_cannot_change_owner_settings_or_create_projects(client, factory):
    tenant = factory.tenant()
    client.use_key(tenant.secret_key)
    before = factory.snapshot()
    assert error_of(client.patch(f"/api/v1/projects/{tenant.project_id}", json={"name": "X"}), 403)
    assert error_of(client.post(f"/api/v1/projects/{tenant.project_id}/keys/rotate", json={}), 403)
    error = error_of(client.post("/api/v1/projects", json={"name": "New"}), 403)
    assert error["code"] == "account_required"
    assert factory.snapshot() == before


@pytest.mark.parametrize(
    "header", ["Bearer gw_sec_not-a-real-key", "Bearer ", "Basic dXNlcjpwYXNz", "gw_sec_x"]
)
def test_bad_authorization_headers_are_401(client, factory, header):
    factory.tenant()
    error_of(client.get("/api/v1/projects", headers={"Authorization": header}), 401)


def test_owner_sees_identity_secret_but_viewer_does_not(client, make_client, factory):
    tenant = factory.tenant()
    viewer = factory.member(tenant.project_id, "viewer")
    owner_view = client.login(tenant.owner_email).get(f"/api/v1/projects/{tenant.project_id}")
    assert owner_view.get_json()["identity_secret"] == tenant.identity_secret
    viewer_view = make_client().login(viewer).get(f"/api/v1/projects/{tenant.project_id}")
    assert "identity_secret" not in viewer_view.get_json()


def test_project_theme_is_validated_and_reaches_the_sdk(client, factory):
    """The project default theme sits under every flow's own theme."""
    from tests.sdk_helpers import Browser, publish

    tenant = factory.tenant()
    client.login(tenant.owner_email)
    url = f"/api/v1/projects/{tenant.project_id}"
    bad = client.patch(url, json={"theme": {"primary_color": "url(javascript:x)"}})
    assert "theme.primary_color" in error_of(bad, 400)["fields"]
    assert (
        client.patch(url, json={"theme": {"primary_color": "#ff0066", "radius": 3}}).status_code
        == 400
    )
    assert (
        client.patch(url, json={"theme": {"primary_color": "#ff0066", "mode": "dark"}}).status_code
        == 200
    )
    publish(client, tenant.project_id, "hotspot", theme={"mode": "light"})
    browser = Browser(client.client.application.test_client(), tenant.public_key)
    [flow] = browser.flows().values()
    assert (flow["theme"]["primary_color"], flow["theme"]["mode"]) == ("#ff0066", "light")
