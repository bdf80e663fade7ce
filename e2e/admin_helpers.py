"""Driving the admin app: log in through its form, run axe-core on a screen."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from e2e.api import DEMO_LOGIN

AXE = Path(__file__).resolve().parent.parent / "admin" / "node_modules" / "axe-core" / "axe.min.js"


def login(page: Page, base: str, email: str = DEMO_LOGIN[0], password: str = DEMO_LOGIN[1]) -> None:
    """Log in through the admin's own form and wait for the app shell."""
    page.goto(f"{base}/admin/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def axe_violations(
    page: Page, impacts: tuple[str, ...] = ("serious", "critical")
) -> list[dict[str, Any]]:
    """axe-core's violations of `impacts` on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await window.axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }"""
    )
    return [violation for violation in result if violation["impact"] in impacts]


def sdk_event(type_: str, **fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": type_, "ts": int(time.time() * 1000), **fields}


def send_events(base: str, key: str, user_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    """Events as the SDK sends them: text/plain JSON, no cookies (tests/sdk_helpers.py)."""
    body = {
        "key": key,
        "user": {"id": user_id, "anonymous_id": f"anon-{user_id}"},
        "events": events,
    }
    request = urllib.request.Request(
        f"{base}/sdk/v1/events",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "text/plain;charset=UTF-8"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = json.load(response)
    assert answer["accepted"] == len(events), answer
    return answer
