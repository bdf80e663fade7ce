"""The server-side targeting evaluator: audiences, segments, schedule, frequency, fatigue."""

from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidewell.services.targeting import (
    audience_problems,
    fatigue_allows,
    frequency_allows,
    in_schedule,
    matches,
    parse_instant,
)

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


def rule(trait: str, op: str, value: Any = None) -> dict[str, Any]:
    condition = {"trait": trait, "op": op}
    if op not in ("exists", "not_exists"):
        condition["value"] = value
    return condition


def no_segments(segment_id: int) -> None:
    return None


def check(condition: dict[str, Any] | None, traits: dict[str, Any], **kwargs: Any) -> bool:
    kwargs.setdefault("segment_lookup", no_segments)
    return matches(condition, traits, now=kwargs.pop("now", NOW), **kwargs)


# --- eq / neq ---------------------------------------------------------------------------


def test_eq_matches_an_equal_string():
    assert check(rule("plan", "eq", "pro"), {"plan": "pro"})


def test_eq_is_case_sensitive():
    assert not check(rule("plan", "eq", "pro"), {"plan": "Pro"})


def test_eq_does_not_match_a_different_value():
    assert not check(rule("plan", "eq", "pro"), {"plan": "free"})


def test_eq_treats_int_and_float_alike():
    assert check(rule("seats", "eq", 1), {"seats": 1.0})


@pytest.mark.parametrize(("trait", "value"), [(True, 1), (1, True), (False, 0), (0, False)])
def test_eq_never_equates_a_boolean_with_a_number(trait, value):
    assert not check(rule("flag", "eq", value), {"flag": trait})


def test_eq_matches_booleans():
    assert check(rule("beta", "eq", True), {"beta": True})


def test_eq_does_not_coerce_strings_to_numbers():
    assert not check(rule("seats", "eq", 5), {"seats": "5"})


def test_eq_on_a_list_trait_means_has_that_element():
    assert check(rule("roles", "eq", "admin"), {"roles": ["viewer", "admin"]})


def test_eq_on_a_list_trait_without_the_element_is_false():
    assert not check(rule("roles", "eq", "admin"), {"roles": ["viewer"]})


def test_eq_on_an_object_trait_is_false():
    assert not check(rule("plan", "eq", "pro"), {"plan": {"name": "pro"}})


@pytest.mark.parametrize("traits", [{}, {"plan": None}])
def test_eq_is_false_for_a_missing_trait(traits):
    assert not check(rule("plan", "eq", "pro"), traits)


def test_neq_matches_a_different_value():
    assert check(rule("plan", "neq", "pro"), {"plan": "free"})


def test_neq_does_not_match_an_equal_value():
    assert not check(rule("plan", "neq", "pro"), {"plan": "pro"})


@pytest.mark.parametrize("traits", [{}, {"plan": None}])
def test_neq_is_true_for_a_missing_trait(traits):
    assert check(rule("plan", "neq", "pro"), traits)


def test_neq_on_a_list_trait_holding_the_element_is_false():
    assert not check(rule("roles", "neq", "admin"), {"roles": ["admin"]})


def test_neq_is_true_for_a_value_of_another_type():
    assert check(rule("seats", "neq", 5), {"seats": "5"})


# --- contains / starts_with -------------------------------------------------------------


def test_contains_finds_a_substring_ignoring_case():
    assert check(rule("email", "contains", "ACME"), {"email": "jo@acme.io"})


def test_contains_is_false_without_the_substring():
    assert not check(rule("email", "contains", "acme"), {"email": "jo@example.com"})


def test_contains_on_a_list_trait_matches_an_element_ignoring_case():
    assert check(rule("tags", "contains", "beta"), {"tags": ["VIP", "Beta"]})


def test_contains_on_a_list_trait_does_not_match_part_of_an_element():
    assert not check(rule("tags", "contains", "beta"), {"tags": ["beta-tester"]})


def test_contains_on_a_number_trait_is_false():
    assert not check(rule("seats", "contains", "1"), {"seats": 10})


def test_contains_is_false_for_a_missing_trait():
    assert not check(rule("email", "contains", "acme"), {})


def test_starts_with_matches_a_prefix_ignoring_case():
    assert check(rule("country", "starts_with", "new"), {"country": "New Zealand"})


def test_starts_with_does_not_match_elsewhere_in_the_string():
    assert not check(rule("country", "starts_with", "zealand"), {"country": "New Zealand"})


@pytest.mark.parametrize("trait", [10, ["new"], True])
def test_starts_with_on_a_non_string_trait_is_false(trait):
    assert not check(rule("country", "starts_with", "1"), {"country": trait})


def test_starts_with_is_false_for_a_missing_trait():
    assert not check(rule("country", "starts_with", "new"), {"country": None})


# --- numeric comparisons ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "trait", "value", "expected"),
    [
        ("gt", 11, 10, True),
        ("gt", 10, 10, False),
        ("gt", 9.5, 10, False),
        ("gte", 10, 10, True),
        ("gte", 10.5, 10, True),
        ("gte", 9, 10, False),
        ("lt", 9, 10, True),
        ("lt", 10, 10, False),
        ("lt", 10.5, 10, False),
        ("lte", 10, 10, True),
        ("lte", 10.0, 10.5, True),
        ("lte", 11, 10, False),
    ],
)
def test_numeric_comparison(op, trait, value, expected):
    assert check(rule("age", op, value), {"age": trait}) is expected


@pytest.mark.parametrize("op", ["gt", "gte", "lt", "lte"])
@pytest.mark.parametrize("trait", ["10", True, False, [10], {"n": 10}])
def test_numeric_comparison_of_a_non_number_trait_is_false(op, trait):
    assert not check(rule("age", op, 10 if op in ("gte", "lte") else 5), {"age": trait})


@pytest.mark.parametrize("op", ["gt", "gte", "lt", "lte"])
def test_numeric_comparison_of_a_missing_trait_is_false(op):
    assert not check(rule("age", op, 0), {})


# --- exists / not_exists ----------------------------------------------------------------


@pytest.mark.parametrize("trait", ["x", "", 0, False, [], {}])
def test_exists_holds_for_any_present_value_even_falsy(trait):
    assert check(rule("plan", "exists"), {"plan": trait})


@pytest.mark.parametrize("traits", [{}, {"plan": None}])
def test_exists_is_false_for_a_missing_or_null_trait(traits):
    assert not check(rule("plan", "exists"), traits)


@pytest.mark.parametrize("traits", [{}, {"plan": None}])
def test_not_exists_holds_for_a_missing_or_null_trait(traits):
    assert check(rule("plan", "not_exists"), traits)


def test_not_exists_is_false_for_a_present_trait():
    assert not check(rule("plan", "not_exists"), {"plan": ""})


# --- in ---------------------------------------------------------------------------------


def test_in_matches_a_scalar_in_the_list():
    assert check(rule("plan", "in", ["pro", "team"]), {"plan": "team"})


def test_in_is_false_for_a_scalar_not_in_the_list():
    assert not check(rule("plan", "in", ["pro", "team"]), {"plan": "free"})


def test_in_is_case_sensitive():
    assert not check(rule("plan", "in", ["pro"]), {"plan": "PRO"})


def test_in_matches_a_list_trait_sharing_an_item():
    assert check(rule("roles", "in", ["owner", "admin"]), {"roles": ["viewer", "admin"]})


def test_in_is_false_for_a_list_trait_sharing_nothing():
    assert not check(rule("roles", "in", ["owner"]), {"roles": ["viewer", "admin"]})


def test_in_does_not_equate_true_with_one():
    assert not check(rule("flag", "in", [1, 2]), {"flag": True})


def test_in_is_false_for_a_missing_trait():
    assert not check(rule("plan", "in", ["pro"]), {})


# --- before / after ---------------------------------------------------------------------


def test_before_compares_datetime_instants():
    assert check(
        rule("signed_up", "before", "2024-06-01T00:00:00Z"), {"signed_up": "2024-05-31T23:59:59Z"}
    )


def test_after_compares_datetime_instants():
    assert check(
        rule("signed_up", "after", "2024-06-01T00:00:00Z"), {"signed_up": "2024-06-01T00:00:01Z"}
    )


@pytest.mark.parametrize("op", ["before", "after"])
def test_an_equal_instant_is_neither_before_nor_after(op):
    at = "2024-06-01T00:00:00Z"
    assert not check(rule("signed_up", op, at), {"signed_up": at})


def test_trait_offsets_are_compared_in_utc():
    # 01:00 at +02:00 is 23:00 UTC the day before.
    trait = {"signed_up": "2024-06-01T01:00:00+02:00"}
    assert check(rule("signed_up", "before", "2024-06-01T00:00:00Z"), trait)


def test_a_naive_trait_datetime_is_utc():
    assert check(
        rule("signed_up", "before", "2024-06-01T00:00:00+00:00"),
        {"signed_up": "2024-05-31T23:00:00"},
    )


def test_after_a_date_value_starts_on_the_next_utc_day():
    assert not check(
        rule("signed_up", "after", "2024-06-01"), {"signed_up": "2024-06-01T23:00:00Z"}
    )


def test_after_a_date_value_holds_the_next_day():
    assert check(rule("signed_up", "after", "2024-06-01"), {"signed_up": "2024-06-02T00:00:00Z"})


def test_before_a_date_value_holds_on_the_previous_day():
    assert check(rule("signed_up", "before", "2024-06-01"), {"signed_up": "2024-05-31T23:59:59Z"})


def test_before_a_date_value_is_false_on_that_day():
    assert not check(
        rule("signed_up", "before", "2024-06-01"), {"signed_up": "2024-06-01T00:00:00Z"}
    )


def test_a_date_only_trait_is_compared_with_a_datetime_value_as_midnight_utc():
    assert check(rule("birthday", "before", "2024-06-01T00:00:01Z"), {"birthday": "2024-06-01"})


def test_a_number_trait_is_epoch_seconds():
    epoch = datetime(2024, 6, 1, tzinfo=UTC).timestamp()
    assert check(rule("signed_up", "after", "2024-05-31T23:59:59Z"), {"signed_up": epoch})


def test_a_number_trait_above_1e11_is_epoch_milliseconds():
    epoch_ms = datetime(2024, 6, 1, tzinfo=UTC).timestamp() * 1000
    assert check(rule("signed_up", "before", "2024-06-01T00:00:01Z"), {"signed_up": epoch_ms})


def test_after_days_ago_holds_for_a_recent_trait():
    recent = (NOW - timedelta(days=6)).isoformat()
    assert check(rule("signed_up", "after", {"days_ago": 7}), {"signed_up": recent})


def test_after_days_ago_is_false_for_an_older_trait():
    older = (NOW - timedelta(days=8)).isoformat()
    assert not check(rule("signed_up", "after", {"days_ago": 7}), {"signed_up": older})


def test_days_ago_is_relative_to_now():
    trait = {"signed_up": "2024-06-10T00:00:00Z"}
    condition = rule("signed_up", "before", {"days_ago": 7})
    assert not check(condition, trait, now=NOW)
    assert check(condition, trait, now=NOW + timedelta(days=30))


def test_zero_days_ago_is_now():
    assert check(
        rule("seen", "before", {"days_ago": 0}), {"seen": (NOW - timedelta(seconds=1)).isoformat()}
    )


@pytest.mark.parametrize("trait", ["yesterday", "", True, [], {"at": 1}, float("nan"), 1e300])
@pytest.mark.parametrize("op", ["before", "after"])
def test_an_unreadable_date_trait_is_false(op, trait):
    assert not check(rule("signed_up", op, "2024-06-01"), {"signed_up": trait})


@pytest.mark.parametrize("op", ["before", "after"])
def test_a_missing_date_trait_is_false(op):
    assert not check(rule("signed_up", op, {"days_ago": 1}), {})


def test_parse_instant_reads_an_offset_string_as_utc():
    assert parse_instant("2024-06-01T02:00:00+02:00") == datetime(2024, 6, 1, tzinfo=UTC)


# --- groups -----------------------------------------------------------------------------

PRO = rule("plan", "eq", "pro")
ADMIN = rule("role", "eq", "admin")


def test_all_holds_when_every_child_holds():
    assert check({"all": [PRO, ADMIN]}, {"plan": "pro", "role": "admin"})


def test_all_is_false_when_one_child_fails():
    assert not check({"all": [PRO, ADMIN]}, {"plan": "pro", "role": "viewer"})


def test_any_holds_when_one_child_holds():
    assert check({"any": [PRO, ADMIN]}, {"plan": "free", "role": "admin"})


def test_any_is_false_when_no_child_holds():
    assert not check({"any": [PRO, ADMIN]}, {"plan": "free", "role": "viewer"})


def test_groups_nest():
    condition = {"all": [PRO, {"any": [ADMIN, rule("seats", "gte", 10)]}]}
    assert check(condition, {"plan": "pro", "role": "viewer", "seats": 12})
    assert not check(condition, {"plan": "pro", "role": "viewer", "seats": 3})


def test_no_audience_matches_everyone():
    assert check(None, {})


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        matches(PRO, {"plan": "pro"}, now=datetime(2024, 6, 15), segment_lookup=no_segments)


def test_an_unknown_operator_is_refused_even_for_a_missing_trait():
    with pytest.raises(ValueError, match="like"):
        check(rule("plan", "like", "pro"), {})


# --- segments ---------------------------------------------------------------------------


def lookup(segments: dict[int, dict[str, Any]]):
    return segments.get


def test_a_segment_matches_by_its_saved_condition():
    assert check({"segment": 1}, {"plan": "pro"}, segment_lookup=lookup({1: PRO}))


def test_a_segment_does_not_match_when_its_condition_fails():
    assert not check({"segment": 1}, {"plan": "free"}, segment_lookup=lookup({1: PRO}))


def test_an_unknown_segment_matches_nobody():
    assert not check({"segment": 99}, {"plan": "pro"}, segment_lookup=lookup({1: PRO}))


def test_a_segment_may_refer_to_another_segment():
    segments = lookup({1: {"all": [{"segment": 2}, ADMIN]}, 2: PRO})
    assert check({"segment": 1}, {"plan": "pro", "role": "admin"}, segment_lookup=segments)


def test_a_segment_that_refers_to_itself_through_others_is_false_and_terminates():
    segments = lookup({1: {"all": [{"segment": 2}]}, 2: {"all": [{"segment": 1}]}})
    assert not check({"segment": 1}, {}, segment_lookup=segments)


def test_a_cycle_in_one_branch_does_not_hide_another_branch():
    segments = lookup({1: {"any": [{"segment": 1}, PRO]}})
    assert check({"segment": 1}, {"plan": "pro"}, segment_lookup=segments)


def test_a_segment_used_twice_side_by_side_is_not_a_cycle():
    segments = lookup({1: PRO})
    assert check(
        {"all": [{"segment": 1}, {"segment": 1}]}, {"plan": "pro"}, segment_lookup=segments
    )


@pytest.mark.parametrize("entry", [1, 2])
def test_a_cycle_gives_the_same_answer_whichever_segment_is_entered(entry):
    segments = lookup({1: {"all": [{"segment": 2}, PRO]}, 2: {"any": [{"segment": 1}, ADMIN]}})
    traits = {"plan": "pro", "role": "admin"}
    assert check({"segment": entry}, traits, segment_lookup=segments)


# --- schedule ---------------------------------------------------------------------------


def schedule(start: str | None = None, end: str | None = None) -> dict[str, str | None]:
    return {"start": start, "end": end}


def test_an_open_schedule_always_holds():
    assert in_schedule(schedule(), NOW)


def test_a_schedule_is_closed_before_its_start():
    assert not in_schedule(schedule(start="2024-06-15T12:00:01Z"), NOW)


def test_a_schedule_start_is_inclusive():
    assert in_schedule(schedule(start="2024-06-15T12:00:00Z"), NOW)


def test_a_schedule_end_is_exclusive():
    assert not in_schedule(schedule(end="2024-06-15T12:00:00Z"), NOW)


def test_a_schedule_is_open_just_before_its_end():
    assert in_schedule(schedule(end="2024-06-15T12:00:00.000001Z"), NOW)


def test_a_schedule_compares_instants_across_offsets():
    # 14:00 at +02:00 is NOW.
    assert in_schedule(schedule(start="2024-06-15T14:00:00+02:00"), NOW)


def test_a_schedule_accepts_now_in_any_offset():
    now = NOW.astimezone(timezone(timedelta(hours=-5)))
    assert not in_schedule(schedule(end="2024-06-15T12:00:00Z"), now)


def test_a_schedule_refuses_a_naive_now():
    with pytest.raises(ValueError, match="timezone-aware"):
        in_schedule(schedule(), datetime(2024, 6, 15))


# --- frequency --------------------------------------------------------------------------


def progress(status: str, times_shown: int = 1) -> dict[str, Any]:
    return {"status": status, "times_shown": times_shown}


ONCE = {"type": "once"}
UNTIL_COMPLETED = {"type": "until_completed"}
THREE_TIMES = {"type": "max_times", "max_times": 3}


@pytest.mark.parametrize(
    ("frequency", "state", "expected"),
    [
        (ONCE, None, True),
        (ONCE, progress("shown"), True),
        (ONCE, progress("in_progress"), True),
        (ONCE, progress("completed"), False),
        (ONCE, progress("dismissed"), False),
        (UNTIL_COMPLETED, None, True),
        (UNTIL_COMPLETED, progress("shown", 5), True),
        (UNTIL_COMPLETED, progress("in_progress"), True),
        (UNTIL_COMPLETED, progress("dismissed", 5), True),
        (UNTIL_COMPLETED, progress("completed"), False),
        (THREE_TIMES, None, True),
        (THREE_TIMES, progress("dismissed", 2), True),
        (THREE_TIMES, progress("dismissed", 3), False),
        (THREE_TIMES, progress("completed", 3), False),
        (THREE_TIMES, progress("in_progress", 3), True),
        (THREE_TIMES, progress("shown", 7), True),
    ],
)
def test_frequency(frequency, state, expected):
    assert frequency_allows(frequency, state) is expected


@pytest.mark.parametrize("kind", ["every_session", "always"])
@pytest.mark.parametrize("state", [None, progress("completed", 50), progress("dismissed", 50)])
def test_every_session_and_always_are_always_allowed(kind, state):
    assert frequency_allows({"type": kind}, state)


def test_frequency_reads_a_progress_object():
    row = SimpleNamespace(status="completed", times_shown=1)
    assert not frequency_allows(ONCE, row)


def test_an_unknown_frequency_type_is_refused():
    with pytest.raises(ValueError, match="hourly"):
        frequency_allows({"type": "hourly"}, None)


# --- fatigue ----------------------------------------------------------------------------


def hours_ago(*hours: float) -> list[datetime]:
    return [NOW - timedelta(hours=h) for h in hours]


@pytest.mark.parametrize("budget", [None, {}, {"max_per_day": None, "min_hours_between": None}])
def test_no_budget_allows_everything(budget):
    assert fatigue_allows(budget, hours_ago(0, 0, 0), NOW)


def test_max_per_day_allows_shows_under_the_limit():
    assert fatigue_allows({"max_per_day": 2}, hours_ago(1), NOW)


def test_max_per_day_blocks_at_the_limit():
    assert not fatigue_allows({"max_per_day": 2}, hours_ago(1, 5), NOW)


def test_max_per_day_ignores_shows_older_than_24_hours():
    assert fatigue_allows({"max_per_day": 2}, hours_ago(1, 25, 30), NOW)


def test_max_per_day_stops_counting_a_show_exactly_24_hours_old():
    assert fatigue_allows({"max_per_day": 1}, hours_ago(24), NOW)


def test_max_per_day_counts_a_show_just_under_24_hours_old():
    assert not fatigue_allows({"max_per_day": 1}, hours_ago(23.999), NOW)


def test_max_per_day_of_zero_blocks_every_blocking_guide():
    assert not fatigue_allows({"max_per_day": 0}, [], NOW)


def test_min_hours_between_blocks_a_show_too_soon():
    assert not fatigue_allows({"min_hours_between": 4}, hours_ago(3.5, 10), NOW)


def test_min_hours_between_allows_a_show_after_the_gap():
    assert fatigue_allows({"min_hours_between": 4}, hours_ago(10, 4.5), NOW)


def test_min_hours_between_allows_a_show_exactly_at_the_gap():
    assert fatigue_allows({"min_hours_between": 4}, hours_ago(4), NOW)


def test_min_hours_between_allows_the_first_show():
    assert fatigue_allows({"min_hours_between": 4}, [], NOW)


def test_both_limits_must_hold():
    budget = {"max_per_day": 3, "min_hours_between": 2}
    assert not fatigue_allows(budget, hours_ago(1), NOW)
    assert not fatigue_allows(budget, hours_ago(3, 6, 9), NOW)
    assert fatigue_allows(budget, hours_ago(3, 6), NOW)


def test_fatigue_refuses_naive_show_times():
    with pytest.raises(ValueError, match="timezone-aware"):
        fatigue_allows({"max_per_day": 1}, [datetime(2024, 6, 15)], NOW)


# --- contradictions ---------------------------------------------------------------------


def problems_of(*rules: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    return audience_problems({"all": list(rules)})


def test_eq_with_two_values_is_impossible():
    assert problems_of(PRO, rule("plan", "eq", "free")) == [
        (("all", 1), 'Contradicts all[0]: "plan" cannot equal both "pro" and "free".')
    ]


def test_eq_with_equal_numbers_is_possible():
    assert problems_of(rule("seats", "eq", 1), rule("seats", "eq", 1.0)) == []


def test_eq_true_and_eq_one_is_impossible():
    assert problems_of(rule("flag", "eq", True), rule("flag", "eq", 1)) != []


def test_eq_with_not_exists_is_impossible():
    assert problems_of(rule("plan", "not_exists"), PRO) == [
        (("all", 1), 'Contradicts all[0]: "plan" cannot both be missing and match "eq".')
    ]


def test_exists_with_not_exists_is_impossible():
    assert problems_of(rule("plan", "exists"), rule("plan", "not_exists")) == [
        (("all", 1), 'Contradicts all[0]: "plan" cannot both be missing and match "exists".')
    ]


def test_neq_with_not_exists_is_possible():
    assert problems_of(rule("plan", "neq", "pro"), rule("plan", "not_exists")) == []


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (("gt", 10), ("lt", 5), '"age" cannot be > 10 and < 5'),
        (("gte", 5), ("lt", 5), '"age" cannot be >= 5 and < 5'),
        (("gt", 5), ("lte", 5), '"age" cannot be > 5 and <= 5'),
        (("lt", 5), ("gt", 5), '"age" cannot be < 5 and > 5'),
        (("eq", 3), ("gt", 5), '"age" cannot be = 3 and > 5'),
        (("lte", 2.5), ("eq", 3), '"age" cannot be <= 2.5 and = 3'),
    ],
)
def test_an_empty_numeric_range_is_impossible(first, second, message):
    found = problems_of(rule("age", *first), rule("age", *second))
    assert found == [(("all", 1), f"Contradicts all[0]: {message}.")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("gte", 5), ("lte", 5)),
        (("gt", 5), ("lt", 6)),
        (("eq", 5), ("gte", 5)),
        (("gt", 5), ("gt", 9)),
    ],
)
def test_a_non_empty_numeric_range_is_possible(first, second):
    assert problems_of(rule("age", *first), rule("age", *second)) == []


def test_rules_on_different_traits_never_contradict():
    assert problems_of(PRO, rule("tier", "eq", "free"), rule("plan", "exists")) == []


def test_rules_under_any_do_not_contradict_each_other():
    assert audience_problems({"any": [PRO, rule("plan", "eq", "free")]}) == []


def test_rules_in_a_nested_all_contradict_their_parent_group():
    condition = {"all": [PRO, {"all": [ADMIN, rule("plan", "eq", "free")]}]}
    assert audience_problems(condition) == [
        (("all", 1, "all", 1), 'Contradicts all[0]: "plan" cannot equal both "pro" and "free".')
    ]


def test_an_all_group_inside_any_is_checked_on_its_own():
    condition = {"any": [PRO, {"all": [rule("age", "gt", 10), rule("age", "lt", 5)]}]}
    assert [path for path, _ in audience_problems(condition)] == [("any", 1, "all", 1)]


def test_each_rule_is_reported_once():
    found = problems_of(PRO, rule("plan", "eq", "free"), rule("plan", "eq", "team"))
    assert [path for path, _ in found] == [("all", 1), ("all", 2)]


def test_a_lone_rule_or_no_audience_has_no_problems():
    assert audience_problems(PRO) == []
    assert audience_problems(None) == []


# --- properties of the condition algebra ------------------------------------------------

KEYS = ("a", "b", "c")
SCALARS = st.one_of(
    st.text(alphabet="abAB", max_size=3),
    st.integers(-3, 3),
    st.sampled_from([0.5, 1.0, 2.5]),
    st.booleans(),
)
NUMBERS = st.one_of(st.integers(-3, 3), st.sampled_from([0.5, 1.0, 2.5]))
INSTANTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1))
DATE_TEXTS = st.one_of(
    INSTANTS.map(lambda moment: moment.replace(tzinfo=UTC).isoformat()),
    INSTANTS.map(lambda moment: moment.date().isoformat()),
)
TRAIT_VALUES = st.one_of(st.none(), SCALARS, st.lists(SCALARS, max_size=3), DATE_TEXTS)
TRAITS = st.dictionaries(st.sampled_from(KEYS), TRAIT_VALUES)


def rules_with(ops: tuple[str, ...], values: st.SearchStrategy) -> st.SearchStrategy:
    return st.builds(rule, st.sampled_from(KEYS), st.sampled_from(ops), values)


RULES = st.one_of(
    rules_with(("eq", "neq"), SCALARS),
    rules_with(("contains", "starts_with"), st.text(alphabet="abAB", min_size=1, max_size=2)),
    rules_with(("gt", "gte", "lt", "lte"), NUMBERS),
    rules_with(("exists", "not_exists"), st.none()),
    rules_with(("in",), st.lists(SCALARS, min_size=1, max_size=3)),
    rules_with(
        ("before", "after"),
        st.one_of(DATE_TEXTS, st.builds(dict, days_ago=st.integers(0, 3000))),
    ),
)
CONDITIONS = st.recursive(
    RULES,
    lambda children: st.one_of(
        st.builds(dict, all=st.lists(children, min_size=1, max_size=3)),
        st.builds(dict, any=st.lists(children, min_size=1, max_size=3)),
    ),
    max_leaves=8,
)


@given(CONDITIONS, TRAITS)
def test_any_of_one_condition_is_that_condition(condition, traits):
    assert check({"any": [condition]}, traits) == check(condition, traits)


@given(CONDITIONS, TRAITS)
def test_all_of_one_condition_is_that_condition(condition, traits):
    assert check({"all": [condition]}, traits) == check(condition, traits)


SHUFFLED_CHILDREN = st.lists(CONDITIONS, min_size=1, max_size=4).flatmap(
    lambda children: st.tuples(st.just(children), st.permutations(children))
)


@given(SHUFFLED_CHILDREN, TRAITS)
def test_all_and_any_ignore_the_order_of_children(orders, traits):
    first, second = orders
    assert check({"all": first}, traits) == check({"all": second}, traits)
    assert check({"any": first}, traits) == check({"any": second}, traits)


@given(CONDITIONS, CONDITIONS, TRAITS)
def test_all_implies_any(a, b, traits):
    if check({"all": [a, b]}, traits):
        assert check({"any": [a, b]}, traits)


@given(CONDITIONS, CONDITIONS, CONDITIONS, TRAITS)
def test_nested_groups_of_the_same_kind_flatten(a, b, c, traits):
    assert check({"all": [{"all": [a, b]}, c]}, traits) == check({"all": [a, b, c]}, traits)
    assert check({"any": [{"any": [a, b]}, c]}, traits) == check({"any": [a, b, c]}, traits)


@given(st.sampled_from(KEYS), TRAITS)
def test_exists_and_not_exists_are_complements(key, traits):
    assert check(rule(key, "exists"), traits) != check(rule(key, "not_exists"), traits)


@given(st.sampled_from(KEYS), SCALARS, TRAITS)
def test_eq_and_neq_are_complements_when_the_trait_exists(key, value, traits):
    if traits.get(key) is not None:
        assert check(rule(key, "eq", value), traits) != check(rule(key, "neq", value), traits)


@given(st.sampled_from(KEYS), NUMBERS, TRAITS)
def test_gt_and_lte_are_complements_for_number_traits(key, value, traits):
    if isinstance(traits.get(key), int | float) and not isinstance(traits[key], bool):
        assert check(rule(key, "gt", value), traits) != check(rule(key, "lte", value), traits)


@given(st.sampled_from(KEYS), SCALARS, TRAITS)
def test_in_of_one_value_is_eq(key, value, traits):
    assert check(rule(key, "in", [value]), traits) == check(rule(key, "eq", value), traits)


@given(st.sampled_from(KEYS), DATE_TEXTS, TRAITS)
def test_nothing_is_both_before_and_after_one_value(key, value, traits):
    assert not (
        check(rule(key, "before", value), traits) and check(rule(key, "after", value), traits)
    )


@given(CONDITIONS, TRAITS)
def test_a_segment_matches_exactly_like_its_condition(condition, traits):
    assert check({"segment": 7}, traits, segment_lookup=lookup({7: condition})) == check(
        condition, traits
    )


SCALAR_TRAITS = st.dictionaries(st.sampled_from(KEYS), st.one_of(st.none(), SCALARS))


@given(st.lists(RULES, min_size=2, max_size=4), SCALAR_TRAITS)
def test_an_audience_with_problems_matches_no_scalar_traits(rules, traits):
    """Contradictions are sound; only list traits could satisfy two eq rules at once."""
    audience = {"all": rules}
    if audience_problems(audience):
        assert not check(audience, traits)
