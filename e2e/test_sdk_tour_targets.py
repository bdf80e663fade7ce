"""Tours on targets that are hard to reach: scroll containers, shadow roots, transforms,
fixed headers, late renders, narrow screens, host dialogs."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.api import step, tour

CARD = "document.querySelector('gw-root').shadowRoot.querySelector('.gw-card')"
HEADER_HEIGHT = 64  # #topbar, position: fixed, z-index 1000


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box, f"{locator} has no box"
    return box


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _gap(a: dict, b: dict) -> float:
    """How far apart two boxes are (0 when they touch or overlap)."""
    dx = max(b["x"] - (a["x"] + a["width"]), a["x"] - (b["x"] + b["width"]), 0)
    dy = max(b["y"] - (a["y"] + a["height"]), a["y"] - (b["y"] + b["height"]), 0)
    return max(dx, dy)


def _inside_viewport_below_header(page, box: dict) -> bool:
    height = page.evaluate("innerHeight")
    return box["y"] >= HEADER_HEIGHT and box["y"] + box["height"] <= height


def _hit(page, x: float, y: float) -> str:
    """What a click at (x, y) lands on: the SDK's host, or the page element's id."""
    return page.evaluate(
        "([x, y]) => { const el = document.elementFromPoint(x, y);"
        " return el.tagName === 'GW-ROOT' ? 'guide' : el.id || el.tagName; }",
        [x, y],
    )


def _show(app, selector: str, **fields) -> dict:
    """A one-step tour on `selector`, shown on /app and laid out."""
    body = tour("t", [step(selector, "Look here", **fields)], trigger={"type": "manual"})
    flow = app.publish(body)
    app.open()
    app.page.evaluate("guidewell.show('t')")
    expect(app.card).to_contain_text("Look here")
    app.wait_placed()
    return flow


def test_target_deep_in_a_scroll_container_is_scrolled_to_and_followed(app):
    """#feed-item-42 sits far down the #activity-feed scroll box: the feed scrolls to it,
    the tooltip sits beside it and moves with it when the user scrolls the feed."""
    _show(app, "#feed-item-42")
    item, feed = app.page.locator("#feed-item-42"), app.page.locator("#activity-feed")
    target, container = _box(item), _box(feed)
    assert container["y"] <= target["y"]
    assert target["y"] + target["height"] <= container["y"] + container["height"]
    assert _inside_viewport_below_header(app.page, target)
    assert _gap(_box(app.card), target) < 20
    before = _box(app.card)["y"]
    feed.evaluate("el => el.scrollBy(0, 40)")
    app.page.wait_for_function(
        f"() => Math.abs({CARD}.getBoundingClientRect().y - {before - 40}) < 2"
    )
    assert _gap(_box(app.card), _box(item)) < 20


def test_target_inside_an_open_shadow_root_is_found_and_clickable(app):
    """`#shadow-action` lives in acme-widget's shadow root: the selector finds it there,
    the tooltip sits beside it, and a click on it advances the step."""
    flow = _show(app, "#shadow-action", advance_on="click", buttons=[])
    button = app.page.locator("#shadow-action")
    assert _gap(_box(app.card), _box(button)) < 20
    assert [e["props"] for e in app.events("step_viewed")] == [{"match": "selector"}]
    button.click()
    expect(app.page.locator("gw-root")).to_have_count(0)
    assert app.summary(flow, completed=1)["funnel"][0]["viewed"] == 1


def test_spotlight_hole_follows_a_transformed_target(app):
    """Inside a rotated, scaled card the cut-out is where the element really is: a click
    at its centre reaches it, a click beside the cut-out is taken by the overlay."""
    flow = _show(app, "#transformed-target", advance_on="click", buttons=[])
    target = _box(app.page.locator("#transformed-target"))
    assert _gap(_box(app.card), target) < 20
    centre = (target["x"] + target["width"] / 2, target["y"] + target["height"] / 2)
    assert _hit(app.page, *centre) == "transformed-target"
    assert _hit(app.page, target["x"] + target["width"] + 40, centre[1]) == "guide"
    app.page.mouse.click(*centre)
    expect(app.page.locator("gw-root")).to_have_count(0)
    app.summary(flow, completed=1)


def test_target_under_the_fixed_header_is_scrolled_below_it(app):
    """The user scrolled so that #metric-users hides under the 64 px fixed header: the
    step scrolls it back into view below the header, not merely into the viewport."""
    body = tour("t", [step("#metric-users", "Active users")], trigger={"type": "manual"})
    app.publish(body)
    app.open()
    app.page.locator("#metric-users").evaluate(
        "el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 20)"
    )
    assert _box(app.page.locator("#metric-users"))["y"] < HEADER_HEIGHT
    app.page.evaluate("guidewell.show('t')")
    expect(app.card).to_contain_text("Active users")
    app.wait_placed()
    target = _box(app.page.locator("#metric-users"))
    assert _inside_viewport_below_header(app.page, target), target
    assert _hit(app.page, target["x"] + 10, target["y"] + 5) != "topbar"


def test_target_far_below_the_fold_is_scrolled_into_view(app):
    """#footer-cta is 900 px below the fold: it is brought on screen with its tooltip."""
    _show(app, "#footer-cta")
    target = _box(app.page.locator("#footer-cta"))
    assert _inside_viewport_below_header(app.page, target), target
    card = _box(app.card)
    assert _gap(card, target) < 20 and not _overlap(card, target)


def test_late_target_is_waited_for(app):
    """#late-widget renders 2 s after the page: with wait_ms 4000 the step waits and shows
    on it; no missing target is reported."""
    flow = app.publish(tour("t", [step("#late-widget", "Recommended", wait_ms=4000)]))
    app.open()
    expect(app.card).to_contain_text("Recommended", timeout=5000)
    app.wait_placed()
    assert _gap(_box(app.card), _box(app.page.locator("#late-widget"))) < 20
    app.card.get_by_role("button", name="Done").click()
    report = app.summary(flow, completed=1)
    assert report["funnel"][0]["target_missing"] == 0
    assert app.events("step_target_missing") == []


def test_target_missing_after_a_short_wait_is_reported_and_skipped(app):
    """With wait_ms 300 the late widget is not there in time: step_target_missing is
    recorded for step 1 (the funnel's target_missing) and the tour goes on at step 2."""
    steps = [step("#late-widget", "Too early", wait_ms=300), step("#new-project", "New project")]
    flow = app.publish(tour("t", steps))
    app.open()
    expect(app.card).to_contain_text("New project")
    missing = app.events("step_target_missing")
    assert [(e["step"], e["props"]) for e in missing] == [(0, {"selector": "#late-widget"})]
    app.card.get_by_role("button", name="Done").click()
    report = app.summary(flow, completed=1)
    assert [s["target_missing"] for s in report["funnel"]] == [1, 0]
    assert [s["viewed"] for s in report["funnel"]] == [1, 1]  # skipped counts as passed


def test_narrow_viewport_shows_a_bottom_sheet_that_leaves_its_target_visible(app):
    """At 375 px the tooltip becomes a sheet along the bottom edge, and the target is
    scrolled above it: their boxes do not overlap."""
    app.page.set_viewport_size({"width": 375, "height": 667})
    _show(app, "#transformed-target")
    sheet = _box(app.card)
    assert app.card.evaluate("el => el.classList.contains('gw-sheet')")
    assert sheet["width"] == 375 and abs(sheet["y"] + sheet["height"] - 667) < 1
    target = _box(app.page.locator("#transformed-target"))
    assert not _overlap(sheet, target), (sheet, target)
    assert target["y"] >= HEADER_HEIGHT


def test_guide_stacks_above_the_hosts_fixed_header(app):
    """The header has z-index 1000: the spotlight dims it and the tooltip is drawn over
    it — a click on the header's Invite button is taken by the overlay."""
    _show(app, "[data-testid=search]")
    invite = _box(app.page.locator("#invite"))
    assert _hit(app.page, invite["x"] + 5, invite["y"] + 5) == "guide"
    card = _box(app.card)
    assert _hit(app.page, card["x"] + card["width"] / 2, card["y"] + 10) == "guide"


def test_tour_works_while_a_host_modal_dialog_is_open(app):
    """With the host's <dialog> open modally (the rest of the page inert), the guide
    mounts inside the dialog and stays usable with the mouse."""
    steps = [step("#invite-email", "Invite by email"), step(None, "Then send")]
    flow = app.publish(tour("t", steps, trigger={"type": "manual"}))
    app.open()
    app.page.click("#invite")
    app.page.evaluate("guidewell.show('t')")
    expect(app.card).to_contain_text("Invite by email")
    app.wait_placed()
    assert app.page.evaluate("!!document.querySelector('dialog[open] > gw-root')")
    assert _gap(_box(app.card), _box(app.page.locator("#invite-email"))) < 20
    app.card.get_by_role("button", name="Next").click()
    expect(app.card).to_contain_text("Then send")
    app.card.get_by_role("button", name="Done").click()
    expect(app.page.locator("gw-root")).to_have_count(0)
    assert app.page.evaluate("document.querySelector('#host-dialog').open")
    app.summary(flow, completed=1)
