"""Which flows one user may see now, with the content to show (DESIGN §5, §7).

Runs on every session start and identify, so it reads only the user's progress and
assignment rows; everything else comes compiled from `content_cache`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import Assignment, EndUser, Progress, ProgressStatus
from . import targeting
from .assignment import pick_variant
from .content_cache import encode

RESUMABLE = (ProgressStatus.shown, ProgressStatus.in_progress)
SDK_SETTINGS = {"flush_interval_ms": 5000, "batch_size": 20}


def _progress_of(user: EndUser) -> dict[int, Progress]:
    rows = db.session.scalars(sa.select(Progress).where(Progress.end_user_id == user.id))
    return {row.flow_id: row for row in rows}


def _assignments_of(user: EndUser, compiled: dict[str, Any]) -> dict[int, str]:
    if not any(flow["experiment"] for flow in compiled["flows"]):
        return {}
    rows = db.session.execute(
        sa.select(Assignment.experiment_id, Assignment.variant).where(
            Assignment.end_user_id == user.id
        )
    )
    return dict(rows.all())


def variant_for(experiment: dict[str, Any], user: EndUser, stored: dict[int, str]) -> dict:
    """The user's stored variant, else the deterministic one (stored at first exposure)."""
    key = stored.get(experiment["id"]) or pick_variant(
        experiment["key"], user.bucket_key, experiment["variants"]
    )
    for variant in experiment["variants"]:
        if variant["key"] == key:
            return variant
    # Not among the variants (impossible once started, as variants are then locked).
    return experiment["variants"][0]


def session_answer(
    compiled: dict[str, Any], user: EndUser, now: datetime, anonymous_id: str
) -> str:
    """The whole answer to /session and /identify, as JSON text.

    Assembled from each flow's payload encoded at compile time: encoding some hundred
    kilobytes of content on every request was a third of its time."""
    progress = _progress_of(user)
    keys = compiled["flow_keys"]
    settings = {**SDK_SETTINGS, "blocking_budget": blocking_budget(compiled, progress, now)}
    # So checklist items tick for flows completed on another device or long ago.
    completed = sorted(
        keys[str(row.flow_id)]
        for row in progress.values()
        if row.status == ProgressStatus.completed and str(row.flow_id) in keys
    )
    user_json = encode({"id": user.external_id, "anonymous_id": anonymous_id})
    flows = ",".join(resolve(compiled, user, now, progress))
    return (
        f'{{"user":{user_json},"flows":[{flows}],"theme":{compiled["theme_json"]},'
        f'"settings":{encode(settings)},"completed_flows":{encode(completed)}}}'
    )


def blocking_budget(
    compiled: dict[str, Any], progress: dict[int, Progress], now: datetime
) -> int | None:
    """How many new blocking guides this user may still start now (None: no limit).

    The server already left out flows the budget forbids; this tells the SDK how many of
    the remaining ones it may start in one page's life, so two cannot show back to back.
    """
    budget = compiled["fatigue"] or {}
    if not budget.get("max_per_day") and not budget.get("min_hours_between"):
        return None
    shows = [p.shown_at for p in progress.values() if p.blocking and p.shown_at]
    if not targeting.fatigue_allows(budget, shows, now):
        return 0
    if budget.get("min_hours_between"):
        return 1  # the next one starts the clock again
    recent = sum(1 for at in shows if now - at < timedelta(days=1))
    return max(budget["max_per_day"] - recent, 0)


def resolve(
    compiled: dict[str, Any],
    user: EndUser,
    now: datetime,
    progress: dict[int, Progress] | None = None,
) -> list[str]:
    """The flows this user may see now, each as the JSON text of a resolved flow."""
    if progress is None:
        progress = _progress_of(user)
    stored = _assignments_of(user, compiled)
    traits = user.traits or {}
    segments = compiled["segments"]

    def segment_lookup(segment_id: int) -> Any:
        return segments.get(str(segment_id))

    recent_blocking = [p.shown_at for p in progress.values() if p.blocking and p.shown_at]
    # The same for every flow of this request: computed once, when a flow needs it.
    fatigue_ok: list[bool] = []

    def fatigue_allows() -> bool:
        if not fatigue_ok:
            fatigue_ok.append(targeting.fatigue_allows(compiled["fatigue"], recent_blocking, now))
        return fatigue_ok[0]

    flows = []
    for flow in compiled["flows"]:
        row = progress.get(flow["id"])
        if not targeting.in_schedule(flow["schedule"], now):
            continue
        if not targeting.frequency_allows(flow["frequency"], row):
            continue
        if not targeting.matches(flow["audience"], traits, now=now, segment_lookup=segment_lookup):
            continue
        resuming = row is not None and row.status in RESUMABLE
        if (
            flow["blocking"]
            and not flow["fatigue_exempt"]
            and not resuming
            and not fatigue_allows()
        ):
            continue
        flows.append(_resolved(flow, user, row, stored))
    return flows


def _resolved(
    flow: dict[str, Any], user: EndUser, row: Progress | None, stored: dict[int, str]
) -> str:
    experiment = flow["experiment"]
    version = flow["live_version"]
    variant_key = None
    if experiment is not None:
        variant = variant_for(experiment, user, stored)
        variant_key, version = variant["key"], variant["version"]
    holdout = experiment is not None and version is None
    number = str(flow["live_version"] if holdout else version)
    own = {
        "variant": variant_key,
        "experiment": experiment["key"] if experiment else None,
        "holdout": holdout,
        "progress": None
        if row is None
        else {
            "status": row.status.value,
            "step": row.furthest_step,
            "times_shown": row.times_shown,
        },
    }
    if holdout:
        # A holdout never renders; it only reports exposure: no content to send.
        return encode({**flow["payloads"][number], **own, "content": None})
    return flow["encoded"][number] + "," + encode(own)[1:]
