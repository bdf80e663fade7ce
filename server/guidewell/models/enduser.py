from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .types import JSONType, UTCDateTime, utcnow

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class EndUser(db.Model):
    """A user of the customer's app, within one project.

    `bucket_key` is the id the user was first seen under (anonymous or identified); it
    never changes, so experiment buckets stay put when an anonymous user signs in.
    """

    __tablename__ = "end_users"
    __table_args__ = (sa.UniqueConstraint("project_id", "external_id"),)

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    external_id: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    bucket_key: so.Mapped[str] = so.mapped_column(sa.String(255))
    traits: so.Mapped[dict[str, Any]] = so.mapped_column(JSONType, default=dict)
    first_seen: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    last_seen: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # Start of the last day, week and month (project time zone) the user was active in:
    # the first request of a new period counts the user once in `activity`.
    active_day: so.Mapped[date | None] = so.mapped_column(sa.Date)
    active_week: so.Mapped[date | None] = so.mapped_column(sa.Date)
    active_month: so.Mapped[date | None] = so.mapped_column(sa.Date)


class UserAlias(db.Model):
    """An anonymous id (one per browser) pointing at the user it belongs to now."""

    __tablename__ = "user_aliases"
    __table_args__ = (sa.UniqueConstraint("project_id", "anonymous_id"),)

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    anonymous_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    end_user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("end_users.id", ondelete="CASCADE"), index=True
    )


class Activity(db.Model):
    """Active and new users per day, week (from Monday) and month of a project."""

    __tablename__ = "activity"
    __table_args__ = (sa.UniqueConstraint("project_id", "period", "start"),)

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    period: so.Mapped[str] = so.mapped_column(sa.String(8))
    start: so.Mapped[date] = so.mapped_column(sa.Date)
    active: so.Mapped[int] = so.mapped_column(default=0)
    new: so.Mapped[int] = so.mapped_column(default=0)
