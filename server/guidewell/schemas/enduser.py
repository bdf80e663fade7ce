from __future__ import annotations

import marshmallow as ma

from .common import PageArgs, page_of


class EndUserSchema(ma.Schema):
    id = ma.fields.Integer()
    external_id = ma.fields.String(allow_none=True)
    traits = ma.fields.Dict()
    first_seen = ma.fields.DateTime()
    last_seen = ma.fields.DateTime()


EndUserPageSchema = page_of(EndUserSchema)


class EndUserListArgs(PageArgs):
    q = ma.fields.String(
        validate=ma.validate.Length(max=255),
        metadata={"description": "Part of the external user id."},
    )
