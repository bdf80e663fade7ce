"""The app as a whole: health, OpenAPI, and the one error shape for every failure."""

from __future__ import annotations

from openapi_spec_validator import validate

from tests.helpers import error_of


def test_health_reports_database(client):
    """Does /health say the database answers?"""
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"


def test_openapi_document_is_valid_openapi_3(client):
    """Is /api/v1/openapi.json a valid OpenAPI 3 document listing our paths?"""
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/auth/login", "/api/v1/projects", "/api/v1/projects/{pid}/members"):
        assert path in spec["paths"]


def test_docs_page_is_served(client):
    """Is there a human-readable API reference at /api/v1/docs?"""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.data


def test_unknown_path_is_json_404(client):
    error = error_of(client.get("/api/v1/nothing-here"), 404)
    assert error["code"] == "not_found"


def test_wrong_method_is_json_405(client):
    error = error_of(client.delete("/api/v1/auth/me"), 405)
    assert error["code"] == "method_not_allowed"


def test_oversize_body_is_json_413(client, factory):
    """A body over the 1 MB admin limit is refused before it is parsed."""
    before = factory.snapshot()
    response = client.post(
        "/api/v1/auth/login", data="x" * (1024 * 1024 + 10), content_type="application/json"
    )
    error = error_of(response, 413)
    assert error["code"] == "request_entity_too_large"
    assert factory.snapshot() == before


def test_malformed_json_is_400(client):
    response = client.post(
        "/api/v1/auth/login", data='{"email": "a@b.co",', content_type="application/json"
    )
    assert error_of(response, 400)["code"] == "malformed_json"


def test_unexpected_failure_is_json_500_without_details(app, client, factory, monkeypatch):
    """A bug answers the JSON shape, not an HTML traceback, and says nothing internal."""
    from guidewell.services import projects

    tenant = factory.tenant()
    client.login(tenant.owner_email)

    def explode(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(projects, "projects_of", explode)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/api/v1/projects")
    error = error_of(response, 500)
    assert error["code"] == "internal_error"
    assert "secret internals" not in response.get_data(as_text=True)


def test_home_and_admin_pages_answer(client):
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/flows/12/edit").status_code == 200
