"""Daily rollups: counters per flow/step/day that analytics read instead of raw events.

Days are calendar days in the project's time zone. Increments are collected per batch
and written with one upsert per table (`INSERT … ON CONFLICT DO UPDATE SET n = n + …`),
which is atomic on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..extensions import db
from ..models import Activity, AnswerDay, FlowDay, Project, StepDay, StepDuration
from .sql import insert

# Upper bounds (seconds) of the time-on-step histogram buckets; the last is open-ended.
DURATION_BUCKETS = (1, 2, 3, 5, 8, 13, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1800, 3600)
FLOW_COUNTERS = ("shown", "started", "completed", "dismissed")
STEP_COUNTERS = ("viewed", "dismissed", "target_missing", "fallback_matched")

_zones: dict[str, ZoneInfo] = {}


def zone(name: str) -> ZoneInfo:
    if name not in _zones:
        _zones[name] = ZoneInfo(name)
    return _zones[name]


def project_timezone(project_id: int) -> str:
    return db.session.scalar(sa.select(Project.timezone).where(Project.id == project_id)) or "UTC"


def day_of(moment: datetime, timezone: str) -> date:
    return moment.astimezone(zone(timezone)).date()


def duration_bucket(seconds: float) -> int:
    return bisect.bisect_left(DURATION_BUCKETS, seconds)


_statements: dict[tuple, Any] = {}


def _upsert(model, keys: tuple[str, ...], counters: tuple[str, ...], rows: list[dict]) -> None:
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    statement = _statements.get((dialect, model))
    if statement is None:  # built once: constructing it cost as much as running it
        table = model.__table__
        statement = insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={name: table.c[name] + statement.excluded[name] for name in counters},
        )
        _statements[(dialect, model)] = statement
    db.session.execute(statement, rows)


class RollupBatch:
    """Increments gathered while a batch of events is applied, written once at the end."""

    def __init__(self, project_id: int) -> None:
        self.project_id = project_id
        self.flows: dict[tuple, dict[str, int]] = defaultdict(
            lambda: dict.fromkeys(FLOW_COUNTERS, 0)
        )
        self.steps: dict[tuple, dict[str, int]] = defaultdict(
            lambda: dict.fromkeys(STEP_COUNTERS, 0)
        )
        self.durations: dict[tuple, int] = defaultdict(int)
        self.answers: dict[tuple, int] = defaultdict(int)

    def flow(
        self,
        flow_id: int,
        day: date,
        version: int,
        variant: str | None,
        counter: str,
        amount: int = 1,
    ) -> None:
        self.flows[(flow_id, day, version, variant or "")][counter] += amount

    def step(
        self,
        flow_id: int,
        day: date,
        version: int,
        variant: str | None,
        step: int,
        counter: str,
        amount: int = 1,
    ) -> None:
        self.steps[(flow_id, day, version, variant or "", step)][counter] += amount

    def duration(
        self, flow_id: int, day: date, version: int, variant: str | None, step: int, seconds: float
    ) -> None:
        key = (flow_id, day, version, variant or "", step, duration_bucket(seconds))
        self.durations[key] += 1

    def answer(self, flow_id: int, day: date, version: int, question: dict, value) -> None:
        """Count a choice, rating or NPS answer (free text is read from responses)."""
        if question["type"] == "text":
            return
        for item in value if isinstance(value, list) else [value]:
            text = json.dumps(item)
            if len(text) <= 200:
                self.answers[(flow_id, day, version, question["id"], text)] += 1

    def write(self) -> None:
        pid = self.project_id
        _upsert(
            FlowDay,
            ("flow_id", "day", "version", "variant"),
            FLOW_COUNTERS,
            [
                {"project_id": pid, "flow_id": f, "day": d, "version": v, "variant": var, **counts}
                for (f, d, v, var), counts in self.flows.items()
            ],
        )
        _upsert(
            StepDay,
            ("flow_id", "day", "version", "variant", "step"),
            STEP_COUNTERS,
            [
                {
                    "project_id": pid,
                    "flow_id": f,
                    "day": d,
                    "version": v,
                    "variant": var,
                    "step": s,
                    **counts,
                }
                for (f, d, v, var, s), counts in self.steps.items()
            ],
        )
        _upsert(
            StepDuration,
            ("flow_id", "day", "version", "variant", "step", "bucket"),
            ("users",),
            [
                {
                    "project_id": pid,
                    "flow_id": f,
                    "day": d,
                    "version": v,
                    "variant": var,
                    "step": s,
                    "bucket": b,
                    "users": n,
                }
                for (f, d, v, var, s, b), n in self.durations.items()
            ],
        )
        _upsert(
            AnswerDay,
            ("flow_id", "day", "version", "question_id", "value"),
            ("answers",),
            [
                {
                    "project_id": pid,
                    "flow_id": f,
                    "day": d,
                    "version": v,
                    "question_id": q,
                    "value": value,
                    "answers": n,
                }
                for (f, d, v, q, value), n in self.answers.items()
            ],
        )


PERIODS = ("day", "week", "month")


def period_starts(day: date) -> dict[str, date]:
    """The day itself, its week (from Monday) and its month."""
    return {
        "day": day,
        "week": date.fromordinal(day.toordinal() - day.weekday()),
        "month": day.replace(day=1),
    }


def add_activity(project_id: int, changes: list[tuple[str, date, int, int]]) -> None:
    """(period, start, active, new) increments of the active-users rollup."""
    _upsert(
        Activity,
        ("project_id", "period", "start"),
        ("active", "new"),
        [
            {
                "project_id": project_id,
                "period": period,
                "start": start,
                "active": active,
                "new": new,
            }
            for period, start, active, new in changes
        ],
    )


def add_flow_day(
    project_id: int,
    flow_id: int,
    day: date,
    version: int,
    variant: str | None,
    counts: dict[str, int],
) -> None:
    batch = RollupBatch(project_id)
    for counter, amount in counts.items():
        batch.flow(flow_id, day, version, variant, counter, amount)
    batch.write()


def add_step_day(
    project_id: int,
    flow_id: int,
    day: date,
    version: int,
    variant: str | None,
    step: int,
    counts: dict[str, int],
) -> None:
    batch = RollupBatch(project_id)
    for counter, amount in counts.items():
        batch.step(flow_id, day, version, variant, step, counter, amount)
    batch.write()


def median_from_histogram(counts: Iterable[tuple[int, int]]) -> float | None:
    """Median seconds from (bucket, users) pairs: the upper bound of the median bucket."""
    histogram: dict[int, int] = defaultdict(int)
    for bucket, users in counts:
        histogram[bucket] += users
    total = sum(histogram.values())
    if total <= 0:
        return None
    seen = 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen * 2 >= total:
            return float(DURATION_BUCKETS[bucket]) if bucket < len(DURATION_BUCKETS) else None
    return None
