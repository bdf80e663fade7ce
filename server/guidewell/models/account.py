from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .project import Membership


class Account(db.Model):
    """An admin login. Email is stored lower-cased so lookups need no function index."""

    __tablename__ = "accounts"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    memberships: so.Mapped[list[Membership]] = so.relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True
    )
