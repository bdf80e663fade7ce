"""Server time of POST /sdk/v1/session with 200 published flows and 100,000 end users.

Seeds a fresh project through the services: 200 published flows of every kind with
audience rules over traits (some through saved segments), schedules and frequencies, a
fatigue budget, and one running experiment; then bulk-inserts the end users (traits,
anonymous aliases, identified ids), their progress rows and experiment assignments with
SQLAlchemy Core. Requests mix returning users (some sending traits), users met on a new
device, and new anonymous visitors.

Server time is measured in-process around the WSGI app (everything Flask does, from the
environ to the last byte of the body), one request at a time. For comparison, the round
trip through a real `guidewell serve` on the same database: one client at a time, then
several client processes at once. SQLite always; PostgreSQL when one answers on
127.0.0.1:5432. Budget (DESIGN §11): p95 ≤ 10 ms server time.

    python bench/session.py [--quick] [--users 100000] [--requests 2000]
                            [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import http.client
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    HOST,
    Database,
    Server,
    database,
    describe_latency,
    json_body,
    load_average,
    machine,
    make_app,
    percentile,
    postgres_reachable,
    result_line,
    run_clients,
    terminate_on_sigterm,
)

FLOWS = 200
KINDS = ["tour"] * 7 + ["announcement"] * 4 + ["hotspot"] * 4 + ["questionnaire"] * 2
KINDS += ["checklist"] * 3
PLANS = ["free", "free", "free", "starter", "pro", "pro", "enterprise"]
COUNTRIES = ["US", "GB", "DE", "FR", "NL", "IN", "BR", "JP", "CA", "ES"]
ROLES = ["developer", "admin", "designer", "product manager", "analyst", "founder"]
USER_CHUNK = 10_000
WARMUP = 50


@dataclass
class Seeded:
    project_id: int
    key: str
    flow_ids: list[int]
    blocking: dict[int, bool]
    experiment_id: int
    experiment_key: str
    experiment_variants: list[dict]


# -- content ------------------------------------------------------------------------------------


def _paragraph(rng: random.Random, words: int) -> str:
    vocabulary = [
        *("create", "share", "report", "team", "project", "dashboard", "filter", "export"),
        *("invite", "settings", "billing", "chart", "data", "insight", "workspace"),
    ]
    text = " ".join(rng.choice(vocabulary) for _ in range(words))
    return f"<p>{text.capitalize()}. Try <strong>{rng.choice(vocabulary)}</strong> now.</p>"


def _content(kind: str, n: int, rng: random.Random, earlier_keys: list[str]) -> dict:
    if kind == "tour":
        steps = []
        for i in range(rng.randint(3, 7)):
            step = {"title": f"Step {i + 1} of tour {n}", "body": _paragraph(rng, 18)}
            if i:
                step["target"] = {
                    "selector": f"[data-testid=tour-{n}-step-{i}]",
                    "fingerprint": {"tag": "button", "text": f"Feature {i}"},
                }
                step["placement"] = rng.choice(["top", "bottom", "left", "right"])
            steps.append(step)
        return {"steps": steps}
    if kind == "announcement":
        content = {
            "format": rng.choice(["modal", "banner", "slideout"]),
            "title": f"What's new #{n}",
            "body": _paragraph(rng, 25),
            "buttons": [
                {"label": "Learn more", "action": "url", "url": f"https://example.com/n/{n}"},
                {"label": "Dismiss", "action": "close", "style": "secondary"},
            ],
        }
        if content["format"] == "banner":
            content["position"] = "top"
        return content
    if kind == "hotspot":
        return {
            "hotspots": [
                {
                    "target": {"selector": f"#hotspot-{n}-{i}"},
                    "title": f"Tip {i + 1}",
                    "body": _paragraph(rng, 12),
                }
                for i in range(rng.randint(1, 4))
            ]
        }
    if kind == "questionnaire":
        return {
            "questions": [
                {"id": "nps", "type": "nps", "prompt": "How likely are you to recommend us?"},
                {
                    "id": "role",
                    "type": "single",
                    "prompt": "What is your role?",
                    "options": [{"value": r, "label": r.title()} for r in ROLES[:4]],
                    "save_as_trait": "role",
                },
                {"id": "why", "type": "text", "prompt": "What should we improve?"},
            ]
        }
    items = [
        {"title": f"Read guide {i}", "action": "url", "url": f"https://docs.example.com/{n}/{i}"}
        for i in range(3)
    ]
    items += [
        {"title": f"Take tour {key}", "action": "start_flow", "flow": key}
        for key in rng.sample(earlier_keys, min(2, len(earlier_keys)))
    ]
    return {"title": f"Get started #{n}", "items": items}


def _audience(rng: random.Random, segments: list[int]) -> dict | None:
    """A quarter of flows for everyone; the rest over traits, segments, nested groups."""
    roll = rng.random()
    if roll < 0.25:
        return None
    rules = [
        {"trait": "plan", "op": "in", "value": rng.sample(PLANS[3:], 2)},
        {"trait": "country", "op": "in", "value": rng.sample(COUNTRIES, 4)},
        {"trait": "logins", "op": "gte", "value": rng.choice([3, 10, 25])},
        {"trait": "signed_up", "op": "after", "value": {"days_ago": rng.choice([7, 30, 90])}},
        {"trait": "role", "op": "contains", "value": rng.choice(["admin", "dev", "product"])},
        {"trait": "company_size", "op": "gt", "value": rng.choice([10, 50, 200])},
        {"trait": "beta", "op": "eq", "value": True},
        {"trait": "email", "op": "exists"},
    ]
    if roll < 0.45:
        return {"all": [rng.choice(rules)]}
    if roll < 0.65:
        return {"all": rng.sample(rules, 2)}
    if roll < 0.85:
        return {"any": [{"segment": rng.choice(segments)}, rng.choice(rules)]}
    return {"all": [rng.choice(rules), {"any": rng.sample(rules, 3)}]}


def _targeting(rng: random.Random, segments: list[int], now: datetime) -> dict:
    frequency = rng.choices(
        [
            {"type": "once"},
            {"type": "until_completed"},
            {"type": "max_times", "max_times": 3},
            {"type": "always"},
            {"type": "every_session"},
        ],
        [50, 20, 10, 10, 10],
    )[0]
    targeting = {
        "audience": _audience(rng, segments),
        "pages": {
            "include": [{"match": "starts_with", "value": rng.choice(["/app", "/app/reports"])}],
            "exclude": [{"match": "contains", "value": "/settings"}],
        },
        "trigger": rng.choice([{"type": "page_load"}, {"type": "event", "event": "opened"}]),
        "frequency": frequency,
        "priority": rng.randint(0, 1000),
    }
    roll = rng.random()
    if roll < 0.1:
        targeting["schedule"] = {
            "start": (now - timedelta(days=10)).isoformat(),
            "end": (now + timedelta(days=20)).isoformat(),
        }
    elif roll < 0.13:
        targeting["schedule"] = {
            "start": (now - timedelta(days=40)).isoformat(),
            "end": (now - timedelta(days=5)).isoformat(),
        }
    return targeting


def seed_content(app) -> Seeded:
    """200 published flows, four segments, a fatigue budget and a running experiment."""
    from guidewell.extensions import db
    from guidewell.services import accounts, experiments, flows, projects, segments
    from guidewell.services.content_cache import is_blocking

    rng = random.Random("session-content")
    now = datetime.now(UTC)
    with app.app_context():
        owner = accounts.create_account("bench@example.com", "bench password 1")
        project, keys = projects.create_project("Bench", owner, app_url="https://app.example.com")
        project.fatigue = {"max_per_day": 3, "min_hours_between": 1}
        conditions = {
            "paying": {"trait": "plan", "op": "in", "value": ["starter", "pro", "enterprise"]},
            "europe": {"trait": "country", "op": "in", "value": ["GB", "DE", "FR", "NL", "ES"]},
            "power-users": {"all": [{"trait": "logins", "op": "gte", "value": 25}]},
            "new-signups": {"trait": "signed_up", "op": "after", "value": {"days_ago": 14}},
        }
        segment_ids = [
            segments.create_segment(project.id, {"name": key, "key": key, "condition": c}).id
            for key, c in conditions.items()
        ]
        created, keys_so_far = [], []
        for n in range(FLOWS):
            kind = KINDS[n % len(KINDS)]
            flow = flows.create_flow(
                project.id,
                {
                    "kind": kind,
                    "name": f"{kind.title()} {n}",
                    "key": f"{kind}-{n}",
                    "content": _content(kind, n, rng, keys_so_far),
                    "targeting": _targeting(rng, segment_ids, now),
                },
            )
            flows.publish(flow, owner)
            if kind == "tour":
                keys_so_far.append(flow.key)
            created.append(flow)
        tested = created[0]  # a tour: a second version and an A/B test with a holdout
        content = dict(tested.draft_content)
        content["steps"] = [*content["steps"], {"title": "One more thing", "body": "<p>Bye</p>"}]
        flows.update_draft(tested, {"content": content})
        flows.publish(tested, owner)
        experiment = experiments.create_experiment(
            project.id,
            {
                "flow_id": tested.id,
                "key": "tour-0-ab",
                "name": "Longer welcome tour",
                "variants": [
                    {"key": "control", "weight": 4500, "version": 1},
                    {"key": "longer", "weight": 4500, "version": 2},
                    {"key": "holdout", "weight": 1000, "version": None},
                ],
                "goal": {"type": "flow_completed"},
                "attribution_window_hours": 168,
            },
        )
        experiments.start(experiment)
        db.session.commit()
        seeded = Seeded(
            project.id,
            keys.public_key,
            [f.id for f in created],
            {f.id: is_blocking(f.kind, f.draft_content) for f in created},
            experiment.id,
            experiment.key,
            experiment.variants,
        )
        db.engine.dispose()
    return seeded


# -- users -------------------------------------------------------------------------------------


def _traits(rng: random.Random, n: int, now: datetime) -> dict:
    traits = {
        "plan": rng.choice(PLANS),
        "country": rng.choice(COUNTRIES),
        "logins": int(rng.expovariate(1 / 12)),
        "signed_up": (now - timedelta(days=rng.uniform(0, 400))).date().isoformat(),
        "company_size": rng.choice([1, 5, 20, 80, 300, 2000]),
    }
    if rng.random() < 0.6:
        traits["role"] = rng.choice(ROLES)
        traits["email"] = f"user{n}@example.com"
    if rng.random() < 0.1:
        traits["beta"] = True
    return traits


def anonymous_id(n: int) -> str:
    return f"anon{n:09d}" + uuid.UUID(int=n * 7919 + 13).hex[:12]


def seed_users(app, seeded: Seeded, users: int) -> None:
    """Users, aliases, progress and assignments as plain rows, a chunk per transaction."""
    from guidewell.extensions import db
    from guidewell.models import Assignment, EndUser, Progress, UserAlias
    from guidewell.services import rollups
    from guidewell.services.assignment import pick_variant

    rng = random.Random("session-users")
    now = datetime.now(UTC)
    today = now.date()
    popular = seeded.flow_ids[:40]  # most progress is on the flows most users meet
    with app.app_context():
        users_table = EndUser.__table__
        for start in range(0, users, USER_CHUNK):
            numbers = range(start, min(users, start + USER_CHUNK))
            rows = []
            for n in numbers:
                first_seen = now - timedelta(days=rng.uniform(1, 400))
                # Half were already active today (no write), half come back after a day.
                last_day = today if rng.random() < 0.5 else today - timedelta(days=1)
                starts = rollups.period_starts(last_day)
                rows.append(
                    {
                        "project_id": seeded.project_id,
                        "external_id": f"user-{n}" if rng.random() < 0.6 else None,
                        "bucket_key": anonymous_id(n),
                        "traits": _traits(rng, n, now),
                        "first_seen": first_seen,
                        "last_seen": now - timedelta(hours=rng.uniform(1, 48)),
                        "active_day": starts["day"],
                        "active_week": starts["week"],
                        "active_month": starts["month"],
                    }
                )
            ids = [
                row[0]
                for row in db.session.execute(
                    sa.insert(users_table).returning(
                        users_table.c.id, sort_by_parameter_order=True
                    ),
                    rows,
                )
            ]
            db.session.execute(
                sa.insert(UserAlias.__table__),
                [
                    {
                        "project_id": seeded.project_id,
                        "anonymous_id": anonymous_id(n),
                        "end_user_id": i,
                    }
                    for n, i in zip(numbers, ids, strict=True)
                ],
            )
            progress, assignments = [], []
            for n, user_id in zip(numbers, ids, strict=True):
                count = min(12, int(rng.expovariate(1 / 4)))
                pool = popular if rng.random() < 0.8 else seeded.flow_ids
                for flow_id in rng.sample(pool, min(count, len(pool))):
                    progress.append(_progress_row(rng, seeded, user_id, flow_id, now))
                if rng.random() < 0.5:
                    assignments.append(
                        {
                            "project_id": seeded.project_id,
                            "experiment_id": seeded.experiment_id,
                            "end_user_id": user_id,
                            "variant": pick_variant(
                                seeded.experiment_key, anonymous_id(n), seeded.experiment_variants
                            ),
                            "exposed_at": now - timedelta(days=rng.uniform(0, 20)),
                            "converted_at": None,
                        }
                    )
            if progress:
                db.session.execute(sa.insert(Progress.__table__), progress)
            if assignments:
                db.session.execute(sa.insert(Assignment.__table__), assignments)
            db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()


def _progress_row(rng: random.Random, seeded: Seeded, user_id: int, flow_id: int, now) -> dict:
    # A few users saw a blocking guide in the last day: the fatigue budget applies to them.
    shown = now - (
        timedelta(hours=rng.uniform(0, 24))
        if rng.random() < 0.1
        else timedelta(days=rng.uniform(1, 90))
    )
    status = rng.choices(["shown", "in_progress", "completed", "dismissed"], [15, 15, 50, 20])[0]
    later = shown + timedelta(minutes=rng.uniform(1, 30))
    return {
        "project_id": seeded.project_id,
        "end_user_id": user_id,
        "flow_id": flow_id,
        "version": 1,
        "variant": None,
        "blocking": seeded.blocking[flow_id],
        "status": status,
        "furthest_step": rng.randint(0, 4),
        "times_shown": rng.randint(1, 3),
        "shown_at": shown,
        "last_shown_at": shown,
        "started_at": shown if status != "shown" else None,
        "completed_at": later if status == "completed" else None,
        "dismissed_at": later if status == "dismissed" else None,
        "dismissed_step": 1 if status == "dismissed" else None,
        "step_at": shown,
    }


# -- requests ----------------------------------------------------------------------------------


def session_bodies(seeded: Seeded, users: int, count: int, tag: str, seed_text: str) -> list:
    """A realistic mix; every existing user appears at most once per list."""
    rng = random.Random(seed_text)
    picked = rng.sample(range(users), min(users, count))
    bodies = []
    for i in range(count):
        roll = rng.random()
        n = picked[i % len(picked)]
        if roll < 0.60:  # a returning user: identified ones send their id, half send traits
            user = {"anonymous_id": anonymous_id(n)}
            if n % 5 < 3:
                user["id"] = f"user-{n}"
            if rng.random() < 0.5:
                user["traits"] = {"plan": rng.choice(PLANS), "last_page": "/app/reports"}
            kind = "returning"
        elif roll < 0.75:  # a known identified user on a new device
            user = {"anonymous_id": f"{tag}dev{i:07d}", "id": f"user-{n}"}
            kind = "new device"
        else:  # a new anonymous visitor
            user = {"anonymous_id": f"{tag}new{i:07d}"}
            if rng.random() < 0.3:
                user["traits"] = {"plan": "free", "country": rng.choice(COUNTRIES)}
            kind = "new visitor"
        body = {
            "key": seeded.key,
            "user": user,
            "url": "https://app.example.com/app/reports?tab=2",
            "locale": "en-GB",
            "viewport": {"width": 1440, "height": 900},
        }
        bodies.append((kind, json_body(body)))
    return bodies


class _Timed:
    """WSGI middleware: time from the environ to the close of the response body."""

    def __init__(self, app) -> None:
        self.app = app
        self.last_ms = 0.0
        self.last_cpu_ms = 0.0

    def __call__(self, environ, start_response):
        began, cpu = time.perf_counter(), time.thread_time()
        body = self.app(environ, start_response)
        try:
            chunks = list(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        self.last_ms = (time.perf_counter() - began) * 1000
        # CPU time of this thread: what the request costs, whatever else the machine runs.
        self.last_cpu_ms = (time.thread_time() - cpu) * 1000
        return chunks


def in_process(app, bodies: list) -> dict:
    timer = _Timed(app.wsgi_app)
    app.wsgi_app = timer
    client = app.test_client()
    headers = {"Origin": "https://app.example.com"}
    server, cpu, client_ms, by_kind, sizes, flows = [], [], [], {}, [], []
    first_ms = None
    try:
        for number, (kind, body) in enumerate(bodies):
            began = time.perf_counter()
            response = client.post(
                "/sdk/v1/session", data=body, content_type="text/plain", headers=headers
            )
            elapsed = (time.perf_counter() - began) * 1000
            if response.status_code != 200:
                raise RuntimeError(
                    f"session answered {response.status_code}: {response.data[:300]}"
                )
            if first_ms is None:
                first_ms = timer.last_ms
            if number < WARMUP:
                continue
            server.append(timer.last_ms)
            cpu.append(timer.last_cpu_ms)
            client_ms.append(elapsed)
            by_kind.setdefault(kind, []).append(timer.last_ms)
            sizes.append(len(response.data))
            flows.append(len(response.get_json()["flows"]))
    finally:
        app.wsgi_app = timer.app
    return {
        "server": server,
        "cpu": cpu,
        "client": client_ms,
        "by_kind": by_kind,
        "first": first_ms,
        "size": statistics.mean(sizes),
        "flows": statistics.mean(flows),
    }


def round_trips(port: int, bodies: list) -> list[float]:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Content-Type": "text/plain;charset=UTF-8", "Origin": "https://app.example.com"}
    timings = []
    try:
        for number, (_kind, body) in enumerate(bodies):
            began = time.perf_counter()
            conn.request("POST", "/sdk/v1/session", body, headers)
            response = conn.getresponse()
            answer = response.read()
            if response.status != 200:
                raise RuntimeError(f"session answered {response.status}: {answer[:300]!r}")
            if number >= WARMUP:
                timings.append((time.perf_counter() - began) * 1000)
    finally:
        conn.close()
    return timings


# -- one database --------------------------------------------------------------------------------


def run_database(kind: str, args) -> float:
    with database(kind) as db:
        return _run(db, args)


def _run(db: Database, args) -> float:
    from guidewell.extensions import db as sqla
    from guidewell.services import content_cache

    began = time.perf_counter()
    app = make_app(db)
    seeded = seed_content(app)
    content_seconds = time.perf_counter() - began
    began = time.perf_counter()
    seed_users(app, seeded, args.users)
    print(
        f"  seeded {FLOWS} flows in {content_seconds:.1f} s, {args.users:,} users "
        f"with progress and assignments in {time.perf_counter() - began:.1f} s"
    )
    with app.app_context():
        counts = {
            table: sqla.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))
            for table in ("end_users", "user_aliases", "progress", "assignments")
        }
        sqla.engine.dispose()
    print("  rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))

    content_cache.local_cache.clear()
    bodies = session_bodies(seeded, args.users, WARMUP + args.requests, "i", "in-process")
    # No app context around the calls: each request pushes and tears down its own, and
    # with it the database session, as under gunicorn.
    measured = in_process(app, bodies)
    with app.app_context():
        sqla.engine.dispose()
    server = measured["server"]
    print(
        f"  in-process, one at a time ({len(server)} requests after {WARMUP} warm-up; "
        f"{measured['flows']:.0f} flows and {measured['size'] / 1024:.0f} KB per answer):"
    )
    print(f"    server time: {describe_latency(server)}")
    print(f"    server CPU time: {describe_latency(measured['cpu'])}")
    print(f"    test-client time: {describe_latency(measured['client'])}")
    for name, values in sorted(measured["by_kind"].items()):
        print(
            f"    {name:12} n={len(values):4}  p50 {percentile(values, 0.5):6.2f} ms  "
            f"p95 {percentile(values, 0.95):6.2f} ms"
        )
    print(f"    first request of the process (compiles content): {measured['first']:.1f} ms")

    with Server(db, args.workers) as live:
        sequential = session_bodies(seeded, args.users, WARMUP + args.requests, "s", "serial")
        timings = round_trips(live.port, sequential)
        print(f"  round trip through guidewell serve ({args.workers} workers), one client:")
        print(f"    {describe_latency(timings)}")

        def factory(index: int) -> list[tuple[bytes, int]]:
            bodies = session_bodies(seeded, args.users, 4000, f"c{index}", f"load-{index}")
            return [(body, 0) for _kind, body in bodies]

        load = run_clients(live.port, "/sdk/v1/session", factory, args.clients, args.seconds)
        rate = load.total("requests") / load.wall_seconds
        print(
            f"  round trip under load ({args.clients} client processes, {load.wall_seconds:.1f} s):"
            f" {rate:,.0f} sessions/s, statuses {load.statuses}"
        )
        print(f"    {describe_latency(load.latencies_ms)}")
        for error in load.errors[:3]:
            print(f"    ERROR {error}")
        if any(status >= 500 for status in load.statuses):
            print("    server log:\n      " + "\n      ".join(live.problems(10)))
    return percentile(server, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 users, SQLite only (< 1 min)")
    parser.add_argument("--users", type=int, help="end users (default 100,000; quick 20,000)")
    parser.add_argument("--requests", type=int, help="measured requests (default 2000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--clients", type=int, default=4, help="client processes under load")
    parser.add_argument("--seconds", type=float, help="load phase (default 10, quick 3)")
    parser.add_argument("--databases", help="comma-separated: sqlite,postgresql")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    terminate_on_sigterm()
    args.users = args.users or (20_000 if args.quick else 100_000)
    args.requests = args.requests or (300 if args.quick else 2000)
    args.seconds = args.seconds or (3.0 if args.quick else 10.0)
    if args.databases:
        databases = args.databases.split(",")
    elif args.quick:
        databases = ["sqlite"]
    else:
        databases = ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
    print(f"machine: {machine()}")
    print(f"databases: {', '.join(databases)}; {FLOWS} flows, {args.users:,} users")
    if args.quick and args.users < 100_000:
        print(f"(--quick: {args.users:,} users instead of 100,000)")
    headline = None
    for kind in databases:
        print(f"{kind}:")
        p95 = run_database(kind, args)
        if headline is None or kind == "sqlite":
            headline = p95
    print(f"end: {load_average()}")
    print(result_line("session_p95_ms", headline, "ms"))


if __name__ == "__main__":
    main()
