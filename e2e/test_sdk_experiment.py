"""A/B experiments in the browser: a holdout sees nothing, yet its exposure counts."""

from __future__ import annotations

import hashlib
import itertools

from playwright.sync_api import expect

from e2e.api import flow, wait_until
from e2e.conftest import HostApp

EXPERIMENT = "news-ab"


def _bucket(user_key: str) -> int:
    """DESIGN §6: first 8 hex digits of sha256("{experiment key}:{user id}") mod 10000."""
    return int(hashlib.sha256(f"{EXPERIMENT}:{user_key}".encode()).hexdigest()[:8], 16) % 10000


def _anonymous_id(arm: str) -> str:
    """A browser id that lands in `arm` (control: buckets 0-4999, holdout: 5000-9999)."""
    for n in itertools.count():
        candidate = f"e2e-visitor-{n:04d}"
        if (_bucket(candidate) < 5000) == (arm == "control"):
            return candidate
    raise AssertionError("unreachable")


def _as_visitor(app: HostApp, anonymous_id: str) -> None:
    app.page.add_init_script(
        "if (!localStorage.getItem('gw_user')) localStorage.setItem('gw_user', "
        f"JSON.stringify({{anonymous_id: '{anonymous_id}'}}))"
    )


def test_holdout_sees_nothing_but_its_exposure_is_recorded(app, browser, host_site):
    """Two visitors, one per arm: control sees the banner, the holdout sees nothing;
    both send experiment_exposed, and the results count one exposure in each arm."""
    content = {"format": "banner", "title": "Upgrade today", "body": "<p>New plans.</p>"}
    news = app.publish(flow("announcement", "news", content))
    experiment = app.api.start_experiment(
        app.pid,
        {
            "flow_id": news["id"],
            "key": EXPERIMENT,
            "name": "Upgrade banner",
            "variants": [
                {"key": "control", "weight": 5000, "version": 1},
                {"key": "holdout", "weight": 5000, "version": None},
            ],
            "goal": {"type": "event", "event": "upgraded"},
        },
    )
    _as_visitor(app, _anonymous_id("holdout"))
    app.open()
    app.page.wait_for_timeout(300)
    expect(app.page.locator("gw-root")).to_have_count(0)
    exposed = app.events("experiment_exposed")
    assert [(e["flow"], e["variant"]) for e in exposed] == [(news["id"], "holdout")]
    assert app.events("flow_shown") == []
    app.flush()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        other = HostApp(context.new_page(), host_site, app.api, app.project)
        _as_visitor(other, _anonymous_id("control"))
        other.open()
        expect(other.shadow(".gw-banner")).to_contain_text("Upgrade today")
        assert [e["variant"] for e in other.events("experiment_exposed")] == ["control"]
        other.flush()
    finally:
        context.close()

    results = wait_until(
        lambda: app.api.experiment_results(app.pid, experiment["id"]),
        lambda r: sum(v["exposed"] for v in r["variants"]) == 2,
    )
    assert {v["key"]: v["exposed"] for v in results["variants"]} == {"control": 1, "holdout": 1}
    report = app.summary(news, shown=1)
    assert report["summary"]["shown"] == 1  # only the control visitor was shown the banner
