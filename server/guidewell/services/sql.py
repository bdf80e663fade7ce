"""SQL that differs between SQLite and PostgreSQL, written once."""

from __future__ import annotations

import sqlalchemy as sa

from ..extensions import db


def insert(table: sa.Table):
    """An INSERT that knows `ON CONFLICT` on the current database (both support it)."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table)
