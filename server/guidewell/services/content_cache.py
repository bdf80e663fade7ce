"""What the SDK receives for a project, compiled once per change instead of per request.

A project's `content_revision` is bumped (in the same transaction) whenever a flow is
published, unpublished or archived, an experiment or segment changes, or the project's
theme or targeting settings change. Compiled content is cached per (project, revision)
in this process and, when GUIDEWELL_REDIS_URL is set, in Redis for the other servers,
so a session request reads one small row and evaluates rules in memory.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from ..extensions import db
from ..models import (
    Experiment,
    ExperimentStatus,
    Flow,
    FlowKind,
    FlowVersion,
    Project,
    Segment,
)
from ..schemas.theme import merge_theme

MAX_PROJECTS = 256
REDIS_TTL_SECONDS = 24 * 3600
# Project fields the SDK's behaviour depends on.
PROJECT_FIELDS = {
    "theme",
    "fatigue",
    "timezone",
    "identity_verification",
    "identity_secret",
    "allowed_origins",
    "public_key",
}
FLOW_FIELDS = {"live_version", "status", "key"}


def is_blocking(kind: str, content: dict[str, Any]) -> bool:
    """Blocking guides take the screen: one at a time, and they count against fatigue."""
    if kind == FlowKind.announcement:
        return content.get("format") == "modal"
    return kind in (FlowKind.tour, FlowKind.questionnaire)


def _payload(flow: Flow, version: FlowVersion, project_theme: dict[str, Any]) -> dict[str, Any]:
    return flow_payload(
        flow, version.number, version.content, version.targeting, version.theme, project_theme
    )


def flow_payload(
    flow: Flow,
    number: int,
    content: dict[str, Any],
    targeting: dict[str, Any],
    theme: dict[str, Any] | None,
    project_theme: dict[str, Any],
) -> dict[str, Any]:
    """A flow as the SDK renders it: one published version, or a draft (number 0)."""
    return {
        "id": flow.id,
        "key": flow.key,
        "kind": flow.kind.value,
        "version": number,
        "content": content,
        "pages": targeting["pages"],
        "trigger": targeting["trigger"],
        "delay_ms": targeting["delay_ms"],
        "frequency": targeting["frequency"],
        "device": targeting["device"],
        "priority": targeting["priority"],
        "blocking": is_blocking(flow.kind, content),
        "theme": merge_theme(project_theme, theme),
    }


def encode(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def encoded_prefix(payload: dict[str, Any]) -> str:
    """The payload as JSON without its closing brace: a session answer appends the
    user's own fields (variant, progress) instead of encoding the content again."""
    return encode(payload)[:-1]


def compile_project(project: Project) -> dict[str, Any]:
    """Everything resolution needs, as plain JSON-able data."""
    live = db.session.execute(
        sa.select(Flow, FlowVersion)
        .join(
            FlowVersion,
            sa.and_(FlowVersion.flow_id == Flow.id, FlowVersion.number == Flow.live_version),
        )
        .where(Flow.project_id == project.id)
    ).all()
    experiments = {
        e.flow_id: e
        for e in db.session.scalars(
            sa.select(Experiment).where(
                Experiment.project_id == project.id,
                Experiment.status == ExperimentStatus.running,
            )
        )
    }
    flows = []
    for flow, version in live:
        targeting = version.targeting
        payloads = {str(version.number): _payload(flow, version, project.theme)}
        experiment = experiments.get(flow.id)
        if experiment is not None:
            for variant in experiment.variants:
                number = variant["version"]
                if number is not None and str(number) not in payloads:
                    other = db.session.scalar(
                        sa.select(FlowVersion).where(
                            FlowVersion.flow_id == flow.id, FlowVersion.number == number
                        )
                    )
                    payloads[str(number)] = _payload(flow, other, project.theme)
        flows.append(
            {
                "id": flow.id,
                "key": flow.key,
                "kind": flow.kind.value,
                "live_version": version.number,
                "blocking": payloads[str(version.number)]["blocking"],
                "audience": targeting["audience"],
                "schedule": targeting["schedule"],
                "frequency": targeting["frequency"],
                "fatigue_exempt": targeting["fatigue_exempt"],
                "priority": targeting["priority"],
                "payloads": payloads,
                "encoded": {
                    number: encoded_prefix(payload) for number, payload in payloads.items()
                },
                "experiment": None
                if experiment is None
                else {
                    "id": experiment.id,
                    "key": experiment.key,
                    "variants": experiment.variants,
                    "goal": experiment.goal,
                    "window_hours": experiment.attribution_window_hours,
                },
            }
        )
    flows.sort(key=lambda f: (-f["priority"], f["id"]))
    all_flows = db.session.execute(
        sa.select(Flow.id, Flow.kind, Flow.key).where(Flow.project_id == project.id)
    ).all()
    segments = db.session.execute(
        sa.select(Segment.id, Segment.condition).where(Segment.project_id == project.id)
    ).all()
    return {
        "project_id": project.id,
        "revision": project.content_revision,
        "timezone": project.timezone,
        "fatigue": project.fatigue or {},
        # Encoded once: every session answer carries it as is.
        "theme_json": encode(merge_theme(project.theme, None)),
        "identity_verification": project.identity_verification,
        "identity_secret": project.identity_secret,
        "allowed_origins": project.allowed_origins or [],
        "flows": flows,
        "flow_kinds": {str(fid): kind.value for fid, kind, _key in all_flows},
        "flow_keys": {str(fid): key for fid, _kind, key in all_flows},
        "segments": {str(sid): condition for sid, condition in segments},
    }


class _LocalCache:
    def __init__(self) -> None:
        self._items: OrderedDict[int, tuple[int, dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, project_id: int, revision: int) -> dict[str, Any] | None:
        with self._lock:
            item = self._items.get(project_id)
            if item is None or item[0] != revision:
                return None
            self._items.move_to_end(project_id)
            return item[1]

    def put(self, project_id: int, revision: int, compiled: dict[str, Any]) -> None:
        with self._lock:
            self._items[project_id] = (revision, compiled)
            self._items.move_to_end(project_id)
            while len(self._items) > MAX_PROJECTS:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


local_cache = _LocalCache()


def _redis():
    url = current_app.config.get("GUIDEWELL_REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("guidewell_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        current_app.extensions["guidewell_redis"] = client
    return client


# Bumped whenever the compiled shape changes, so servers of two releases never read
# each other's entries.
COMPILED_FORMAT = 2


def _redis_key(project_id: int, revision: int) -> str:
    return f"guidewell:compiled:v{COMPILED_FORMAT}:{project_id}:{revision}"


def compiled_for_key(public_key: str) -> dict[str, Any] | None:
    """The compiled content of the project with this public key (None: no such key).

    What every SDK request starts with: one small indexed row when the content is
    cached in this process, the whole project only when it must be compiled."""
    table = Project.__table__
    row = db.session.execute(
        sa.select(table.c.id, table.c.content_revision).where(table.c.public_key == public_key)
    ).first()
    if row is None:
        return None
    cached = local_cache.get(row.id, row.content_revision)
    if cached is not None:
        return cached
    return compiled_for(db.session.get_one(Project, row.id))


def compiled_for(project: Project) -> dict[str, Any]:
    """The compiled content at the project's current revision, built at most once per change."""
    revision = project.content_revision
    cached = local_cache.get(project.id, revision)
    if cached is not None:
        return cached
    client = _redis()
    if client is not None:
        try:
            raw = client.get(_redis_key(project.id, revision))
        except Exception:  # Redis is a cache: when it is down, compile locally.
            raw, client = None, None
        if raw:
            compiled = json.loads(raw)
            local_cache.put(project.id, revision, compiled)
            return compiled
    compiled = compile_project(project)
    local_cache.put(project.id, revision, compiled)
    if client is not None:
        with contextlib.suppress(Exception):
            client.set(_redis_key(project.id, revision), json.dumps(compiled), ex=REDIS_TTL_SECONDS)
    return compiled


def _touched_projects(session: so.Session) -> set[int]:
    touched: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, FlowVersion | Experiment | Segment):
            touched.add(obj.project_id)
        elif isinstance(obj, Flow):
            if obj in session.new or obj in session.deleted or _changed(obj, FLOW_FIELDS):
                touched.add(obj.project_id)
        elif isinstance(obj, Project) and obj not in session.new and _changed(obj, PROJECT_FIELDS):
            touched.add(obj.id)
    return touched


def _changed(obj: Any, fields: set[str]) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


@sa.event.listens_for(so.Session, "before_flush")
def _bump_revisions(session: so.Session, _context, _instances) -> None:
    """Every change that alters what the SDK receives bumps the project's revision, in the
    same transaction, so no code path can forget to invalidate the cache."""
    touched = _touched_projects(session)
    if touched:
        session.connection().execute(
            sa.update(Project.__table__)
            .where(Project.__table__.c.id.in_(touched))
            .values(content_revision=Project.__table__.c.content_revision + 1)
        )
