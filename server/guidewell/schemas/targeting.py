"""Validation of a flow's ``targeting`` object (DESIGN.md §5).

``TargetingSchema().load(data)`` returns the complete object as plain JSON-ready dicts,
with defaults filled in (``load({})`` gives the default targeting) and schedule bounds as
UTC ISO strings ending in ``Z``. Unknown keys are rejected. Errors are marshmallow's nested
dicts, with integer keys for list items, e.g.
``{"audience": {"all": {1: {"op": ["Must be one of: eq, neq, ..."]}}}}``; the API layer
flattens them to ``targeting.audience.all[1].op``.

``ConditionField`` validates one audience condition and can serve any resource that holds
one (a saved segment, say): at the top level it also rejects audiences that can match nobody
(``guidewell.services.targeting.audience_problems``).
"""

import functools
import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from guidewell.schemas.common import StrictBoolean
from guidewell.services.page_rules import MATCH_KINDS, SUBJECTS, regex_problem
from guidewell.services.targeting import (
    FREQUENCY_TYPES,
    OPERATORS,
    Problem,
    audience_problems,
    parse_date_value,
)

MAX_GROUP_DEPTH = 5
MAX_GROUP_SIZE = 50
MAX_IN_VALUES = 100
MAX_PAGE_RULES = 50
MAX_DAYS_AGO = 36_500
TRIGGER_TYPES = ("page_load", "event", "element_click", "manual")
DEVICES = ("all", "desktop", "mobile")

MISSING_MESSAGE = "Missing data for required field."  # marshmallow's own wording


# --- audience ---------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)  # the json module reads NaN


def _scalar_error(value: Any) -> str | None:
    if isinstance(value, str | bool) or _is_number(value):
        return None
    return "Must be a string, number or boolean."


def _text_error(value: Any) -> str | None:
    return None if isinstance(value, str) and value else "Must be a non-empty string."


def _number_error(value: Any) -> str | None:
    return None if _is_number(value) else "Must be a number."


def _list_error(value: Any) -> str | dict[int, list[str]] | None:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_IN_VALUES:
        return f"Must be a list of 1 to {MAX_IN_VALUES} values."
    errors = {index: [error] for index, item in enumerate(value) if (error := _scalar_error(item))}
    return errors or None


class RelativeDateSchema(Schema):
    days_ago = fields.Integer(strict=True, required=True, validate=validate.Range(0, MAX_DAYS_AGO))


def _date_error(value: Any) -> str | dict[str, list[str]] | None:
    if isinstance(value, dict):
        return RelativeDateSchema().validate(value) or None
    if isinstance(value, str) and parse_date_value(value) is not None:
        return None
    return 'Must be an ISO-8601 date or datetime, or {"days_ago": n}.'


_VALUE_ERRORS: dict[str, Callable[[Any], str | dict[Any, list[str]] | None]] = {
    "eq": _scalar_error,
    "neq": _scalar_error,
    "contains": _text_error,
    "starts_with": _text_error,
    "gt": _number_error,
    "gte": _number_error,
    "lt": _number_error,
    "lte": _number_error,
    "in": _list_error,
    "before": _date_error,
    "after": _date_error,
}


class RuleSchema(Schema):
    """``{"trait": key, "op": op, "value": value}``; what ``value`` must be depends on ``op``."""

    trait = fields.String(required=True, validate=validate.Length(1, 64))
    op = fields.String(required=True, validate=validate.OneOf(OPERATORS))
    value = fields.Raw(allow_none=True)  # null gets the op's own message below

    @validates_schema
    def check_value(self, data: dict[str, Any], **kwargs: Any) -> None:
        op = data["op"]
        if op not in _VALUE_ERRORS:  # exists, not_exists
            if "value" in data:
                raise ValidationError(f'Not allowed with operator "{op}".', "value")
            return
        if "value" not in data:
            raise ValidationError(MISSING_MESSAGE, "value")
        if error := _VALUE_ERRORS[op](data["value"]):
            raise ValidationError(error, "value")


class SegmentRefSchema(Schema):
    """``{"segment": id}``: the condition of a saved segment."""

    segment = fields.Integer(strict=True, required=True, validate=validate.Range(min=1))


class _GroupSchema(Schema):
    @validates_schema
    def one_combinator(self, data: dict[str, Any], **kwargs: Any) -> None:
        if len(data) != 1:
            raise ValidationError('Use either "all" or "any", not both.')


@functools.cache
def _group_schema(depth: int) -> type[Schema]:
    """The schema of an all/any group ``depth`` groups deep (1 = the top level)."""

    def children() -> fields.List:
        size = validate.Length(
            1, MAX_GROUP_SIZE, error="Must hold between {min} and {max} conditions."
        )
        return fields.List(ConditionField(depth=depth + 1), validate=size)

    return _GroupSchema.from_dict(
        {"all": children(), "any": children()}, name=f"GroupSchema{depth}"
    )


class ConditionField(fields.Field[dict[str, Any]]):
    """An audience condition: a group, a trait rule or a segment, told apart by its keys.

    ``depth`` is how many groups deep a group placed here would be; only the top-level
    field (depth 1) checks the whole audience for contradictions.
    """

    def __init__(self, *, depth: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.depth = depth

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> dict[str, Any]:
        condition = self._schema_for(value).load(value)
        if self.depth == 1 and (problems := audience_problems(condition)):
            raise ValidationError(_nested_errors(problems))
        return condition

    def _schema_for(self, value: Any) -> Schema:
        if not isinstance(value, dict):
            raise ValidationError("Must be a condition object.")
        if "all" in value or "any" in value:
            # Checked while loading, so a hostile nesting cannot exhaust the stack.
            if self.depth > MAX_GROUP_DEPTH:
                raise ValidationError(f"Groups may nest at most {MAX_GROUP_DEPTH} deep.")
            return _group_schema(self.depth)()
        if "trait" in value:
            return RuleSchema()
        if "segment" in value:
            return SegmentRefSchema()
        raise ValidationError('Must have one of the keys "all", "any", "trait" or "segment".')


def _nested_errors(problems: list[Problem]) -> dict[Any, Any]:
    """``[(("all", 1), msg)]`` as marshmallow's ``{"all": {1: [msg]}}``."""
    errors: dict[Any, Any] = {}
    for path, message in problems:
        *parents, last = path
        node = errors
        for key in parents:
            node = node.setdefault(key, {})
        node.setdefault(last, []).append(message)
    return errors


# --- pages, trigger, frequency, schedule ------------------------------------------------


class PageRuleSchema(Schema):
    match = fields.String(required=True, validate=validate.OneOf(MATCH_KINDS))
    value = fields.String(required=True, validate=validate.Length(1, 500))
    on = fields.String(load_default="path", validate=validate.OneOf(SUBJECTS))

    @validates_schema
    def check_regex(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["match"] == "regex" and (problem := regex_problem(data["value"])):
            raise ValidationError(problem, "value")


def _page_rules() -> fields.List:
    return fields.List(
        fields.Nested(PageRuleSchema),
        load_default=list,
        validate=validate.Length(max=MAX_PAGE_RULES),
    )


class PagesSchema(Schema):
    include = _page_rules()
    exclude = _page_rules()


class _TypedSchema(Schema):
    """An object whose ``type`` decides which one extra key it needs, if any."""

    ARGUMENTS: ClassVar[Mapping[str, str]]  # type -> the key it requires

    @validates_schema
    def check_arguments(self, data: dict[str, Any], **kwargs: Any) -> None:
        kind = data["type"]
        needed = self.ARGUMENTS.get(kind)
        errors = {}
        for key in self.ARGUMENTS.values():
            if key == needed and key not in data:
                errors[key] = [MISSING_MESSAGE]
            elif key != needed and key in data:
                errors[key] = [f'Not allowed with type "{kind}".']
        if errors:
            raise ValidationError(errors)


class TriggerSchema(_TypedSchema):
    ARGUMENTS = {"event": "event", "element_click": "selector"}

    type = fields.String(required=True, validate=validate.OneOf(TRIGGER_TYPES))
    event = fields.String(
        validate=validate.Regexp(
            r"[A-Za-z0-9_.:\- ]{1,100}\Z",
            error="Must be 1 to 100 letters, digits, spaces or _ . : - characters.",
        )
    )
    selector = fields.String(validate=validate.Length(1, 1000))


class FrequencySchema(_TypedSchema):
    ARGUMENTS = {"max_times": "max_times"}

    type = fields.String(required=True, validate=validate.OneOf(FREQUENCY_TYPES))
    max_times = fields.Integer(strict=True, validate=validate.Range(1, 1000))


def _schedule_bound() -> fields.AwareDateTime:
    message = "Must be an ISO-8601 datetime with an offset or Z."
    return fields.AwareDateTime(
        load_default=None, error_messages={"invalid": message, "invalid_awareness": message}
    )


class ScheduleSchema(Schema):
    start = _schedule_bound()
    end = _schedule_bound()

    @validates_schema
    def end_after_start(self, data: dict[str, Any], **kwargs: Any) -> None:
        start, end = data["start"], data["end"]
        if start is not None and end is not None and end <= start:
            raise ValidationError("Must be after start.", "end")

    @post_load
    def as_utc_strings(self, data: dict[str, Any], **kwargs: Any) -> dict[str, str | None]:
        # Stored in a JSON column, and read back by services.targeting.in_schedule.
        return {key: _utc_iso(moment) for key, moment in data.items()}


def _utc_iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# --- the targeting object ---------------------------------------------------------------


class TargetingSchema(Schema):
    audience = ConditionField(load_default=None)  # null: everyone
    pages = fields.Nested(PagesSchema, load_default=lambda: {"include": [], "exclude": []})
    trigger = fields.Nested(TriggerSchema, load_default=lambda: {"type": "page_load"})
    delay_ms = fields.Integer(strict=True, load_default=0, validate=validate.Range(0, 600_000))
    frequency = fields.Nested(FrequencySchema, load_default=lambda: {"type": "once"})
    schedule = fields.Nested(ScheduleSchema, load_default=lambda: {"start": None, "end": None})
    device = fields.String(load_default="all", validate=validate.OneOf(DEVICES))
    priority = fields.Integer(strict=True, load_default=100, validate=validate.Range(0, 1000))
    fatigue_exempt = StrictBoolean(load_default=False)
