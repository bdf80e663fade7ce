"""Sustained event ingestion over HTTP, against the raw-insert ceiling of the same database.

Starts a real `guidewell serve` (gunicorn, gthread workers) on a fresh SQLite file and,
when one answers on 127.0.0.1:5432, on a fresh PostgreSQL schema. One project with a
published five-step tour; every client process plays many new end users (distinct
anonymous ids), each sending its session the way the SDK does: `text/plain` JSON
batches of 20 (then 100) events — page_viewed, flow_shown, step_viewed/step_completed,
flow_completed or flow_dismissed, track — over a keep-alive connection on loopback.

In the same run: the same number of rows inserted straight into the `events` table
(SQLAlchemy Core executemany, 20 rows per transaction, no HTTP) from one connection and
from several processes, the ratio of the two, and an exactly-once check (the database
holds exactly the events answered 200; a replay of delivered batches and batches
delivered twice at once add nothing). Budget (DESIGN §11): ≥ 10,000 events/s on SQLite
with batches of 20, and ≥ 30% of the raw-insert ceiling.

    python bench/ingest.py [--quick] [--workers 2] [--clients 6] [--seconds 20]
                           [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    Database,
    LoadResult,
    Server,
    database,
    describe_latency,
    json_body,
    load_average,
    machine,
    make_app,
    postgres_reachable,
    result_line,
    run_clients,
    terminate_on_sigterm,
)

TOUR_STEPS = 5
PAGES = ["/app", "/app/projects", "/app/projects/{n}", "/app/reports", "/app/settings/team"]
TRACKS = ["report_created", "filter_applied", "project_opened", "export_clicked", "invited"]
# Bodies are built before the clock starts; enough for this rate over the whole phase.
MAX_EVENTS_PER_S = 40_000
REPLAY_BODIES = 40  # per client, in the exactly-once check


@dataclass(frozen=True)
class Seeded:
    project_id: int
    key: str
    tour_id: int


def seed(app) -> Seeded:
    """One project with a published five-step tour, through the services."""
    from guidewell.extensions import db
    from guidewell.services import accounts, flows, projects

    with app.app_context():
        owner = accounts.create_account("bench@example.com", "bench password 1")
        project, keys = projects.create_project("Bench", owner, app_url="https://app.example.com")
        steps = [
            {
                "title": f"Step {i + 1}",
                "body": f"<p>Here is <strong>feature {i + 1}</strong> of the app.</p>",
                **({"target": {"selector": f"[data-testid=feature-{i}]"}} if i else {}),
            }
            for i in range(TOUR_STEPS)
        ]
        tour = flows.create_flow(
            project.id,
            {
                "kind": "tour",
                "name": "Welcome tour",
                "key": "welcome-tour",
                "content": {"steps": steps},
                "targeting": {"pages": {"include": [{"match": "starts_with", "value": "/app"}]}},
            },
        )
        flows.publish(tour, owner)
        db.session.commit()
        seeded = Seeded(project.id, keys.public_key, tour.id)
        db.engine.dispose()
    return seeded


# -- traffic -------------------------------------------------------------------------------------


def _session_events(rng: random.Random, tour: int, length: int, start_ms: int) -> list[dict]:
    """One user's events in time order: pages, the tour (finished or dismissed), tracks."""
    ts = start_ms
    page = 0

    def add(kind: str, **fields) -> None:
        nonlocal ts
        ts += rng.randint(300, 3000)
        url = "https://app.example.com" + PAGES[page % len(PAGES)].format(n=rng.randint(1, 9999))
        events.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "type": kind,
                "ts": ts,
                "url": url,
                **fields,
            }
        )

    events: list[dict] = []
    add("page_viewed")
    add("flow_shown", flow=tour, version=1)
    dismiss_at = rng.randrange(TOUR_STEPS) if rng.random() < 0.25 else None
    for step in range(TOUR_STEPS):
        add("step_viewed", flow=tour, version=1, step=step, props={"match": "selector"})
        if step == dismiss_at:
            add("flow_dismissed", flow=tour, version=1, step=step)
            break
        add("step_completed", flow=tour, version=1, step=step)
        if step == 2:
            page += 1
            add("page_viewed")  # a multi-page tour moves on
    else:
        add("flow_completed", flow=tour, version=1)
    while len(events) < length:
        if rng.random() < 0.5:
            page += 1
            add("page_viewed")
        else:
            add("track", name=rng.choice(TRACKS), props={"plan": rng.choice(["free", "pro"])})
    return events[:length]


def body_factory(seeded: Seeded, tag: str, batch: int, per_client: int, start_ms: int):
    """Bodies for client `index`: users of `2 * batch` events (1 for 100), batch by batch.

    Deterministic in (tag, index), so the exactly-once check can rebuild what was sent.
    """
    length = batch if batch >= 100 else 2 * batch

    def build(index: int) -> list[tuple[bytes, int]]:
        rng = random.Random(f"{tag}:{index}")
        bodies: list[tuple[bytes, int]] = []
        user = 0
        while len(bodies) * batch < per_client:
            anonymous_id = f"{tag}{index:03d}u{user:07d}"
            user += 1
            events = _session_events(rng, seeded.tour_id, length, start_ms)
            for offset in range(0, length, batch):
                chunk = events[offset : offset + batch]
                document = {"key": seeded.key, "user": {"anonymous_id": anonymous_id}}
                bodies.append((json_body({**document, "events": chunk}), len(chunk)))
        return bodies

    return build


def replay_factory(seeded: Seeded, tag: str, batch: int, per_client: int, start_ms: int, sent):
    """Delivered bodies again, then fresh ones each sent by two clients at the same time."""
    original = body_factory(seeded, tag, batch, per_client, start_ms)
    fresh = body_factory(seeded, tag + "d", batch, REPLAY_BODIES * batch, start_ms)

    def build(index: int) -> list[tuple[bytes, int]]:
        delivered = original(index)
        again = [delivered[i] for i in sent[index][:REPLAY_BODIES]]
        return again + fresh(index // 2)[:REPLAY_BODIES]

    return build


# -- database checks and the raw-insert ceiling ---------------------------------------------------


def count_events(engine: sa.Engine, project_id: int) -> int:
    with engine.connect() as conn:
        return conn.scalar(
            sa.text("SELECT count(*) FROM events WHERE project_id = :p"), {"p": project_id}
        )


def rollups_consistent(engine: sa.Engine, tour_id: int) -> tuple[bool, str]:
    """Rollups agree with progress rows and with the raw events they were derived from."""
    queries = {
        "shown": (
            "SELECT coalesce(sum(shown), 0) FROM flow_days WHERE flow_id = :f",
            "SELECT count(*) FROM progress WHERE flow_id = :f AND shown_at IS NOT NULL",
            "SELECT count(DISTINCT end_user_id) FROM events "
            "WHERE flow_id = :f AND type = 'flow_shown'",
        ),
        "completed": (
            "SELECT coalesce(sum(completed), 0) FROM flow_days WHERE flow_id = :f",
            "SELECT count(*) FROM progress WHERE flow_id = :f AND completed_at IS NOT NULL",
            "SELECT count(DISTINCT end_user_id) FROM events "
            "WHERE flow_id = :f AND type = 'flow_completed'",
        ),
        "dismissed": (
            "SELECT coalesce(sum(dismissed), 0) FROM flow_days WHERE flow_id = :f",
            "SELECT count(*) FROM progress WHERE flow_id = :f AND dismissed_at IS NOT NULL",
            "SELECT count(DISTINCT end_user_id) FROM events "
            "WHERE flow_id = :f AND type = 'flow_dismissed'",
        ),
    }
    ok, parts = True, []
    with engine.connect() as conn:
        for name, texts in queries.items():
            values = [conn.scalar(sa.text(t), {"f": tour_id}) for t in texts]
            ok = ok and len(set(values)) == 1
            parts.append(f"{name} {values[0]}/{values[1]}/{values[2]}")
    return ok, "rollup/progress/events: " + ", ".join(parts)


def _ceiling_rows(count: int, project_id: int, user_id: int, tour_id: int) -> list[dict]:
    """Rows shaped like what ingestion writes for the same traffic."""
    rng = random.Random("ceiling")
    now = datetime.now(UTC)
    start_ms = int(now.timestamp() * 1000) - 600_000
    rows: list[dict] = []
    while len(rows) < count:
        for event in _session_events(rng, tour_id, 40, start_ms):
            rows.append(
                {
                    "project_id": project_id,
                    "uuid": event["id"],
                    "type": event["type"],
                    "end_user_id": user_id,
                    "flow_id": event.get("flow"),
                    "version": event.get("version"),
                    "step": event.get("step"),
                    "variant": None,
                    "name": event.get("name"),
                    "props": event.get("props"),
                    "url": event["url"],
                    "client_ts": datetime.fromtimestamp(event["ts"] / 1000, UTC),
                    "server_ts": now,
                }
            )
    return rows[:count]


def _insert_rows(url: str, rows: list[dict], batch: int, barrier, results) -> None:
    from guidewell.models import Event  # also installs the SQLite pragmas the server uses

    engine = sa.create_engine(url)
    try:
        table = Event.__table__
        statement = table.insert()
        with engine.connect():
            pass  # connect (and set pragmas) before the clock starts
        barrier.wait(timeout=120)
        began = time.perf_counter()
        for offset in range(0, len(rows), batch):
            with engine.begin() as conn:
                conn.execute(statement, rows[offset : offset + batch])
        results.put((len(rows), began, time.perf_counter()))
    except BaseException as error:
        results.put((0, 0.0, repr(error)))
        raise
    finally:
        engine.dispose()


def raw_insert_rate(url: str, rows: list[dict], processes: int, batch: int = 20) -> float:
    """Rows/s of plain executemany inserts, `batch` rows per transaction, no HTTP."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes)
    results = context.Queue()
    share = -(-len(rows) // processes)
    workers = [
        context.Process(
            target=_insert_rows,
            args=(url, rows[i * share : (i + 1) * share], batch, barrier, results),
            daemon=True,
        )
        for i in range(processes)
    ]
    try:
        for worker in workers:
            worker.start()
        done = [results.get(timeout=600) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
                worker.join(timeout=5)
    failed = [d[2] for d in done if isinstance(d[2], str)]
    if failed:
        raise RuntimeError(f"raw insert failed: {failed[0]}")
    elapsed = max(d[2] for d in done) - min(d[1] for d in done)
    return sum(d[0] for d in done) / elapsed


# -- one database --------------------------------------------------------------------------------


def _report_load(label: str, load: LoadResult, server_cpu: float) -> float:
    accepted = load.total("accepted")
    rate = accepted / load.wall_seconds if load.wall_seconds else 0.0
    client_cpu = sum(c.cpu_seconds for c in load.clients)
    print(
        f"  {label}: {rate:,.0f} events/s  ({accepted:,} events in "
        f"{load.total('requests'):,} requests, {load.wall_seconds:.1f} s, "
        f"{len(load.clients)} clients)"
    )
    print(f"    request latency: {describe_latency(load.latencies_ms)}")
    busy = server_cpu / load.wall_seconds if load.wall_seconds else 0.0
    print(
        f"    server CPU {server_cpu:.1f} s = {server_cpu / max(accepted, 1) * 1e6:.0f} µs/event "
        f"({busy:.2f} of {os.cpu_count()} cores busy); client CPU {client_cpu:.1f} s; "
        f"statuses {load.statuses}; reconnects {load.total('reconnects')}"
    )
    for error in load.errors[:3]:
        print(f"    ERROR {error}")
    return rate


def run_database(kind: str, args) -> dict[str, float]:
    with database(kind) as db:
        return _run(db, args)


def _phase(server: Server, seeded: Seeded, tag: str, batch: int, seconds: float, args):
    per_client = int(MAX_EVENTS_PER_S * seconds / args.clients) + batch
    start_ms = int(time.time() * 1000) - 600_000
    factory = body_factory(seeded, tag, batch, per_client, start_ms)
    cpu = server.cpu_seconds()
    load = run_clients(server.port, "/sdk/v1/events", factory, args.clients, seconds)
    return load, server.cpu_seconds() - cpu, (per_client, start_ms)


def _run(db: Database, args) -> dict[str, float]:
    app = make_app(db)
    seeded = seed(app)
    engine = sa.create_engine(db.url)
    figures: dict[str, float] = {}
    try:
        with Server(db, args.workers) as server:
            print(f"  guidewell serve: {args.workers} workers x 4 threads, port {server.port}")
            _phase(server, seeded, "w", 20, min(2.0, args.seconds), args)  # warm every worker
            before = count_events(engine, seeded.project_id)
            load, cpu, (per_client, start_ms) = _phase(server, seeded, "a", 20, args.seconds, args)
            figures["http20"] = _report_load("HTTP, batches of 20", load, cpu)
            after = count_events(engine, seeded.project_id)
            sent, added = load.total("events_sent"), after - before
            print(
                f"    exactly once: events answered 200 {sent:,}, accepted "
                f"{load.total('accepted'):,}, rows added {added:,} -> "
                f"{'OK' if added == sent else 'MISMATCH'}"
            )
            http20_events = after - before

            replay = replay_factory(
                seeded, "a", 20, per_client, start_ms, [c.sent_bodies for c in load.clients]
            )
            again = run_clients(server.port, "/sdk/v1/events", replay, args.clients, 60)
            final = count_events(engine, seeded.project_id)
            fresh = (args.clients + 1) // 2 * REPLAY_BODIES * 20
            replayed = sum(min(REPLAY_BODIES, len(c.sent_bodies)) for c in load.clients) * 20
            accepted, added = again.total("accepted"), final - after
            once = added == fresh and accepted == fresh
            print(
                f"    replay: {replayed:,} delivered events sent again + {fresh:,} fresh events "
                f"each sent by two clients at once -> accepted {accepted:,}, duplicates "
                f"{again.total('duplicates'):,}, rows added {added:,} (expected {fresh:,}) -> "
                f"{'OK' if once else 'MISMATCH'}; answers {again.statuses}"
            )
            failed = sum(n for status, n in again.statuses.items() if status >= 500)
            if failed:
                print(
                    f"    {failed} of those requests answered 5xx (nothing was lost or doubled; "
                    f"the SDK would retry). Server log:"
                )
                print("        " + "\n        ".join(server.problems(8)))
            good, detail = rollups_consistent(engine, seeded.tour_id)
            print(f"    {detail} -> {'OK' if good else 'MISMATCH'}")

            load100, cpu100, _ = _phase(server, seeded, "b", 100, args.seconds100, args)
            figures["http100"] = _report_load("HTTP, batches of 100", load100, cpu100)
            end = count_events(engine, seeded.project_id)
            sent100 = load100.total("events_sent")
            print(
                f"    exactly once: events answered 200 {sent100:,}, rows added {end - final:,}"
                f" -> {'OK' if end - final == sent100 else 'MISMATCH'}"
            )

        with engine.connect() as conn:
            user_id = conn.scalar(sa.text("SELECT min(id) FROM end_users"))
        rows = _ceiling_rows(http20_events, seeded.project_id, user_id, seeded.tour_id)
        engine.dispose()
        single = raw_insert_rate(db.url, rows[: len(rows) // 2], 1)
        parallel = raw_insert_rate(db.url, rows[len(rows) // 2 :], args.clients)
        ceiling = max(single, parallel)
        figures["ceiling"] = ceiling
        print(
            f"  raw-insert ceiling ({len(rows):,} rows as in the HTTP run, 20 per transaction, "
            f"no HTTP): half from 1 connection {single:,.0f} rows/s, half from "
            f"{args.clients} processes {parallel:,.0f} rows/s"
        )
        print(
            f"  ratio HTTP/ceiling: batches of 20 {figures['http20'] / ceiling:.0%}, "
            f"batches of 100 {figures['http100'] / ceiling:.0%}"
        )
    finally:
        engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="short phases, SQLite only unless --databases (< 1 min)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--clients", type=int, default=6, help="client processes (default 6)")
    parser.add_argument("--seconds", type=float, help="batches-of-20 phase (default 20, quick 5)")
    parser.add_argument("--databases", help="comma-separated: sqlite,postgresql")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    terminate_on_sigterm()
    if args.seconds is None:
        args.seconds = 5.0 if args.quick else 20.0
    args.seconds100 = max(2.0, args.seconds / 2)
    if args.databases:
        databases = args.databases.split(",")
    else:
        databases = ["sqlite"]
        if not args.quick and postgres_reachable():
            databases.append("postgresql")
    print(f"machine: {machine()}")
    print(f"databases: {', '.join(databases)}")
    headline = None
    for kind in databases:
        print(f"{kind}:", flush=True)
        figures = run_database(kind, args)
        if kind == "sqlite":
            headline = figures["http20"]
    if headline is None:
        headline = figures["http20"]
    print(f"end: {load_average()}")
    print(result_line("ingest_events_per_s", headline, "events/s"))


if __name__ == "__main__":
    main()
