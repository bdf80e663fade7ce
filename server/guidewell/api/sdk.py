"""The public /sdk/v1 endpoints the browser SDK talks to (DESIGN §7).

Authenticated by the project's public key in the body; no cookies. Bodies may be sent
as `text/plain` (so `navigator.sendBeacon` needs no CORS preflight) and are parsed
here once. CORS answers only the project's allowed origins (any, when none is set).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask import Blueprint, Response, current_app, g, jsonify, request, send_file

from ..errors import Forbidden, Invalid, ServiceError, Unauthorized, error_body, summarize
from ..extensions import begin_writes, db, limiter
from ..models import Project
from ..schemas.sdk import (
    MAX_BATCH_BYTES,
    EventBatchSchema,
    IdentifyRequestSchema,
    SessionRequestSchema,
    check_event,
)
from ..services import content_cache, ingest, resolve, users

bp = Blueprint("sdk", __name__, url_prefix="/sdk/v1")
BUNDLE_DIR = Path(__file__).resolve().parent.parent / "static" / "sdk"
SESSION_BODY_LIMIT = 64 * 1024


class PayloadTooLarge(ServiceError):
    status = 413
    code = "request_entity_too_large"


def _body(limit: int) -> dict[str, Any]:
    """The JSON body, whatever the content type says; parsed once per request."""
    length = request.content_length
    if length is not None and length > limit:
        raise PayloadTooLarge(f"The body is over {limit // 1024} KB.")
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        raise PayloadTooLarge(f"The body is over {limit // 1024} KB.")
    # Kept on the request itself: `g` lives as long as the app context, which may
    # outlive one request.
    if "guidewell.sdk_body" in request.environ:
        return request.environ["guidewell.sdk_body"]
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Invalid("The body is not valid JSON.", code="malformed_json") from None
    if not isinstance(body, dict):
        raise Invalid("The body must be a JSON object.", fields={"_body": ["Must be an object."]})
    request.environ["guidewell.sdk_body"] = body
    return body


def _rate_key() -> str:
    """Per public key and client address, as the SDK is unauthenticated otherwise."""
    try:
        key = _body(MAX_BATCH_BYTES).get("key")
    except ServiceError:
        key = None
    return f"sdk:{key if isinstance(key, str) else '-'}:{request.remote_addr}"


def _rate_limit() -> str:
    return current_app.config["GUIDEWELL_SDK_RATE_LIMIT"]


def _load(schema: ma.Schema, body: dict[str, Any]) -> dict[str, Any]:
    try:
        return schema.load(body)
    except ma.ValidationError as error:
        raise Invalid.from_marshmallow(error) from None


def _project(public_key: str) -> Project:
    project = db.session.scalar(sa.select(Project).where(Project.public_key == public_key))
    if project is None:
        raise Unauthorized("Unknown public key.", code="invalid_key")
    return project


def _check_origin(compiled: dict[str, Any]) -> None:
    origin = request.headers.get("Origin")
    allowed = compiled["allowed_origins"]
    if origin and allowed and origin.lower() not in allowed:
        raise Forbidden(
            f"Origin {origin} is not allowed for this project.", code="origin_not_allowed"
        )
    g.cors_origin = origin


def _start(schema: ma.Schema, limit: int):
    data = _load(schema, _body(limit))
    compiled = content_cache.compiled_for_key(data["key"])
    if compiled is None:
        raise Unauthorized("Unknown public key.", code="invalid_key")
    _check_origin(compiled)
    user_data = data["user"]
    users.verify_identity(compiled, user_data["id"], user_data["user_hash"])
    return data, compiled


def _resolve_user(data, compiled, now):
    user_data = data["user"]
    traits = users.check_traits(user_data["traits"]) if user_data["traits"] else {}
    user = users.find_or_create(
        compiled["project_id"],
        user_data["anonymous_id"],
        user_data["id"],
        now,
        compiled["timezone"],
    )
    users.merge_traits(user, traits)
    g.anonymous_id = user_data["anonymous_id"]
    return user


def _resolved(schema: ma.Schema, identify: bool = False):
    now = datetime.now(UTC)
    data, compiled = _start(schema, SESSION_BODY_LIMIT)
    user_data = data["user"]
    # Most sessions are a known user coming back: those read only and take no write lock.
    user = (
        None
        if identify or user_data["traits"]
        else users.known_and_current(
            compiled["project_id"],
            user_data["anonymous_id"],
            user_data["id"],
            now,
            compiled["timezone"],
        )
    )
    if user is None:
        begin_writes()
        user = _resolve_user(data, compiled, now)
    answer = resolve.session_answer(compiled, user, now, user_data["anonymous_id"])
    db.session.commit()
    return Response(answer, mimetype="application/json")


@bp.post("/session")
@limiter.limit(_rate_limit, key_func=_rate_key)
def session():
    """The flows this user may see now, with content, progress and variant."""
    return _resolved(SessionRequestSchema())


@bp.post("/identify")
@limiter.limit(_rate_limit, key_func=_rate_key)
def identify():
    """Link the browser to an identified user (merging), update traits, re-resolve."""
    return _resolved(IdentifyRequestSchema(), identify=True)


@bp.post("/events")
@limiter.limit(_rate_limit, key_func=_rate_key)
def events():
    now = datetime.now(UTC)
    data, compiled = _start(EventBatchSchema(), MAX_BATCH_BYTES)
    now_ms = int(now.timestamp() * 1000)
    valid, rejected = [], []
    for index, raw in enumerate(data["events"]):
        event, errors = check_event(raw, now_ms)
        if (
            event is not None
            and event.get("flow") is not None
            and (str(event["flow"]) not in compiled["flow_kinds"])
        ):
            event, errors = None, {"flow": ["No such flow in this project."]}
        if event is None:
            error = {"code": "invalid_event", "message": summarize(errors), "fields": errors}
            rejected.append({"index": index, "error": error})
        else:
            valid.append(event)
    if not valid:
        fields = {
            f"events[{r['index']}].{name}": messages
            for r in rejected
            for name, messages in r["error"]["fields"].items()
        }
        raise Invalid.from_paths({(path,): messages for path, messages in fields.items()})
    # Parsed, checked and looked up without the lock; from here on, only writes.
    begin_writes()
    user = _resolve_user({**data, "user": {**data["user"], "traits": {}}}, compiled, now)
    result = ingest.ingest(compiled, user, valid, now)
    db.session.commit()
    return jsonify(
        {"accepted": result.accepted, "duplicates": result.duplicates, "rejected": rejected}
    )


@bp.before_request
def _preflight():
    """Browsers preflight only non-simple requests; the real request checks the origin."""
    if request.method != "OPTIONS":
        return None
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "POST"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    g.cors_origin = request.headers.get("Origin")
    return response


@bp.after_request
def _cors(response: Response) -> Response:
    origin = g.get("cors_origin")
    if origin and response.status_code != 403:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


@bp.get("/<path:name>")
def bundle(name: str):
    """The SDK bundle and its lazy chunks. Hashed names are immutable; the loader is not."""
    path = (BUNDLE_DIR / name).resolve()
    if BUNDLE_DIR not in path.parents or not path.is_file() or path.suffix not in (".js", ".map"):
        return jsonify(error_body("not_found", "No such SDK file.")), 404
    immutable = name != "guidewell.js" or request.args.get("v") == bundle_version()
    response = send_file(
        path,
        mimetype="text/javascript",
        conditional=True,
        etag=True,
        max_age=31_536_000 if immutable else 300,
    )
    response.cache_control.no_cache = None
    response.cache_control.public = True
    if immutable:
        response.cache_control.immutable = True
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def bundle_version() -> str | None:
    """A short hash of the built bundle: the `v` of its versioned URL."""
    path = BUNDLE_DIR / "guidewell.js"
    if not path.is_file():
        return None
    stat = path.stat()
    cached = current_app.extensions.get("guidewell_bundle_version")
    if cached and cached[0] == stat.st_mtime_ns:
        return cached[1]
    version = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    current_app.extensions["guidewell_bundle_version"] = (stat.st_mtime_ns, version)
    return version
