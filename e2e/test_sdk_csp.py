"""Pages with a strict Content-Security-Policy: guides show without a single violation."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.api import flow, step, tour

# Collected before any script of the page runs (Playwright's init scripts are not
# subject to the page's policy); violations inside shadow roots reach the document.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push({directive: e.violatedDirective, blocked: e.blockedURI,
                            source: e.sourceFile, sample: e.sample});
}, true);
"""
REPORTS = {"include": [{"match": "equals", "value": "/app/reports"}]}
CARD_STYLE = (
    "(() => { const card = document.querySelector('gw-root').shadowRoot.querySelector('.gw-card');"
    " const style = getComputedStyle(card); return [style.position, style.borderRadius]; })()"
)


def _no_violations_under_an_enforced_policy(app) -> None:
    assert app.page.evaluate("window.__violations") == []
    # The policy is really in force: an inline style of the page's own is refused.
    app.page.evaluate(
        "document.head.append(Object.assign(document.createElement('style'), {textContent: 'p{}'}))"
    )
    app.page.wait_for_function("() => window.__violations.length === 1")


def test_tour_shows_under_a_strict_policy_without_violations(app):
    """script-src 'self' + the server, style-src 'self' (no 'unsafe-inline'): the tour is
    styled (constructed stylesheets, CSSOM positions), placed, and usable."""
    steps = [step("#create-report", "Create a report"), step("#export", "Export it")]
    flow_ = app.publish(tour("t", steps, pages=REPORTS))
    app.page.add_init_script(RECORD_VIOLATIONS)
    app.open("/app/reports?csp=strict")
    expect(app.card).to_contain_text("Create a report")
    assert app.page.evaluate(CARD_STYLE) == ["fixed", "8px"]
    target = app.page.locator("#create-report").bounding_box()
    card = app.card.bounding_box()
    assert card["y"] > target["y"] + target["height"]  # placed below its target
    app.card.get_by_role("button", name="Next").click()
    expect(app.card).to_contain_text("Export it")
    app.card.get_by_role("button", name="Done").click()
    app.summary(flow_, completed=1)
    _no_violations_under_an_enforced_policy(app)


def test_lazy_kind_shows_under_a_nonce_policy_without_violations(app):
    """script-src 'nonce-…' 'strict-dynamic': the script tag's nonce goes to the SDK's
    <style> elements and to the lazily loaded chunk of the questionnaire."""
    questions = [{"id": "nps", "type": "nps", "prompt": "How likely are you to recommend us?"}]
    survey = app.publish(flow("questionnaire", "s", {"questions": questions}, pages=REPORTS))
    app.page.add_init_script(RECORD_VIOLATIONS)
    app.open("/app/reports?csp=nonce")
    expect(app.card).to_contain_text("How likely")
    nonces = app.page.evaluate(
        "[...document.querySelector('gw-root').shadowRoot.querySelectorAll('style')]"
        ".map((style) => style.nonce)"
    )
    assert nonces and set(nonces) == {"e2e-nonce-4b1d"}
    assert app.page.evaluate(CARD_STYLE) == ["relative", "8px"]  # in the centred modal
    app.card.get_by_text("9", exact=True).click()
    app.card.get_by_role("button", name="Submit").click()
    expect(app.card).to_contain_text("Thank you!")
    app.summary(survey, completed=1)
    _no_violations_under_an_enforced_policy(app)
