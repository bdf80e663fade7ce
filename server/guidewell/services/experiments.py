"""A/B experiments on flows: variants of published versions, or a holdout.

Once an experiment has started, its variants (keys and versions) are fixed — users
were assigned to them — but weights may still move; earlier assignments stay sticky.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models import Experiment, ExperimentStatus, Flow, FlowVersion
from ..models.types import utcnow
from .flows import get_flow
from .segments import missing_references


def get_experiment(project_id: int, experiment_id: int) -> Experiment:
    experiment = db.session.scalar(
        sa.select(Experiment).where(
            Experiment.project_id == project_id, Experiment.id == experiment_id
        )
    )
    if experiment is None:
        raise NotFound("No such experiment.")
    return experiment


def list_query(project_id: int, *, flow_id: int | None, status: str | None):
    query = sa.select(Experiment).where(Experiment.project_id == project_id)
    if flow_id is not None:
        query = query.where(Experiment.flow_id == flow_id)
    if status:
        query = query.where(Experiment.status == status)
    return query.order_by(Experiment.id.desc())


def _check_versions(flow: Flow, variants: list[dict[str, Any]]) -> None:
    """Each arm shows a published version of the flow whose segments all still exist."""
    targeting_of = dict(
        db.session.execute(
            sa.select(FlowVersion.number, FlowVersion.targeting).where(
                FlowVersion.flow_id == flow.id
            )
        ).all()
    )
    problems: dict[tuple[str | int, ...], list[str]] = {}
    for index, variant in enumerate(variants):
        number = variant["version"]
        if number is None:
            continue
        if number not in targeting_of:
            problems[("variants", index, "version")] = [
                f"The flow has no published version {number}."
            ]
        elif missing_references(flow.project_id, targeting_of[number].get("audience"), ()):
            problems[("variants", index, "version")] = [
                f"Version {number} targets a segment that was deleted; publish a new version."
            ]
    if problems:
        raise Invalid.from_paths(problems)


def create_experiment(project_id: int, data: dict[str, Any]) -> Experiment:
    try:
        flow = get_flow(project_id, data["flow_id"])
    except NotFound:
        raise Invalid.from_paths({("flow_id",): ["No such flow in this project."]}) from None
    taken = db.session.scalar(
        sa.select(Experiment.id).where(
            Experiment.project_id == project_id, Experiment.key == data["key"]
        )
    )
    if taken is not None:
        raise Conflict(f'An experiment with key "{data["key"]}" already exists.', code="key_taken")
    _check_versions(flow, data["variants"])
    experiment = Experiment(project_id=project_id, status=ExperimentStatus.draft, **data)
    db.session.add(experiment)
    db.session.flush()
    return experiment


def _same_arms(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> bool:
    return [(v["key"], v["version"]) for v in old] == [(v["key"], v["version"]) for v in new]


def update_experiment(experiment: Experiment, data: dict[str, Any]) -> Experiment:
    started = experiment.started_at is not None
    if started:
        if "variants" in data and not _same_arms(experiment.variants, data["variants"]):
            raise Conflict(
                "Variants cannot change once the experiment has started; only weights can.",
                code="variants_locked",
            )
        # Sending back the value it already has is not a change (clients PATCH whole objects).
        locked = {
            field
            for field in ("goal", "attribution_window_hours")
            if field in data and data[field] != getattr(experiment, field)
        }
        if locked:
            raise Conflict(
                f"{', '.join(sorted(locked))} cannot change once the experiment has started.",
                code="experiment_started",
            )
    if "variants" in data:
        _check_versions(db.session.get(Flow, experiment.flow_id), data["variants"])
    for field, value in data.items():
        setattr(experiment, field, value)
    experiment.updated_at = utcnow()
    db.session.flush()
    return experiment


def start(experiment: Experiment) -> Experiment:
    if experiment.status == ExperimentStatus.running:
        return experiment
    flow = db.session.get(Flow, experiment.flow_id)
    if flow.live_version is None:
        raise Conflict(
            "Publish the flow before starting an experiment on it.", code="flow_not_live"
        )
    running = db.session.scalar(
        sa.select(Experiment.key).where(
            Experiment.flow_id == experiment.flow_id,
            Experiment.status == ExperimentStatus.running,
            Experiment.id != experiment.id,
        )
    )
    if running is not None:
        raise Conflict(
            f'Experiment "{running}" is already running on this flow; stop it first.',
            code="experiment_running",
        )
    _check_versions(flow, experiment.variants)
    now = utcnow()
    experiment.status = ExperimentStatus.running
    experiment.started_at = experiment.started_at or now
    experiment.stopped_at = None
    experiment.updated_at = now
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        # The partial unique index caught a concurrent start on the same flow.
        raise Conflict(
            "Another experiment started on this flow.", code="experiment_running"
        ) from None
    return experiment


def stop(experiment: Experiment) -> Experiment:
    if experiment.status != ExperimentStatus.running:
        raise Conflict("Only a running experiment can be stopped.", code="not_running")
    experiment.status = ExperimentStatus.stopped
    experiment.stopped_at = utcnow()
    experiment.updated_at = experiment.stopped_at
    db.session.flush()
    return experiment
