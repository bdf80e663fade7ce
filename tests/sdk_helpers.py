"""Talking to /sdk/v1 the way the browser SDK does: text/plain JSON, no cookies."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.flow_examples import example


def now_ms() -> int:
    return int(time.time() * 1000)


def event(type_: str, **fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": type_, "ts": fields.pop("ts", now_ms()), **fields}


@dataclass
class Browser:
    """One end user's browser: an anonymous id, maybe an identified id."""

    client: Any
    key: str
    anonymous_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    user_id: str | None = None
    user_hash: str | None = None
    origin: str | None = None

    def user(self, **extra: Any) -> dict[str, Any]:
        user = {"anonymous_id": self.anonymous_id, **extra}
        if self.user_id is not None:
            user["id"] = self.user_id
        if self.user_hash is not None:
            user["user_hash"] = self.user_hash
        return user

    def post(self, path: str, body: dict[str, Any], **kwargs):
        headers = {"Origin": self.origin} if self.origin else {}
        return self.client.post(
            f"/sdk/v1/{path}",
            data=json.dumps(body),
            content_type="text/plain",
            headers=headers,
            **kwargs,
        )

    def session(self, traits: dict | None = None, **extra: Any):
        user = self.user(**({"traits": traits} if traits else {}))
        return self.post(
            "session",
            {"key": self.key, "user": user, "url": "https://app.example.com/app", **extra},
        )

    def identify(self, user_id: str, traits: dict | None = None):
        self.user_id = user_id
        user = self.user(**({"traits": traits} if traits else {}))
        return self.post("identify", {"key": self.key, "user": user})

    def send(self, *events: dict[str, Any]):
        return self.post("events", {"key": self.key, "user": self.user(), "events": list(events)})

    def flows(self, traits: dict | None = None) -> dict[str, dict[str, Any]]:
        response = self.session(traits)
        assert response.status_code == 200, response.get_json()
        return {flow["key"]: flow for flow in response.get_json()["flows"]}


def publish(editor, project_id: int, kind: str, **overrides: Any) -> dict[str, Any]:
    """Create and publish a flow through the admin API; answers the flow."""
    base = f"/api/v1/projects/{project_id}/flows"
    created = editor.post(base, json=example(kind, **overrides))
    assert created.status_code == 201, created.get_json()
    flow = created.get_json()
    published = editor.post(f"{base}/{flow['id']}/publish")
    assert published.status_code == 200, published.get_json()
    return published.get_json()
