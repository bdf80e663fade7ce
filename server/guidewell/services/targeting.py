"""Server-side targeting: who may see a flow, when, and how often.

Pure functions over plain data — a flow's stored ``targeting`` JSON, a user's traits, a
progress row — so the API, the CLI and the benchmarks can all call them. Every datetime
argument must be timezone-aware (a naive one raises ``ValueError``); results are UTC.

Public API
----------
``matches(condition, traits, *, now, segment_lookup) -> bool``
    Is a user with ``traits`` in the audience ``condition``? ``None`` means everyone.
    ``segment_lookup(segment_id)`` returns a saved segment's condition, or ``None`` for an
    unknown or deleted segment, which matches nobody. It may be called several times for
    one segment, so pass something cheap (e.g. ``segments.get`` on a preloaded dict).
``in_schedule(schedule, now) -> bool``
    Is ``now`` within ``[start, end)``? A ``None`` bound is open.
``frequency_allows(frequency, progress) -> bool``
    May the flow show again, given the user's progress row (``None`` = never shown)?
``fatigue_allows(budget, recent_blocking_shows, now) -> bool``
    Does the project's fatigue budget leave room for one more blocking guide? The caller
    skips it for flows with ``fatigue_exempt``.
``audience_problems(condition) -> list[(path, message)]``
    Contradictions that make an audience match nobody; the schema rejects them at save.
``parse_instant(value) -> datetime | None`` and ``parse_date_value(text) -> date | datetime | None``
    The date parsing that ``before``/``after`` use, shared with the schema.

Conditions
----------
``{"all": [...]}`` holds when every child holds, ``{"any": [...]}`` when one does.
``{"segment": id}`` holds when the saved segment's condition does. A reference back into a
segment that is already being evaluated counts as false, so cycles terminate; as conditions
have no negation above the rules, this gives the same answer whichever segment is entered
first.

``{"trait": key, "op": op, "value": value}`` over ``traits[key]``. A trait that is absent or
null is *missing*; every operator except ``neq`` and ``not_exists`` is false for it.

- ``eq``: exact equality, case-sensitive; ``1 == 1.0`` but ``true != 1``. On a list trait it
  means "has that element". ``neq`` is ``not eq``.
- ``contains``: string trait: case-insensitive substring. List trait: has an element equal
  to the value, strings compared case-insensitively.
- ``starts_with``: case-insensitive prefix of a string trait.
- ``gt``, ``gte``, ``lt``, ``lte``: the trait must be a number (not a boolean).
- ``exists``: present and not null; ``not_exists`` is its complement.
- ``in``: the value is a list; a scalar trait equal (as ``eq``) to one of its items, or a list
  trait sharing an item with it.
- ``before``, ``after``: strict comparison of the trait, read as an instant (an ISO-8601
  date or datetime string, or epoch seconds; numbers above 1e11 are epoch milliseconds;
  naive means UTC), with the value: an ISO-8601 datetime (compared as instants), an
  ISO-8601 date (compared by UTC calendar day, so ``after 2024-05-01`` starts on May 2) or
  ``{"days_ago": n}`` (the instant ``now - n days``). An unreadable trait is false.
"""

import functools
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple, Protocol

Condition = Mapping[str, Any]
SegmentLookup = Callable[[int], Condition | None]
Path = tuple[str | int, ...]
Problem = tuple[Path, str]

OPERATORS = (
    "eq",
    "neq",
    "contains",
    "starts_with",
    "gt",
    "gte",
    "lt",
    "lte",
    "exists",
    "not_exists",
    "in",
    "before",
    "after",
)
FREQUENCY_TYPES = ("once", "until_completed", "every_session", "always", "max_times")

# Numbers above this are epoch milliseconds: 1e11 seconds is the year 5138.
EPOCH_MS_THRESHOLD = 1e11

_TRUE_WHEN_MISSING = frozenset({"neq", "not_exists"})
_DATE_OPERATORS = frozenset({"before", "after"})
_FINISHED = frozenset({"completed", "dismissed"})
_DAY = timedelta(days=1)


class ProgressLike(Protocol):
    status: str
    times_shown: int


# --- audience ---------------------------------------------------------------------------


def matches(
    condition: Condition | None,
    traits: Mapping[str, Any],
    *,
    now: datetime,
    segment_lookup: SegmentLookup,
) -> bool:
    """Whether a user with ``traits`` belongs to the audience ``condition``."""
    if condition is None:
        return True
    return _Evaluation(traits, _utc(now), segment_lookup).holds(condition, frozenset())


@dataclass(frozen=True)
class _Evaluation:
    traits: Mapping[str, Any]
    now: datetime
    segment_lookup: SegmentLookup

    def holds(self, condition: Condition, open_segments: frozenset[int]) -> bool:
        if "all" in condition:
            return all(self.holds(child, open_segments) for child in condition["all"])
        if "any" in condition:
            return any(self.holds(child, open_segments) for child in condition["any"])
        if "segment" in condition:
            return self._in_segment(condition["segment"], open_segments)
        return _rule_holds(condition, self.traits.get(condition["trait"]), self.now)

    def _in_segment(self, segment_id: int, open_segments: frozenset[int]) -> bool:
        if segment_id in open_segments:
            return False  # a cycle back into a segment being evaluated
        definition = self.segment_lookup(segment_id)
        return definition is not None and self.holds(definition, open_segments | {segment_id})


def _rule_holds(rule: Condition, trait: Any, now: datetime) -> bool:
    op = rule["op"]
    if op not in OPERATORS:
        raise ValueError(f"Unknown operator: {op!r}")
    if trait is None:
        return op in _TRUE_WHEN_MISSING
    if op in _DATE_OPERATORS:
        return _date_holds(op, trait, rule["value"], now)
    return _OPERATIONS[op](trait, rule.get("value"))


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but a boolean only ever equals a boolean."""
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def _items(trait: Any) -> list[Any]:
    return trait if isinstance(trait, list) else [trait]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _eq(trait: Any, value: Any) -> bool:
    return any(_same(item, value) for item in _items(trait))


def _contains(trait: Any, value: str) -> bool:
    needle = value.casefold()
    if isinstance(trait, str):
        return needle in trait.casefold()
    return isinstance(trait, list) and any(
        isinstance(item, str) and item.casefold() == needle for item in trait
    )


def _starts_with(trait: Any, value: str) -> bool:
    return isinstance(trait, str) and trait.casefold().startswith(value.casefold())


def _in(trait: Any, values: Sequence[Any]) -> bool:
    return any(_same(item, value) for item in _items(trait) for value in values)


def _numeric(compare: Callable[[float, float], bool]) -> Callable[[Any, Any], bool]:
    return lambda trait, value: _is_number(trait) and compare(trait, value)


# The trait is known to be present here; date operators need `now` and live apart.
_OPERATIONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": _eq,
    "neq": lambda trait, value: not _eq(trait, value),
    "contains": _contains,
    "starts_with": _starts_with,
    "gt": _numeric(lambda trait, value: trait > value),
    "gte": _numeric(lambda trait, value: trait >= value),
    "lt": _numeric(lambda trait, value: trait < value),
    "lte": _numeric(lambda trait, value: trait <= value),
    "exists": lambda trait, value: True,
    "not_exists": lambda trait, value: False,
    "in": _in,
}


def _date_holds(op: str, trait: Any, value: Any, now: datetime) -> bool:
    moment = parse_instant(trait)
    if moment is None:
        return False
    bound = _date_bound(value, now)
    # A date-only bound compares UTC calendar days (datetime is a subclass of date).
    subject: date = moment if isinstance(bound, datetime) else moment.date()
    return subject < bound if op == "before" else subject > bound


def _date_bound(value: str | Mapping[str, int], now: datetime) -> date | datetime:
    if isinstance(value, Mapping):
        return now - timedelta(days=value["days_ago"])
    bound = parse_date_value(value)
    if bound is None:
        raise ValueError(f"Not an ISO-8601 date or datetime: {value!r}")
    return bound


def parse_instant(value: Any) -> datetime | None:
    """A trait as a UTC instant: an ISO-8601 date/datetime string or epoch (milli)seconds."""
    if isinstance(value, str):
        try:
            return _as_utc(datetime.fromisoformat(value))
        except ValueError:
            return None
    if not _is_number(value):
        return None
    seconds = value / 1000 if value > EPOCH_MS_THRESHOLD else value
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):  # out of range, or NaN
        return None


def parse_date_value(text: str) -> date | datetime | None:
    """A ``before``/``after`` value: a calendar ``date``, a UTC ``datetime``, or None."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return _as_utc(datetime.fromisoformat(text))
    except ValueError:
        return None


# --- schedule, frequency, fatigue -------------------------------------------------------


def in_schedule(schedule: Mapping[str, str | None], now: datetime) -> bool:
    """Whether ``now`` is within the schedule: start inclusive, end exclusive."""
    now = _utc(now)
    start, end = schedule.get("start"), schedule.get("end")
    if start is not None and now < _instant(start):
        return False
    return end is None or now < _instant(end)


@functools.lru_cache(maxsize=4096)
def _instant(text: str) -> datetime:
    """A schedule bound, parsed once: every session request checks every flow's."""
    return _as_utc(datetime.fromisoformat(text))


def frequency_allows(
    frequency: Mapping[str, Any], progress: ProgressLike | Mapping[str, Any] | None
) -> bool:
    """Whether the frequency rule lets the flow show, given the user's progress on it.

    A flow shown but not yet completed or dismissed is always allowed, so it can resume
    (e.g. on the next page of a multi-page tour). ``every_session`` is allowed here
    because the SDK applies once-per-session.
    """
    kind = frequency["type"]
    if kind not in FREQUENCY_TYPES:
        raise ValueError(f"Unknown frequency type: {kind!r}")
    if progress is None or kind in ("every_session", "always"):
        return True
    status = _progress_field(progress, "status")
    if kind == "until_completed":
        return status != "completed"
    if status not in _FINISHED:
        return True  # resume
    if kind == "once":
        return False
    return _progress_field(progress, "times_shown") < frequency["max_times"]


def _progress_field(progress: ProgressLike | Mapping[str, Any], name: str) -> Any:
    # A Progress model row, or a plain dict from the API or a test.
    return progress[name] if isinstance(progress, Mapping) else getattr(progress, name)


def fatigue_allows(
    budget: Mapping[str, Any] | None,
    recent_blocking_shows: Iterable[datetime],
    now: datetime,
) -> bool:
    """Whether one more blocking guide fits the budget.

    ``budget`` is ``{"max_per_day": int | None, "min_hours_between": number | None}``;
    an absent or ``None`` limit does not apply. ``max_per_day`` counts shows within the
    24 hours before ``now`` (a show exactly 24 hours old no longer counts);
    ``min_hours_between`` is measured from the latest show.
    """
    now = _utc(now)
    shows = [_utc(shown_at) for shown_at in recent_blocking_shows]
    budget = budget or {}
    max_per_day = budget.get("max_per_day")
    shown_last_day = sum(now - shown_at < _DAY for shown_at in shows)
    if max_per_day is not None and shown_last_day >= max_per_day:
        return False
    min_hours = budget.get("min_hours_between")
    return min_hours is None or not shows or now - max(shows) >= timedelta(hours=min_hours)


# --- contradictions -------------------------------------------------------------------


def audience_problems(condition: Condition | None) -> list[Problem]:
    """Contradictions that make a (validated) audience match nobody.

    Returns ``(path, message)`` pairs; a path is relative to ``condition``, e.g.
    ``("all", 2)``. Rules are compared within one ``all`` group together with the groups
    nested directly in it (``all[all[a, b], c]`` is ``all[a, b, c]``), and each rule is
    reported once, against the first earlier rule it contradicts. Two ``eq`` on one trait
    count as a contradiction even though a list trait could hold both values: ``contains``
    says that.
    """
    if condition is None:
        return []
    return list(_problems(condition, (), inside_all=False))


def _problems(condition: Condition, path: Path, *, inside_all: bool) -> Iterator[Problem]:
    if "all" in condition and not inside_all:
        yield from _contradictions(list(_conjuncts(condition, path)))
    for key in ("all", "any"):
        for index, child in enumerate(condition.get(key, ())):
            yield from _problems(child, (*path, key, index), inside_all=key == "all")


def _conjuncts(group: Condition, path: Path) -> Iterator[tuple[Path, Condition]]:
    """The rules that must all hold for ``group``, through directly nested ``all`` groups."""
    for index, child in enumerate(group["all"]):
        child_path = (*path, "all", index)
        if "all" in child:
            yield from _conjuncts(child, child_path)
        elif "trait" in child:
            yield child_path, child


def _contradictions(rules: list[tuple[Path, Condition]]) -> Iterator[Problem]:
    for position, (path, rule) in enumerate(rules):
        for earlier_path, earlier in rules[:position]:
            if earlier["trait"] == rule["trait"] and (reason := _contradiction(earlier, rule)):
                yield path, f"Contradicts {_format_path(earlier_path)}: {reason}."
                break


def _contradiction(a: Condition, b: Condition) -> str | None:
    trait = json.dumps(a["trait"])
    if "not_exists" in (a["op"], b["op"]):
        other = b["op"] if a["op"] == "not_exists" else a["op"]
        if other in _TRUE_WHEN_MISSING:
            return None
        return f'{trait} cannot both be missing and match "{other}"'
    if a["op"] == b["op"] == "eq" and not _same(a["value"], b["value"]):
        return f"{trait} cannot equal both {json.dumps(a['value'])} and {json.dumps(b['value'])}"
    first, second = _interval(a), _interval(b)
    if first and second and (_ends_before(first, second) or _ends_before(second, first)):
        return f"{trait} cannot be {_bound_text(a)} and {_bound_text(b)}"
    return None


class _Interval(NamedTuple):
    low: float
    low_open: bool
    high: float
    high_open: bool


_BOUND_SYMBOLS = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _interval(rule: Condition) -> _Interval | None:
    """The numbers a numeric rule admits, or None for a rule of another kind."""
    op, value = rule["op"], rule.get("value")
    if op not in _BOUND_SYMBOLS or not _is_number(value):
        return None
    return {
        "eq": _Interval(value, False, value, False),
        "gt": _Interval(value, True, math.inf, True),
        "gte": _Interval(value, False, math.inf, True),
        "lt": _Interval(-math.inf, True, value, True),
        "lte": _Interval(-math.inf, True, value, False),
    }[op]


def _ends_before(a: _Interval, b: _Interval) -> bool:
    # Pairwise checks suffice: intervals that pairwise intersect share a point (Helly, 1-D).
    return a.high < b.low or (a.high == b.low and (a.high_open or b.low_open))


def _bound_text(rule: Condition) -> str:
    return f"{_BOUND_SYMBOLS[rule['op']]} {json.dumps(rule['value'])}"


def _format_path(path: Path) -> str:
    """``("all", 0, "any", 2)`` as ``all[0].any[2]``, the style the API reports."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


# --- time -------------------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    if moment.utcoffset() is None:
        raise ValueError(f"Expected a timezone-aware datetime, got {moment!r}")
    return moment.astimezone(UTC)


def _as_utc(moment: datetime) -> datetime:
    """Naive datetimes in stored data and traits are UTC."""
    if moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
