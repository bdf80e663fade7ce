"""SQLite writers take turns promptly.

SQLite lets one transaction write at a time. A writer that finds the lock taken waits
in SQLite's busy handler, which polls with sleeps that grow to 100 ms: under load a
lock freed after 2 ms is taken up tens of milliseconds later, and the cores idle. So
this server's writers queue on a turn of their own, across threads (a mutex) and
worker processes (`flock` on a file beside the database), and the next writer is woken
the moment the turn is released. SQLite's locking still guarantees correctness; the
turn only decides who writes next, and makes it prompt. Other programs writing the
same file (the CLI) simply meet SQLite's busy handler, as before.

A turn is taken when a transaction begins with `BEGIN IMMEDIATE` (extensions.py) and
given back when its connection returns to the pool, that is, after its commit or
rollback.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading

import sqlalchemy as sa

log = logging.getLogger(__name__)
WAIT_SECONDS = 30  # then write anyway, and let SQLite's busy handler arbitrate
_INFO_KEY = "guidewell_write_turn"


class WriteTurn:
    def __init__(self, path: str) -> None:
        self.path = path
        self._mutex = threading.Lock()
        self._fd: int | None = None
        self._pid: int | None = None

    def _file(self) -> int:
        # A descriptor inherited through fork shares its lock with the parent: each
        # process opens its own.
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    def acquire(self) -> bool:
        if not self._mutex.acquire(timeout=WAIT_SECONDS):
            log.warning(
                "waited %s s for a write turn on %s; writing anyway", WAIT_SECONDS, self.path
            )
            return False
        try:
            fcntl.flock(self._file(), fcntl.LOCK_EX)
        except OSError:
            self._mutex.release()
            log.warning("could not lock %s; writing without a turn", self.path, exc_info=True)
            return False
        return True

    def release(self) -> None:
        try:
            fcntl.flock(self._file(), fcntl.LOCK_UN)
        finally:
            self._mutex.release()


_turns: dict[str, WriteTurn] = {}
_turns_lock = threading.Lock()


def _turn_for(url: sa.URL) -> WriteTurn | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = os.path.abspath(database) + ".write-turn"
    with _turns_lock:
        return _turns.setdefault(path, WriteTurn(path))


def take_turn(conn: sa.Connection) -> None:
    """Called as `conn` is about to begin a writing transaction."""
    turn = _turn_for(conn.engine.url)
    if turn is not None and _INFO_KEY not in conn.info and turn.acquire():
        conn.info[_INFO_KEY] = turn


@sa.event.listens_for(sa.pool.Pool, "checkin")
def _give_back(_dbapi_connection, record) -> None:
    turn = record.info.pop(_INFO_KEY, None) if record is not None else None
    if turn is not None:
        turn.release()
