"""Shared helpers of the benchmarks: databases, a real `guidewell serve`, loopback clients.

Every server a benchmark starts runs in its own process group with its own temporary
instance folder and database (a SQLite file, or a fresh PostgreSQL schema that is dropped
afterwards), and is stopped in a `finally`, also when the benchmark is interrupted.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))

HOST = "127.0.0.1"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Every request of a benchmark comes from loopback with one key: lift the per-client limit.
RATE_LIMIT = "1000000 per minute"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), Python {sys.version.split()[0]}, {load_average()}"


def load_average() -> str:
    """Other work on the machine skews every figure: print it beside them."""
    try:
        one, five = Path("/proc/loadavg").read_text().split()[:2]
    except OSError:
        return "load average unknown"
    return f"load average {one} (1 min), {five} (5 min)"


def terminate_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so `finally` blocks stop the servers we started."""

    def handler(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def postgres_reachable() -> bool:
    try:
        engine = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


# -- databases -----------------------------------------------------------------------------


@dataclass
class Database:
    kind: str  # "sqlite" or "postgresql"
    url: str  # what GUIDEWELL_DATABASE_URL gets; for PostgreSQL it carries the search_path
    instance_path: str
    schema: str | None = None


@contextlib.contextmanager
def database(kind: str) -> Iterator[Database]:
    """A fresh, empty database with its own instance folder; removed on exit."""
    tmp = tempfile.mkdtemp(prefix=f"guidewell-bench-{kind}-")
    schema = None
    try:
        if kind == "sqlite":
            url = f"sqlite:///{tmp}/guidewell.db"
        else:
            schema = f"bench_{os.getpid()}_{secrets.token_hex(4)}"
            with sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            url = f"{PG_URL}?options=-csearch_path%3D{schema}"
        yield Database(kind, url, tmp, schema)
    finally:
        if schema:
            engine = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()
        shutil.rmtree(tmp, ignore_errors=True)


def server_env(db: Database) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "GUIDEWELL_INSTANCE_PATH": db.instance_path,
            "GUIDEWELL_DATABASE_URL": db.url,
            "GUIDEWELL_SDK_RATE_LIMIT": RATE_LIMIT,
            "GUIDEWELL_SECRET_KEY": "bench-secret-key",
            "PYTHONPATH": str(ROOT / "server"),
        }
    )
    env.pop("GUIDEWELL_REDIS_URL", None)
    return env


def make_app(db: Database):
    """The Flask app on `db` in this process, schema upgraded (as `guidewell serve` does)."""
    import logging

    from flask_migrate import upgrade

    from guidewell import create_app
    from guidewell.services import content_cache

    content_cache.local_cache.clear()  # compiled content is cached per project id
    os.environ.update(
        {
            "GUIDEWELL_INSTANCE_PATH": db.instance_path,
            "GUIDEWELL_SDK_RATE_LIMIT": RATE_LIMIT,
        }
    )
    os.environ.pop("GUIDEWELL_REDIS_URL", None)
    app = create_app({"SQLALCHEMY_DATABASE_URI": db.url, "SECRET_KEY": "bench-secret-key"})
    with app.app_context():
        logging.disable(logging.INFO)  # Alembic's env.py configures its own INFO logging
        try:
            upgrade()
        finally:
            logging.disable(logging.NOTSET)
        from guidewell.extensions import db as sqla

        sqla.engine.dispose()
    return app


# -- a real server ---------------------------------------------------------------------------


def _guidewell_command() -> list[str]:
    script = Path(sys.executable).parent / "guidewell"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from guidewell.cli import main; main()"]


class Server:
    """`guidewell serve` in its own process group, on a free loopback port."""

    def __init__(self, db: Database, workers: int) -> None:
        self.db = db
        self.workers = workers
        self.port = free_port()
        self.log_path = Path(db.instance_path) / f"serve-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def start(self, timeout: float = 60) -> None:
        log = open(self.log_path, "wb")  # noqa: SIM115 (the child keeps writing to it)
        try:
            self.process = subprocess.Popen(
                [
                    *_guidewell_command(),
                    "serve",
                    "--host",
                    HOST,
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                ],
                env=server_env(self.db),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends master and workers
            )
        finally:
            log.close()
        try:
            self._wait_healthy(timeout)
        except BaseException:
            self.stop()  # __exit__ does not run when __enter__ fails
            raise

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"guidewell serve exited:\n{self.log_tail()}")
            if self._healthy() and len(self.worker_pids()) >= self.workers:
                return
            time.sleep(0.2)
        raise RuntimeError(f"guidewell serve did not answer /health in time:\n{self.log_tail()}")

    def _healthy(self) -> bool:
        try:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
            conn.request("GET", "/health")
            response = conn.getresponse()
            response.read()
            conn.close()
            return response.status == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def cpu_seconds(self) -> float:
        """User + system CPU time of the workers so far."""
        total = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / CLOCK_TICKS

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def problems(self, lines: int = 12) -> list[str]:
        """The last lines of the log that are not access-log lines (tracebacks, warnings)."""
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return []
        access = re.compile(r'^\d+\.\d+\.\d+\.\d+ - .* "(GET|POST|OPTIONS) ')
        return [line for line in text if not access.match(line) and line.strip()][-lines:]

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# -- loopback clients --------------------------------------------------------------------------


@dataclass
class ClientResult:
    requests: int = 0
    events_sent: int = 0  # events in batches answered 200
    accepted: int = 0
    duplicates: int = 0
    reconnects: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    first_error: str = ""
    latencies_ms: list[float] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    cpu_seconds: float = 0.0
    sent_bodies: list[int] = field(default_factory=list)  # indexes of bodies answered 200


# A body factory runs in the client process: (client index) -> [(body, events in it)].
BodyFactory = Callable[[int], list[tuple[bytes, int]]]


def _post(
    conn: http.client.HTTPConnection, path: str, body: bytes, port: int, source: str
) -> tuple[http.client.HTTPConnection, int, bytes, bool]:
    """POST once; on a dropped keep-alive connection reconnect and send again (idempotent)."""
    headers = {"Content-Type": "text/plain;charset=UTF-8", "Origin": "https://app.example.com"}
    for attempt in range(2):
        try:
            conn.request("POST", path, body, headers)
            response = conn.getresponse()
            return conn, response.status, response.read(), attempt > 0
        except (ConnectionError, http.client.HTTPException):
            if attempt:
                raise
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=60, source_address=(source, 0))
    raise AssertionError("unreachable")


def _client(
    index: int,
    port: int,
    path: str,
    factory: BodyFactory,
    duration: float,
    barrier,
    results,
) -> None:
    result = ClientResult()
    try:
        bodies = factory(index)
        # A distinct loopback source address per client, as distinct browsers have: the
        # rate limiter keys on it. Traffic still only goes to 127.0.0.1.
        source = f"127.0.0.{2 + index % 250}"
        conn = http.client.HTTPConnection(HOST, port, timeout=60, source_address=(source, 0))
        barrier.wait(timeout=300)
        cpu = time.process_time()
        result.started = time.time()
        deadline = time.perf_counter() + duration
        for number, (body, events) in enumerate(bodies):
            if time.perf_counter() >= deadline:
                break
            began = time.perf_counter()
            conn, status, answer, retried = _post(conn, path, body, port, source)
            result.latencies_ms.append((time.perf_counter() - began) * 1000)
            result.requests += 1
            result.reconnects += retried
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status == 200:
                result.events_sent += events
                result.sent_bodies.append(number)
                if events:
                    parsed = json.loads(answer)
                    result.accepted += parsed["accepted"]
                    result.duplicates += parsed["duplicates"]
            elif not result.first_error:
                result.first_error = f"{status}: {answer[:300]!r}"
        result.finished = time.time()
        result.cpu_seconds = time.process_time() - cpu
        conn.close()
    except BaseException as error:  # reported to the parent, which fails loudly
        result.first_error = f"client {index} failed: {error!r}"
        with contextlib.suppress(Exception):
            barrier.abort()
    results.put((index, result))


@dataclass
class LoadResult:
    clients: list[ClientResult]
    wall_seconds: float

    def total(self, name: str) -> int:
        return sum(getattr(c, name) for c in self.clients)

    @property
    def latencies_ms(self) -> list[float]:
        return [x for c in self.clients for x in c.latencies_ms]

    @property
    def statuses(self) -> dict[int, int]:
        merged: dict[int, int] = {}
        for c in self.clients:
            for status, n in c.statuses.items():
                merged[status] = merged.get(status, 0) + n
        return merged

    @property
    def errors(self) -> list[str]:
        return [c.first_error for c in self.clients if c.first_error]


def run_clients(
    port: int, path: str, factory: BodyFactory, clients: int, duration: float
) -> LoadResult:
    """`clients` processes POST their bodies over keep-alive connections for ≤ `duration` s.

    Bodies are built before the clock starts; every client starts at one barrier. The wall
    time runs from the first client's start to the last client's last answer.
    """
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(clients)
    results = context.Queue()
    processes = [
        context.Process(
            target=_client,
            args=(i, port, path, factory, duration, barrier, results),
            daemon=True,
        )
        for i in range(clients)
    ]
    try:
        for process in processes:
            process.start()
        collected: dict[int, ClientResult] = {}
        deadline = time.monotonic() + duration + 600
        while len(collected) < clients:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RuntimeError("load clients did not finish in time")
            index, result = results.get(timeout=remaining)
            collected[index] = result
        for process in processes:
            process.join(timeout=30)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
    ordered = [collected[i] for i in range(clients)]
    ran = [c for c in ordered if c.started]
    wall = max(c.finished for c in ran) - min(c.started for c in ran) if ran else 0.0
    return LoadResult(ordered, wall)


def result_line(metric: str, value: float, unit: str) -> str:
    number = f"{value:.0f}" if abs(value) >= 100 else f"{value:.2f}"
    return f"RESULT {metric}={number} {unit}"


def describe_latency(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 0.5):.2f} ms, p95 {percentile(values, 0.95):.2f} ms, "
        f"p99 {percentile(values, 0.99):.2f} ms, max {max(values, default=0):.2f} ms"
    )


def json_body(document: Any) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode()
