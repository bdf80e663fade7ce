"""The server goes away in the middle of a tour: nothing the page did is lost, and
nothing is counted twice."""

from __future__ import annotations

import contextlib
from collections import Counter

from playwright.sync_api import expect

from e2e.api import step, tour

STEPS = [
    step("#new-project", "Create a project"),
    step("[data-testid=search]", "Search anything"),
    step("#metric-users", "Your users"),
]


def test_every_event_arrives_exactly_once_across_a_server_outage_and_a_reload(own_app, own_server):
    """Step 1 → 2 and a reload with the server up (the unload beacon delivers events that
    stay queued, so they are sent twice); the server is killed; step 2 → 3, a failed
    delivery, and a reload while it is down (the SDK runs from the browser's cache and
    cannot deliver); the server comes back on the same port and database, and on the next page
    load the tour goes on where it was. Every event the page generated is stored exactly
    once, and the funnel counts every step once."""
    app = own_app
    duplicates: list[int] = []
    app.page.on("response", lambda response: _count_duplicates(response, duplicates))
    welcome = app.publish(tour("welcome", STEPS))
    app.open()
    expect(app.card).to_contain_text("Create a project")
    app.card.get_by_role("button", name="Next").click()
    expect(app.card).to_contain_text("Search anything")
    app.page.reload()
    app.wait_ready()
    expect(app.card).to_contain_text("Search anything")
    app.flush()
    assert sum(duplicates) > 0, "the beacon's events were sent again and counted once"

    own_server.kill()
    app.card.get_by_role("button", name="Next").click()
    expect(app.card).to_contain_text("Your users")
    app.page.evaluate("dispatchEvent(new Event('online'))")  # a delivery attempt: refused
    app.page.wait_for_timeout(200)
    assert app.debug()["queued"] >= 2
    app.page.reload()  # pagehide hands the queue to sendBeacon: refused too
    # The bundle comes from the browser's cache (max-age 5 min): the SDK runs, reaches no
    # server, and keeps its queue for later.
    app.page.wait_for_timeout(300)
    own_server.start()

    app.page.reload()  # the next page load: the SDK is back, with the stored queue
    app.wait_ready()
    expect(app.card).to_contain_text("Your users")
    app.card.get_by_role("button", name="Done").click()
    expect(app.page.locator("gw-root")).to_have_count(0)
    app.flush()

    generated = Counter(event["id"] for event in app.events())
    stored = own_server.stored_events(app.pid)
    assert len(generated) == sum(generated.values()), "the page generated each id once"
    assert Counter(uuid for uuid, _type in stored) == generated
    assert [kind for _uuid, kind in stored].count("flow_shown") == 1
    report = app.summary(welcome, completed=1)
    assert report["summary"]["shown"] == 1
    assert [s["viewed"] for s in report["funnel"]] == [1, 1, 1]


def _count_duplicates(response, found: list[int]) -> None:
    """What the server answered to each event batch sent with fetch (beacons go unread)."""
    if response.url.endswith("/sdk/v1/events") and response.request.resource_type == "fetch":
        # The body is gone when the page navigated away before it was read.
        with contextlib.suppress(Exception):
            found.append(response.json()["duplicates"])
