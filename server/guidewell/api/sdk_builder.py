"""The SDK's side of builder mode and preview links (on /sdk/v1, public, CORS).

The public key names the page's project; the signed token in the body names the
flow (and, for the builder, the editor). Every check is in services/builder.py.
"""

from __future__ import annotations

from flask import g, jsonify, request

from ..extensions import db, limiter
from ..schemas.builder import BuilderRequestSchema, BuilderSaveSchema
from ..services import builder
from .sdk import SESSION_BODY_LIMIT, _body, _load, _project, _rate_key, _rate_limit, bp

SAVE_BODY_LIMIT = 256 * 1024


def _checked(schema, limit: int):
    # Refusals must be readable by the page too: they carry no data, only the reason.
    g.cors_origin = request.headers.get("Origin")
    data = _load(schema, _body(limit))
    project = _project(data["key"])
    return data, project


@bp.post("/builder/session")
@limiter.limit(_rate_limit, key_func=_rate_key)
def builder_session():
    """Verifies a builder token and answers the flow's draft to edit on this page."""
    data, project = _checked(BuilderRequestSchema(), SESSION_BODY_LIMIT)
    flow, account, expires = builder.builder_flow(data["token"], project)
    return jsonify(builder.builder_view(flow, project, account, expires))


@bp.post("/builder/draft")
@limiter.limit(_rate_limit, key_func=_rate_key)
def builder_save():
    """Saves the content edited on the page into the flow's draft (never publishes)."""
    data, project = _checked(BuilderSaveSchema(), SAVE_BODY_LIMIT)
    flow, account, expires = builder.builder_flow(data["token"], project)
    builder.save_content(flow, data["content"], data["revision"])
    db.session.commit()
    return jsonify(builder.builder_view(flow, project, account, expires))


@bp.post("/preview")
@limiter.limit(_rate_limit, key_func=_rate_key)
def preview():
    """The draft a preview link shows. Marked as a preview: the SDK sends no events for it."""
    data, project = _checked(BuilderRequestSchema(), SESSION_BODY_LIMIT)
    flow = builder.preview_flow(data["token"], project)
    return jsonify({"flow": builder.draft_payload(flow, project), "preview": True})
