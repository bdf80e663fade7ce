from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .types import JSONType, UTCDateTime, utcnow


class FlowKind(StrEnum):
    tour = "tour"
    hotspot = "hotspot"
    announcement = "announcement"
    questionnaire = "questionnaire"
    checklist = "checklist"


class FlowStatus(StrEnum):
    draft = "draft"
    published = "published"
    archived = "archived"


def _enum(enum: type[StrEnum]) -> sa.Enum:
    return sa.Enum(enum, native_enum=False, length=16, validate_strings=True)


class Flow(db.Model):
    """One guide: an editable draft plus a pointer to the live, immutable version."""

    __tablename__ = "flows"
    __table_args__ = (sa.UniqueConstraint("project_id", "key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    key: so.Mapped[str] = so.mapped_column(sa.String(64))
    kind: so.Mapped[FlowKind] = so.mapped_column(_enum(FlowKind))
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    status: so.Mapped[FlowStatus] = so.mapped_column(_enum(FlowStatus), default=FlowStatus.draft)
    draft_content: so.Mapped[dict[str, Any]] = so.mapped_column(JSONType)
    draft_targeting: so.Mapped[dict[str, Any]] = so.mapped_column(JSONType)
    draft_theme: so.Mapped[dict[str, Any]] = so.mapped_column(JSONType)
    # Number of the live version (None when not live) and of the newest version ever made.
    live_version: so.Mapped[int | None] = so.mapped_column(default=None)
    latest_version: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    @property
    def ever_published(self) -> bool:
        return self.latest_version > 0


class FlowVersion(db.Model):
    """An immutable snapshot taken at publish; events name the version they came from."""

    __tablename__ = "flow_versions"
    __table_args__ = (sa.UniqueConstraint("flow_id", "number"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    flow_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("flows.id", ondelete="CASCADE"))
    number: so.Mapped[int]
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    content: so.Mapped[dict[str, Any]] = so.mapped_column(JSONType)
    targeting: so.Mapped[dict[str, Any]] = so.mapped_column(JSONType)
    theme: so.Mapped[dict[str, Any]] = so.mapped_column(JSONType)
    published_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )
    published_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
