"""A small client for the real server's REST and SDK APIs, for e2e setup and checks."""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

DEMO_LOGIN = ("demo@guidewell.local", "guidewell-demo")
T = TypeVar("T")


class Api:
    """Speaks JSON with a session cookie and the CSRF header, like the admin app."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.csrf = ""

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", "X-CSRF-Token": self.csrf},
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def ok(self, method: str, path: str, body: Any = None) -> Any:
        status, answer = self.request(method, path, body)
        assert status < 300, (method, path, status, answer)
        return answer

    def login(self, email: str = DEMO_LOGIN[0], password: str = DEMO_LOGIN[1]) -> Api:
        self.csrf = self.ok("POST", "/api/v1/auth/login", {"email": email, "password": password})[
            "csrf_token"
        ]
        return self

    def new_project(self, name: str | None = None) -> dict[str, Any]:
        """A fresh project per test, so flows of one test never show in another."""
        project = self.ok(
            "POST", "/api/v1/projects", {"name": name or f"e2e {uuid.uuid4().hex[:6]}"}
        )
        return {
            "id": project["id"],
            "public_key": project["keys"]["public_key"],
            "secret_key": project["keys"]["secret_key"],
        }

    def publish(self, project_id: int, body: dict[str, Any]) -> dict[str, Any]:
        flow = self.ok("POST", f"/api/v1/projects/{project_id}/flows", body)
        return self.ok("POST", f"/api/v1/projects/{project_id}/flows/{flow['id']}/publish")

    def events(self, project_id: int) -> list[dict[str, Any]]:
        """Events as the server stored them, through the analytics-free admin view."""
        return self.ok("GET", f"/api/v1/projects/{project_id}/users?per_page=200")["items"]

    # -- what the server stored, read back through the admin API ------------------------

    def flow_report(self, project_id: int, flow_id: int, **query: Any) -> dict[str, Any]:
        """Summary (users shown, started, completed, dismissed) and the step funnel."""
        return self.ok(
            "GET", _with_query(f"/api/v1/projects/{project_id}/analytics/flows/{flow_id}", query)
        )

    def responses(self, project_id: int, flow_id: int, **query: Any) -> dict[str, Any]:
        path = f"/api/v1/projects/{project_id}/analytics/flows/{flow_id}/responses"
        return self.ok("GET", _with_query(path, query))

    def users(self, project_id: int) -> list[dict[str, Any]]:
        """End users with their traits, most recently seen first."""
        return self.ok("GET", f"/api/v1/projects/{project_id}/users?per_page=200")["items"]

    def start_experiment(self, project_id: int, body: dict[str, Any]) -> dict[str, Any]:
        base = f"/api/v1/projects/{project_id}/experiments"
        experiment = self.ok("POST", base, body)
        return self.ok("POST", f"{base}/{experiment['id']}/start")

    def experiment_results(self, project_id: int, experiment_id: int) -> dict[str, Any]:
        return self.ok("GET", f"/api/v1/projects/{project_id}/experiments/{experiment_id}/results")


def _with_query(path: str, query: dict[str, Any]) -> str:
    return path + ("?" + urllib.parse.urlencode(query) if query else "")


def wait_until(probe: Callable[[], T], check: Callable[[T], bool], timeout: float = 10) -> T:
    """Polls `probe` until `check` holds on its answer; fails with the last answer."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if check(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still not as expected after {timeout} s: {value!r}")
        time.sleep(0.1)


# -- flows as a PM's script writes them ---------------------------------------------------


def flow(kind: str, key: str, content: dict[str, Any], **targeting: Any) -> dict[str, Any]:
    """A flow body for `Api.publish`; targeting defaults are the server's (page_load, once)."""
    return {"kind": kind, "key": key, "name": key, "content": content, "targeting": targeting}


def step(selector: str | None, title: str, **fields: Any) -> dict[str, Any]:
    """A tour step on `selector` (None: a centred modal step)."""
    target = {"target": {"selector": selector}} if selector else {}
    return {**target, "title": title, "body": f"<p>{title}: body.</p>", **fields}


def tour(key: str, steps: list[dict[str, Any]], **targeting: Any) -> dict[str, Any]:
    return flow("tour", key, {"steps": steps}, **targeting)
