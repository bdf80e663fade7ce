"""Export and import of flows as one portable JSON document.

Audiences refer to segments by id, which differ between projects, so the document
names segments by key (`{"segment": "power-users"}`) and carries their definitions;
importing maps keys back to this project's ids, creating segments that are missing.
"""

from __future__ import annotations

import copy
from typing import Any

import marshmallow as ma
import sqlalchemy as sa

from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import Flow, Segment
from ..schemas.flow import FlowCreateSchema
from ..schemas.segment import SegmentCreateSchema
from . import flows as flow_service
from . import segments as segment_service

FORMAT = "guidewell.flows"


def _map_segments(condition: dict[str, Any] | None, mapping: dict[Any, Any]) -> Any:
    """A copy of `condition` with every segment reference replaced through `mapping`."""
    if not condition:
        return condition
    condition = copy.deepcopy(condition)
    for path, ref in segment_service.segment_references(condition):
        node = condition
        for part in path[:-1]:
            node = node[part]
        node["segment"] = mapping.get(ref, ref)
    return condition


def export_flows(project_id: int) -> dict[str, Any]:
    segments = db.session.scalars(
        sa.select(Segment).where(Segment.project_id == project_id).order_by(Segment.key)
    ).all()
    key_of = {segment.id: segment.key for segment in segments}
    flows = db.session.scalars(
        sa.select(Flow).where(Flow.project_id == project_id).order_by(Flow.key)
    ).all()
    return {
        "format": FORMAT,
        "version": 1,
        "segments": [
            {
                "key": s.key,
                "name": s.name,
                "description": s.description,
                "condition": _map_segments(s.condition, key_of),
            }
            for s in segments
        ],
        "flows": [
            {
                "key": f.key,
                "kind": f.kind.value,
                "name": f.name,
                "content": f.draft_content,
                "targeting": {
                    **f.draft_targeting,
                    "audience": _map_segments(f.draft_targeting.get("audience"), key_of),
                },
                "theme": f.draft_theme,
            }
            for f in flows
        ],
    }


def _load_each(schema: ma.Schema, items: list[dict], part: str) -> list[dict]:
    errors: dict[int, Any] = {}
    loaded = []
    for index, item in enumerate(items):
        try:
            loaded.append(schema.load(item))
        except ma.ValidationError as error:
            errors[index] = error.messages
    if errors:
        raise Invalid.from_marshmallow(ma.ValidationError({part: errors}))
    return loaded


def import_flows(project_id: int, document: dict[str, Any]) -> dict[str, list[str]]:
    """All or nothing: any invalid flow or unresolved conflict leaves the project as it was."""
    on_conflict = document["on_conflict"]
    result: dict[str, list[str]] = {
        "created": [],
        "updated": [],
        "skipped": [],
        "segments_created": [],
    }
    ids = _import_segments(project_id, document["segments"], result)
    # Segment references are keys in the document; resolve them before validating.
    raw_flows = []
    for item in document["flows"]:
        item = dict(item)
        if isinstance(item.get("targeting"), dict):
            targeting = dict(item["targeting"])
            targeting["audience"] = _map_segments(targeting.get("audience"), ids)
            item["targeting"] = targeting
        raw_flows.append(item)
    flows = _load_each(FlowCreateSchema(), raw_flows, "flows")
    keys = [flow.get("key") for flow in flows]
    if None in keys:
        missing = {
            ("flows", i, "key"): ["Required on import."] for i, k in enumerate(keys) if k is None
        }
        raise Invalid.from_paths(missing)
    existing = {
        flow.key: flow
        for flow in db.session.scalars(
            sa.select(Flow).where(Flow.project_id == project_id, Flow.key.in_(keys))
        )
    }
    if existing and on_conflict == "error":
        raise Conflict(
            "These flow keys already exist: "
            + ", ".join(sorted(existing))
            + '. Import with on_conflict "skip" or "overwrite".',
            code="key_taken",
        )
    for index, data in enumerate(flows):
        current = existing.get(data["key"])
        try:
            if current is None:
                flow_service.create_flow(project_id, data)
                result["created"].append(data["key"])
            elif on_conflict == "skip":
                result["skipped"].append(data["key"])
            elif current.kind.value != data["kind"]:
                raise Invalid.from_paths(
                    {("flows", index, "kind"): [f"The existing flow is a {current.kind.value}."]}
                )
            else:
                fields = {
                    k: data[k] for k in ("name", "content", "targeting", "theme") if k in data
                }
                flow_service.update_draft(current, fields)
                result["updated"].append(data["key"])
        except Invalid as error:
            fields = {f"flows[{index}].{path}": msgs for path, msgs in (error.fields or {}).items()}
            raise Invalid(error.message, fields=fields) from None
    return result


def _import_segments(
    project_id: int, items: list[dict], result: dict[str, list[str]]
) -> dict[str, int]:
    """Segments of the document by key → their id in this project (existing ones are kept)."""
    ids = dict(
        db.session.execute(
            sa.select(Segment.key, Segment.id).where(Segment.project_id == project_id)
        ).all()
    )
    pending = [item for item in items if isinstance(item, dict) and item.get("key") not in ids]
    # A segment may refer to another by key; create them in an order that resolves.
    while pending:
        progressed = False
        for item in list(pending):
            refs = [ref for _, ref in segment_service.segment_references(item.get("condition"))]
            if any(isinstance(ref, str) and ref not in ids for ref in refs):
                continue
            data = {**item, "condition": _map_segments(item.get("condition"), ids)}
            loaded = _load_each(SegmentCreateSchema(), [data], "segments")[0]
            segment = segment_service.create_segment(project_id, loaded)
            ids[segment.key] = segment.id
            result["segments_created"].append(segment.key)
            pending.remove(item)
            progressed = True
        if not progressed:
            keys = ", ".join(str(item.get("key")) for item in pending)
            raise Invalid(f"These segments refer to segments that are not in the document: {keys}.")
    return ids
