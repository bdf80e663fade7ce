from __future__ import annotations

import marshmallow as ma

from .common import PageArgs, StrictSchema, page_of
from .flow import KEY_RULE
from .targeting import ConditionField


class SegmentCreateSchema(StrictSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    key = ma.fields.String(validate=KEY_RULE)
    description = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))
    condition = ConditionField(required=True, allow_none=False)


class SegmentUpdateSchema(StrictSchema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    key = ma.fields.String(validate=KEY_RULE)
    description = ma.fields.String(validate=ma.validate.Length(max=1000))
    condition = ConditionField(allow_none=False)


class SegmentSchema(ma.Schema):
    id = ma.fields.Integer()
    key = ma.fields.String()
    name = ma.fields.String()
    description = ma.fields.String()
    condition = ma.fields.Dict()
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


SegmentPageSchema = page_of(SegmentSchema)


class SegmentListArgs(PageArgs):
    q = ma.fields.String(validate=ma.validate.Length(max=200))


class SegmentCountArgs(StrictSchema):
    condition = ConditionField(required=True, allow_none=False)


class SegmentCountSchema(ma.Schema):
    matching = ma.fields.Integer()
    total = ma.fields.Integer(metadata={"description": "End users in the project."})
    scanned = ma.fields.Integer()
    estimated = ma.fields.Boolean(
        metadata={"description": "True when only the most recent users were evaluated."}
    )
