"""Validation of a flow's targeting object: defaults, strictness and nested error paths."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError

from guidewell.schemas.targeting import ConditionField, TargetingSchema

DEFAULT = {
    "audience": None,
    "pages": {"include": [], "exclude": []},
    "trigger": {"type": "page_load"},
    "delay_ms": 0,
    "frequency": {"type": "once"},
    "schedule": {"start": None, "end": None},
    "device": "all",
    "priority": 100,
    "fatigue_exempt": False,
}


def load(data: dict[str, Any]) -> dict[str, Any]:
    return TargetingSchema().load(data)


def errors(data: dict[str, Any]) -> dict[Any, Any]:
    with pytest.raises(ValidationError) as caught:
        load(data)
    return caught.value.messages


def rule(trait: str, op: str, value: Any = None) -> dict[str, Any]:
    condition = {"trait": trait, "op": op}
    if op not in ("exists", "not_exists"):
        condition["value"] = value
    return condition


def audience_errors(audience: Any) -> Any:
    return errors({"audience": audience})["audience"]


def nested(depth: int) -> dict[str, Any]:
    """``depth`` all-groups, one inside the other, around a single rule."""
    condition: dict[str, Any] = rule("plan", "eq", "pro")
    for _ in range(depth):
        condition = {"all": [condition]}
    return condition


# --- defaults and shape -----------------------------------------------------------------


def test_an_empty_object_loads_as_the_default_targeting():
    assert load({}) == DEFAULT


def test_a_partial_object_gets_the_other_defaults():
    assert load({"device": "mobile"}) == {**DEFAULT, "device": "mobile"}


def test_partial_pages_get_an_empty_other_list():
    rule_ = {"match": "equals", "value": "/home", "on": "path"}
    assert load({"pages": {"include": [rule_]}})["pages"] == {"include": [rule_], "exclude": []}


def test_a_full_object_loads_to_plain_json():
    data = {
        "audience": {
            "all": [
                rule("plan", "in", ["pro", "team"]),
                {"any": [{"segment": 3}, rule("signed_up", "after", {"days_ago": 30})]},
            ]
        },
        "pages": {
            "include": [{"match": "glob", "value": "/app/*", "on": "path"}],
            "exclude": [{"match": "regex", "value": "^/app/admin", "on": "path"}],
        },
        "trigger": {"type": "event", "event": "report.created"},
        "delay_ms": 1500,
        "frequency": {"type": "max_times", "max_times": 3},
        "schedule": {"start": "2024-06-01T00:00:00Z", "end": "2024-07-01T00:00:00Z"},
        "device": "desktop",
        "priority": 500,
        "fatigue_exempt": True,
    }
    loaded = load(data)
    assert loaded == data
    assert json.loads(json.dumps(loaded)) == loaded


def test_loading_is_idempotent():
    """What was stored validates again unchanged."""
    first = load({"schedule": {"start": "2024-06-01T02:00:00+02:00"}, "pages": {}})
    assert load(first) == first


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"colour": "red"}, ("colour",)),
        ({"pages": {"include": [], "only": []}}, ("pages", "only")),
        (
            {"pages": {"include": [{"match": "equals", "value": "/", "x": 1}]}},
            ("pages", "include", 0, "x"),
        ),
        ({"trigger": {"type": "manual", "when": "now"}}, ("trigger", "when")),
        ({"frequency": {"type": "once", "times": 1}}, ("frequency", "times")),
        ({"schedule": {"timezone": "UTC"}}, ("schedule", "timezone")),
        ({"audience": {**rule("plan", "eq", "pro"), "negate": True}}, ("audience", "negate")),
        ({"audience": {"all": [rule("plan", "exists")], "not": []}}, ("audience", "not")),
        ({"audience": {"segment": 1, "name": "VIPs"}}, ("audience", "name")),
    ],
)
def test_unknown_keys_are_refused_where_they_are(data, path):
    found = errors(data)
    for key in path:
        found = found[key]
    assert found == ["Unknown field."]


@pytest.mark.parametrize("key", ["pages", "trigger", "frequency", "schedule", "device"])
def test_null_is_refused_for_objects_with_defaults(key):
    assert errors({key: None}) == {key: ["Field may not be null."]}


# --- audience structure -----------------------------------------------------------------


def test_a_null_audience_means_everyone():
    assert load({"audience": None})["audience"] is None


@pytest.mark.parametrize(
    "audience",
    [
        rule("plan", "eq", "pro"),
        {"segment": 12},
        {"any": [rule("plan", "eq", "pro"), {"segment": 12}]},
        nested(5),
    ],
)
def test_valid_audiences_load_unchanged(audience):
    assert load({"audience": audience})["audience"] == audience


def test_a_non_object_condition_is_refused():
    assert audience_errors({"all": ["plan"]}) == {"all": {0: ["Must be a condition object."]}}


def test_a_condition_without_a_known_key_is_refused():
    assert audience_errors({"op": "eq"}) == [
        'Must have one of the keys "all", "any", "trait" or "segment".'
    ]


def test_an_empty_group_is_refused():
    assert audience_errors({"all": []}) == {"all": ["Must hold between 1 and 50 conditions."]}


def test_a_group_of_51_is_refused():
    group = {"any": [{"segment": n} for n in range(1, 52)]}
    assert audience_errors(group) == {"any": ["Must hold between 1 and 50 conditions."]}


def test_a_group_may_not_be_both_all_and_any():
    condition = {"all": [{"segment": 1}], "any": [{"segment": 2}]}
    assert audience_errors(condition) == {"_schema": ['Use either "all" or "any", not both.']}


def test_a_sixth_level_of_groups_is_refused_at_its_path():
    found = audience_errors(nested(6))
    for _ in range(5):
        found = found["all"][0]
    assert found == ["Groups may nest at most 5 deep."]


def test_a_deeply_nested_hostile_audience_is_refused_without_recursing():
    assert "all" in audience_errors(nested(5000))


def test_an_error_deep_in_a_list_names_its_path():
    audience = {"all": [rule("plan", "eq", "pro"), {"any": [{"segment": 1}, rule("x", "like", 1)]}]}
    assert audience_errors(audience) == {"all": {1: {"any": {1: {"op": [_one_of_operators()]}}}}}


def _one_of_operators() -> str:
    return (
        "Must be one of: eq, neq, contains, starts_with, gt, gte, lt, lte, exists, "
        "not_exists, in, before, after."
    )


@pytest.mark.parametrize("trait", ["", "x" * 65, 5, None])
def test_a_trait_key_must_be_1_to_64_characters(trait):
    assert "trait" in audience_errors({"trait": trait, "op": "exists"})


def test_a_trait_key_of_64_characters_is_accepted():
    assert load({"audience": rule("x" * 64, "exists")})["audience"]["trait"] == "x" * 64


@pytest.mark.parametrize("segment", [0, -1, True, "3", 1.0, None])
def test_a_segment_must_be_a_positive_integer(segment):
    assert "segment" in audience_errors({"segment": segment})


# --- operator values --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "value"),
    [
        ("eq", "pro"),
        ("eq", 3),
        ("eq", 2.5),
        ("eq", False),
        ("neq", "pro"),
        ("contains", "acme"),
        ("starts_with", "New"),
        ("gt", 10),
        ("gte", -2.5),
        ("lt", 0),
        ("lte", 10**30),
        ("in", ["a", 1, True]),
        ("in", ["x"] * 100),
        ("before", "2024-06-01"),
        ("before", "2024-06-01T10:00:00Z"),
        ("after", "2024-06-01T10:00:00+02:00"),
        ("after", {"days_ago": 0}),
        ("before", {"days_ago": 36500}),
    ],
)
def test_a_value_fitting_its_operator_is_accepted(op, value):
    assert load({"audience": rule("t", op, value)})["audience"] == rule("t", op, value)


@pytest.mark.parametrize(
    ("op", "value", "message"),
    [
        ("eq", None, "Must be a string, number or boolean."),
        ("eq", ["pro"], "Must be a string, number or boolean."),
        ("neq", {"a": 1}, "Must be a string, number or boolean."),
        ("eq", float("nan"), "Must be a string, number or boolean."),
        ("contains", 5, "Must be a non-empty string."),
        ("contains", "", "Must be a non-empty string."),
        ("starts_with", ["a"], "Must be a non-empty string."),
        ("gt", "10", "Must be a number."),
        ("gte", True, "Must be a number."),
        ("lt", float("inf"), "Must be a number."),
        ("lte", None, "Must be a number."),
        ("in", [], "Must be a list of 1 to 100 values."),
        ("in", "pro", "Must be a list of 1 to 100 values."),
        ("in", ["x"] * 101, "Must be a list of 1 to 100 values."),
        ("before", "last tuesday", 'Must be an ISO-8601 date or datetime, or {"days_ago": n}.'),
        ("after", 1717200000, 'Must be an ISO-8601 date or datetime, or {"days_ago": n}.'),
        ("after", None, 'Must be an ISO-8601 date or datetime, or {"days_ago": n}.'),
    ],
)
def test_a_value_of_the_wrong_type_for_its_operator_is_refused(op, value, message):
    assert audience_errors(rule("t", op, value)) == {"value": [message]}


@pytest.mark.parametrize("op", ["eq", "contains", "gt", "in", "before"])
def test_a_missing_value_is_refused(op):
    condition = {"trait": "t", "op": op}
    assert audience_errors(condition) == {"value": ["Missing data for required field."]}


@pytest.mark.parametrize("op", ["exists", "not_exists"])
@pytest.mark.parametrize("value", ["x", None])
def test_exists_and_not_exists_refuse_any_value(op, value):
    condition = {"trait": "t", "op": op, "value": value}
    assert audience_errors(condition) == {"value": [f'Not allowed with operator "{op}".']}


def test_a_bad_item_in_an_in_list_is_named_by_index():
    errors_ = audience_errors(rule("t", "in", ["a", None, 2, {"b": 1}]))
    assert errors_ == {
        "value": {
            1: ["Must be a string, number or boolean."],
            3: ["Must be a string, number or boolean."],
        }
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"days_ago": -1}, "Must be greater than or equal to 0 and less than or equal to 36500."),
        (
            {"days_ago": 36501},
            "Must be greater than or equal to 0 and less than or equal to 36500.",
        ),
        ({"days_ago": 1.5}, "Not a valid integer."),
        ({"days_ago": True}, "Not a valid integer."),
        ({}, "Missing data for required field."),
    ],
)
def test_a_bad_days_ago_is_named(value, message):
    assert audience_errors(rule("t", "after", value)) == {"value": {"days_ago": [message]}}


def test_days_ago_refuses_other_keys():
    found = audience_errors(rule("t", "after", {"days_ago": 1, "hours_ago": 2}))
    assert found == {"value": {"hours_ago": ["Unknown field."]}}


# --- impossible audiences ---------------------------------------------------------------


def test_two_different_eq_values_in_one_all_group_are_refused():
    audience = {"all": [rule("plan", "eq", "pro"), rule("plan", "eq", "free")]}
    assert audience_errors(audience) == {
        "all": {1: ['Contradicts all[0]: "plan" cannot equal both "pro" and "free".']}
    }


def test_eq_with_not_exists_is_refused():
    audience = {"all": [rule("plan", "eq", "pro"), rule("plan", "not_exists")]}
    assert "all" in audience_errors(audience)


def test_exists_with_not_exists_is_refused():
    audience = {"all": [rule("plan", "exists"), rule("plan", "not_exists")]}
    assert "all" in audience_errors(audience)


@pytest.mark.parametrize(
    ("low", "high"), [(("gt", 10), ("lt", 5)), (("gte", 5), ("lt", 5)), (("gt", 5), ("lte", 5))]
)
def test_an_empty_numeric_range_is_refused(low, high):
    audience = {"all": [rule("age", *low), rule("age", *high)]}
    assert list(audience_errors(audience)["all"]) == [1]


def test_a_contradiction_in_a_nested_group_names_the_nested_rule():
    audience = {"any": [{"segment": 1}, {"all": [rule("age", "gte", 18), rule("age", "lt", 18)]}]}
    assert audience_errors(audience) == {
        "any": {1: {"all": {1: ['Contradicts any[1].all[0]: "age" cannot be >= 18 and < 18.']}}}
    }


def test_the_same_rules_under_any_are_accepted():
    audience = {"any": [rule("plan", "eq", "pro"), rule("plan", "eq", "free")]}
    assert load({"audience": audience})["audience"] == audience


def test_a_standalone_condition_field_checks_contradictions_too():
    """A saved segment's schema can reuse ConditionField and get the same checks."""
    segment_schema = Schema.from_dict({"condition": ConditionField(required=True)})()
    bad = {"all": [rule("plan", "exists"), rule("plan", "not_exists")]}
    with pytest.raises(ValidationError) as caught:
        segment_schema.load({"condition": bad})
    assert list(caught.value.messages["condition"]["all"]) == [1]


# --- pages ------------------------------------------------------------------------------


def page_rule(match: str = "equals", value: str = "/home", **extra: Any) -> dict[str, Any]:
    return {"match": match, "value": value, **extra}


def pages_errors(include: list[dict[str, Any]]) -> Any:
    return errors({"pages": {"include": include}})["pages"]["include"]


def test_a_page_rule_looks_at_the_path_by_default():
    assert load({"pages": {"exclude": [page_rule()]}})["pages"]["exclude"] == [page_rule(on="path")]


@pytest.mark.parametrize("match", ["equals", "contains", "starts_with", "glob", "regex"])
@pytest.mark.parametrize("on", ["url", "path"])
def test_every_match_kind_is_accepted_on_url_and_path(match, on):
    assert load({"pages": {"include": [page_rule(match, "/a", on=on)]}})["pages"]["include"]


def test_an_unknown_match_kind_is_named():
    found = pages_errors([page_rule(), page_rule("fuzzy")])
    assert found == {1: {"match": ["Must be one of: equals, contains, starts_with, glob, regex."]}}


def test_an_unknown_subject_is_refused():
    assert pages_errors([page_rule(on="host")]) == {0: {"on": ["Must be one of: path, url."]}}


@pytest.mark.parametrize("value", ["", "x" * 501])
def test_a_page_rule_value_must_be_1_to_500_characters(value):
    assert "value" in pages_errors([page_rule(value=value)])[0]


def test_50_page_rules_are_accepted_and_51_refused():
    assert load({"pages": {"exclude": [page_rule()] * 50}})
    assert errors({"pages": {"exclude": [page_rule()] * 51}}) == {
        "pages": {"exclude": ["Longer than maximum length 50."]}
    }


def test_an_invalid_regex_is_named():
    found = pages_errors([page_rule("regex", "(unclosed")])
    assert found == {
        0: {
            "value": [
                "Not a valid regular expression: missing ), unterminated subpattern at position 0."
            ]
        }
    }


def test_a_python_only_regex_is_refused():
    found = pages_errors([page_rule("regex", r"\A/app")])
    assert found == {0: {"value": ["\\A works only in Python; use ^."]}}


def test_regex_syntax_is_not_checked_for_other_match_kinds():
    assert load({"pages": {"include": [page_rule("contains", "(")]}})


# --- trigger ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "trigger",
    [
        {"type": "page_load"},
        {"type": "manual"},
        {"type": "event", "event": "Report Created: v2.1_beta-x"},
        {"type": "element_click", "selector": "#signup > button.primary"},
    ],
)
def test_every_trigger_type_is_accepted(trigger):
    assert load({"trigger": trigger})["trigger"] == trigger


def test_an_event_trigger_needs_an_event():
    assert errors({"trigger": {"type": "event"}}) == {
        "trigger": {"event": ["Missing data for required field."]}
    }


def test_an_element_click_trigger_needs_a_selector():
    assert errors({"trigger": {"type": "element_click"}}) == {
        "trigger": {"selector": ["Missing data for required field."]}
    }


def test_a_page_load_trigger_refuses_an_event():
    assert errors({"trigger": {"type": "page_load", "event": "x"}}) == {
        "trigger": {"event": ['Not allowed with type "page_load".']}
    }


@pytest.mark.parametrize("event", ["", "x" * 101, "bad/name", "emoji🙂", "line\n"])
def test_an_event_name_must_be_1_to_100_allowed_characters(event):
    assert errors({"trigger": {"type": "event", "event": event}}) == {
        "trigger": {"event": ["Must be 1 to 100 letters, digits, spaces or _ . : - characters."]}
    }


def test_an_event_name_of_100_characters_is_accepted():
    assert load({"trigger": {"type": "event", "event": "e" * 100}})


def test_an_empty_selector_is_refused():
    assert "selector" in errors({"trigger": {"type": "element_click", "selector": ""}})["trigger"]


def test_an_unknown_trigger_type_is_refused():
    assert errors({"trigger": {"type": "hover"}}) == {
        "trigger": {"type": ["Must be one of: page_load, event, element_click, manual."]}
    }


# --- numbers and flags ------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0, 600_000])
def test_delay_bounds_are_accepted(delay):
    assert load({"delay_ms": delay})["delay_ms"] == delay


@pytest.mark.parametrize("delay", [-1, 600_001, 1.5, "10", True])
def test_a_delay_out_of_range_or_not_an_integer_is_refused(delay):
    assert "delay_ms" in errors({"delay_ms": delay})


@pytest.mark.parametrize("priority", [0, 1000])
def test_priority_bounds_are_accepted(priority):
    assert load({"priority": priority})["priority"] == priority


@pytest.mark.parametrize("priority", [-1, 1001, 5.5, False])
def test_a_priority_out_of_range_or_not_an_integer_is_refused(priority):
    assert "priority" in errors({"priority": priority})


@pytest.mark.parametrize("device", ["all", "desktop", "mobile"])
def test_every_device_is_accepted(device):
    assert load({"device": device})["device"] == device


def test_an_unknown_device_is_refused():
    assert errors({"device": "tablet"}) == {"device": ["Must be one of: all, desktop, mobile."]}


@pytest.mark.parametrize("flag", [1, 0, "true", "yes", None])
def test_fatigue_exempt_takes_only_true_or_false(flag):
    assert "fatigue_exempt" in errors({"fatigue_exempt": flag})


# --- frequency --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["once", "until_completed", "every_session", "always"])
def test_every_simple_frequency_is_accepted(kind):
    assert load({"frequency": {"type": kind}})["frequency"] == {"type": kind}


@pytest.mark.parametrize("times", [1, 1000])
def test_max_times_bounds_are_accepted(times):
    frequency = {"type": "max_times", "max_times": times}
    assert load({"frequency": frequency})["frequency"] == frequency


@pytest.mark.parametrize("times", [0, 1001, 2.0, "3", True])
def test_a_bad_max_times_is_refused(times):
    found = errors({"frequency": {"type": "max_times", "max_times": times}})
    assert list(found["frequency"]) == ["max_times"]


def test_max_times_needs_its_count():
    assert errors({"frequency": {"type": "max_times"}}) == {
        "frequency": {"max_times": ["Missing data for required field."]}
    }


def test_a_count_is_refused_for_other_frequencies():
    assert errors({"frequency": {"type": "always", "max_times": 3}}) == {
        "frequency": {"max_times": ['Not allowed with type "always".']}
    }


def test_an_unknown_frequency_is_refused():
    assert list(errors({"frequency": {"type": "hourly"}})["frequency"]) == ["type"]


# --- schedule ---------------------------------------------------------------------------


def test_schedule_bounds_are_stored_as_utc_strings():
    schedule = {"start": "2024-06-01T02:00:00+02:00", "end": "2024-06-30T12:30:00.5-04:00"}
    assert load({"schedule": schedule})["schedule"] == {
        "start": "2024-06-01T00:00:00Z",
        "end": "2024-06-30T16:30:00.500000Z",
    }


def test_an_open_ended_schedule_is_accepted():
    assert load({"schedule": {"start": "2024-06-01T00:00:00Z"}})["schedule"] == {
        "start": "2024-06-01T00:00:00Z",
        "end": None,
    }


@pytest.mark.parametrize("moment", ["2024-06-01T00:00:00", "2024-06-01", "soon", 1717200000])
def test_a_schedule_bound_needs_a_datetime_with_an_offset(moment):
    assert errors({"schedule": {"start": moment}}) == {
        "schedule": {"start": ["Must be an ISO-8601 datetime with an offset or Z."]}
    }


@pytest.mark.parametrize("end", ["2024-06-01T00:00:00Z", "2024-06-01T01:00:00+02:00"])
def test_a_schedule_must_end_after_it_starts(end):
    schedule = {"start": "2024-06-01T00:00:00Z", "end": end}
    assert errors({"schedule": schedule}) == {"schedule": {"end": ["Must be after start."]}}


# --- properties -------------------------------------------------------------------------

SCALARS = st.one_of(st.text(max_size=5), st.integers(), st.floats(allow_nan=False), st.booleans())
NUMERIC_OPS = st.sampled_from(["gt", "gte", "lt", "lte"])


@given(st.text(min_size=1, max_size=64), st.sampled_from(["eq", "neq"]), SCALARS)
def test_any_finite_scalar_is_an_eq_value(trait, op, value):
    finite = not isinstance(value, float) or abs(value) != float("inf")
    audience = rule(trait, op, value)
    if finite:
        assert load({"audience": audience})["audience"] == audience
    else:
        assert "value" in audience_errors(audience)


@given(NUMERIC_OPS, st.integers(-100, 100), NUMERIC_OPS, st.integers(-100, 100))
def test_a_numeric_pair_is_refused_exactly_when_no_number_satisfies_both(op_a, a, op_b, b):
    satisfiable = any(
        _compare(op_a, x / 2, a) and _compare(op_b, x / 2, b) for x in range(-202, 203)
    )
    audience = {"all": [rule("n", op_a, a), rule("n", op_b, b)]}
    try:
        load({"audience": audience})
    except ValidationError:
        assert not satisfiable
    else:
        assert satisfiable


def _compare(op: str, x: float, bound: int) -> bool:
    return {"gt": x > bound, "gte": x >= bound, "lt": x < bound, "lte": x <= bound}[op]
