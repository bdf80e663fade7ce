"""REST API under /api/v1: one blueprint per resource, documented with OpenAPI."""

from __future__ import annotations

from flask import Flask

from ..errors import GuidewellApi
from . import analytics, auth, experiments, flows, health, members, projects, sdk, segments, users


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
        segments.blp,
        experiments.blp,
        users.blp,
        analytics.blp,
    ):
        api.register_blueprint(blueprint)
    app.register_blueprint(health.bp)
    app.register_blueprint(sdk.bp)
    return api
