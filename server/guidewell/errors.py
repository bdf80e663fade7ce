"""One JSON error shape for every 4xx/5xx: {"error": {"code", "message", "fields"?}}.

Services raise `ServiceError` subclasses; HTTP-level errors (404, 405, 413, 429,
webargs validation) come through flask-smorest's handler, which `GuidewellApi`
overrides so both paths answer alike.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from flask import Flask, jsonify
from flask_smorest import Api
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields
        if code:
            self.code = code


class Invalid(ServiceError):
    status = 400
    code = "validation_error"

    @classmethod
    def from_marshmallow(cls, error: ma.ValidationError, prefix: str = "") -> Invalid:
        fields = flatten_messages(error.messages, prefix)
        return cls(summarize(fields), fields=fields)

    @classmethod
    def from_paths(cls, errors: Mapping[tuple[str | int, ...], list[str]]) -> Invalid:
        """Errors found by a service, keyed by path tuples like ("content", "steps", 2)."""
        fields = {_path_text(path): messages for path, messages in errors.items()}
        return cls(summarize(fields), fields=fields)


def _path_text(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text = _join(text, part)
    return text


class Unauthorized(ServiceError):
    status = 401
    code = "unauthorized"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


def _join(prefix: str, key: Any) -> str:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return f"{prefix}[{key}]"
    if key == "_schema":
        return prefix
    return f"{prefix}.{key}" if prefix else str(key)


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested errors into `{"content.steps[2].target": [...]}`."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            for path, texts in flatten_messages(value, _join(prefix, key)).items():
                flat.setdefault(path, []).extend(texts)
    elif isinstance(messages, list | tuple):
        texts = [m for m in messages if isinstance(m, str)]
        if texts:
            flat.setdefault(prefix or "_body", []).extend(texts)
        for item in messages:
            if not isinstance(item, str):
                for path, nested in flatten_messages(item, prefix).items():
                    flat.setdefault(path, []).extend(nested)
    else:
        flat.setdefault(prefix or "_body", []).append(str(messages))
    return flat


def summarize(fields: dict[str, list[str]]) -> str:
    if not fields:
        return "The request is invalid."
    path, texts = next(iter(fields.items()))
    first = f"{path}: {texts[0]}" if path != "_body" else texts[0]
    more = len(fields) - 1
    return f"Invalid input: {first}" + (f" (and {more} more)" if more else "")


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


class ErrorSchema(ma.Schema):
    """Documents the error payload in the OpenAPI spec."""

    error = ma.fields.Dict(
        metadata={"description": "`{code, message, fields?}`; fields maps a path to messages."}
    )


class GuidewellParser(FlaskParser):
    # Bad input is a client error like any other: 400, not webargs' default 422.
    DEFAULT_VALIDATION_STATUS = 400
    # Let each schema's own `unknown = RAISE` apply to query strings too: a misspelt
    # filter must be an error, not silently ignored.
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,
        "querystring": None,
    }

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        raise Invalid("The request body is not valid JSON.", code="malformed_json")


class GuidewellApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        from .extensions import db

        status = error.code or 500
        data = getattr(error, "data", None) or {}
        headers = dict(data.get("headers") or {})
        if status >= 500:
            db.session.rollback()
            original = getattr(error, "original_exception", None)
            if original is not None:
                log.exception("unhandled error", exc_info=original)
            body = error_body("internal_error", "Something went wrong on our side.")
            return body, 500, headers
        messages = data.get("messages") or data.get("errors")
        if messages is not None:
            fields = flatten_messages(_strip_locations(messages))
            return error_body("validation_error", summarize(fields), fields), status, headers
        if status == 429:
            retry = error.get_response().headers.get("Retry-After")
            if retry:
                headers["Retry-After"] = retry
        message = data.get("message") or error.description or error.name
        return error_body(_snake(error.name), message), status, headers


def _strip_locations(messages: Any) -> Any:
    """webargs nests errors under their location ("json", "query"); the client sent fields."""
    if isinstance(messages, Mapping) and set(messages) <= {"json", "query", "form", "view_args"}:
        merged: dict[str, Any] = {}
        for value in messages.values():
            if isinstance(value, Mapping):
                merged.update(value)
            else:
                merged.setdefault("_body", value)
        return merged
    return messages


def init_app(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def _service_error(error: ServiceError):
        from .extensions import db

        db.session.rollback()
        return jsonify(error_body(error.code, error.message, error.fields)), error.status

    @app.errorhandler(ma.ValidationError)
    def _validation_error(error: ma.ValidationError):
        return _service_error(Invalid.from_marshmallow(error))
