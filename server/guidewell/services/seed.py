"""Synthetic traffic for demos and benchmarks: `guidewell seed-analytics`.

Simulated users walk a seeded tour (with drop-off at every step), answer an NPS
survey and meet an A/B-tested announcement. Their events go through the same
`ProgressRules` as live ingestion, so progress rows and rollups are exactly what
real traffic would have left; rows are then written in bulk, a chunk at a time.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Assignment,
    EndUser,
    Event,
    Experiment,
    ExperimentStatus,
    Flow,
    FlowKind,
    Progress,
    ProgressStatus,
    Response,
    UserAlias,
)
from . import experiments, rollups
from . import flows as flow_service
from .assignment import pick_variant
from .content_cache import is_blocking
from .transitions import ProgressRules

CHUNK = 5000
PROGRESS_COLUMNS = [c.name for c in Progress.__table__.columns if c.name != "id"]
TOUR_KEY, SURVEY_KEY, BANNER_KEY, EXPERIMENT_KEY = (
    "seed-tour",
    "seed-survey",
    "seed-banner",
    "seed-banner-ab",
)
TOUR_STEPS = ["Welcome", "Create a report", "Pick a chart", "Share it", "Invite your team"]
CONTINUE = [0.86, 0.72, 0.64, 0.81]  # chance to go on after step i (cycled for longer tours)
CONVERSION = {"control": 0.10, "bold": 0.13, "holdout": 0.07}
NPS_WEIGHTS = [2, 1, 1, 2, 2, 3, 5, 9, 14, 20, 21]  # scores 0..10
ROLES = ["dev", "pm", "design", "other"]
COMMENTS = [
    "Love the reports",
    "Setup took a while",
    "Sharing is confusing",
    "Fast and clear",
    "Needs a dark mode",
    "Great onboarding",
]


def _tour_content() -> dict[str, Any]:
    steps = [
        {"title": t, "body": f"<p>{t}.</p>", "target": {"selector": f"#step-{i}"}}
        for i, t in enumerate(TOUR_STEPS)
    ]
    steps[0].pop("target")
    return {"steps": steps}


SEED_FLOWS = {
    TOUR_KEY: (FlowKind.tour, "Seed: onboarding tour", _tour_content),
    SURVEY_KEY: (
        FlowKind.questionnaire,
        "Seed: NPS survey",
        lambda: {
            "questions": [
                {
                    "id": "nps",
                    "type": "nps",
                    "prompt": "How likely are you to recommend us?",
                    "required": True,
                },
                {
                    "id": "role",
                    "type": "single",
                    "prompt": "What is your role?",
                    "save_as_trait": "role",
                    "options": [{"value": r, "label": r.title()} for r in ROLES],
                },
                {"id": "why", "type": "text", "prompt": "What should we improve?"},
            ]
        },
    ),
    BANNER_KEY: (
        FlowKind.announcement,
        "Seed: upgrade banner",
        lambda: {
            "format": "banner",
            "title": "Try Pro free for 14 days",
            "buttons": [{"label": "Start trial", "action": "track", "event": "trial_started"}],
        },
    ),
}


@dataclass(frozen=True)
class SeedFlows:
    tour: Flow
    survey: Flow
    banner: Flow
    experiment: Experiment


def ensure_flows(project_id: int) -> SeedFlows:
    """The seeded flows and the running experiment, created and published once."""
    found = {}
    for key, (kind, name, content) in SEED_FLOWS.items():
        flow = db.session.scalar(
            sa.select(Flow).where(Flow.project_id == project_id, Flow.key == key)
        )
        if flow is None:
            flow = flow_service.create_flow(
                project_id, {"kind": kind.value, "name": name, "key": key, "content": content()}
            )
        if flow.live_version is None:
            flow_service.publish(flow, None)
        found[key] = flow
    banner = found[BANNER_KEY]
    if banner.latest_version < 2:
        second = dict(banner.draft_content, title="Go Pro: 14 days free, no card needed")
        flow_service.update_draft(banner, {"content": second})
        flow_service.publish(banner, None)
    experiment = running_banner_experiment(
        project_id, banner, EXPERIMENT_KEY, "Upgrade banner wording"
    )
    db.session.commit()
    return SeedFlows(found[TOUR_KEY], found[SURVEY_KEY], banner, experiment)


def running_banner_experiment(project_id: int, banner: Flow, key: str, name: str) -> Experiment:
    """The A/B test of a banner's versions 1 and 2 with a 10 % holdout, created once and
    running (the seeded analytics and the demo project both show one)."""
    experiment = db.session.scalar(
        sa.select(Experiment).where(Experiment.project_id == project_id, Experiment.key == key)
    )
    if experiment is None:
        experiment = experiments.create_experiment(
            project_id,
            {
                "flow_id": banner.id,
                "key": key,
                "name": name,
                "variants": [
                    {"key": "control", "weight": 4500, "version": 1},
                    {"key": "bold", "weight": 4500, "version": 2},
                    {"key": "holdout", "weight": 1000, "version": None},
                ],
                "goal": {"type": "event", "event": "upgraded"},
                "attribution_window_hours": 168,
            },
        )
    if experiment.status != ExperimentStatus.running:
        experiments.start(experiment)
    return experiment


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class _User:
    def __init__(self, rng: random.Random, now: datetime, days: int) -> None:
        self.anonymous_id = uuid.UUID(int=rng.getrandbits(128)).hex
        self.first_seen = now - timedelta(seconds=rng.uniform(0, days * 86_400))
        self.events: list[dict[str, Any]] = []
        self.traits: dict[str, Any] = {}

    def add(self, type_: str, at: datetime, **fields: Any) -> None:
        self.events.append({"id": str(uuid.uuid4()), "type": type_, "ts": _ms(at), **fields})


def _simulate(rng: random.Random, user: _User, seeded: SeedFlows, now: datetime) -> None:
    at = user.first_seen
    if rng.random() < 0.85:
        at = _walk_tour(rng, user, seeded.tour, at)
    if rng.random() < 0.3:
        at = _answer_survey(rng, user, seeded.survey, at + timedelta(minutes=rng.uniform(1, 600)))
    if rng.random() < 0.6:
        _meet_experiment(rng, user, seeded, at + timedelta(minutes=rng.uniform(1, 120)))
    user.events = [e for e in user.events if e["ts"] <= _ms(now)]


def _walk_tour(rng: random.Random, user: _User, flow: Flow, at: datetime) -> datetime:
    steps = len(flow.draft_content["steps"])
    user.add("flow_shown", at, flow=flow.id, version=1)
    for step in range(steps):
        user.add("step_viewed", at, flow=flow.id, version=1, step=step)
        at += timedelta(seconds=rng.lognormvariate(2.2, 0.8))
        if step == steps - 1:
            user.add("flow_completed", at, flow=flow.id, version=1)
        elif rng.random() > CONTINUE[step % len(CONTINUE)]:
            if rng.random() < 0.6:
                user.add("flow_dismissed", at, flow=flow.id, version=1, step=step)
            break
        elif step + 1 < steps and rng.random() < 0.01:
            user.add("step_target_missing", at, flow=flow.id, version=1, step=step + 1)
    return at


def _answer(rng: random.Random, question: dict[str, Any]) -> Any:
    kind = question["type"]
    if kind == "nps":
        return rng.choices(range(11), NPS_WEIGHTS)[0]
    if kind == "rating":
        return rng.choices(range(1, 6), [1, 2, 4, 8, 6])[0]
    values = [option["value"] for option in question.get("options", [])]
    if kind == "single":
        return rng.choice(values)
    if kind == "multi":
        return rng.sample(values, rng.randint(1, len(values)))
    return rng.choice(COMMENTS) if rng.random() < 0.35 else None


def _answer_survey(rng: random.Random, user: _User, flow: Flow, at: datetime) -> datetime:
    user.add("flow_shown", at, flow=flow.id, version=1)
    for step, question in enumerate(flow.draft_content["questions"]):
        value = _answer(rng, question)
        if value is None:
            continue
        if question.get("save_as_trait"):
            user.traits[question["save_as_trait"]] = value  # as ingestion would save it
        at += timedelta(seconds=rng.uniform(2, 20))
        user.add(
            "question_answered",
            at,
            flow=flow.id,
            version=1,
            step=step,
            props={"question": question["id"], "value": value},
        )
    user.add("flow_completed", at, flow=flow.id, version=1)
    return at


def _meet_experiment(rng: random.Random, user: _User, seeded: SeedFlows, at: datetime) -> None:
    experiment, flow = seeded.experiment, seeded.banner
    variants = experiment.variants
    variant = pick_variant(experiment.key, user.anonymous_id, variants)
    version = next(v["version"] for v in variants if v["key"] == variant)
    user.add("experiment_exposed", at, flow=flow.id, version=version or 1, variant=variant)
    if version is not None:
        user.add("flow_shown", at, flow=flow.id, version=version, variant=variant)
    rate = CONVERSION["holdout"] if version is None else CONVERSION.get(variant, CONVERSION["bold"])
    if rng.random() < rate:
        goal = experiment.goal.get("event") or "upgraded"
        user.add("track", at + timedelta(hours=rng.uniform(0, 48)), name=goal)


def _insert_returning(model, rows: list[dict[str, Any]]) -> list[int]:
    table = model.__table__
    result = db.session.execute(
        sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
    )
    return [row[0] for row in result]


def seed(
    project_id: int,
    users: int,
    *,
    days: int = 90,
    seed_value: int = 1,
    progress: Callable[[int], None] | None = None,
    flows: SeedFlows | None = None,
) -> SeedFlows:
    """Simulate `users` users over the last `days` days on `flows` (default: seeded ones)."""
    seeded = flows or ensure_flows(project_id)
    timezone = rollups.project_timezone(project_id)
    # Seeding again adds new users rather than colliding with the first run's ids.
    existing = db.session.scalar(
        sa.select(sa.func.count()).select_from(EndUser).where(EndUser.project_id == project_id)
    )
    rng = random.Random(f"{seed_value}:{existing}")
    now = datetime.now(UTC)
    flows_by_id = {f.id: f for f in (seeded.tour, seeded.survey, seeded.banner)}
    experiment = seeded.experiment
    for start in range(0, users, CHUNK):
        people = [_User(rng, now, days) for _ in range(min(CHUNK, users - start))]
        for person in people:
            _simulate(rng, person, seeded, now)
        _write_chunk(project_id, people, flows_by_id, experiment, timezone)
        db.session.commit()
        if progress:
            progress(len(people))
    return seeded


def _write_chunk(
    project_id: int,
    people: list[_User],
    flows_by_id: dict[int, Flow],
    experiment: Experiment,
    timezone: str,
) -> None:
    user_ids = _insert_returning(
        EndUser,
        [
            {
                "project_id": project_id,
                "external_id": None,
                "bucket_key": p.anonymous_id,
                "traits": p.traits,
                "first_seen": p.first_seen,
                "last_seen": p.first_seen,
                **{
                    f"active_{period}": start
                    for period, start in rollups.period_starts(
                        rollups.day_of(p.first_seen, timezone)
                    ).items()
                },
            }
            for p in people
        ],
    )
    db.session.execute(
        sa.insert(UserAlias.__table__),
        [
            {"project_id": project_id, "anonymous_id": p.anonymous_id, "end_user_id": uid}
            for p, uid in zip(people, user_ids, strict=True)
        ],
    )
    activity: dict[tuple, int] = {}
    for person in people:
        for period, start in rollups.period_starts(
            rollups.day_of(person.first_seen, timezone)
        ).items():
            activity[(period, start)] = activity.get((period, start), 0) + 1
    rollups.add_activity(project_id, [(p, s, n, n) for (p, s), n in activity.items()])

    batch = rollups.RollupBatch(project_id)
    questions = {
        (flow.id, question["id"]): question
        for flow in flows_by_id.values()
        for question in flow.draft_content.get("questions", [])
    }
    progress_rows: list[SimpleNamespace] = []
    answers: list[tuple[int, dict[str, Any]]] = []
    assignments = []
    for person, user_id in zip(people, user_ids, strict=True):
        variant = pick_variant(experiment.key, person.anonymous_id, experiment.variants)
        rules = ProgressRules(
            batch,
            timezone,
            lambda e, v=variant: v if e["flow"] == experiment.flow_id else e.get("variant"),
            lambda e: is_blocking(
                flows_by_id[e["flow"]].kind, flows_by_id[e["flow"]].draft_content
            ),
        )
        rows: dict[int, Progress] = {}
        for event in person.events:
            flow_id = event.get("flow")
            kind = event["type"]
            if kind in ("experiment_exposed", "track"):
                if kind == "experiment_exposed":
                    assignments.append(
                        {
                            "project_id": project_id,
                            "experiment_id": experiment.id,
                            "end_user_id": user_id,
                            "variant": variant,
                            "exposed_at": _at(event),
                            "converted_at": None,
                        }
                    )
                elif assignments and assignments[-1]["end_user_id"] == user_id:
                    assignments[-1]["converted_at"] = _at(event)
                continue
            if kind == "step_target_missing":
                rules.count_step(event, "target_missing")
                continue
            row = rows.get(flow_id)
            if row is None:
                # A plain object: the rules only set attributes, and ORM instances would
                # cost more than the rules themselves at this volume.
                row = rows[flow_id] = SimpleNamespace(
                    **{
                        **dict.fromkeys(PROGRESS_COLUMNS),
                        "project_id": project_id,
                        "end_user_id": user_id,
                        "flow_id": flow_id,
                        "version": 1,
                        "status": ProgressStatus.shown,
                        "furthest_step": -1,
                        "times_shown": 0,
                        "blocking": False,
                    }
                )
            rules.apply(row, event)
            if kind == "question_answered":
                answers.append((user_id, event))
                question = questions[(flow_id, event["props"]["question"])]
                batch.answer(
                    flow_id,
                    rollups.day_of(_at(event), timezone),
                    event["version"],
                    question,
                    event["props"]["value"],
                )
        progress_rows.extend(rows.values())
    db.session.execute(
        sa.insert(Progress.__table__),
        [{name: getattr(row, name) for name in PROGRESS_COLUMNS} for row in progress_rows],
    )
    batch.write()
    if assignments:
        db.session.execute(sa.insert(Assignment.__table__), assignments)
    _write_answers(project_id, answers)


def _at(event: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(event["ts"] / 1000, UTC)


def _write_answers(project_id: int, answers: list[tuple[int, dict[str, Any]]]) -> None:
    """Answers keep their `question_answered` event, as live ones do."""
    if not answers:
        return
    event_ids = _insert_returning(
        Event,
        [
            {
                "project_id": project_id,
                "uuid": e["id"],
                "type": e["type"],
                "end_user_id": uid,
                "flow_id": e["flow"],
                "version": e["version"],
                "step": e["step"],
                "variant": None,
                "name": None,
                "props": e["props"],
                "url": None,
                "client_ts": _at(e),
                "server_ts": _at(e),
            }
            for uid, e in answers
        ],
    )
    db.session.execute(
        sa.insert(Response.__table__),
        [
            {
                "project_id": project_id,
                "flow_id": e["flow"],
                "version": e["version"],
                "end_user_id": uid,
                "event_id": event_id,
                "question_id": e["props"]["question"],
                "value": e["props"]["value"],
                "answered_at": _at(e),
            }
            for (uid, e), event_id in zip(answers, event_ids, strict=True)
        ],
    )
