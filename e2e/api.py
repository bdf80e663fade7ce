"""A small client for the real server's REST and SDK APIs, for e2e setup and checks."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.request
import uuid
from typing import Any

DEMO_LOGIN = ("demo@guidewell.local", "guidewell-demo")


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
