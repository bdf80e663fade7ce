"""What end users did: the append-only event log and the state derived from it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .enduser import BigId
from .types import JSONType, UTCDateTime, utcnow


class ProgressStatus(StrEnum):
    shown = "shown"
    in_progress = "in_progress"
    completed = "completed"
    dismissed = "dismissed"


class Event(db.Model):
    """Append-only. `(project_id, uuid)` is unique, which makes delivery idempotent."""

    __tablename__ = "events"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "uuid"),
        sa.Index("ix_events_end_user_id", "end_user_id"),
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    uuid: so.Mapped[str] = so.mapped_column(sa.String(36))
    type: so.Mapped[str] = so.mapped_column(sa.String(32))
    end_user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("end_users.id", ondelete="CASCADE")
    )
    flow_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"))
    version: so.Mapped[int | None]
    step: so.Mapped[int | None]
    variant: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    name: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    props: so.Mapped[dict[str, Any] | None] = so.mapped_column(JSONType)
    url: so.Mapped[str | None] = so.mapped_column(sa.String(2000))
    client_ts: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    server_ts: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


class Progress(db.Model):
    """One row per (end user, flow): drives frequency, resume and funnels."""

    __tablename__ = "progress"
    __table_args__ = (
        sa.UniqueConstraint("end_user_id", "flow_id"),
        sa.Index("ix_progress_flow_shown", "flow_id", "shown_at"),
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    end_user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("end_users.id", ondelete="CASCADE")
    )
    flow_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"))
    version: so.Mapped[int]
    variant: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    blocking: so.Mapped[bool] = so.mapped_column(default=False)
    status: so.Mapped[ProgressStatus] = so.mapped_column(
        sa.Enum(ProgressStatus, native_enum=False, length=16, validate_strings=True)
    )
    furthest_step: so.Mapped[int] = so.mapped_column(default=-1)
    times_shown: so.Mapped[int] = so.mapped_column(default=0)
    shown_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    last_shown_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    started_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    completed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    dismissed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    dismissed_step: so.Mapped[int | None]
    # When the furthest step was first viewed: the start of the time spent on it.
    step_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)


class Response(db.Model):
    """A questionnaire answer, derived from a `question_answered` event."""

    __tablename__ = "responses"
    __table_args__ = (
        sa.Index("ix_responses_flow_question", "flow_id", "question_id", "answered_at"),
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    flow_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"))
    version: so.Mapped[int]
    end_user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("end_users.id", ondelete="CASCADE"), index=True
    )
    event_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True
    )
    question_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    value: so.Mapped[Any] = so.mapped_column(JSONType)
    answered_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime)


class Assignment(db.Model):
    """A user's variant in an experiment: stored at first exposure, never changed after."""

    __tablename__ = "assignments"
    __table_args__ = (
        sa.UniqueConstraint("experiment_id", "end_user_id"),
        # Covers the results query: exposures and conversions per variant, index only.
        sa.Index("ix_assignments_results", "experiment_id", "variant", "converted_at"),
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    experiment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("experiments.id", ondelete="CASCADE")
    )
    end_user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("end_users.id", ondelete="CASCADE"), index=True
    )
    variant: so.Mapped[str] = so.mapped_column(sa.String(64))
    exposed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    converted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)


class FlowDay(db.Model):
    """Daily rollup per flow, version and variant: users entering each state that day.

    `day` is the calendar day in the project's time zone. Each counter moves once per
    user and flow (progress records each transition once), so sums are user counts.
    """

    __tablename__ = "flow_days"
    __table_args__ = (
        sa.UniqueConstraint("flow_id", "day", "version", "variant"),
        sa.Index("ix_flow_days_project_day", "project_id", "day"),
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    flow_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"))
    day: so.Mapped[date] = so.mapped_column(sa.Date)
    version: so.Mapped[int]
    variant: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    shown: so.Mapped[int] = so.mapped_column(default=0)
    started: so.Mapped[int] = so.mapped_column(default=0)
    completed: so.Mapped[int] = so.mapped_column(default=0)
    dismissed: so.Mapped[int] = so.mapped_column(default=0)


class StepDay(db.Model):
    """Daily rollup per step: first views, dismissals, missing targets, fallback matches."""

    __tablename__ = "step_days"
    __table_args__ = (
        sa.UniqueConstraint("flow_id", "day", "version", "variant", "step"),
        sa.Index("ix_step_days_project_day", "project_id", "day"),
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    flow_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"))
    day: so.Mapped[date] = so.mapped_column(sa.Date)
    version: so.Mapped[int]
    variant: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    step: so.Mapped[int]
    viewed: so.Mapped[int] = so.mapped_column(default=0)
    dismissed: so.Mapped[int] = so.mapped_column(default=0)
    target_missing: so.Mapped[int] = so.mapped_column(default=0)
    fallback_matched: so.Mapped[int] = so.mapped_column(default=0)


class StepDuration(db.Model):
    """How long users stayed on a step before moving on, as a histogram per day.

    Buckets are log-spaced (services/rollups.DURATION_BUCKETS), so a median over any
    date range is read from a few hundred rows instead of a scan of the event table.
    """

    __tablename__ = "step_durations"
    __table_args__ = (
        sa.UniqueConstraint("flow_id", "day", "version", "variant", "step", "bucket"),
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    flow_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"))
    day: so.Mapped[date] = so.mapped_column(sa.Date)
    version: so.Mapped[int]
    variant: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    step: so.Mapped[int]
    bucket: so.Mapped[int]
    users: so.Mapped[int] = so.mapped_column(default=0)


class AnswerDay(db.Model):
    """Daily count of each answer to a choice, rating or NPS question.

    `value` is the answer as JSON text (one row per option of a multiple choice), so
    distributions and NPS are sums over a few rows, whatever the number of respondents.
    """

    __tablename__ = "answer_days"
    __table_args__ = (sa.UniqueConstraint("flow_id", "day", "version", "question_id", "value"),)

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    flow_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"))
    day: so.Mapped[date] = so.mapped_column(sa.Date)
    version: so.Mapped[int]
    question_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    value: so.Mapped[str] = so.mapped_column(sa.String(200))
    answers: so.Mapped[int] = so.mapped_column(default=0)
