"""Flows: an editable draft, immutable published versions, and the lifecycle between them.

Publishing snapshots the draft (content, targeting, theme) as version n+1 and makes it
live; nothing ever edits a version afterwards. Restoring copies a version back into the
draft, so rolling back is "restore n, publish".
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import marshmallow as ma
import sqlalchemy as sa

from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models import (
    Account,
    Experiment,
    ExperimentStatus,
    Flow,
    FlowKind,
    FlowStatus,
    FlowVersion,
)
from ..models.types import utcnow
from ..schemas.content import load_content
from ..schemas.targeting import TargetingSchema
from ..schemas.theme import ThemeSchema
from .keys import unique_key
from .segments import missing_references

STARTER_CONTENT: dict[FlowKind, dict[str, Any]] = {
    FlowKind.tour: {
        "steps": [{"title": "Welcome!", "body": "<p>Let us show you around.</p>"}],
    },
    FlowKind.hotspot: {
        "hotspots": [
            {
                "target": {"selector": "[data-guidewell-target]"},
                "title": "New here?",
                "body": "<p>Point this beacon at any element of your app.</p>",
            }
        ],
    },
    FlowKind.announcement: {
        "format": "modal",
        "title": "What's new",
        "body": "<p>Tell your users about it here.</p>",
        "buttons": [{"label": "Got it", "action": "close"}],
    },
    FlowKind.questionnaire: {
        "questions": [
            {
                "type": "nps",
                "prompt": "How likely are you to recommend us to a friend or colleague?",
                "required": True,
            }
        ],
    },
    FlowKind.checklist: {
        "title": "Get started",
        "items": [
            {"title": "Read the guide", "action": "url", "url": "https://example.com/docs"},
        ],
    },
}


def validate_draft(
    project_id: int, kind: str, content: Any, targeting: Any, theme: Any
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Load all three parts, reporting every problem at once under its full path."""
    errors: dict[str, Any] = {}
    loaded: dict[str, Any] = {}
    for part, load in (
        ("content", lambda data: load_content(kind, data)),
        ("targeting", TargetingSchema().load),
        ("theme", ThemeSchema().load),
    ):
        data = {"content": content, "targeting": targeting, "theme": theme}[part]
        try:
            loaded[part] = load(data)
        except ma.ValidationError as error:
            errors[part] = error.messages
    if errors:
        raise Invalid.from_marshmallow(ma.ValidationError(errors))
    missing = missing_references(
        project_id, loaded["targeting"].get("audience"), ("targeting", "audience")
    )
    if missing:
        raise Invalid.from_paths(missing)
    return loaded["content"], loaded["targeting"], loaded["theme"]


def flow_references(content: Any, path: tuple = ("content",)) -> Iterator[tuple[tuple, str]]:
    """Every `{"action": "start_flow", "flow": KEY}` in content (buttons, checklist items)."""
    if isinstance(content, dict):
        if content.get("action") == "start_flow" and isinstance(content.get("flow"), str):
            yield (*path, "flow"), content["flow"]
        for key, value in content.items():
            yield from flow_references(value, (*path, key))
    elif isinstance(content, list):
        for index, value in enumerate(content):
            yield from flow_references(value, (*path, index))


def _key_taken(project_id: int, key: str, except_id: int | None = None) -> bool:
    query = sa.select(Flow.id).where(Flow.project_id == project_id, Flow.key == key)
    if except_id is not None:
        query = query.where(Flow.id != except_id)
    return db.session.scalar(query) is not None


def get_flow(project_id: int, flow_id: int) -> Flow:
    flow = db.session.scalar(
        sa.select(Flow).where(Flow.project_id == project_id, Flow.id == flow_id)
    )
    if flow is None:
        raise NotFound("No such flow.")
    return flow


def list_query(project_id: int, *, status: str | None, kind: str | None, q: str | None):
    query = sa.select(Flow).where(Flow.project_id == project_id)
    if status:
        query = query.where(Flow.status == status)
    else:
        query = query.where(Flow.status != FlowStatus.archived)
    if kind:
        query = query.where(Flow.kind == kind)
    if q:
        needle = q.lower()
        query = query.where(
            sa.or_(
                sa.func.lower(Flow.name).contains(needle, autoescape=True),
                Flow.key.contains(needle, autoescape=True),
            )
        )
    return query.order_by(Flow.updated_at.desc(), Flow.id.desc())


def create_flow(project_id: int, data: dict[str, Any]) -> Flow:
    kind = FlowKind(data["kind"])
    key = data.get("key") or unique_key(data["name"], lambda k: _key_taken(project_id, k))
    if _key_taken(project_id, key):
        raise Conflict(f'A flow with key "{key}" already exists.', code="key_taken")
    content = data.get("content")
    if content is None:
        content = copy.deepcopy(STARTER_CONTENT[kind])
    content, targeting, theme = validate_draft(
        project_id, kind, content, data.get("targeting", {}), data.get("theme", {})
    )
    flow = Flow(
        project_id=project_id,
        key=key,
        kind=kind,
        name=data["name"],
        status=FlowStatus.draft,
        draft_content=content,
        draft_targeting=targeting,
        draft_theme=theme,
    )
    db.session.add(flow)
    db.session.flush()
    return flow


def update_draft(flow: Flow, data: dict[str, Any]) -> Flow:
    """Edit the draft; the live version is untouched until the next publish."""
    if "key" in data and data["key"] != flow.key:
        if flow.ever_published:
            raise Conflict(
                "The key of a flow that was published cannot change (the SDK and events use it).",
                code="key_locked",
            )
        if _key_taken(flow.project_id, data["key"], flow.id):
            raise Conflict(f'A flow with key "{data["key"]}" already exists.', code="key_taken")
        flow.key = data["key"]
    if {"content", "targeting", "theme"} & data.keys():
        content, targeting, theme = validate_draft(
            flow.project_id,
            flow.kind,
            data.get("content", flow.draft_content),
            data.get("targeting", flow.draft_targeting),
            data.get("theme", flow.draft_theme),
        )
        flow.draft_content, flow.draft_targeting, flow.draft_theme = content, targeting, theme
    if "name" in data:
        flow.name = data["name"]
    flow.updated_at = utcnow()
    db.session.flush()
    return flow


def live_version(flow: Flow) -> FlowVersion | None:
    if flow.live_version is None:
        return None
    return get_version(flow, flow.live_version)


def get_version(flow: Flow, number: int) -> FlowVersion:
    version = db.session.scalar(
        sa.select(FlowVersion).where(FlowVersion.flow_id == flow.id, FlowVersion.number == number)
    )
    if version is None:
        raise NotFound(f"This flow has no version {number}.")
    return version


def has_unpublished_changes(flow: Flow) -> bool:
    live = live_version(flow)
    if live is None:
        return True
    return (flow.draft_content, flow.draft_targeting, flow.draft_theme, flow.name) != (
        live.content,
        live.targeting,
        live.theme,
        live.name,
    )


def _check_references(flow: Flow) -> None:
    """What a draft points at must still exist when it goes live."""
    problems: dict[tuple, list[str]] = dict(
        missing_references(
            flow.project_id, flow.draft_targeting.get("audience"), ("targeting", "audience")
        )
    )
    refs = list(flow_references(flow.draft_content))
    known = set(
        db.session.scalars(
            sa.select(Flow.key).where(
                Flow.project_id == flow.project_id, Flow.key.in_({key for _, key in refs})
            )
        )
    )
    for path, key in refs:
        if key not in known:
            problems[path] = [f'No flow with key "{key}" in this project.']
        elif key == flow.key:
            problems[path] = ["A flow cannot start itself."]
    if problems:
        raise Invalid.from_paths(problems)


def publish(flow: Flow, account: Account | None) -> FlowVersion:
    """Snapshot the draft as version n+1 and make it live."""
    _check_references(flow)
    version = FlowVersion(
        project_id=flow.project_id,
        flow_id=flow.id,
        number=flow.latest_version + 1,
        name=flow.name,
        content=copy.deepcopy(flow.draft_content),
        targeting=copy.deepcopy(flow.draft_targeting),
        theme=copy.deepcopy(flow.draft_theme),
        published_by_id=account.id if account else None,
    )
    # Compare-and-set on latest_version: of two concurrent publishes, one wins.
    result = db.session.execute(
        sa.update(Flow)
        .where(Flow.id == flow.id, Flow.latest_version == flow.latest_version)
        .values(
            latest_version=version.number,
            live_version=version.number,
            status=FlowStatus.published,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict("Someone published this flow at the same moment; try again.")
    db.session.add(version)
    db.session.flush()
    db.session.refresh(flow)
    return version


def unpublish(flow: Flow) -> Flow:
    """Take the flow off users' screens; its draft and versions stay."""
    return _take_down(flow, FlowStatus.draft)


def archive(flow: Flow) -> Flow:
    """Off screens and out of the default list; analytics stay."""
    return _take_down(flow, FlowStatus.archived)


def _take_down(flow: Flow, status: FlowStatus) -> Flow:
    _stop_experiments(flow)
    flow.live_version = None
    flow.status = status
    flow.updated_at = utcnow()
    db.session.flush()
    return flow


def _stop_experiments(flow: Flow) -> None:
    db.session.execute(
        sa.update(Experiment)
        .where(Experiment.flow_id == flow.id, Experiment.status == ExperimentStatus.running)
        .values(status=ExperimentStatus.stopped, stopped_at=utcnow(), updated_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )


def duplicate(flow: Flow) -> Flow:
    name = f"Copy of {flow.name}"[:200]
    copy_ = Flow(
        project_id=flow.project_id,
        key=unique_key(f"{flow.key}-copy", lambda k: _key_taken(flow.project_id, k)),
        kind=flow.kind,
        name=name,
        status=FlowStatus.draft,
        draft_content=copy.deepcopy(flow.draft_content),
        draft_targeting=copy.deepcopy(flow.draft_targeting),
        draft_theme=copy.deepcopy(flow.draft_theme),
    )
    db.session.add(copy_)
    db.session.flush()
    return copy_


def delete(flow: Flow) -> None:
    """Only a flow that was never published can go: events of published ones need it."""
    if flow.ever_published:
        raise Conflict(
            "This flow was published, and its events refer to it; archive it instead.",
            code="flow_was_published",
        )
    db.session.delete(flow)
    db.session.flush()


def versions(flow: Flow) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(FlowVersion, Account.email)
        .outerjoin(Account, Account.id == FlowVersion.published_by_id)
        .where(FlowVersion.flow_id == flow.id)
        .order_by(FlowVersion.number.desc())
    )
    return [version_view(flow, version, email) for version, email in rows]


def version_view(flow: Flow, version: FlowVersion, email: str | None = None) -> dict[str, Any]:
    return {
        "number": version.number,
        "name": version.name,
        "published_at": version.published_at,
        "published_by_email": email,
        "is_live": flow.live_version == version.number,
        "content": version.content,
        "targeting": version.targeting,
        "theme": version.theme,
    }


def restore(flow: Flow, number: int) -> Flow:
    """Copy version `number` into the draft; publish to make it live again."""
    version = get_version(flow, number)
    flow.draft_content = copy.deepcopy(version.content)
    flow.draft_targeting = copy.deepcopy(version.targeting)
    flow.draft_theme = copy.deepcopy(version.theme)
    flow.name = version.name
    flow.updated_at = utcnow()
    db.session.flush()
    return flow
