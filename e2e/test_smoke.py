"""The served product, seen through a real Chromium."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import Page, expect


def test_home_page_links_to_admin_demo_and_api(page: Page, live_server: str):
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="Guidewell")).to_be_visible()
    for name in ("Admin", "Demo app", "REST API reference"):
        expect(page.get_by_role("link", name=name)).to_be_visible()


def test_demo_page_loads_the_sdk_with_the_demo_key(page: Page, live_server: str):
    page.goto(live_server + "/demo/")
    key = page.locator("script[data-key]").get_attribute("data-key")
    assert key and key.startswith("gw_pub_")
    page.wait_for_function("() => window.guidewell && typeof window.guidewell.track === 'function'")


def test_demo_welcome_tour_shows_on_the_demo_page(page: Page, live_server: str):
    """The seeded demo: a new visitor gets the welcome tour from the real server."""
    page.goto(live_server + "/demo/")
    dialog = page.get_by_role("dialog", name="Welcome to Acme Analytics")
    expect(dialog).to_be_visible(timeout=10_000)


def test_demo_login_works_from_the_browser(page: Page, live_server: str):
    """The login printed by `guidewell demo` is accepted by the API, from a page's fetch."""
    page.goto(live_server + "/")
    result = page.evaluate(
        """async () => {
            const r = await fetch('/api/v1/auth/login', {method: 'POST',
              headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({email: 'demo@guidewell.local', password: 'guidewell-demo'})});
            const me = await fetch('/api/v1/auth/me');
            return {login: r.status, me: (await me.json()).account.email};
        }"""
    )
    assert result == {"login": 200, "me": "demo@guidewell.local"}


def test_openapi_is_served_by_the_live_server(live_server: str):
    with urllib.request.urlopen(live_server + "/api/v1/openapi.json") as response:
        spec = json.load(response)
    assert spec["openapi"].startswith("3.")
