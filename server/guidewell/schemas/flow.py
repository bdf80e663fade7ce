"""Flows and their versions as the admin API sees them.

The draft's `content`, `targeting` and `theme` arrive as raw objects here and are
validated by the service against the flow's kind (the kind of an existing flow is
not in a PATCH body), so their errors carry the `content.…` paths the client sent.
"""

from __future__ import annotations

import marshmallow as ma

from ..models import FlowKind, FlowStatus
from .common import PageArgs, StrictSchema, page_of

KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}\Z"
KEY_RULE = ma.validate.Regexp(KEY_PATTERN, error="Use 1-64 lowercase letters, digits, - or _.")
KINDS = [kind.value for kind in FlowKind]


class FlowCreateSchema(StrictSchema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    key = ma.fields.String(validate=KEY_RULE)
    content = ma.fields.Dict(
        metadata={"description": "Content of the kind; a starter template when omitted."}
    )
    targeting = ma.fields.Dict(load_default=dict)
    theme = ma.fields.Dict(load_default=dict)


class FlowUpdateSchema(StrictSchema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    key = ma.fields.String(validate=KEY_RULE)
    content = ma.fields.Dict()
    targeting = ma.fields.Dict()
    theme = ma.fields.Dict()


class DraftSchema(ma.Schema):
    content = ma.fields.Dict()
    targeting = ma.fields.Dict()
    theme = ma.fields.Dict()


class FlowSummarySchema(ma.Schema):
    id = ma.fields.Integer()
    key = ma.fields.String()
    kind = ma.fields.String()
    name = ma.fields.String()
    status = ma.fields.String()
    live_version = ma.fields.Integer(allow_none=True)
    latest_version = ma.fields.Integer()
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class FlowSchema(FlowSummarySchema):
    draft = ma.fields.Nested(DraftSchema)
    has_unpublished_changes = ma.fields.Boolean(
        metadata={"description": "The draft differs from the live version (or none is live)."}
    )


FlowPageSchema = page_of(FlowSummarySchema)


class FlowListArgs(PageArgs):
    status = ma.fields.String(validate=ma.validate.OneOf([s.value for s in FlowStatus]))
    kind = ma.fields.String(validate=ma.validate.OneOf(KINDS))
    q = ma.fields.String(validate=ma.validate.Length(max=200))


class VersionSummarySchema(ma.Schema):
    number = ma.fields.Integer()
    name = ma.fields.String()
    published_at = ma.fields.DateTime()
    published_by = ma.fields.String(attribute="published_by_email", allow_none=True)
    is_live = ma.fields.Boolean()


class VersionSchema(VersionSummarySchema):
    content = ma.fields.Dict()
    targeting = ma.fields.Dict()
    theme = ma.fields.Dict()


class ImportSchema(StrictSchema):
    format = ma.fields.String(
        load_default="guidewell.flows", validate=ma.validate.Equal("guidewell.flows")
    )
    version = ma.fields.Integer(load_default=1, validate=ma.validate.Equal(1))
    flows = ma.fields.List(ma.fields.Dict(), required=True, validate=ma.validate.Length(max=500))
    segments = ma.fields.List(
        ma.fields.Dict(), load_default=list, validate=ma.validate.Length(max=500)
    )
    on_conflict = ma.fields.String(
        load_default="error",
        validate=ma.validate.OneOf(("error", "skip", "overwrite")),
        metadata={
            "description": "What to do when a flow key already exists; segments that "
            "already exist (by key) are always kept and reused."
        },
    )


class ImportResultSchema(ma.Schema):
    created = ma.fields.List(ma.fields.String())
    updated = ma.fields.List(ma.fields.String())
    skipped = ma.fields.List(ma.fields.String())
    segments_created = ma.fields.List(ma.fields.String())


__all__ = [
    "DraftSchema",
    "FlowCreateSchema",
    "FlowListArgs",
    "FlowPageSchema",
    "FlowSchema",
    "FlowSummarySchema",
    "FlowUpdateSchema",
    "ImportResultSchema",
    "ImportSchema",
    "VersionSchema",
    "VersionSummarySchema",
]
