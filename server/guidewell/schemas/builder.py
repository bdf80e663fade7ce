"""Builder mode and preview links: what the admin asks for and what the SDK sends."""

from __future__ import annotations

import marshmallow as ma

from .common import StrictSchema
from .project import validate_http_url

TOKEN = ma.validate.Length(min=1, max=1000)
KEY = ma.validate.Length(min=1, max=100)


class LinkRequestSchema(StrictSchema):
    url = ma.fields.String(
        validate=[ma.validate.Length(max=2000), validate_http_url],
        metadata={"description": "The page to open; the project's app URL when left out."},
    )


class LinkSchema(ma.Schema):
    token = ma.fields.String()
    url = ma.fields.String(metadata={"description": "The page with the token in its fragment."})
    expires_at = ma.fields.DateTime()


class BuilderRequestSchema(StrictSchema):
    key = ma.fields.String(required=True, validate=KEY)
    token = ma.fields.String(required=True, validate=TOKEN)


class BuilderSaveSchema(BuilderRequestSchema):
    content = ma.fields.Raw(required=True)
    revision = ma.fields.String(
        required=True,
        validate=ma.validate.Length(max=64),
        metadata={"description": "The draft revision the builder loaded."},
    )
