"""Funnel + summary latency of one flow over 90 days, at 100k and 1M users.

Seeds a fresh project with `guidewell seed-analytics` logic (synthetic users walking a
tour, answering a survey, meeting an A/B test), then times the real HTTP endpoint
`GET /api/v1/projects/{pid}/analytics/flows/{fid}?from&to` in-process (Flask test
client, API-key auth) on SQLite and, when one answers on 127.0.0.1:5432, PostgreSQL.
Budget (DESIGN §11): ≤ 50 ms at a million users.

    python bench/analytics.py [--quick] [--users 100000,1000000] [--runs 30]
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "server"))

from guidewell import create_app
from guidewell.extensions import db
from guidewell.services import accounts, projects
from guidewell.services.seed import seed

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ENDPOINTS = {
    "funnel+summary": "/analytics/flows/{tour}?from={start}&to={end}",
    "responses": "/analytics/flows/{survey}/responses?from={start}&to={end}",
    "experiment": "/experiments/{experiment}/results",
    "overview": "/analytics/overview?from={start}&to={end}",
}


def postgres_reachable() -> bool:
    try:
        engine = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(database: str, users: int, runs: int) -> dict[str, tuple[float, float]]:
    from flask_migrate import upgrade

    tmp = tempfile.mkdtemp(prefix="guidewell-bench-")
    os.environ["GUIDEWELL_INSTANCE_PATH"] = tmp
    schema = None
    options: dict = {}
    if database == "sqlite":
        url = f"sqlite:///{tmp}/bench.db"
    else:
        url, schema = PG_URL, f"bench_{secrets.token_hex(4)}"
        with sa.create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
            "SECRET_KEY": "bench",
        }
    )
    try:
        with app.app_context():
            logging.getLogger("alembic").setLevel(logging.WARNING)
            upgrade()
            owner = accounts.create_account("bench@example.com", "bench password")
            project, keys = projects.create_project("Bench", owner)
            db.session.commit()
            started = time.perf_counter()
            done = 0

            def report(n: int) -> None:
                nonlocal done
                done += n
                if done % 100_000 == 0 or done == users:
                    print(f"  seeded {done:,}/{users:,} users", flush=True)

            seeded = seed(project.id, users, days=90, progress=report)
            project_id = project.id
            ids = {
                "tour": seeded.tour.id,
                "survey": seeded.survey.id,
                "experiment": seeded.experiment.id,
            }
            print(f"  seeding took {time.perf_counter() - started:.0f} s", flush=True)
            if database == "postgresql":
                db.session.execute(sa.text("ANALYZE"))
                db.session.commit()
            else:
                db.session.execute(sa.text("ANALYZE"))
        client = app.test_client()
        headers = {"Authorization": f"Bearer {keys.secret_key}"}
        end = datetime.now(UTC).date()
        start = end - timedelta(days=89)
        results = {}
        for name, template in ENDPOINTS.items():
            path = f"/api/v1/projects/{project_id}" + template.format(start=start, end=end, **ids)
            timings = []
            for attempt in range(runs + 3):
                began = time.perf_counter()
                response = client.get(path, headers=headers)
                elapsed = (time.perf_counter() - began) * 1000
                assert response.status_code == 200, response.get_data(as_text=True)
                if attempt >= 3:
                    timings.append(elapsed)
            results[name] = (statistics.median(timings), percentile(timings, 0.95))
        return results
    finally:
        with app.app_context():
            db.engine.dispose()
        if schema:
            with sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30k users, SQLite only (< 1 min)")
    parser.add_argument("--users", help="comma-separated user counts (default 100000,1000000)")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    sizes = [int(n) for n in (args.users or "100000,1000000").split(",")]
    databases = ["sqlite"]
    if args.quick:
        sizes = [int(args.users)] if args.users and "," not in args.users else [30_000]
    elif postgres_reachable():
        databases.append("postgresql")
    print(f"machine: {os.cpu_count()} cores; databases: {', '.join(databases)}")
    headline = None
    for database in databases:
        for users in sizes:
            print(f"{database}, {users:,} users, 90 days:", flush=True)
            results = run(database, users, args.runs)
            for name, (p50, p95) in results.items():
                print(f"  {name:16} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
            if database == "sqlite":
                headline = results["funnel+summary"][1]
    print(f"RESULT analytics_funnel_p95_ms={headline:.2f} ms")


if __name__ == "__main__":
    main()
