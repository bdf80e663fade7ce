from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .types import JSONType, UTCDateTime, utcnow

if TYPE_CHECKING:
    from .account import Account


class Role(StrEnum):
    viewer = "viewer"
    editor = "editor"
    owner = "owner"

    @property
    def rank(self) -> int:
        return ROLE_RANK[self]

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


ROLE_RANK = {Role.viewer: 1, Role.editor: 2, Role.owner: 3}


class Project(db.Model):
    """A tenant. Every other table hangs off a project and every query filters by it."""

    __tablename__ = "projects"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    public_key: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # sha256 of the secret key: the key has 192 random bits, so a fast hash is enough.
    secret_key_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    secret_key_hint: so.Mapped[str] = so.mapped_column(sa.String(16))
    # HMAC key for identity verification; kept readable because an HMAC cannot be
    # checked against a hash (see docs/ARCHITECTURE.md, "Keys").
    identity_secret: so.Mapped[str] = so.mapped_column(sa.String(80))
    identity_verification: so.Mapped[bool] = so.mapped_column(default=False)
    allowed_origins: so.Mapped[list[str]] = so.mapped_column(JSONType, default=list)
    app_url: so.Mapped[str] = so.mapped_column(sa.String(2000), default="")
    timezone: so.Mapped[str] = so.mapped_column(sa.String(64), default="UTC")
    fatigue: so.Mapped[dict[str, Any]] = so.mapped_column(JSONType, default=dict)
    theme: so.Mapped[dict[str, Any]] = so.mapped_column(JSONType, default=dict)
    # Bumped whenever anything the SDK receives changes; resolved-content caches key on it.
    content_revision: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    memberships: so.Mapped[list[Membership]] = so.relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True
    )


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("project_id", "account_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    account_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    role: so.Mapped[Role] = so.mapped_column(
        sa.Enum(Role, native_enum=False, length=16, validate_strings=True)
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    project: so.Mapped[Project] = so.relationship(back_populates="memberships")
    account: so.Mapped[Account] = so.relationship(back_populates="memberships")
