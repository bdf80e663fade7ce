"""Event ingestion: exactly once, in one transaction per batch (DESIGN §7, §8, §11).

1. Insert the batch with `ON CONFLICT (project_id, uuid) DO NOTHING RETURNING`: only
   events never seen before come back, so a batch delivered twice, or by two workers at
   once, is applied once.
2. For those new events: progress rows (furthest step only moves forward; shown,
   started, completed and dismissed recorded once), daily rollups, questionnaire
   responses (and traits when a question says so), experiment exposures and conversions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import Assignment, EndUser, Event, FlowVersion, Progress, ProgressStatus, Response
from . import rollups, users
from .content_cache import is_blocking
from .resolve import variant_for
from .sql import insert
from .transitions import ProgressRules, moment

PROGRESS_TYPES = {
    "flow_shown",
    "step_viewed",
    "step_completed",
    "flow_completed",
    "flow_dismissed",
    "question_answered",
    "hotspot_viewed",
    "hotspot_opened",
    "cta_clicked",
}


@dataclass(frozen=True)
class Ingested:
    accepted: int
    duplicates: int


def ingest(
    compiled: dict[str, Any], user: EndUser, events: list[dict[str, Any]], now: datetime
) -> Ingested:
    """Store valid, already checked events of one user; answers what was new."""
    unique: dict[str, dict[str, Any]] = {}
    order: dict[str, int] = {}
    for index, event in enumerate(events):
        unique.setdefault(event["id"], event)
        order.setdefault(event["id"], index)
    project_id = compiled["project_id"]
    rows = [
        {
            "project_id": project_id,
            "uuid": e["id"],
            "type": e["type"],
            "end_user_id": user.id,
            "flow_id": e.get("flow"),
            "version": e.get("version"),
            "step": e.get("step"),
            "variant": e.get("variant"),
            "name": e.get("name"),
            "props": e.get("props"),
            "url": e.get("url"),
            "client_ts": moment(e["ts"]),
            "server_ts": now,
        }
        for e in unique.values()
    ]
    statement = (
        insert(Event.__table__)
        .on_conflict_do_nothing(index_elements=["project_id", "uuid"])
        .returning(Event.__table__.c.uuid, Event.__table__.c.id)
    )
    new_ids = dict(db.session.execute(statement, rows).all())
    fresh = sorted(
        # Batch order breaks ties: events of one millisecond arrive in the order they happened.
        (e for e in unique.values() if e["id"] in new_ids),
        key=lambda e: (e["ts"], order[e["id"]]),
    )
    if fresh:
        _Applier(compiled, user, now).apply(fresh, new_ids)
    return Ingested(accepted=len(fresh), duplicates=len(events) - len(fresh))


@functools.lru_cache(maxsize=4096)
def _questions(flow_id: int, version: int) -> dict[str, dict[str, Any]]:
    """Questions of a published version by id; versions are immutable, so this caches forever."""
    content = db.session.scalar(
        sa.select(FlowVersion.content).where(
            FlowVersion.flow_id == flow_id, FlowVersion.number == version
        )
    )
    return {q["id"]: q for q in (content or {}).get("questions", [])}


class _Applier:
    """Applies one user's new events to progress, rollups, responses and experiments."""

    def __init__(self, compiled: dict[str, Any], user: EndUser, now: datetime) -> None:
        self.compiled = compiled
        self.user = user
        self.now = now
        self.timezone = compiled["timezone"]
        self.rollups = rollups.RollupBatch(compiled["project_id"])
        self.flows = {flow["id"]: flow for flow in compiled["flows"]}
        self._assignments: dict[int, Assignment] | None = None
        self.rules = ProgressRules(
            self.rollups, compiled["timezone"], self._variant, self._blocking
        )

    def apply(self, events: list[dict[str, Any]], event_ids: dict[str, int]) -> None:
        kinds = self.compiled["flow_kinds"]
        progress = self._lock_progress(
            {
                e["flow"]
                for e in events
                if e["type"] in PROGRESS_TYPES and str(e.get("flow")) in kinds
            }
        )
        traits: dict[str, Any] = {}
        for event in events:
            flow_id = event.get("flow")
            row = progress.get(flow_id)
            if row is not None:
                self.rules.apply(row, event)
            kind = event["type"]
            if kind == "step_target_missing" and str(flow_id) in kinds:
                self.rules.count_step(event, "target_missing")
            elif kind == "question_answered" and row is not None:
                traits.update(self._answer(event, event_ids[event["id"]]))
            elif kind == "experiment_exposed":
                self._exposed(event)
            if kind in ("track", "flow_completed"):
                self._convert(event)
        if traits:
            users.merge_traits(self.user, traits)
        self.rollups.write()
        db.session.flush()

    # -- progress ------------------------------------------------------------------------

    def _lock_progress(self, flow_ids: set[int]) -> dict[int, Progress]:
        if not flow_ids:
            return {}
        user_id = self.user.id
        placeholder = [
            {
                "project_id": self.compiled["project_id"],
                "end_user_id": user_id,
                "flow_id": fid,
                "version": 1,
                "status": ProgressStatus.shown.name,
                "furthest_step": -1,
                "times_shown": 0,
                "blocking": False,
            }
            for fid in sorted(flow_ids)
        ]
        # Rows exist before we lock them, so concurrent batches never race to insert.
        db.session.execute(
            insert(Progress.__table__).on_conflict_do_nothing(
                index_elements=["end_user_id", "flow_id"]
            ),
            placeholder,
        )
        rows = db.session.scalars(
            sa.select(Progress)
            .where(Progress.end_user_id == user_id, Progress.flow_id.in_(flow_ids))
            .order_by(Progress.id)
            .with_for_update()
        )
        return {row.flow_id: row for row in rows}

    def _variant(self, event: dict[str, Any]) -> str | None:
        flow = self.flows.get(event["flow"])
        experiment = flow and flow["experiment"]
        if not experiment:
            return event.get("variant")
        stored = {a.experiment_id: a.variant for a in self._user_assignments().values()}
        return variant_for(experiment, self.user, stored)["key"]

    def _blocking(self, event: dict[str, Any]) -> bool:
        flow = self.flows.get(event["flow"])
        if flow is None:
            return False
        payload = flow["payloads"].get(str(event["version"]))
        return is_blocking(flow["kind"], payload["content"]) if payload else flow["blocking"]

    # -- questionnaires -------------------------------------------------------------------

    def _answer(self, event: dict[str, Any], event_id: int) -> dict[str, Any]:
        props = event["props"]
        question = _questions(event["flow"], event["version"]).get(props["question"])
        if question is None:
            return {}
        at = moment(event["ts"])
        self.rollups.answer(
            event["flow"],
            rollups.day_of(at, self.timezone),
            event["version"],
            question,
            props["value"],
        )
        db.session.add(
            Response(
                project_id=self.compiled["project_id"],
                flow_id=event["flow"],
                version=event["version"],
                end_user_id=self.user.id,
                event_id=event_id,
                question_id=props["question"],
                value=props["value"],
                answered_at=moment(event["ts"]),
            )
        )
        trait = question.get("save_as_trait")
        if trait:
            try:
                return users.check_traits({trait: props["value"]}, "props.value")
            except Exception:  # an answer too big for a trait is still a valid answer
                return {}
        return {}

    # -- experiments ----------------------------------------------------------------------

    def _user_assignments(self) -> dict[int, Assignment]:
        if self._assignments is None:
            rows = db.session.scalars(
                sa.select(Assignment).where(Assignment.end_user_id == self.user.id)
            )
            self._assignments = {a.experiment_id: a for a in rows}
        return self._assignments

    def _exposed(self, event: dict[str, Any]) -> None:
        flow = self.flows.get(event["flow"])
        experiment = flow and flow["experiment"]
        if not experiment or experiment["id"] in self._user_assignments():
            return
        stored = {a.experiment_id: a.variant for a in self._user_assignments().values()}
        assignment = Assignment(
            project_id=self.compiled["project_id"],
            experiment_id=experiment["id"],
            end_user_id=self.user.id,
            variant=variant_for(experiment, self.user, stored)["key"],
            exposed_at=moment(event["ts"]),
        )
        db.session.add(assignment)
        self._user_assignments()[experiment["id"]] = assignment

    def _convert(self, event: dict[str, Any]) -> None:
        at = moment(event["ts"])
        for flow in self.flows.values():
            experiment = flow["experiment"]
            if not experiment:
                continue
            goal = experiment["goal"]
            hit = (
                goal["type"] == "event"
                and event["type"] == "track"
                and event.get("name") == goal.get("event")
            ) or (
                goal["type"] == "flow_completed"
                and event["type"] == "flow_completed"
                and event.get("flow") == flow["id"]
            )
            assignment = self._user_assignments().get(experiment["id"]) if hit else None
            if (
                assignment is not None
                and assignment.converted_at is None
                and assignment.exposed_at
                <= at
                <= assignment.exposed_at + timedelta(hours=experiment["window_hours"])
            ):
                assignment.converted_at = at
