from __future__ import annotations

import marshmallow as ma

from .common import PageArgs, StrictSchema, page_of
from .flow import KEY_RULE

BASIS_POINTS = 10_000
MAX_WINDOW_HOURS = 90 * 24
EVENT_NAME = ma.validate.Regexp(
    # \Z, not $: $ also matches before a final newline.
    r"[A-Za-z0-9_.:\- ]{1,100}\Z",
    error="Use 1-100 letters, digits, spaces or _ . : -",
)


class VariantSchema(StrictSchema):
    key = ma.fields.String(required=True, validate=KEY_RULE)
    weight = ma.fields.Integer(
        required=True, strict=True, validate=ma.validate.Range(min=0, max=BASIS_POINTS)
    )
    version = ma.fields.Integer(
        required=True,
        strict=True,
        allow_none=True,
        validate=ma.validate.Range(min=1),
        metadata={"description": "A published version number of the flow; null is a holdout."},
    )


def _check_variants(variants: list[dict]) -> None:
    keys = [variant["key"] for variant in variants]
    if len(set(keys)) != len(keys):
        raise ma.ValidationError("Variant keys must be unique.")
    total = sum(variant["weight"] for variant in variants)
    if total != BASIS_POINTS:
        raise ma.ValidationError(f"Weights are basis points and must sum to 10000 (got {total}).")
    if all(variant["version"] is None for variant in variants):
        raise ma.ValidationError("At least one variant must show a version.")
    if sum(variant["version"] is None for variant in variants) > 1:
        raise ma.ValidationError("Use at most one holdout.")


class GoalSchema(StrictSchema):
    type = ma.fields.String(required=True, validate=ma.validate.OneOf(("flow_completed", "event")))
    event = ma.fields.String(validate=EVENT_NAME)

    @ma.validates_schema
    def _event_iff_event_goal(self, data: dict, **_kwargs) -> None:
        if data["type"] == "event" and not data.get("event"):
            raise ma.ValidationError({"event": ['Required when type is "event".']})
        if data["type"] != "event" and "event" in data:
            raise ma.ValidationError({"event": ['Only allowed when type is "event".']})


def _variants_field(**kwargs) -> ma.fields.List:
    return ma.fields.List(
        ma.fields.Nested(VariantSchema),
        validate=[ma.validate.Length(min=2, max=10), _check_variants],
        **kwargs,
    )


class ExperimentCreateSchema(StrictSchema):
    flow_id = ma.fields.Integer(required=True, strict=True)
    key = ma.fields.String(required=True, validate=KEY_RULE)
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    variants = _variants_field(required=True)
    goal = ma.fields.Nested(GoalSchema, load_default=lambda: {"type": "flow_completed"})
    attribution_window_hours = ma.fields.Integer(
        load_default=168, strict=True, validate=ma.validate.Range(min=1, max=MAX_WINDOW_HOURS)
    )


class ExperimentUpdateSchema(StrictSchema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    variants = _variants_field()
    goal = ma.fields.Nested(GoalSchema)
    attribution_window_hours = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=1, max=MAX_WINDOW_HOURS)
    )


class ExperimentSchema(ma.Schema):
    id = ma.fields.Integer()
    flow_id = ma.fields.Integer()
    key = ma.fields.String()
    name = ma.fields.String()
    status = ma.fields.String()
    variants = ma.fields.List(ma.fields.Dict())
    goal = ma.fields.Dict()
    attribution_window_hours = ma.fields.Integer()
    started_at = ma.fields.DateTime(allow_none=True)
    stopped_at = ma.fields.DateTime(allow_none=True)
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


ExperimentPageSchema = page_of(ExperimentSchema)


class ExperimentListArgs(PageArgs):
    flow_id = ma.fields.Integer()
    status = ma.fields.String(validate=ma.validate.OneOf(("draft", "running", "stopped")))
