"""App, database and client fixtures.

SQLite (a temporary file) by default; PostgreSQL when GUIDEWELL_TEST_DATABASE_URL is
set, in a fresh schema per run so parallel runs never collide. The schema is built
by the real Alembic migrations, and every test starts from empty tables.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from guidewell import create_app
from guidewell.config import normalize_database_url
from guidewell.extensions import db, limiter
from guidewell.models import Project, Role
from guidewell.services import accounts, content_cache, ingest, projects
from tests.sdk_helpers import Browser

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[tuple[str, dict[str, Any]]]:
    url = os.environ.get("GUIDEWELL_TEST_DATABASE_URL")
    if not url:
        path = tmp_path_factory.mktemp("db") / "test.db"
        yield f"sqlite:///{path}", {}
        return
    url = normalize_database_url(url)
    schema = f"gw_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, {"connect_args": {"options": f"-csearch_path={schema}"}}
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    url, engine_options = database_url
    os.environ["GUIDEWELL_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, **engine_options},
        }
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request) -> Iterator[None]:
    """Empty every table and the rate-limit counters after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        limiter.reset()
    # Ids restart with the emptied tables, so caches keyed by id must restart too.
    content_cache.local_cache.clear()
    ingest._questions.cache_clear()


@pytest.fixture
def ctx(app) -> Iterator[None]:
    """An application context for tests that call services directly."""
    with app.app_context():
        yield
        db.session.remove()


_emails = itertools.count(1)


@dataclass
class Tenant:
    """A project with its owner and the keys shown at creation."""

    project_id: int
    owner_email: str
    public_key: str
    secret_key: str
    identity_secret: str


@pytest.fixture
def factory(app):
    class Factory:
        def account(self, email: str | None = None, password: str = PASSWORD) -> int:
            with app.app_context():
                account = accounts.create_account(
                    email or f"user{next(_emails)}@example.com", password
                )
                db.session.commit()
                return account.id

        def tenant(self, name: str = "Acme", owner_email: str | None = None) -> Tenant:
            email = owner_email or f"owner{next(_emails)}@example.com"
            with app.app_context():
                owner = accounts.find_account(email) or accounts.create_account(email, PASSWORD)
                project, keys = projects.create_project(name, owner)
                db.session.commit()
                return Tenant(
                    project.id, email, keys.public_key, keys.secret_key, keys.identity_secret
                )

        def member(self, project_id: int, role: str, email: str | None = None) -> str:
            email = email or f"{role}{next(_emails)}@example.com"
            with app.app_context():
                account = accounts.create_account(email, PASSWORD)
                projects.add_member(db.session.get(Project, project_id), account, Role(role))
                db.session.commit()
            return email

        def count(self, model) -> int:
            with app.app_context():
                return db.session.scalar(sa.select(sa.func.count()).select_from(model))

        def snapshot(self) -> dict[str, int]:
            """Row counts of every table, to prove a refused request wrote nothing."""
            with app.app_context(), db.engine.connect() as conn:
                return {
                    table.name: conn.scalar(sa.select(sa.func.count()).select_from(table))
                    for table in db.metadata.sorted_tables
                }

    return Factory()


class ApiClient:
    """A test client that speaks JSON and sends the CSRF header once logged in."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.headers: dict[str, str] = {}

    def login(self, email: str, password: str = PASSWORD) -> ApiClient:
        response = self.client.post(
            "/api/v1/auth/login", json={"email": email, "password": password}
        )
        assert response.status_code == 200, response.get_json()
        self.headers["X-CSRF-Token"] = response.get_json()["csrf_token"]
        return self

    def use_key(self, secret_key: str) -> ApiClient:
        self.headers = {"Authorization": f"Bearer {secret_key}"}
        return self

    def request(self, method: str, path: str, **kwargs):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs):
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def client(app) -> ApiClient:
    return ApiClient(app.test_client())


@pytest.fixture
def tenant(factory) -> Tenant:
    """A project with its owner, for tests about one project."""
    return factory.tenant()


@pytest.fixture
def editor(client, tenant) -> ApiClient:
    """The tenant's owner, logged in."""
    return client.login(tenant.owner_email)


@pytest.fixture
def browser(make_client, tenant):
    """One end user's browser on the tenant's app (tests/sdk_helpers.py)."""
    return Browser(make_client().client, tenant.public_key)


@pytest.fixture
def new_browser(make_client, tenant):
    """Makes end users' browsers on the tenant's app, one per call."""
    return lambda: Browser(make_client().client, tenant.public_key)


@pytest.fixture
def make_client(app):
    """Several independent browsers/scripts in one test."""
    return lambda: ApiClient(app.test_client())
