from __future__ import annotations

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import marshmallow as ma

from .common import StrictBoolean, StrictSchema
from .theme import ThemeSchema

MAX_ORIGINS = 50


def validate_origin(value: str) -> None:
    """An origin is scheme://host[:port] and nothing else, as browsers send it."""
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ma.ValidationError("Use an origin like https://app.example.com (no path).")


def validate_http_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ma.ValidationError("Use an http:// or https:// URL.")


def validate_timezone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ma.ValidationError("Use an IANA time zone such as Europe/Paris.") from error


class FatigueSchema(StrictSchema):
    """At most `max_per_day` blocking guides per user in 24 h, `min_hours_between` apart."""

    max_per_day = ma.fields.Integer(
        allow_none=True, load_default=None, validate=ma.validate.Range(min=1, max=100)
    )
    min_hours_between = ma.fields.Float(
        allow_none=True, load_default=None, validate=ma.validate.Range(min=0, max=24 * 30)
    )


class ProjectSettingsSchema(StrictSchema):
    app_url = ma.fields.String(validate=[ma.validate.Length(max=2000)])
    allowed_origins = ma.fields.List(
        ma.fields.String(validate=[ma.validate.Length(max=300), validate_origin]),
        validate=ma.validate.Length(max=MAX_ORIGINS),
    )
    identity_verification = StrictBoolean()
    timezone = ma.fields.String(validate=validate_timezone)
    fatigue = ma.fields.Nested(FatigueSchema)
    theme = ma.fields.Nested(
        ThemeSchema, metadata={"description": "Project default; each flow's theme overrides it."}
    )

    @ma.validates("app_url")
    def _app_url(self, value: str, **_kwargs) -> None:
        if value:
            validate_http_url(value)

    @ma.post_load
    def _normalize(self, data: dict, **_kwargs) -> dict:
        if "allowed_origins" in data:
            # Browsers send origins lower-cased without a trailing slash; store them alike.
            data["allowed_origins"] = sorted(
                {o.rstrip("/").lower() for o in data["allowed_origins"]}
            )
        return data


class ProjectCreateSchema(ProjectSettingsSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120))


class ProjectUpdateSchema(ProjectSettingsSchema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=120))


class ProjectSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    public_key = ma.fields.String()
    secret_key_hint = ma.fields.String(
        metadata={"description": "Last characters of the secret key."}
    )
    identity_secret = ma.fields.String(
        metadata={"description": "HMAC key for identity verification; owners only."}
    )
    identity_verification = ma.fields.Boolean()
    allowed_origins = ma.fields.List(ma.fields.String())
    app_url = ma.fields.String()
    timezone = ma.fields.String()
    fatigue = ma.fields.Dict()
    theme = ma.fields.Dict()
    role = ma.fields.String(metadata={"description": "The caller's role in this project."})
    created_at = ma.fields.DateTime()


class KeysSchema(ma.Schema):
    public_key = ma.fields.String()
    secret_key = ma.fields.String(metadata={"description": "Shown once; store it now."})
    identity_secret = ma.fields.String()


class RotateKeysSchema(StrictSchema):
    public = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Also replace the public key (every script tag must change)."},
    )


class MemberSchema(ma.Schema):
    account_id = ma.fields.Integer()
    email = ma.fields.String(attribute="account.email")
    name = ma.fields.String(attribute="account.name")
    role = ma.fields.String()
    created_at = ma.fields.DateTime()


ROLES = ("owner", "editor", "viewer")


class MemberCreateSchema(StrictSchema):
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(ROLES))


class MemberUpdateSchema(StrictSchema):
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(ROLES))


class MemberAddedSchema(ma.Schema):
    member = ma.fields.Nested(MemberSchema, allow_none=True)
    invitation_url = ma.fields.String(
        allow_none=True, metadata={"description": "Set when the email has no account yet."}
    )
