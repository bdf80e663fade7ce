"""How events move a user's progress through a flow, and what each move adds to rollups.

Pure: no database. Ingestion applies these rules to locked progress rows; the analytics
seeder applies the very same rules to rows it bulk-inserts, so both count alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..models import Progress, ProgressStatus
from .rollups import RollupBatch, day_of


def moment(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


class ProgressRules:
    """Applies events, in time order, to progress rows and collects rollup increments.

    `variant_of(event)` and `blocking_of(event)` tell what the server knows about the
    event's flow (the user's assigned variant; whether the kind takes the screen).
    """

    def __init__(
        self,
        batch: RollupBatch,
        timezone: str,
        variant_of: Callable[[dict[str, Any]], str | None],
        blocking_of: Callable[[dict[str, Any]], bool],
    ) -> None:
        self.rollups = batch
        self.timezone = timezone
        self.variant_of = variant_of
        self.blocking_of = blocking_of

    def _day(self, at: datetime):
        return day_of(at, self.timezone)

    def apply(self, row: Progress, event: dict[str, Any]) -> None:
        at = moment(event["ts"])
        kind = event["type"]
        self._mark_shown(row, event, at)
        if kind == "flow_shown":
            row.times_shown += 1  # only real shows count toward frequency limits
            row.last_shown_at = max(row.last_shown_at or at, at)
        elif kind == "step_viewed":
            self._step_viewed(row, event, at)
        elif kind in ("step_completed", "question_answered", "hotspot_opened", "cta_clicked"):
            self._mark_started(row, at)
            if kind == "hotspot_opened":
                self.count_step(event, "viewed")
        elif kind == "flow_completed" and row.completed_at is None:
            self._mark_started(row, at)
            self._close_step(row, at)
            row.completed_at = at
            row.status = ProgressStatus.completed
            self.rollups.flow(row.flow_id, self._day(at), row.version, row.variant, "completed")
        elif kind == "flow_dismissed" and row.dismissed_at is None and row.completed_at is None:
            step = event.get("step", max(row.furthest_step, 0))
            row.dismissed_at, row.dismissed_step = at, step
            row.status = ProgressStatus.dismissed
            day = self._day(at)
            self.rollups.flow(row.flow_id, day, row.version, row.variant, "dismissed")
            self.rollups.step(row.flow_id, day, row.version, row.variant, step, "dismissed")

    def count_step(self, event: dict[str, Any], counter: str) -> None:
        """Events counted each time they happen (a missing target, a hotspot opened)."""
        self.rollups.step(
            event["flow"],
            self._day(moment(event["ts"])),
            event["version"],
            self.variant_of(event),
            event["step"],
            counter,
        )

    def _mark_shown(self, row: Progress, event: dict[str, Any], at: datetime) -> None:
        if row.shown_at is not None:
            return
        row.shown_at = row.last_shown_at = at
        row.version = event["version"]
        row.variant = self.variant_of(event)
        row.blocking = self.blocking_of(event)
        row.status = ProgressStatus.shown
        self.rollups.flow(row.flow_id, self._day(at), row.version, row.variant, "shown")

    def _mark_started(self, row: Progress, at: datetime) -> None:
        if row.started_at is None:
            row.started_at = at
            self.rollups.flow(row.flow_id, self._day(at), row.version, row.variant, "started")
        if row.status == ProgressStatus.shown:
            row.status = ProgressStatus.in_progress

    def _step_viewed(self, row: Progress, event: dict[str, Any], at: datetime) -> None:
        step = event["step"]
        if step <= row.furthest_step:
            return  # going back, or a re-render: each step counts once per user
        self._close_step(row, at)
        day = self._day(at)
        # Steps skipped on the way (a missing target, a branch) count as passed.
        for passed in range(row.furthest_step + 1, step + 1):
            self.rollups.step(row.flow_id, day, row.version, row.variant, passed, "viewed")
        match = (event.get("props") or {}).get("match")
        if isinstance(match, str) and match.startswith("fallback"):
            self.rollups.step(row.flow_id, day, row.version, row.variant, step, "fallback_matched")
        row.furthest_step, row.step_at = step, at
        if step >= 1:
            self._mark_started(row, at)

    def _close_step(self, row: Progress, at: datetime) -> None:
        """Record the time spent on the step the user is leaving."""
        if row.step_at is None or row.furthest_step < 0 or at < row.step_at:
            return
        self.rollups.duration(
            row.flow_id,
            self._day(row.step_at),
            row.version,
            row.variant,
            row.furthest_step,
            (at - row.step_at).total_seconds(),
        )
