"""Analytics read from the daily rollups ingestion keeps (DESIGN §9, §11).

Nothing here touches the event table: flow summaries and funnels sum `flow_days` and
`step_days` over the range; time on step comes from the `step_durations` histogram;
questionnaire results read `responses` through their (flow, question) index.
Ranges are calendar days in the project's time zone; rollup rows are counted on the
day the transition happened (a user shown on Monday who finishes on Tuesday adds to
Monday's `shown` and Tuesday's `completed`).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from ..errors import Invalid
from ..extensions import db
from ..models import (
    Activity,
    AnswerDay,
    Assignment,
    EndUser,
    Experiment,
    Flow,
    FlowDay,
    FlowKind,
    FlowVersion,
    Response,
    StepDay,
    StepDuration,
)
from . import stats
from .rollups import DURATION_BUCKETS, day_of, period_starts, zone

DEFAULT_DAYS = 30
SRM_ALPHA = 0.001
WORST_STEPS = 5
MIN_VIEWS_FOR_WORST = 20


def resolve_range(args: dict[str, Any], timezone: str) -> tuple[date, date]:
    end = args.get("end") or day_of(datetime.now(UTC), timezone)
    start = args.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise Invalid.from_paths({("from",): ["Must not be after `to`."]})
    return start, end


def _days(start: date, end: date) -> Iterator[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# -- flows ------------------------------------------------------------------------------


def _version_content(flow: Flow, version: int | None) -> dict[str, Any]:
    """The content the report describes: that version, else the live one, else the draft."""
    number = version or flow.live_version or (flow.latest_version or None)
    if number is None:
        return flow.draft_content
    content = db.session.scalar(
        sa.select(FlowVersion.content).where(
            FlowVersion.flow_id == flow.id, FlowVersion.number == number
        )
    )
    if content is None:
        raise Invalid.from_paths({("version",): [f"This flow has no version {number}."]})
    return content


def step_labels(kind: str, content: dict[str, Any]) -> list[str]:
    """What the funnel calls each step of a flow's content."""
    if kind == FlowKind.tour:
        return [s.get("title") or f"Step {i + 1}" for i, s in enumerate(content.get("steps", []))]
    if kind == FlowKind.questionnaire:
        return [q["prompt"] for q in content.get("questions", [])]
    if kind == FlowKind.hotspot:
        return [
            h.get("title") or f"Hotspot {i + 1}" for i, h in enumerate(content.get("hotspots", []))
        ]
    if kind == FlowKind.checklist:
        return [item["title"] for item in content.get("items", [])]
    return [content.get("title") or "Announcement"]


def _variant_keys(flow: Flow) -> set[str]:
    keys: set[str] = set()
    for variants in db.session.scalars(
        sa.select(Experiment.variants).where(Experiment.flow_id == flow.id)
    ):
        keys.update(v["key"] for v in variants)
    return keys


def _filters(
    model, flow_id: int, start: date, end: date, version: int | None, variant: str | None
) -> list:
    where = [model.flow_id == flow_id, model.day >= start, model.day <= end]
    if version is not None:
        where.append(model.version == version)
    if variant is not None:
        where.append(model.variant == variant)
    return where


def median_seconds(histogram: dict[int, int]) -> float | None:
    """Median time from log-spaced buckets, interpolated linearly inside its bucket."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    half, seen = total / 2, 0
    for bucket in sorted(histogram):
        count = histogram[bucket]
        if seen + count >= half:
            lower = DURATION_BUCKETS[bucket - 1] if bucket > 0 else 0.0
            if bucket >= len(DURATION_BUCKETS):
                return float(lower)  # the open-ended last bucket
            upper = DURATION_BUCKETS[bucket]
            return round(lower + (upper - lower) * (half - seen) / count, 1)
        seen += count
    return None


COUNTS = ("shown", "started", "completed", "dismissed")


def _count_sums() -> list:
    """Sums of a flow's daily counts, in the order of COUNTS."""
    return [sa.func.sum(getattr(FlowDay, name)) for name in COUNTS]


def _summary(totals: list[int]) -> dict[str, Any]:
    summary: dict[str, Any] = dict(zip(COUNTS, totals, strict=True))
    summary["completion_rate"] = _rate(summary["completed"], summary["shown"])
    return summary


def flow_report(flow: Flow, timezone: str, args: dict[str, Any]) -> dict[str, Any]:
    start, end = resolve_range(args, timezone)
    version, variant = args.get("version"), args.get("variant")
    if variant is not None and variant not in _variant_keys(flow):
        raise Invalid.from_paths({("variant",): ["No experiment on this flow has this variant."]})
    content = _version_content(flow, version)
    day_rows = db.session.execute(
        sa.select(FlowDay.day, *_count_sums())
        .where(*_filters(FlowDay, flow.id, start, end, version, variant))
        .group_by(FlowDay.day)
    ).all()
    by_day = {row[0]: [int(n or 0) for n in row[1:]] for row in day_rows}
    trend = []
    totals = [0, 0, 0, 0]
    for day in _days(start, end):
        counts = by_day.get(day, [0, 0, 0, 0])
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        trend.append({"day": day, **dict(zip(COUNTS, counts, strict=True))})
    summary = _summary(totals)
    return {
        "flow_id": flow.id,
        "kind": flow.kind.value,
        "range": {"start": start, "end": end, "timezone": timezone},
        "version": version,
        "variant": variant,
        "summary": summary,
        "trend": trend,
        "funnel": _funnel(flow, content, start, end, version, variant, summary["completed"]),
    }


def flows_totals(project_id: int, timezone: str, args: dict[str, Any]) -> dict[str, Any]:
    """Every flow's summary and users shown per day, in one query over the daily rollup:
    what the flows list shows beside each flow."""
    start, end = resolve_range(args, timezone)
    rows = db.session.execute(
        sa.select(FlowDay.flow_id, FlowDay.day, *_count_sums())
        .where(FlowDay.project_id == project_id, FlowDay.day >= start, FlowDay.day <= end)
        .group_by(FlowDay.flow_id, FlowDay.day)
    ).all()
    days = {day: index for index, day in enumerate(_days(start, end))}
    flows: dict[int, dict[str, Any]] = {}
    for flow_id, day, *counts in rows:
        entry = flows.setdefault(
            flow_id, {"flow_id": flow_id, "totals": [0, 0, 0, 0], "shown_by_day": [0] * len(days)}
        )
        entry["totals"] = [a + int(b or 0) for a, b in zip(entry["totals"], counts, strict=True)]
        entry["shown_by_day"][days[day]] += int(counts[0] or 0)
    answer = [
        {
            "flow_id": e["flow_id"],
            "summary": _summary(e["totals"]),
            "shown_by_day": e["shown_by_day"],
        }
        for e in sorted(flows.values(), key=lambda e: e["flow_id"])
    ]
    return {"range": {"start": start, "end": end, "timezone": timezone}, "flows": answer}


def _funnel(
    flow: Flow,
    content: dict[str, Any],
    start: date,
    end: date,
    version: int | None,
    variant: str | None,
    completed: int,
) -> list[dict[str, Any]]:
    labels = step_labels(flow.kind, content)
    steps: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for step, viewed, dismissed, missing, fallback in db.session.execute(
        sa.select(
            StepDay.step,
            sa.func.sum(StepDay.viewed),
            sa.func.sum(StepDay.dismissed),
            sa.func.sum(StepDay.target_missing),
            sa.func.sum(StepDay.fallback_matched),
        )
        .where(*_filters(StepDay, flow.id, start, end, version, variant))
        .group_by(StepDay.step)
    ):
        steps[step].update(
            viewed=int(viewed or 0),
            dismissed=int(dismissed or 0),
            target_missing=int(missing or 0),
            fallback_matched=int(fallback or 0),
        )
    histograms: dict[int, dict[int, int]] = defaultdict(dict)
    for step, bucket, users in db.session.execute(
        sa.select(StepDuration.step, StepDuration.bucket, sa.func.sum(StepDuration.users))
        .where(*_filters(StepDuration, flow.id, start, end, version, variant))
        .group_by(StepDuration.step, StepDuration.bucket)
    ):
        histograms[step][bucket] = int(users or 0)
    funnel = []
    for index, label in enumerate(labels):
        viewed = steps[index]["viewed"]
        following = steps[index + 1]["viewed"] if index + 1 < len(labels) else completed
        drop = max(viewed - following, 0)
        funnel.append(
            {
                "step": index,
                "label": label,
                "viewed": viewed,
                "drop_off": drop,
                "drop_off_pct": round(100 * drop / viewed, 1) if viewed else None,
                "median_seconds": median_seconds(histograms.get(index, {})),
                "dismissed": steps[index]["dismissed"],
                "target_missing": steps[index]["target_missing"],
                "fallback_matched": steps[index]["fallback_matched"],
            }
        )
    return funnel


# -- questionnaires ----------------------------------------------------------------------


def _utc_bounds(start: date, end: date, timezone: str) -> tuple[datetime, datetime]:
    tz = zone(timezone)
    low = datetime.combine(start, time.min, tzinfo=tz).astimezone(UTC)
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
    return low, high


def _response_filters(
    flow: Flow, start: date, end: date, timezone: str, version: int | None
) -> list:
    low, high = _utc_bounds(start, end, timezone)
    where = [Response.flow_id == flow.id, Response.answered_at >= low, Response.answered_at < high]
    if version is not None:
        where.append(Response.version == version)
    return where


def responses_report(flow: Flow, timezone: str, args: dict[str, Any]) -> dict[str, Any]:
    if flow.kind != FlowKind.questionnaire:
        raise Invalid(
            "Only questionnaires have responses.", fields={"flow": ["Not a questionnaire."]}
        )
    start, end = resolve_range(args, timezone)
    version = args.get("version")
    content = _version_content(flow, version)
    questions = content.get("questions", [])
    where = _response_filters(flow, start, end, timezone, version)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    day_filter = [AnswerDay.flow_id == flow.id, AnswerDay.day >= start, AnswerDay.day <= end]
    if version is not None:
        day_filter.append(AnswerDay.version == version)
    for question_id, value, n in db.session.execute(
        sa.select(AnswerDay.question_id, AnswerDay.value, sa.func.sum(AnswerDay.answers))
        .where(*day_filter)
        .group_by(AnswerDay.question_id, AnswerDay.value)
    ):
        counts[question_id][value] += int(n or 0)
    text_counts = dict(
        db.session.execute(
            sa.select(Response.question_id, sa.func.count())
            .where(
                *where,
                Response.question_id.in_([q["id"] for q in questions if q["type"] == "text"]),
            )
            .group_by(Response.question_id)
        ).all()
    )
    report = []
    for question in questions:
        answers = counts.get(question["id"], {})
        entry: dict[str, Any] = {
            "id": question["id"],
            "type": question["type"],
            "prompt": question["prompt"],
            "responses": (
                text_counts.get(question["id"], 0)
                if question["type"] == "text"
                else sum(answers.values())
                if question["type"] != "multi"
                else None
            ),
        }
        if question["type"] in ("single", "multi"):
            entry["distribution"] = [
                {
                    "value": o["value"],
                    "label": o["label"],
                    "count": answers.get(json.dumps(o["value"]), 0),
                }
                for o in question["options"]
            ]
        elif question["type"] in ("rating", "nps"):
            low, high = (1, 5) if question["type"] == "rating" else (0, 10)
            scores = {s: answers.get(json.dumps(s), 0) for s in range(low, high + 1)}
            entry["distribution"] = [{"value": s, "count": n} for s, n in scores.items()]
            if question["type"] == "nps":
                entry["nps"] = stats.nps(scores)
            else:
                total = sum(scores.values())
                entry["average"] = (
                    round(sum(s * n for s, n in scores.items()) / total, 2) if total else None
                )
        report.append(entry)
    text_answers = None
    wanted = args.get("question")
    if wanted is not None:
        text_answers = _text_page(flow, where, wanted, questions, args)
    return {
        "flow_id": flow.id,
        "range": {"start": start, "end": end, "timezone": timezone},
        "questions": report,
        "text_answers": text_answers,
    }


def _text_page(flow: Flow, where: list, wanted: str, questions: list, args: dict) -> dict:
    if wanted not in {q["id"] for q in questions if q["type"] == "text"}:
        raise Invalid.from_paths({("question",): ["No free-text question has this id."]})
    query = (
        sa.select(Response.value, Response.answered_at)
        .where(*where, Response.question_id == wanted)
        .order_by(Response.answered_at.desc(), Response.id.desc())
    )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    page, per_page = args["page"], args["per_page"]
    items = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return {
        "question": wanted,
        "page": page,
        "per_page": per_page,
        "total": total,
        "items": [{"value": v, "answered_at": a.isoformat()} for v, a in items],
    }


def responses_csv(flow: Flow, timezone: str, args: dict[str, Any]) -> Iterator[str]:
    """Every answer in the range, one CSV row each, streamed in pages."""
    start, end = resolve_range(args, timezone)
    prompts = {
        q["id"]: q["prompt"]
        for q in _version_content(flow, args.get("version")).get("questions", [])
    }
    query = (
        sa.select(
            Response.answered_at,
            Response.version,
            Response.question_id,
            Response.value,
            EndUser.external_id,
            Response.end_user_id,
        )
        .join(EndUser, EndUser.id == Response.end_user_id)
        .where(*_response_filters(flow, start, end, timezone, args.get("version")))
        .order_by(Response.answered_at, Response.id)
        .execution_options(yield_per=1000)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(["answered_at", "user", "version", "question_id", "question", "answer"])
    yield flush()
    for count, (at, version, qid, value, external, user_id) in enumerate(db.session.execute(query)):
        answer = "; ".join(map(str, value)) if isinstance(value, list) else value
        writer.writerow(
            [
                at.isoformat(),
                external or f"anonymous-{user_id}",
                version,
                qid,
                prompts.get(qid, ""),
                answer,
            ]
        )
        if count % 500 == 499:
            yield flush()
    yield flush()


# -- experiments --------------------------------------------------------------------------


def experiment_results(experiment: Experiment) -> dict[str, Any]:
    counts = {
        variant: (int(exposed), int(converted))
        for variant, exposed, converted in db.session.execute(
            sa.select(Assignment.variant, sa.func.count(), sa.func.count(Assignment.converted_at))
            .where(Assignment.experiment_id == experiment.id)
            .group_by(Assignment.variant)
        )
    }
    control = experiment.variants[0]
    c_exposed, c_conv = counts.get(control["key"], (0, 0))
    variants = []
    for variant in experiment.variants:
        exposed, conversions = counts.get(variant["key"], (0, 0))
        entry = {
            "key": variant["key"],
            "version": variant["version"],
            "weight": variant["weight"],
            "exposed": exposed,
            "conversions": conversions,
            "rate": _rate(conversions, exposed),
            "is_control": variant is control,
            "absolute_lift": None,
            "absolute_ci": None,
            "relative_lift": None,
            "relative_ci": None,
            "p_value": None,
        }
        comparison = (
            None
            if variant is control
            else stats.compare((c_conv, c_exposed), (conversions, exposed))
        )
        if comparison is not None:
            entry.update(
                absolute_lift=comparison.absolute_lift,
                absolute_ci=list(comparison.absolute_ci),
                relative_lift=comparison.relative_lift,
                relative_ci=list(comparison.relative_ci) if comparison.relative_ci else None,
                p_value=comparison.p_value,
            )
        variants.append(entry)
    srm = stats.sample_ratio_mismatch(
        [v["exposed"] for v in variants], [v["weight"] for v in variants]
    )
    sample_ratio = None
    if srm is not None:
        statistic, p_value = srm
        mismatch = p_value < SRM_ALPHA
        sample_ratio = {
            "chi_square": statistic,
            "p_value": p_value,
            "mismatch": mismatch,
            "warning": (
                "Exposures do not match the planned split (sample ratio mismatch): something "
                "may be filtering users unevenly, so treat these results with suspicion."
                if mismatch
                else None
            ),
        }
    return {
        "experiment_id": experiment.id,
        "status": experiment.status.value,
        "goal": experiment.goal,
        "attribution_window_hours": experiment.attribution_window_hours,
        "variants": variants,
        "sample_ratio": sample_ratio,
    }


# -- project overview ---------------------------------------------------------------------


def overview(project_id: int, timezone: str, args: dict[str, Any]) -> dict[str, Any]:
    start, end = resolve_range(args, timezone)
    active: dict[str, list[dict[str, Any]]] = {}
    first = period_starts(start)
    for period in ("day", "week", "month"):
        rows = db.session.execute(
            sa.select(Activity.start, Activity.active, Activity.new)
            .where(
                Activity.project_id == project_id,
                Activity.period == period,
                Activity.start >= first[period],
                Activity.start <= end,
            )
            .order_by(Activity.start)
        )
        active[period] = [
            {"start": s, "active": a, "new": n, "returning": a - n} for s, a, n in rows
        ]
    guide_rows = db.session.execute(
        sa.select(FlowDay.day, sa.func.sum(FlowDay.shown), sa.func.sum(FlowDay.completed))
        .where(FlowDay.project_id == project_id, FlowDay.day >= start, FlowDay.day <= end)
        .group_by(FlowDay.day)
    )
    by_day = {day: (int(s or 0), int(c or 0)) for day, s, c in guide_rows}
    guides = [
        {"day": day, "shown": by_day.get(day, (0, 0))[0], "completed": by_day.get(day, (0, 0))[1]}
        for day in _days(start, end)
    ]
    worst, health = _step_health(project_id, start, end)
    return {
        "range": {"start": start, "end": end, "timezone": timezone},
        "active_users": active,
        "guides": guides,
        "worst_steps": worst,
        "guide_health": health,
    }


def _step_health(project_id: int, start: date, end: date) -> tuple[list, list]:
    rows = db.session.execute(
        sa.select(
            StepDay.flow_id,
            StepDay.step,
            sa.func.sum(StepDay.viewed),
            sa.func.sum(StepDay.target_missing),
            sa.func.sum(StepDay.fallback_matched),
        )
        .where(StepDay.project_id == project_id, StepDay.day >= start, StepDay.day <= end)
        .group_by(StepDay.flow_id, StepDay.step)
    ).all()
    flows = {
        f.id: f
        for f in db.session.scalars(sa.select(Flow).where(Flow.id.in_({r[0] for r in rows})))
    }
    labels = {fid: step_labels(f.kind, _version_content(f, None)) for fid, f in flows.items()}
    viewed: dict[int, dict[int, int]] = defaultdict(dict)
    health = []
    for flow_id, step, seen, missing, fallback in rows:
        viewed[flow_id][step] = int(seen or 0)
        if missing or fallback:
            health.append(
                {
                    "flow_id": flow_id,
                    "flow": flows[flow_id].name,
                    "step": step,
                    "label": _label(labels, flow_id, step),
                    "target_missing": int(missing or 0),
                    "fallback_matched": int(fallback or 0),
                }
            )
    worst = []
    for flow_id, steps in viewed.items():
        for step, seen in steps.items():
            following = steps.get(step + 1)
            if following is None or seen < MIN_VIEWS_FOR_WORST:
                continue
            drop = max(seen - following, 0)
            worst.append(
                {
                    "flow_id": flow_id,
                    "flow": flows[flow_id].name,
                    "step": step,
                    "label": _label(labels, flow_id, step),
                    "viewed": seen,
                    "drop_off": drop,
                    "drop_off_pct": round(100 * drop / seen, 1),
                }
            )
    worst.sort(key=lambda w: (-w["drop_off_pct"], -w["viewed"]))
    health.sort(key=lambda h: (-(h["target_missing"] + h["fallback_matched"]), h["flow_id"]))
    return worst[:WORST_STEPS], health


def _label(labels: dict[int, list[str]], flow_id: int, step: int) -> str:
    names = labels.get(flow_id, [])
    return names[step] if step < len(names) else f"Step {step + 1}"
