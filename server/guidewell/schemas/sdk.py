"""What the browser SDK may send to /sdk/v1 (DESIGN §7, §8).

The envelopes (session, identify, the user of an event batch) are marshmallow schemas.
Events are checked by `check_event`, a table-driven validator: a batch holds up to 100
of them and ingestion must sustain 10,000 events/s, where a marshmallow load per event
would cost more than the database write it guards.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import marshmallow as ma

from .common import StrictSchema

MAX_EVENTS = 100
MAX_BATCH_BYTES = 256 * 1024
MAX_PROPS_BYTES = 8 * 1024
FUTURE_TOLERANCE_MS = 10 * 60 * 1000
PAST_TOLERANCE_MS = 30 * 24 * 3600 * 1000
NAME = re.compile(r"^[A-Za-z0-9_.:\- ]{1,100}$")
ID_TEXT = ma.validate.Length(min=1, max=255)


class SdkUserSchema(StrictSchema):
    id = ma.fields.String(allow_none=True, load_default=None, validate=ID_TEXT)
    anonymous_id = ma.fields.String(
        required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9_\-]{8,64}$")
    )
    traits = ma.fields.Dict(load_default=dict)
    user_hash = ma.fields.String(
        allow_none=True, load_default=None, validate=ma.validate.Length(max=128)
    )


class ViewportSchema(StrictSchema):
    width = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=0, max=100_000))
    height = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=0, max=100_000))


class SessionRequestSchema(StrictSchema):
    key = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    user = ma.fields.Nested(SdkUserSchema, required=True)
    url = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))
    locale = ma.fields.String(load_default="", validate=ma.validate.Length(max=35))
    viewport = ma.fields.Nested(ViewportSchema, load_default=None, allow_none=True)


class IdentifyRequestSchema(SessionRequestSchema):
    user = ma.fields.Nested(SdkUserSchema, required=True)

    @ma.validates_schema
    def _needs_id(self, data: dict, **_kwargs) -> None:
        if not data["user"].get("id"):
            raise ma.ValidationError({"user": {"id": ["Required to identify a user."]}})


class EventBatchSchema(StrictSchema):
    key = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    user = ma.fields.Nested(SdkUserSchema, required=True)
    events = ma.fields.List(
        ma.fields.Raw(), required=True, validate=ma.validate.Length(min=1, max=MAX_EVENTS)
    )


FLOW = ("flow", "version")
STEP = ("flow", "version", "step")
# Required fields per event type; every type may also carry the optional ones.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "page_viewed": (),
    "flow_shown": FLOW,
    "step_viewed": STEP,
    "step_completed": STEP,
    "flow_completed": FLOW,
    "flow_dismissed": FLOW,
    "step_target_missing": STEP,
    "hotspot_viewed": STEP,
    "hotspot_opened": STEP,
    "cta_clicked": FLOW,
    "question_answered": STEP,
    "experiment_exposed": FLOW,
    "track": ("name",),
}
OPTIONAL = ("flow", "version", "step", "variant", "name", "props", "url")


def _is_int(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _field_problem(name: str, value: Any) -> str | None:
    if name == "flow":
        return None if _is_int(value, 1, 2**53) else "Must be a flow id."
    if name == "version":
        return None if _is_int(value, 1, 1_000_000) else "Must be a version number."
    if name == "step":
        return None if _is_int(value, 0, 999) else "Must be a step index from 0 to 999."
    if name == "variant":
        ok = value is None or (isinstance(value, str) and 0 < len(value) <= 64)
        return None if ok else "Must be a variant key or null."
    if name == "name":
        ok = isinstance(value, str) and NAME.match(value)
        return None if ok else "Use 1-100 letters, digits, spaces or _ . : -"
    if name == "url":
        return None if isinstance(value, str) and len(value) <= 2000 else "At most 2000 characters."
    if name == "props":
        if not isinstance(value, dict):
            return "Must be an object."
        if len(json.dumps(value, ensure_ascii=False)) > MAX_PROPS_BYTES:
            return f"At most {MAX_PROPS_BYTES} bytes."
    return None


def check_event(raw: Any, now_ms: int) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    """(the event, {}) or (None, {field: [messages]})."""
    if not isinstance(raw, dict):
        return None, {"_body": ["Must be an event object."]}
    errors: dict[str, list[str]] = {}
    kind = raw.get("type")
    required = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if required is None:
        errors["type"] = [f"Unknown event type; use one of: {', '.join(EVENT_TYPES)}."]
        required = ()
    event_id = raw.get("id")
    try:
        if not isinstance(event_id, str) or str(uuid.UUID(event_id)) != event_id.lower():
            raise ValueError
    except ValueError:
        errors["id"] = ["Must be a UUID."]
    ts = raw.get("ts")
    if not _is_int(ts, 0, 2**53):
        errors["ts"] = ["Must be epoch milliseconds."]
    elif ts > now_ms + FUTURE_TOLERANCE_MS:
        errors["ts"] = ["Is in the future beyond the 10 minute tolerance."]
    elif ts < now_ms - PAST_TOLERANCE_MS:
        errors["ts"] = ["Is more than 30 days old."]
    for name in required:
        if raw.get(name) is None:
            errors[name] = ["Required for this event type."]
    for name in OPTIONAL:
        if name in raw and raw[name] is not None and name not in errors:
            problem = _field_problem(name, raw[name])
            if problem:
                errors[name] = [problem]
    for name in raw.keys() - {"id", "type", "ts", *OPTIONAL}:
        errors[str(name)[:64]] = ["Unknown field."]
    if kind == "question_answered" and not errors:
        props = raw.get("props") or {}
        if not isinstance(props.get("question"), str) or "value" not in props:
            errors["props"] = ['Needs "question" (an id) and "value".']
    if errors:
        return None, errors
    event = dict(raw)
    event["id"] = event_id.lower()
    return event, {}
