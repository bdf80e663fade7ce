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

from ..errors import Conflict, Invalid, flatten_messages, summarize
from ..extensions import db
from ..models import Flow, Segment
from ..schemas.flow import FlowCreateSchema
from ..schemas.segment import SegmentCreateSchema
from . import flows as flow_service
from . import segments as segment_service

FORMAT = "guidewell.flows"
Path = tuple[str | int, ...]


def _map_segments(condition: Any, mapping: dict[Any, Any]) -> Any:
    """A copy of `condition` with every segment reference replaced through `mapping`."""
    if not condition:
        return condition
    condition = copy.deepcopy(condition)
    for path, ref in segment_service.segment_references(condition):
        # Only a key or an id can be mapped; anything else is left for the schema to refuse.
        if isinstance(ref, str | int) and not isinstance(ref, bool) and ref in mapping:
            node = condition
            for part in path[:-1]:
                node = node[part]
            node["segment"] = mapping[ref]
    return condition


def _undefined_keys(condition: Any, known: set[str], prefix: Path) -> dict[Path, list[str]]:
    """Paths of references to segment keys neither the document nor the project defines."""
    return {
        path: [f'No segment with key "{ref}" in the document or the project.']
        for path, ref in segment_service.segment_references(condition, prefix)
        if isinstance(ref, str) and ref not in known
    }


def _within(error: Invalid, prefix: str) -> Invalid:
    """A service's error about one item of the document, with the item's path in front."""
    if not error.fields:
        return Invalid(f"{prefix}: {error.message}", code=error.code)
    fields = {f"{prefix}.{path}": messages for path, messages in error.fields.items()}
    return Invalid(summarize(fields), code=error.code, fields=fields)


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
    undefined: dict[Path, list[str]] = {}
    for index, item in enumerate(document["flows"]):
        item = dict(item)
        targeting = item.get("targeting")
        if isinstance(targeting, dict) and "audience" in targeting:
            audience = targeting["audience"]
            prefix = ("flows", index, "targeting", "audience")
            undefined.update(_undefined_keys(audience, set(ids), prefix))
            item["targeting"] = {**targeting, "audience": _map_segments(audience, ids)}
        raw_flows.append(item)
    if undefined:
        raise Invalid.from_paths(undefined)
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
        if current is not None and on_conflict == "skip":
            result["skipped"].append(data["key"])
            continue
        if current is not None and current.kind.value != data["kind"]:
            raise Invalid.from_paths(
                {("flows", index, "kind"): [f"The existing flow is a {current.kind.value}."]}
            )
        try:
            if current is None:
                flow_service.create_flow(project_id, data)
                result["created"].append(data["key"])
            else:
                fields = {
                    k: data[k] for k in ("name", "content", "targeting", "theme") if k in data
                }
                flow_service.update_draft(current, fields)
                result["updated"].append(data["key"])
        except Invalid as error:
            raise _within(error, f"flows[{index}]") from None
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
    _check_segments(items, set(ids))
    pending = [(index, item) for index, item in enumerate(items) if item.get("key") not in ids]
    # A segment may refer to another by key; create them in an order that resolves.
    while pending:
        progressed = False
        for index, item in list(pending):
            refs = [ref for _, ref in segment_service.segment_references(item.get("condition"))]
            if any(isinstance(ref, str) and ref not in ids for ref in refs):
                continue
            data = {**item, "condition": _map_segments(item["condition"], ids)}
            try:
                segment = segment_service.create_segment(
                    project_id, SegmentCreateSchema().load(data)
                )
            except Invalid as error:
                raise _within(error, f"segments[{index}]") from None
            ids[segment.key] = segment.id
            result["segments_created"].append(segment.key)
            pending.remove((index, item))
            progressed = True
        if not progressed:
            # Every key is defined (checked above), so what is left refers round in a circle.
            keys = ", ".join(str(item.get("key")) for _, item in pending)
            raise Invalid(f"These segments include each other in a cycle: {keys}.")
    return ids


def _check_segments(items: list[dict], existing: set[str]) -> None:
    """Every segment of the document valid, each error under its own `segments[i]` path."""
    known = existing | {item["key"] for item in items if isinstance(item.get("key"), str)}
    # The schema wants ids where the document has keys: any valid id stands in for them.
    stand_in = dict.fromkeys(known, 1)
    messages: dict[int, Any] = {}
    undefined: dict[Path, list[str]] = {}
    for index, item in enumerate(items):
        data = dict(item)
        if "condition" in data:
            undefined.update(
                _undefined_keys(data["condition"], known, ("segments", index, "condition"))
            )
            data["condition"] = _map_segments(data["condition"], stand_in)
        try:
            SegmentCreateSchema().load(data)
        except ma.ValidationError as error:
            messages[index] = error.messages
    fields = flatten_messages({"segments": messages}) if messages else {}
    if undefined:
        fields.update(Invalid.from_paths(undefined).fields or {})
    if fields:
        raise Invalid(summarize(fields), fields=fields)
