"""Questionnaires: every question type, required answers, branching, NPS; the answers
land on the server as responses, and `save_as_trait` on the user."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.api import flow, wait_until

QUESTIONS = [
    {
        "id": "nps",
        "type": "nps",
        "prompt": "How likely are you to recommend us?",
        "required": True,
        "low_label": "Not at all likely",
        "high_label": "Extremely likely",
        # Detractors skip straight to the free-text question.
        "branches": [{"op": "lte", "value": 6, "goto": "why"}],
    },
    {
        "id": "role",
        "type": "single",
        "prompt": "What is your role?",
        "options": [
            {"value": "dev", "label": "Developer"},
            {"value": "pm", "label": "Product manager"},
        ],
        "save_as_trait": "role",
    },
    {
        "id": "features",
        "type": "multi",
        "prompt": "Which features do you use?",
        "options": [
            {"value": "tours", "label": "Tours"},
            {"value": "surveys", "label": "Surveys"},
            {"value": "checklists", "label": "Checklists"},
        ],
    },
    {"id": "ease", "type": "rating", "prompt": "How easy was setup?"},
    {"id": "why", "type": "text", "prompt": "What should we improve?"},
]


@pytest.fixture
def survey(app):
    content = {"title": "Quick survey", "questions": QUESTIONS, "thank_you": "<p>Thanks!</p>"}
    return app.publish(flow("questionnaire", "survey", content))


def _next(app):
    return app.card.locator("button[type=submit]")


def _answers(app, survey: dict, count: int) -> dict:
    """The responses report once `count` answers have landed, by question id."""
    app.flush()

    def answered(report: dict) -> int:
        return sum(
            q["responses"]
            if q["responses"] is not None
            else sum(d["count"] for d in q["distribution"])
            for q in report["questions"]
        )

    report = wait_until(
        lambda: app.api.responses(app.pid, survey["id"], question="why"),
        lambda r: answered(r) >= count,
    )
    return {q["id"]: q for q in report["questions"]} | {"_text": report["text_answers"]}


def test_mouse_user_answers_every_question_type(app, survey):
    """NPS 9 (a promoter: no branch), a single choice, two of three options, a rating and
    free text; each answer is a response on the server, the role a trait of the user."""
    app.open()
    expect(app.card).to_contain_text("How likely")
    app.card.get_by_text("9", exact=True).click()
    _next(app).click()
    app.card.get_by_text("Product manager").click()
    _next(app).click()
    app.card.get_by_text("Tours").click()
    app.card.get_by_text("Checklists").click()
    _next(app).click()
    app.card.get_by_text("4", exact=True).click()
    _next(app).click()
    app.card.locator("textarea").fill("  More themes  ")
    expect(_next(app)).to_have_text("Submit")
    _next(app).click()
    expect(app.card).to_contain_text("Thanks!")

    answers = _answers(app, survey, 6)
    assert answers["nps"]["distribution"][9]["count"] == 1 and answers["nps"]["nps"]["score"] == 100
    assert [d["count"] for d in answers["role"]["distribution"]] == [0, 1]
    assert [d["count"] for d in answers["features"]["distribution"]] == [1, 0, 1]
    assert answers["ease"]["average"] == 4
    assert [a["value"] for a in answers["_text"]["items"]] == ["More themes"]
    users = app.api.users(app.pid)
    assert [u["traits"].get("role") for u in users] == ["pm"]
    report = app.summary(survey, completed=1)
    assert [s["viewed"] for s in report["funnel"]] == [1, 1, 1, 1, 1]


def test_keyboard_user_answers_and_a_low_score_branches_to_the_last_question(app, survey):
    """Tab into the 0-10 scale, arrows to 3, Enter on Next: a detractor skips the middle
    questions and lands on the free-text one, typed and submitted from the keyboard."""
    app.open()
    expect(app.card).to_contain_text("How likely")
    labels = app.card.locator(".gw-ends")
    expect(labels).to_contain_text("Not at all likely")
    expect(labels).to_contain_text("Extremely likely")
    expect(app.card.locator(".gw-nps input[type=radio]")).to_have_count(11)
    app.tab_until("el => el.type === 'radio'", limit=4)
    for _ in range(3):
        app.page.keyboard.press("ArrowRight")
    assert (
        app.page.evaluate(
            "document.querySelector('gw-root').shadowRoot.querySelector('input:checked').value"
        )
        == "3"
    )
    app.tab_until("el => el.type === 'submit'", limit=3)
    app.page.keyboard.press("Enter")
    expect(app.card).to_contain_text("What should we improve?")
    assert app.focused()["tag"] == "TEXTAREA"
    app.page.keyboard.type("Faster loading")
    app.tab_until("el => el.type === 'submit'", limit=2)
    app.page.keyboard.press("Enter")
    expect(app.card).to_contain_text("Thanks!")

    answers = _answers(app, survey, 2)
    assert answers["nps"]["nps"]["score"] == -100
    assert answers["role"]["distribution"][1]["count"] == 0
    assert [a["value"] for a in answers["_text"]["items"]] == ["Faster loading"]
    assert [e["step"] for e in app.events("step_viewed")] == [0, 4]
    report = app.summary(survey, completed=1)
    # The questions a branch jumped over count as passed, as the server's funnel defines.
    assert [s["viewed"] for s in report["funnel"]] == [1, 1, 1, 1, 1]


def test_required_question_cannot_be_skipped_but_an_optional_one_can(app, survey):
    """Next stays disabled on the required NPS until a score is picked; the optional
    role question can be passed without an answer, and then sends none."""
    app.open()
    expect(_next(app)).to_be_disabled()
    app.card.get_by_text("10", exact=True).click()
    expect(_next(app)).to_be_enabled()
    _next(app).click()
    expect(app.card).to_contain_text("What is your role?")
    expect(_next(app)).to_be_enabled()
    _next(app).click()
    expect(app.card).to_contain_text("Which features")
    answered = [e["props"]["question"] for e in app.events("question_answered")]
    assert answered == ["nps"]
    answers = _answers(app, survey, 1)
    assert answers["role"]["responses"] == 0
    assert app.api.users(app.pid)[0]["traits"] == {}


def test_answers_given_before_dismissing_are_kept(app, survey):
    """Esc halfway dismisses the survey; the answer already given is a response."""
    app.open()
    app.card.get_by_text("8", exact=True).click()
    _next(app).click()
    expect(app.card).to_contain_text("What is your role?")
    app.page.keyboard.press("Escape")
    expect(app.page.locator("gw-root")).to_have_count(0)
    report = app.summary(survey, dismissed=1)
    assert report["summary"]["completed"] == 0
    assert [s["dismissed"] for s in report["funnel"]] == [0, 1, 0, 0, 0]
    assert [s["viewed"] for s in report["funnel"]] == [1, 1, 0, 0, 0]
    assert _answers(app, survey, 1)["nps"]["distribution"][8]["count"] == 1
