"""Flask extensions, created unbound here and wired in `create_app`."""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

from . import sqlite_writes

# Stable constraint names, so Alembic can alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


# Execution option asking SQLite to take the write lock when the transaction begins.
SQLITE_IMMEDIATE = "guidewell_sqlite_immediate"


def begin_writes() -> None:
    """Ends the reads so far and starts the transaction that writes: on SQLite it holds
    the one write lock from its first statement (see `_sqlite_begin`), so a request
    takes the lock only for its writes, not for parsing, checks and lookups."""
    if db.engine.dialect.name != "sqlite":
        return
    db.session.commit()
    db.session.connection(execution_options={SQLITE_IMMEDIATE: True})


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers work while a writer commits; SQLite leaves foreign keys off by default."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # We emit BEGIN ourselves (below), as SQLAlchemy documents for pysqlite, so that a
    # transaction that reads then writes can take the write lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@sa.event.listens_for(sa.engine.Engine, "begin")
def _sqlite_begin(conn: sa.Connection) -> None:
    """`BEGIN IMMEDIATE` when asked: a writer that first reads must not lose a race for the
    lock after its snapshot went stale (SQLITE_BUSY_SNAPSHOT); plain `BEGIN` otherwise."""
    if conn.dialect.name != "sqlite":
        return
    immediate = conn.get_execution_options().get(SQLITE_IMMEDIATE)
    if immediate:
        sqlite_writes.take_turn(conn)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
