"""Saved audiences, and the references flows and other segments make to them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models import Experiment, ExperimentStatus, Flow, FlowVersion, Segment
from ..models.types import utcnow
from .keys import unique_key

Path = tuple[str | int, ...]


def segment_references(condition: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every `{"segment": id}` inside a condition, with its path.

    Whatever is not shaped like a condition is passed over rather than raising: import
    documents are scanned before their schema has checked them.
    """
    if not isinstance(condition, dict):
        return
    if "segment" in condition:
        yield (*path, "segment"), condition["segment"]
    for group in ("all", "any"):
        children = condition.get(group)
        if isinstance(children, list):
            for index, child in enumerate(children):
                yield from segment_references(child, (*path, group, index))


def _existing_ids(project_id: int, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(Segment.id).where(Segment.project_id == project_id, Segment.id.in_(ids))
        )
    )


def missing_references(
    project_id: int, condition: dict[str, Any] | None, prefix: Path
) -> dict[Path, list[str]]:
    """Paths of segment references that name no segment of this project."""
    refs = list(segment_references(condition, prefix))
    known = _existing_ids(project_id, {segment_id for _, segment_id in refs})
    return {
        path: ["No segment with this id in the project."] for path, sid in refs if sid not in known
    }


def lookup(project_id: int) -> Any:
    """A `segment_lookup` for the targeting evaluator, reading this project's segments once."""
    conditions = dict(
        db.session.execute(
            sa.select(Segment.id, Segment.condition).where(Segment.project_id == project_id)
        ).all()
    )
    return conditions.get


def get_segment(project_id: int, segment_id: int) -> Segment:
    segment = db.session.scalar(
        sa.select(Segment).where(Segment.project_id == project_id, Segment.id == segment_id)
    )
    if segment is None:
        raise NotFound("No such segment.")
    return segment


def _check_condition(project_id: int, condition: dict[str, Any], segment_id: int | None) -> None:
    missing = missing_references(project_id, condition, ("condition",))
    if missing:
        raise Invalid.from_paths(missing)
    if segment_id is not None and _reaches(project_id, condition, segment_id):
        message = "A segment cannot include itself, directly or through other segments."
        raise Invalid(message, fields={"condition": [message]})


def _reaches(project_id: int, condition: dict[str, Any], target: int) -> bool:
    conditions = lookup(project_id)
    seen: set[int] = set()
    pending = [sid for _, sid in segment_references(condition)]
    while pending:
        sid = pending.pop()
        if sid == target:
            return True
        if sid not in seen:
            seen.add(sid)
            pending.extend(s for _, s in segment_references(conditions(sid)))
    return False


def _key_taken(project_id: int, key: str, except_id: int | None = None) -> bool:
    query = sa.select(Segment.id).where(Segment.project_id == project_id, Segment.key == key)
    if except_id is not None:
        query = query.where(Segment.id != except_id)
    return db.session.scalar(query) is not None


def create_segment(project_id: int, data: dict[str, Any]) -> Segment:
    key = data.get("key") or unique_key(data["name"], lambda k: _key_taken(project_id, k))
    if _key_taken(project_id, key):
        raise Conflict(f'A segment with key "{key}" already exists.', code="key_taken")
    _check_condition(project_id, data["condition"], None)
    segment = Segment(
        project_id=project_id,
        key=key,
        name=data["name"],
        description=data.get("description", ""),
        condition=data["condition"],
    )
    db.session.add(segment)
    db.session.flush()
    return segment


def update_segment(segment: Segment, data: dict[str, Any]) -> Segment:
    if "key" in data and _key_taken(segment.project_id, data["key"], segment.id):
        raise Conflict(f'A segment with key "{data["key"]}" already exists.', code="key_taken")
    if "condition" in data:
        _check_condition(segment.project_id, data["condition"], segment.id)
    for field, value in data.items():
        setattr(segment, field, value)
    segment.updated_at = utcnow()
    db.session.flush()
    return segment


def _experiment_versions(project_id: int) -> list[tuple[str, dict[str, Any]]]:
    """(flow name, targeting) of the versions that experiments not yet stopped may show."""
    arms = {
        (flow_id, variant["version"])
        for flow_id, variants in db.session.execute(
            sa.select(Experiment.flow_id, Experiment.variants).where(
                Experiment.project_id == project_id,
                Experiment.status != ExperimentStatus.stopped,
            )
        )
        for variant in variants
        if variant.get("version") is not None
    }
    if not arms:
        return []
    rows = db.session.execute(
        sa.select(Flow.name, FlowVersion.flow_id, FlowVersion.number, FlowVersion.targeting)
        .join(Flow, Flow.id == FlowVersion.flow_id)
        .where(FlowVersion.flow_id.in_({flow_id for flow_id, _ in arms}))
    )
    return [(name, targeting) for name, fid, number, targeting in rows if (fid, number) in arms]


def users_of(segment: Segment) -> list[str]:
    """Names of the flows (drafts, live versions, versions in an experiment that is not
    stopped) and segments that use this segment.

    Sorted, each named once, so the message reads the same on every database.
    """
    project_id = segment.project_id
    flows: set[str] = set()
    drafts = db.session.execute(
        sa.select(Flow.name, Flow.draft_targeting).where(Flow.project_id == project_id)
    )
    live = db.session.execute(
        sa.select(Flow.name, FlowVersion.targeting)
        .join(
            FlowVersion,
            sa.and_(FlowVersion.flow_id == Flow.id, FlowVersion.number == Flow.live_version),
        )
        .where(Flow.project_id == project_id)
    )
    for name, targeting in [*drafts, *live, *_experiment_versions(project_id)]:
        refs = segment_references((targeting or {}).get("audience"))
        if any(sid == segment.id for _, sid in refs):
            flows.add(name)
    others = db.session.execute(
        sa.select(Segment.name, Segment.condition).where(
            Segment.project_id == project_id, Segment.id != segment.id
        )
    )
    segments = {
        name
        for name, condition in others
        if any(sid == segment.id for _, sid in segment_references(condition))
    }
    return [f"flow {name}" for name in sorted(flows)] + [
        f"segment {name}" for name in sorted(segments)
    ]


def delete_segment(segment: Segment) -> None:
    users = users_of(segment)
    if users:
        raise Conflict(
            "This segment is still used by " + ", ".join(users) + ".", code="segment_in_use"
        )
    db.session.delete(segment)
    db.session.flush()


COUNT_SCAN_LIMIT = 200_000


def count_matching(project_id: int, condition: dict[str, Any], now) -> dict[str, Any]:
    """How many end users a condition matches now.

    Traits are evaluated in Python with the same rules as delivery, over the most
    recently seen users up to COUNT_SCAN_LIMIT; beyond that the count is scaled up
    and marked as an estimate.
    """
    from ..models import EndUser
    from .targeting import matches

    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(EndUser).where(EndUser.project_id == project_id)
    )
    segment_lookup = lookup(project_id)
    rows = db.session.execute(
        sa.select(EndUser.traits)
        .where(EndUser.project_id == project_id)
        .order_by(EndUser.last_seen.desc())
        .limit(COUNT_SCAN_LIMIT)
        .execution_options(yield_per=2000)
    )
    scanned = matching = 0
    for (traits,) in rows:
        scanned += 1
        if matches(condition, traits or {}, now=now, segment_lookup=segment_lookup):
            matching += 1
    estimated = scanned < total
    if estimated and scanned:
        matching = round(matching * total / scanned)
    return {"matching": matching, "total": total, "scanned": scanned, "estimated": estimated}
