from __future__ import annotations

from datetime import timedelta

import marshmallow as ma

from .common import StrictSchema

MAX_RANGE_DAYS = 731  # two years


class RangeArgs(StrictSchema):
    """`from`/`to` are calendar days in the project's time zone, both included."""

    start = ma.fields.Date(
        data_key="from", metadata={"description": "First day (default: 29 days before `to`)."}
    )
    end = ma.fields.Date(data_key="to", metadata={"description": "Last day (default: today)."})

    @ma.validates_schema
    def _ordered(self, data: dict, **_kwargs) -> None:
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ma.ValidationError({"from": ["Must not be after `to`."]})
        if start and end and end - start > timedelta(days=MAX_RANGE_DAYS):
            raise ma.ValidationError({"to": ["Ranges are at most two years."]})


class FlowArgs(RangeArgs):
    version = ma.fields.Integer(validate=ma.validate.Range(min=1))
    variant = ma.fields.String(validate=ma.validate.Length(min=1, max=64))


class ResponsesArgs(RangeArgs):
    version = ma.fields.Integer(validate=ma.validate.Range(min=1))
    format = ma.fields.String(load_default="json", validate=ma.validate.OneOf(("json", "csv")))
    question = ma.fields.String(
        validate=ma.validate.Length(min=1, max=64),
        metadata={"description": "Page the free-text answers of this question."},
    )
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1))
    per_page = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=200))


class RangeOutSchema(ma.Schema):
    start = ma.fields.Date(data_key="from")
    end = ma.fields.Date(data_key="to")
    timezone = ma.fields.String()


class CountsSchema(ma.Schema):
    shown = ma.fields.Integer()
    started = ma.fields.Integer()
    completed = ma.fields.Integer()
    dismissed = ma.fields.Integer()


class DayCountsSchema(CountsSchema):
    day = ma.fields.Date()


class SummarySchema(CountsSchema):
    completion_rate = ma.fields.Float(allow_none=True)


class FunnelStepSchema(ma.Schema):
    step = ma.fields.Integer()
    label = ma.fields.String()
    viewed = ma.fields.Integer()
    drop_off = ma.fields.Integer(metadata={"description": "Viewed this step, not the next."})
    drop_off_pct = ma.fields.Float(allow_none=True)
    median_seconds = ma.fields.Float(allow_none=True)
    dismissed = ma.fields.Integer()
    target_missing = ma.fields.Integer()
    fallback_matched = ma.fields.Integer()


class FlowTotalsSchema(ma.Schema):
    flow_id = ma.fields.Integer()
    summary = ma.fields.Nested(SummarySchema)
    shown_by_day = ma.fields.List(
        ma.fields.Integer(),
        metadata={"description": "Users shown, one number per day of the range."},
    )


class FlowsTotalsSchema(ma.Schema):
    range = ma.fields.Nested(RangeOutSchema)
    flows = ma.fields.List(
        ma.fields.Nested(FlowTotalsSchema),
        metadata={"description": "Flows with any activity in the range; the others had none."},
    )


class FlowReportSchema(ma.Schema):
    flow_id = ma.fields.Integer()
    kind = ma.fields.String()
    range = ma.fields.Nested(RangeOutSchema)
    version = ma.fields.Integer(allow_none=True)
    variant = ma.fields.String(allow_none=True)
    summary = ma.fields.Nested(SummarySchema)
    trend = ma.fields.List(ma.fields.Nested(DayCountsSchema))
    funnel = ma.fields.List(ma.fields.Nested(FunnelStepSchema))


class ResponsesReportSchema(ma.Schema):
    flow_id = ma.fields.Integer()
    range = ma.fields.Nested(RangeOutSchema)
    questions = ma.fields.List(ma.fields.Dict())
    text_answers = ma.fields.Dict(allow_none=True)


class VariantResultSchema(ma.Schema):
    key = ma.fields.String()
    version = ma.fields.Integer(allow_none=True)
    weight = ma.fields.Integer()
    exposed = ma.fields.Integer()
    conversions = ma.fields.Integer()
    rate = ma.fields.Float(allow_none=True)
    is_control = ma.fields.Boolean()
    absolute_lift = ma.fields.Float(allow_none=True)
    absolute_ci = ma.fields.List(ma.fields.Float(), allow_none=True)
    relative_lift = ma.fields.Float(allow_none=True)
    relative_ci = ma.fields.List(ma.fields.Float(), allow_none=True)
    p_value = ma.fields.Float(allow_none=True)


class ExperimentResultsSchema(ma.Schema):
    experiment_id = ma.fields.Integer()
    status = ma.fields.String()
    goal = ma.fields.Dict()
    attribution_window_hours = ma.fields.Integer()
    variants = ma.fields.List(ma.fields.Nested(VariantResultSchema))
    sample_ratio = ma.fields.Dict(allow_none=True)


class ActivityPointSchema(ma.Schema):
    start = ma.fields.Date()
    active = ma.fields.Integer()
    new = ma.fields.Integer()
    returning = ma.fields.Integer()


class ActiveUsersSchema(ma.Schema):
    day = ma.fields.List(ma.fields.Nested(ActivityPointSchema))
    week = ma.fields.List(ma.fields.Nested(ActivityPointSchema))
    month = ma.fields.List(ma.fields.Nested(ActivityPointSchema))


class GuidesDaySchema(ma.Schema):
    day = ma.fields.Date()
    shown = ma.fields.Integer()
    completed = ma.fields.Integer()


class StepHealthSchema(ma.Schema):
    flow_id = ma.fields.Integer()
    flow = ma.fields.String()
    step = ma.fields.Integer()
    label = ma.fields.String()
    viewed = ma.fields.Integer()
    drop_off = ma.fields.Integer()
    drop_off_pct = ma.fields.Float()
    target_missing = ma.fields.Integer()
    fallback_matched = ma.fields.Integer()


class OverviewSchema(ma.Schema):
    range = ma.fields.Nested(RangeOutSchema)
    active_users = ma.fields.Nested(ActiveUsersSchema)
    guides = ma.fields.List(ma.fields.Nested(GuidesDaySchema))
    worst_steps = ma.fields.List(ma.fields.Nested(StepHealthSchema))
    guide_health = ma.fields.List(ma.fields.Nested(StepHealthSchema))
