from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .types import JSONType, UTCDateTime, utcnow


class ExperimentStatus(StrEnum):
    draft = "draft"
    running = "running"
    stopped = "stopped"


class Experiment(db.Model):
    """An A/B test on one flow: variants of its versions, or a holdout that sees nothing."""

    __tablename__ = "experiments"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "key"),
        # One running experiment per flow, enforced by the database as well as the service.
        sa.Index(
            "uq_experiments_running_flow",
            "flow_id",
            unique=True,
            sqlite_where=sa.text("status = 'running'"),
            postgresql_where=sa.text("status = 'running'"),
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    flow_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("flows.id", ondelete="CASCADE"), index=True
    )
    key: so.Mapped[str] = so.mapped_column(sa.String(64))
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    status: so.Mapped[ExperimentStatus] = so.mapped_column(
        sa.Enum(ExperimentStatus, native_enum=False, length=16, validate_strings=True),
        default=ExperimentStatus.draft,
    )
    # [{"key": "control", "weight": 5000, "version": 3 | None}], weights in basis points.
    variants: so.Mapped[list[dict[str, Any]]] = so.mapped_column(JSONType)
    # {"type": "event", "event": "NAME"} or {"type": "flow_completed"}
    goal: so.Mapped[dict[str, Any]] = so.mapped_column(JSONType)
    attribution_window_hours: so.Mapped[int] = so.mapped_column(default=168)
    started_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    stopped_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
