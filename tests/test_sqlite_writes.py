"""SQLite writers take turns: across threads and processes, given back at commit or rollback."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest
import sqlalchemy as sa

from guidewell import sqlite_writes
from guidewell.extensions import SQLITE_IMMEDIATE, db
from guidewell.models import Project
from guidewell.sqlite_writes import WriteTurn


def _hold(path: str, held: multiprocessing.Event, seconds: float) -> None:
    turn = WriteTurn(path)
    turn.acquire()
    held.set()
    time.sleep(seconds)
    turn.release()


def test_a_turn_excludes_another_process_until_released(tmp_path):
    path = str(tmp_path / "db.write-turn")
    held = multiprocessing.get_context("fork").Event()
    other = multiprocessing.get_context("fork").Process(target=_hold, args=(path, held, 0.5))
    other.start()
    assert held.wait(10)
    started = time.monotonic()
    turn = WriteTurn(path)
    turn.acquire()
    waited = time.monotonic() - started
    turn.release()
    other.join(10)
    assert 0.3 < waited < 5


def test_a_turn_excludes_another_thread_and_wakes_it_at_once(tmp_path):
    turn = WriteTurn(str(tmp_path / "db.write-turn"))
    turn.acquire()
    woke: list[float] = []
    waiter = threading.Thread(target=lambda: (turn.acquire(), woke.append(time.monotonic())))
    waiter.start()
    time.sleep(0.2)
    assert woke == []
    released = time.monotonic()
    turn.release()
    waiter.join(5)
    assert woke and woke[0] - released < 0.05
    turn.release()


@pytest.fixture
def sqlite_app(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("write turns are for SQLite")
    return app


def _turn(app) -> WriteTurn:
    with app.app_context():
        return sqlite_writes._turn_for(db.engine.url)


@pytest.mark.parametrize("end", ["commit", "rollback", "error"])
def test_a_writing_transaction_holds_the_turn_until_it_ends(sqlite_app, end):
    turn = _turn(sqlite_app)
    with sqlite_app.app_context():
        db.session.connection(execution_options={SQLITE_IMMEDIATE: True})
        assert turn._mutex.locked()
        if end == "error":
            with pytest.raises(sa.exc.IntegrityError):
                db.session.execute(sa.insert(Project.__table__).values(id=1))  # NOT NULLs
        getattr(db.session, "rollback" if end != "commit" else "commit")()
        assert not turn._mutex.locked()
        db.session.remove()


def test_reads_take_no_turn(sqlite_app):
    turn = _turn(sqlite_app)
    with sqlite_app.app_context():
        db.session.execute(sa.select(sa.func.count()).select_from(Project))
        assert not turn._mutex.locked()
        db.session.remove()


def test_a_returning_users_session_takes_no_write_turn(sqlite_app, factory, make_client):
    from tests.sdk_helpers import Browser

    tenant = factory.tenant()
    browser = Browser(make_client().client, tenant.public_key)
    assert browser.session().status_code == 200  # a new user: written
    statements: list[str] = []
    with sqlite_app.app_context():
        engine = db.engine
    listen = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listen)
    try:
        assert browser.session().status_code == 200  # back within the minute: read only
        returning = list(statements)
        statements.clear()
        assert browser.session(traits={"plan": "pro"}).status_code == 200  # new traits: a write
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)
    assert "BEGIN IMMEDIATE" not in returning
    assert not any(s.lstrip().upper().startswith(("INSERT", "UPDATE")) for s in returning)
    assert "BEGIN IMMEDIATE" in statements
