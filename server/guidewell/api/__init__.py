"""REST API under /api/v1: one blueprint per resource, documented with OpenAPI."""

from __future__ import annotations

from flask import Flask, request

from ..errors import GuidewellApi
from ..extensions import SQLITE_IMMEDIATE, db
from . import (
    analytics,
    auth,
    experiments,
    flows,
    health,
    links,
    members,
    projects,
    sdk,
    sdk_builder,  # noqa: F401  (routes on sdk.bp)
    segments,
    users,
)


def register_api(app: Flask) -> GuidewellApi:
    api = GuidewellApi(
        app,
        spec_kwargs={
            "info": {"description": "Authoring, targeting and analytics for Guidewell guides."},
        },
    )
    api.spec.components.security_scheme(
        "apiKey", {"type": "http", "scheme": "bearer", "description": "gw_sec_… secret key"}
    )
    api.spec.components.security_scheme(
        "session", {"type": "apiKey", "in": "cookie", "name": "guidewell_session"}
    )
    api.spec.options["security"] = [{"apiKey": []}, {"session": []}]
    for blueprint in (
        auth.blp,
        projects.blp,
        members.blp,
        flows.blp,
        links.blp,
        segments.blp,
        experiments.blp,
        users.blp,
        analytics.blp,
    ):
        api.register_blueprint(blueprint)
    app.before_request(_sqlite_write_lock)
    app.register_blueprint(health.bp)
    app.register_blueprint(sdk.bp)
    return api


# Views that read first and then call `extensions.begin_writes()` themselves.
OWN_WRITE_LOCK = {"sdk.events", "sdk.session", "sdk.identify"}


def _sqlite_write_lock() -> None:
    """On SQLite, a request that may write takes the write lock when its transaction
    begins: one that read first and found the snapshot stale at its first write would
    fail at once (SQLITE_BUSY_SNAPSHOT, which no busy timeout retries)."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.endpoint in OWN_WRITE_LOCK:
        return
    if db.engine.dialect.name == "sqlite":
        db.session.connection(execution_options={SQLITE_IMMEDIATE: True})
