"""Flow content schemas: one valid example per kind, and a failure for every rule."""

import json
from typing import Any

import pytest
from marshmallow import ValidationError

from guidewell.schemas.content import load_content

# --- factories --------------------------------------------------------------------------

NEXT = {"label": "Next", "action": "next"}
OPTIONS = [{"value": "dev", "label": "Developer"}, {"value": "pm", "label": "Product manager"}]


def make_step(**fields: Any) -> dict[str, Any]:
    return {"title": "Welcome", **fields}


def make_tour(*steps: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"steps": list(steps) or [make_step()], **fields}


def make_hotspot(**fields: Any) -> dict[str, Any]:
    return {"target": {"selector": "#save"}, "title": "Save often", **fields}


def make_hotspots(*hotspots: dict[str, Any]) -> dict[str, Any]:
    return {"hotspots": list(hotspots) or [make_hotspot()]}


def make_announcement(**fields: Any) -> dict[str, Any]:
    return {"format": "modal", "title": "New: scheduled reports", **fields}


def make_question(question_type: str = "single", **fields: Any) -> dict[str, Any]:
    question = {"type": question_type, "prompt": "What is your role?"}
    if question_type in ("single", "multi"):
        question["options"] = OPTIONS
    return {**question, **fields}


def make_questionnaire(*questions: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"questions": list(questions) or [make_question()], **fields}


def make_item(**fields: Any) -> dict[str, Any]:
    return {"title": "Invite a teammate", "action": "start_flow", "flow": "invite-tour", **fields}


def make_checklist(*items: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"title": "Get set up", "items": list(items) or [make_item()], **fields}


def load_errors(kind: str, content: Any) -> dict[Any, Any]:
    with pytest.raises(ValidationError) as info:
        load_content(kind, content)
    return info.value.messages


def load_button(button: dict[str, Any]) -> dict[str, Any]:
    return load_content("tour", make_tour(make_step(buttons=[button, NEXT])))["steps"][0][
        "buttons"
    ][0]


def button_errors(button: dict[str, Any]) -> dict[str, Any]:
    return load_errors("tour", make_tour(make_step(buttons=[button, NEXT])))["steps"][0]["buttons"][
        0
    ]


def step_errors(**fields: Any) -> dict[str, Any]:
    return load_errors("tour", make_tour(make_step(**fields)))["steps"][0]


def target_errors(target: Any) -> dict[str, Any]:
    return load_errors("hotspot", make_hotspots(make_hotspot(target=target)))["hotspots"][0][
        "target"
    ]


def question_errors(question: dict[str, Any]) -> dict[str, Any]:
    return load_errors("questionnaire", make_questionnaire(question))["questions"][0]


def item_errors(**fields: Any) -> dict[str, Any]:
    return load_errors("checklist", make_checklist(make_item(**fields)))["items"][0]


# --- dispatcher and strictness -----------------------------------------------------------


def test_unknown_kind_is_rejected() -> None:
    """Is an unknown kind an error on "kind"?"""
    assert load_errors("wizard", {}) == {
        "kind": ["Must be one of: tour, hotspot, announcement, questionnaire, checklist."]
    }


def test_content_must_be_an_object() -> None:
    """Is content that is not a JSON object rejected?"""
    assert load_errors("tour", []) == {"_schema": ["Invalid input type."]}


def test_unknown_top_level_field_is_rejected() -> None:
    """Is an unknown field of the content rejected?"""
    assert load_errors("tour", make_tour(theme="dark")) == {"theme": ["Unknown field."]}


def test_unknown_nested_field_is_rejected_at_its_path() -> None:
    """Is an unknown field inside a list item reported at that item?"""
    errors = load_errors("tour", make_tour(make_step(), make_step(colour="red")))
    assert errors == {"steps": {1: {"colour": ["Unknown field."]}}}


@pytest.mark.parametrize("value", ["true", 1, None])
def test_booleans_must_be_json_booleans(value: Any) -> None:
    """Are "true", 1 and null refused where a boolean is expected?"""
    assert "dismissible" in load_errors("tour", make_tour(dismissible=value))


@pytest.mark.parametrize("value", ["5000", 5000.0, True])
def test_integers_must_be_json_integers(value: Any) -> None:
    """Are "5000", 5000.0 and true refused where an integer is expected?"""
    assert step_errors(wait_ms=value) == {"wait_ms": ["Not a valid integer."]}


def test_loaded_content_is_json_serializable() -> None:
    """Does loaded content survive a JSON round trip unchanged?"""
    content = load_content("questionnaire", make_questionnaire(make_question("nps")))
    assert json.loads(json.dumps(content)) == content


# --- rich text ---------------------------------------------------------------------------


def test_rich_text_is_sanitized_on_load() -> None:
    """Is rich text stored sanitized?"""
    step = load_content(
        "tour", make_tour(make_step(body='<p onclick="x">Hi<script>x</script></p>'))
    )
    assert step["steps"][0]["body"] == "<p>Hi</p>"


def test_rich_text_at_the_limit_is_accepted() -> None:
    """Is rich text of exactly 10,000 characters accepted?"""
    body = "<p>" + "a" * 9993 + "</p>"
    assert len(load_content("tour", make_tour(make_step(body=body)))["steps"][0]["body"]) == 10_000


def test_rich_text_over_the_limit_is_rejected() -> None:
    """Is rich text over 10,000 characters rejected, counted before sanitizing?"""
    body = "<p>" + "<script></script>" * 600 + "</p>"
    assert step_errors(body=body) == {"body": ["Must be at most 10,000 characters."]}


# --- buttons -----------------------------------------------------------------------------


def test_button_style_defaults_to_primary() -> None:
    """Does a button without a style get "primary"?"""
    assert load_button({"label": "Back", "action": "back"}) == {
        "label": "Back",
        "action": "back",
        "style": "primary",
    }


def test_url_button_opens_a_new_tab_by_default() -> None:
    """Does a url button get new_tab true when not given?"""
    button = load_button({"label": "Docs", "action": "url", "url": "https://docs.example"})
    assert button["new_tab"] is True


def test_mailto_button_is_accepted() -> None:
    """Is a mailto: URL accepted on a url button?"""
    button = load_button({"label": "Mail", "action": "url", "url": "mailto:help@acme.example"})
    assert button["url"] == "mailto:help@acme.example"


@pytest.mark.parametrize("label", ["", "   ", "x" * 81])
def test_button_label_must_be_1_to_80_characters(label: str) -> None:
    """Is an empty, blank or overlong button label rejected?"""
    assert "label" in button_errors({"label": label, "action": "next"})


def test_button_action_must_be_known() -> None:
    """Is an unknown button action rejected?"""
    assert button_errors({"label": "Go", "action": "submit"}) == {
        "action": ["Must be one of: next, back, close, start_flow, url, track."]
    }


def test_button_style_must_be_known() -> None:
    """Is an unknown button style rejected?"""
    assert "style" in button_errors({"label": "Go", "action": "next", "style": "danger"})


@pytest.mark.parametrize(
    ("action", "field"), [("start_flow", "flow"), ("url", "url"), ("track", "event")]
)
def test_button_action_requires_its_field(action: str, field: str) -> None:
    """Does each action that needs a value require it?"""
    assert button_errors({"label": "Go", "action": action}) == {
        field: [f'Required when action is "{action}".']
    }


@pytest.mark.parametrize(
    ("field", "value", "action"),
    [
        ("flow", "billing-tour", "start_flow"),
        ("url", "https://acme.example", "url"),
        ("event", "clicked_go", "track"),
        ("new_tab", False, "url"),
    ],
)
def test_button_rejects_fields_of_other_actions(field: str, value: Any, action: str) -> None:
    """Is a field that belongs to another action rejected?"""
    assert button_errors({"label": "Go", "action": "next", field: value}) == {
        field: [f'Only allowed when action is "{action}".']
    }


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,hi",
        "ftp://files.acme.example",
        "/relative",
        "https://",
        "mailto:",
        "https://acme.example/a b",
        "https://[::1",
    ],
)
def test_button_url_must_be_http_https_or_mailto(url: str) -> None:
    """Is a button URL that is not an absolute http, https or mailto URL rejected?"""
    assert button_errors({"label": "Go", "action": "url", "url": url}) == {
        "url": ["Must be an http, https or mailto URL."]
    }


def test_button_url_at_most_2000_characters() -> None:
    """Is a URL over 2,000 characters rejected?"""
    url = "https://acme.example/" + "a" * 1980
    assert "url" in button_errors({"label": "Go", "action": "url", "url": url})


@pytest.mark.parametrize("event", ["", "x" * 101, "signup<script>", "a/b"])
def test_button_event_name_is_restricted(event: str) -> None:
    """Is an event name outside 1-100 of [A-Za-z0-9_.:- ] rejected?"""
    assert "event" in button_errors({"label": "Go", "action": "track", "event": event})


@pytest.mark.parametrize("flow", ["Billing", "-billing", "billing tour", "b" * 65, ""])
def test_flow_key_must_be_a_slug(flow: str) -> None:
    """Is a flow key that is not a lowercase slug of at most 64 characters rejected?"""
    assert "flow" in button_errors({"label": "Go", "action": "start_flow", "flow": flow})


def test_flow_key_rejects_trailing_newline() -> None:
    """Is a slug with a trailing newline rejected (a `$` anchor would let it through)?"""
    assert "flow" in button_errors({"label": "Go", "action": "start_flow", "flow": "billing\n"})


# --- targets -----------------------------------------------------------------------------


def test_fingerprint_defaults_are_filled() -> None:
    """Does a fingerprint with only a tag get every other signal as null or empty?"""
    content = make_hotspots(make_hotspot(target={"selector": "#save", "fingerprint": {"tag": "a"}}))
    assert load_content("hotspot", content)["hotspots"][0]["target"]["fingerprint"] == {
        "tag": "a",
        "id": None,
        "attrs": {},
        "text": None,
        "nth": None,
        "path": None,
    }


def test_full_fingerprint_is_kept() -> None:
    """Is a complete fingerprint stored as given?"""
    fingerprint = {
        "tag": "button",
        "id": "save",
        "attrs": {"data-testid": "save-btn", "aria-label": "Save", "type": "submit"},
        "text": "Save",
        "nth": 2,
        "path": "main > form > button",
    }
    content = make_hotspots(make_hotspot(target={"selector": "#x", "fingerprint": fingerprint}))
    assert load_content("hotspot", content)["hotspots"][0]["target"]["fingerprint"] == fingerprint


@pytest.mark.parametrize("selector", ["", "  ", "x" * 1001])
def test_selector_must_be_1_to_1000_characters(selector: str) -> None:
    """Is an empty, blank or overlong selector rejected?"""
    assert "selector" in target_errors({"selector": selector})


@pytest.mark.parametrize("tag", ["", "x" * 33])
def test_fingerprint_tag_must_be_1_to_32_characters(tag: str) -> None:
    """Is an empty or overlong fingerprint tag rejected?"""
    assert "tag" in target_errors({"selector": "#a", "fingerprint": {"tag": tag}})["fingerprint"]


@pytest.mark.parametrize("name", ["class", "style", "onclick", "data-", "DATA-X", "aria-hidden"])
def test_fingerprint_attribute_names_are_limited(name: str) -> None:
    """Is an attribute outside data-* and the stable list rejected?"""
    fingerprint = {"tag": "a", "attrs": {name: "x"}}
    errors = target_errors({"selector": "#a", "fingerprint": fingerprint})
    assert list(errors["fingerprint"]["attrs"][name]) == ["key"]


def test_fingerprint_has_at_most_10_attributes() -> None:
    """Is a fingerprint with 11 attributes rejected?"""
    attrs = {f"data-a{n}": "x" for n in range(11)}
    errors = target_errors({"selector": "#a", "fingerprint": {"tag": "a", "attrs": attrs}})
    assert errors == {"fingerprint": {"attrs": ["Longer than maximum length 10."]}}


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "x" * 201), ("text", "x" * 201), ("path", "x" * 1001), ("nth", -1)],
)
def test_fingerprint_signals_are_bounded(field: str, value: Any) -> None:
    """Are overlong id/text/path and a negative nth rejected?"""
    errors = target_errors({"selector": "#a", "fingerprint": {"tag": "a", field: value}})
    assert list(errors["fingerprint"]) == [field]


def test_fingerprint_attribute_value_at_most_200_characters() -> None:
    """Is an attribute value over 200 characters rejected?"""
    fingerprint = {"tag": "a", "attrs": {"title": "x" * 201}}
    errors = target_errors({"selector": "#a", "fingerprint": fingerprint})
    assert list(errors["fingerprint"]["attrs"]["title"]) == ["value"]


# --- item ids ----------------------------------------------------------------------------


def test_missing_ids_come_from_positions() -> None:
    """Do steps without ids get step-1, step-2, ...?"""
    content = load_content("tour", make_tour(make_step(), make_step(), make_step()))
    assert [step["id"] for step in content["steps"]] == ["step-1", "step-2", "step-3"]


def test_generated_ids_never_collide_with_given_ones() -> None:
    """Does a generated id step around an id the author chose?"""
    content = load_content("tour", make_tour(make_step(), make_step(id="step-1")))
    assert [step["id"] for step in content["steps"]] == ["step-1-2", "step-1"]


def test_given_ids_are_kept() -> None:
    """Is an author's id kept as given?"""
    content = load_content("tour", make_tour(make_step(id="intro")))
    assert content["steps"][0]["id"] == "intro"


@pytest.mark.parametrize(
    ("kind", "content", "list_name", "expected"),
    [
        ("hotspot", make_hotspots(make_hotspot()), "hotspots", "hotspot-1"),
        ("questionnaire", make_questionnaire(make_question()), "questions", "q-1"),
        ("checklist", make_checklist(make_item()), "items", "item-1"),
    ],
)
def test_generated_id_prefix_per_kind(
    kind: str, content: dict[str, Any], list_name: str, expected: str
) -> None:
    """Does each kind name its generated ids after what they are?"""
    assert load_content(kind, content)[list_name][0]["id"] == expected


def test_duplicate_ids_are_rejected_on_the_later_item() -> None:
    """Is a duplicate id reported on the later of the two items?"""
    errors = load_errors("tour", make_tour(make_step(id="a"), make_step(), make_step(id="a")))
    assert errors == {"steps": {2: {"id": ['Duplicate id "a"; ids must be unique.']}}}


@pytest.mark.parametrize("item_id", ["Intro", "intro step", "_intro", "x" * 65])
def test_ids_must_be_slugs(item_id: str) -> None:
    """Is an id that is not a lowercase slug rejected?"""
    assert "id" in step_errors(id=item_id)


# --- tour --------------------------------------------------------------------------------


def test_valid_tour_is_completed_with_defaults() -> None:
    """Does a minimal two-step tour come back with every default filled in?"""
    content = load_content(
        "tour",
        make_tour(
            make_step(
                title="Create a report", target={"selector": "#new-report"}, placement="right"
            ),
            make_step(title="", body="<p>That's it!</p>"),
        ),
    )
    defaults = {
        "placement": "auto",
        "target": None,
        "title": "",
        "body": "",
        "advance_on": "next",
        "page": None,
        "navigate_url": None,
        "spotlight": True,
        "allow_interaction": False,
        "on_missing": "skip",
        "wait_ms": 5000,
    }
    assert content == {
        "steps": [
            {
                **defaults,
                "id": "step-1",
                "title": "Create a report",
                "target": {"selector": "#new-report", "fingerprint": None},
                "placement": "right",
                "buttons": [{"label": "Next", "action": "next", "style": "primary"}],
            },
            {
                **defaults,
                "id": "step-2",
                "body": "<p>That's it!</p>",
                "buttons": [{"label": "Done", "action": "next", "style": "primary"}],
            },
        ],
        "show_progress": True,
        "dismissible": True,
    }


@pytest.mark.parametrize("steps", [[], [make_step()] * 51])
def test_tour_has_1_to_50_steps(steps: list[dict[str, Any]]) -> None:
    """Is a tour with no steps or more than 50 rejected?"""
    assert load_errors("tour", {"steps": steps}) == {"steps": ["Length must be between 1 and 50."]}


def test_tour_requires_steps() -> None:
    """Is a tour without a steps field rejected?"""
    assert load_errors("tour", {}) == {"steps": ["Missing data for required field."]}


@pytest.mark.parametrize("advance_on", ["click", "input"])
def test_step_advancing_on_the_target_requires_one(advance_on: str) -> None:
    """Does a step that advances on click or input need a target?"""
    errors = load_errors(
        "tour", make_tour(make_step(), make_step(), make_step(advance_on=advance_on))
    )
    assert errors == {"steps": {2: {"target": [f'Required when advance_on is "{advance_on}".']}}}


def test_step_advancing_on_click_must_allow_interaction() -> None:
    """Is allow_interaction false refused when the user must click the target?"""
    errors = step_errors(advance_on="click", target={"selector": "#a"}, allow_interaction=False)
    assert errors == {"allow_interaction": ['Must be true when advance_on is "click".']}


def load_click_step() -> dict[str, Any]:
    content = make_tour(make_step(advance_on="click", target={"selector": "#a"}))
    return load_content("tour", content)["steps"][0]


def test_step_advancing_on_click_allows_interaction_by_default() -> None:
    """Does a click step default to allow_interaction true?"""
    assert load_click_step()["allow_interaction"] is True


def test_step_advancing_on_click_gets_no_default_button() -> None:
    """Does a click step default to no buttons, so the click is the way forward?"""
    assert load_click_step()["buttons"] == []


def test_step_advancing_on_event_requires_the_event() -> None:
    """Does advance_on "event" need advance_event?"""
    assert step_errors(advance_on="event") == {
        "advance_event": ['Required when advance_on is "event".']
    }


def test_advance_event_only_with_advance_on_event() -> None:
    """Is advance_event rejected when the step does not advance on an event?"""
    assert step_errors(advance_event="report_created") == {
        "advance_event": ['Only allowed when advance_on is "event".']
    }


def test_advance_event_must_be_an_event_name() -> None:
    """Is an advance_event that is not an event name rejected?"""
    assert "advance_event" in step_errors(advance_on="event", advance_event="a/b")


def test_advance_on_must_be_known() -> None:
    """Is an unknown advance_on rejected?"""
    assert "advance_on" in step_errors(advance_on="hover")


@pytest.mark.parametrize(
    ("title", "body"), [("", ""), ("   ", "<p> </p>"), ("", "<script>x</script>")]
)
def test_step_needs_a_title_or_body_text(title: str, body: str) -> None:
    """Is a step with no title and no visible body text rejected?"""
    assert step_errors(title=title, body=body) == {"title": ["A step needs a title or body text."]}


@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("tour", make_tour(make_step(title="x" * 201))),
        ("hotspot", make_hotspots(make_hotspot(title="x" * 201))),
        ("announcement", make_announcement(title="x" * 201)),
        ("questionnaire", make_questionnaire(title="x" * 201)),
        ("checklist", make_checklist(title="x" * 201)),
        ("checklist", make_checklist(make_item(title="x" * 201))),
    ],
)
def test_titles_are_at_most_200_characters(kind: str, content: dict[str, Any]) -> None:
    """Is a title over 200 characters rejected wherever a title appears?"""
    assert "Longer than maximum length 200." in json.dumps(load_errors(kind, content))


@pytest.mark.parametrize("buttons", [[], [{"label": "Back", "action": "back"}]])
def test_next_step_needs_a_way_forward(buttons: list[dict[str, Any]]) -> None:
    """Is a step advancing on "next" with no next or close button rejected?"""
    assert step_errors(buttons=buttons) == {
        "buttons": ['With advance_on "next", add a button whose action is "next" or "close".']
    }


def test_close_button_is_a_way_forward() -> None:
    """Does a close button alone satisfy a step advancing on "next"?"""
    content = make_tour(make_step(buttons=[{"label": "Got it", "action": "close"}]))
    assert load_content("tour", content)["steps"][0]["buttons"][0]["action"] == "close"


def test_step_has_at_most_4_buttons() -> None:
    """Is a step with five buttons rejected?"""
    assert step_errors(buttons=[NEXT] * 5) == {"buttons": ["Longer than maximum length 4."]}


@pytest.mark.parametrize("placement", ["middle", "TOP", ""])
def test_placement_must_be_known(placement: str) -> None:
    """Is an unknown placement rejected?"""
    assert "placement" in step_errors(placement=placement)


@pytest.mark.parametrize("wait_ms", [-1, 30_001])
def test_wait_ms_is_0_to_30000(wait_ms: int) -> None:
    """Is a wait outside 0-30,000 ms rejected?"""
    assert step_errors(wait_ms=wait_ms) == {
        "wait_ms": ["Must be greater than or equal to 0 and less than or equal to 30000."]
    }


def test_on_missing_must_be_known() -> None:
    """Is an unknown on_missing rejected?"""
    assert "on_missing" in step_errors(on_missing="retry")


def test_page_rule_defaults_to_path() -> None:
    """Does a page rule match the path unless told otherwise?"""
    page = {"match": "starts_with", "value": "/reports"}
    content = load_content("tour", make_tour(make_step(page=page)))
    assert content["steps"][0]["page"] == {**page, "on": "path"}


@pytest.mark.parametrize(
    "page",
    [
        {"match": "like", "value": "/a"},
        {"match": "equals", "value": ""},
        {"match": "equals", "value": "x" * 501},
        {"match": "equals", "value": "/a", "on": "host"},
        {"value": "/a"},
    ],
)
def test_page_rule_fields_are_checked(page: dict[str, Any]) -> None:
    """Is a page rule with a bad match, value or on rejected?"""
    assert "page" in step_errors(page=page)


def test_page_rule_regex_must_compile() -> None:
    """Is a regex page rule that does not compile rejected on its value?"""
    errors = step_errors(page={"match": "regex", "value": "^/reports/(\\d+"})
    assert list(errors["page"]) == ["value"]


@pytest.mark.parametrize("url", ["/reports/new", "https://app.acme.example/reports"])
def test_navigate_url_takes_a_path_or_web_url(url: str) -> None:
    """Is navigate_url accepted as a path or an http(s) URL?"""
    assert load_content("tour", make_tour(make_step(navigate_url=url)))["steps"][0][
        "navigate_url"
    ] == (url)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "//evil.example/x", "mailto:a@acme.example", "reports"]
)
def test_navigate_url_rejects_other_urls(url: str) -> None:
    """Is a navigate_url that is neither a path nor an http(s) URL rejected?"""
    assert step_errors(navigate_url=url) == {
        "navigate_url": ['Must be an http or https URL, or a path starting with "/".']
    }


# --- hotspot -----------------------------------------------------------------------------


def test_valid_hotspot_is_completed_with_defaults() -> None:
    """Does a hotspot with a CTA come back with defaults filled in?"""
    cta = {"label": "Learn more", "action": "url", "url": "https://docs.acme.example/export"}
    content = load_content("hotspot", make_hotspots(make_hotspot(cta=cta)))
    assert content == {
        "hotspots": [
            {
                "id": "hotspot-1",
                "target": {"selector": "#save", "fingerprint": None},
                "title": "Save often",
                "body": "",
                "placement": "auto",
                "beacon_position": "top-right",
                "cta": {**cta, "style": "primary", "new_tab": True},
            }
        ]
    }


@pytest.mark.parametrize("hotspots", [[], [make_hotspot()] * 21])
def test_hotspot_set_has_1_to_20_hotspots(hotspots: list[dict[str, Any]]) -> None:
    """Is a set of no hotspots or more than 20 rejected?"""
    assert "hotspots" in load_errors("hotspot", {"hotspots": hotspots})


def test_hotspot_requires_a_target() -> None:
    """Is a hotspot without a target rejected?"""
    errors = load_errors("hotspot", make_hotspots({"title": "Save often"}))
    assert errors == {"hotspots": {0: {"target": ["Missing data for required field."]}}}


def test_hotspot_target_cannot_be_null() -> None:
    """Is a hotspot with a null target rejected, since a beacon needs an element?"""
    errors = load_errors("hotspot", make_hotspots(make_hotspot(target=None)))
    assert errors == {"hotspots": {0: {"target": ["Field may not be null."]}}}


def test_hotspot_needs_a_title_or_body_text() -> None:
    """Is a hotspot with neither title nor body text rejected?"""
    errors = load_errors("hotspot", make_hotspots(make_hotspot(title="", body="<br>")))
    assert errors == {"hotspots": {0: {"title": ["A hotspot needs a title or body text."]}}}


def test_beacon_position_must_be_known() -> None:
    """Is an unknown beacon position rejected?"""
    errors = load_errors("hotspot", make_hotspots(make_hotspot(beacon_position="middle")))
    assert "beacon_position" in errors["hotspots"][0]


@pytest.mark.parametrize("action", ["next", "back"])
def test_hotspot_cta_cannot_step(action: str) -> None:
    """Is a next/back CTA rejected on a hotspot, which has no steps?"""
    cta = {"label": "Go", "action": action}
    errors = load_errors("hotspot", make_hotspots(make_hotspot(cta=cta)))
    assert errors == {
        "hotspots": {0: {"cta": {"action": ["Must be one of: close, start_flow, url, track."]}}}
    }


# --- announcement ------------------------------------------------------------------------


def test_valid_modal_announcement() -> None:
    """Does a modal announcement load with defaults and no position?"""
    button = {"label": "Try it", "action": "start_flow", "flow": "reports-tour"}
    image = {"src": "https://cdn.acme.example/reports.png", "alt": "A scheduled report"}
    content = load_content("announcement", make_announcement(buttons=[button], image=image))
    assert content == {
        "format": "modal",
        "title": "New: scheduled reports",
        "body": "",
        "image": image,
        "buttons": [{**button, "style": "primary"}],
        "dismissible": True,
    }


def test_valid_banner_announcement_defaults_to_top() -> None:
    """Does a banner without a position sit at the top?"""
    content = load_content("announcement", make_announcement(format="banner"))
    assert content["position"] == "top"


def test_valid_banner_announcement_at_the_bottom() -> None:
    """Is a bottom banner accepted?"""
    content = load_content("announcement", make_announcement(format="banner", position="bottom"))
    assert content["position"] == "bottom"


def test_valid_slideout_announcement_defaults_to_bottom_right() -> None:
    """Does a slideout without a position sit in the bottom-right corner?"""
    content = load_content("announcement", make_announcement(format="slideout"))
    assert content["position"] == "bottom-right"


def test_valid_slideout_announcement_in_a_corner() -> None:
    """Is a top-left slideout accepted?"""
    content = make_announcement(format="slideout", position="top-left")
    assert load_content("announcement", content)["position"] == "top-left"


@pytest.mark.parametrize("fmt", ["popup", None])
def test_announcement_format_must_be_known(fmt: str | None) -> None:
    """Is an unknown or null format rejected?"""
    assert "format" in load_errors("announcement", make_announcement(format=fmt))


def test_announcement_requires_format() -> None:
    """Is an announcement without a format rejected?"""
    assert load_errors("announcement", {"title": "Hi"}) == {
        "format": ["Missing data for required field."]
    }


def test_modal_takes_no_position() -> None:
    """Is a position on a modal rejected?"""
    assert load_errors("announcement", make_announcement(position="top")) == {
        "position": ['Only allowed when format is "banner" or "slideout".']
    }


def test_banner_position_is_top_or_bottom() -> None:
    """Is a corner position on a banner rejected?"""
    errors = load_errors("announcement", make_announcement(format="banner", position="top-left"))
    assert errors == {"position": ["Must be one of: top, bottom."]}


def test_slideout_position_is_a_corner() -> None:
    """Is an edge position on a slideout rejected?"""
    errors = load_errors("announcement", make_announcement(format="slideout", position="top"))
    assert errors == {
        "position": ["Must be one of: bottom-right, bottom-left, top-right, top-left."]
    }


def test_announcement_needs_a_title_or_body_text() -> None:
    """Is an announcement with neither title nor body text rejected?"""
    assert load_errors("announcement", make_announcement(title="")) == {
        "title": ["An announcement needs a title or body text."]
    }


def test_image_must_be_https() -> None:
    """Is an http (or data:) image rejected?"""
    image = {"src": "http://cdn.acme.example/a.png", "alt": ""}
    assert load_errors("announcement", make_announcement(image=image)) == {
        "image": {"src": ["Must be an https URL."]}
    }


def test_image_requires_alt() -> None:
    """Is an image without alt text (not even "") rejected?"""
    image = {"src": "https://cdn.acme.example/a.png"}
    assert load_errors("announcement", make_announcement(image=image)) == {
        "image": {"alt": ["Missing data for required field."]}
    }


def test_image_src_at_most_2000_characters() -> None:
    """Is an image URL over 2,000 characters rejected?"""
    image = {"src": "https://cdn.acme.example/" + "a" * 1976, "alt": ""}
    assert load_errors("announcement", make_announcement(image=image)) == {
        "image": {"src": ["Longer than maximum length 2000."]}
    }


def test_image_alt_at_most_300_characters() -> None:
    """Is alt text over 300 characters rejected?"""
    image = {"src": "https://cdn.acme.example/a.png", "alt": "x" * 301}
    assert "alt" in load_errors("announcement", make_announcement(image=image))["image"]


def test_announcement_has_at_most_3_buttons() -> None:
    """Is an announcement with four buttons rejected?"""
    buttons = [{"label": "Close", "action": "close"}] * 4
    assert load_errors("announcement", make_announcement(buttons=buttons)) == {
        "buttons": ["Longer than maximum length 3."]
    }


def test_announcement_buttons_cannot_step() -> None:
    """Is a next button on an announcement rejected?"""
    errors = load_errors("announcement", make_announcement(buttons=[NEXT]))
    assert errors == {
        "buttons": {0: {"action": ["Must be one of: close, start_flow, url, track."]}}
    }


def test_undismissible_modal_needs_a_button() -> None:
    """Is a modal with no close control and no button (a trap) rejected?"""
    assert load_errors("announcement", make_announcement(dismissible=False)) == {
        "buttons": ["A modal that is not dismissible needs at least one button."]
    }


def test_undismissible_banner_needs_no_button() -> None:
    """Is a permanent banner without buttons accepted, since it blocks nothing?"""
    content = load_content("announcement", make_announcement(format="banner", dismissible=False))
    assert content["buttons"] == []


# --- questionnaire -----------------------------------------------------------------------


def test_valid_questionnaire_is_completed_with_defaults() -> None:
    """Does a questionnaire of every question type load with per-type defaults?"""
    content = load_content(
        "questionnaire",
        make_questionnaire(
            make_question("single", id="role", save_as_trait="role"),
            make_question("multi", prompt="Which tools?"),
            make_question("rating", prompt="How easy was setup?"),
            make_question("nps", prompt="Would you recommend us?", required=True),
            make_question("text", prompt="Anything else?", placeholder="Tell us"),
            title="Quick survey",
        ),
    )
    common = {"description": "", "required": False, "branches": [], "save_as_trait": None}
    assert content == {
        "format": "modal",
        "title": "Quick survey",
        "intro": "",
        "questions": [
            {**common, "id": "role", "type": "single", "prompt": "What is your role?"}
            | {"options": OPTIONS, "save_as_trait": "role"},
            {**common, "id": "q-2", "type": "multi", "prompt": "Which tools?", "options": OPTIONS},
            {**common, "id": "q-3", "type": "rating", "prompt": "How easy was setup?"}
            | {"low_label": "", "high_label": ""},
            {**common, "id": "q-4", "type": "nps", "prompt": "Would you recommend us?"}
            | {"required": True, "low_label": "Not likely", "high_label": "Very likely"},
            {**common, "id": "q-5", "type": "text", "prompt": "Anything else?"}
            | {"placeholder": "Tell us", "max_length": 1000},
        ],
        "submit_label": "Submit",
        "thank_you": "Thank you!",
        "dismissible": True,
    }


@pytest.mark.parametrize("questions", [[], [make_question()] * 21])
def test_questionnaire_has_1_to_20_questions(questions: list[dict[str, Any]]) -> None:
    """Is a questionnaire with no questions or more than 20 rejected?"""
    assert load_errors("questionnaire", {"questions": questions}) == {
        "questions": ["Length must be between 1 and 20."]
    }


def test_questionnaire_format_is_modal_or_slideout() -> None:
    """Is a banner questionnaire rejected?"""
    assert "format" in load_errors("questionnaire", make_questionnaire(format="banner"))


@pytest.mark.parametrize("label", ["", " ", "x" * 41])
def test_submit_label_must_be_1_to_40_characters(label: str) -> None:
    """Is an empty, blank or overlong submit label rejected?"""
    assert "submit_label" in load_errors("questionnaire", make_questionnaire(submit_label=label))


def test_question_type_must_be_known() -> None:
    """Is an unknown question type rejected?"""
    assert "type" in question_errors({"type": "date", "prompt": "When?"})


@pytest.mark.parametrize("prompt", ["", "x" * 301])
def test_question_prompt_must_be_1_to_300_characters(prompt: str) -> None:
    """Is an empty or overlong prompt rejected?"""
    assert "prompt" in question_errors(make_question(prompt=prompt))


def test_question_id_end_is_reserved() -> None:
    """Is a question id "end" rejected, since branches use it to finish?"""
    assert question_errors(make_question(id="end")) == {
        "id": ['"end" is reserved for branches that end.']
    }


@pytest.mark.parametrize("question_type", ["single", "multi"])
def test_choice_question_requires_options(question_type: str) -> None:
    """Does a single or multi question need options?"""
    question = {"type": question_type, "prompt": "Role?"}
    assert question_errors(question) == {"options": [f'Required when type is "{question_type}".']}


@pytest.mark.parametrize("question_type", ["text", "rating", "nps"])
def test_options_only_for_choice_questions(question_type: str) -> None:
    """Are options rejected on text, rating and nps questions?"""
    assert question_errors(make_question(question_type, options=OPTIONS)) == {
        "options": ['Only allowed when type is "single" or "multi".']
    }


@pytest.mark.parametrize("count", [1, 21])
def test_choice_question_has_2_to_20_options(count: int) -> None:
    """Is a choice question with 1 or 21 options rejected?"""
    options = [{"value": f"v{n}", "label": f"V{n}"} for n in range(count)]
    assert question_errors(make_question(options=options)) == {
        "options": ["Length must be between 2 and 20."]
    }


def test_option_values_are_unique() -> None:
    """Is a repeated option value reported on the later option?"""
    options = [*OPTIONS, {"value": "dev", "label": "Engineer"}]
    assert question_errors(make_question(options=options)) == {
        "options": {2: {"value": ['Duplicate option value "dev".']}}
    }


@pytest.mark.parametrize(
    ("option", "field"),
    [
        ({"value": "", "label": "X"}, "value"),
        ({"value": "x" * 101, "label": "X"}, "value"),
        ({"value": "x", "label": ""}, "label"),
        ({"value": "x", "label": "x" * 201}, "label"),
    ],
)
def test_option_value_and_label_are_bounded(option: dict[str, str], field: str) -> None:
    """Are empty or overlong option values and labels rejected?"""
    errors = question_errors(make_question(options=[OPTIONS[0], option]))
    assert list(errors["options"][1]) == [field]


@pytest.mark.parametrize(
    ("question_type", "field", "value", "allowed"),
    [
        ("single", "placeholder", "Type here", '"text"'),
        ("rating", "max_length", 10, '"text"'),
        ("text", "low_label", "Bad", '"rating" or "nps"'),
        ("multi", "high_label", "Good", '"rating" or "nps"'),
    ],
)
def test_type_specific_fields_are_rejected_elsewhere(
    question_type: str, field: str, value: Any, allowed: str
) -> None:
    """Is a field that belongs to another question type rejected?"""
    assert question_errors(make_question(question_type, **{field: value})) == {
        field: [f"Only allowed when type is {allowed}."]
    }


@pytest.mark.parametrize("max_length", [0, 5001])
def test_text_max_length_is_1_to_5000(max_length: int) -> None:
    """Is a max_length outside 1-5,000 rejected?"""
    assert "max_length" in question_errors(make_question("text", max_length=max_length))


@pytest.mark.parametrize(
    ("field", "limit"), [("placeholder", 200), ("low_label", 60), ("high_label", 60)]
)
def test_question_labels_are_bounded(field: str, limit: int) -> None:
    """Are an overlong placeholder and scale label rejected?"""
    question_type = "text" if field == "placeholder" else "nps"
    errors = question_errors(make_question(question_type, **{field: "x" * (limit + 1)}))
    assert list(errors) == [field]


@pytest.mark.parametrize("trait", ["1role", "role-name", "", "x" * 65, "role\n"])
def test_save_as_trait_must_be_a_trait_key(trait: str) -> None:
    """Is a save_as_trait that is not a trait key rejected?"""
    assert "save_as_trait" in question_errors(make_question(save_as_trait=trait))


def test_valid_branching_questionnaire() -> None:
    """Are branches to later questions and to "end" accepted, with generated ids?"""
    content = make_questionnaire(
        make_question(branches=[{"op": "eq", "value": "pm", "goto": "q-3"}]),
        make_question("nps", branches=[{"op": "lte", "value": 6, "goto": "end"}]),
        make_question("rating", branches=[{"op": "in", "value": [1, 2], "goto": "end"}]),
    )
    loaded = load_content("questionnaire", content)
    assert [q["branches"][0]["goto"] for q in loaded["questions"]] == ["q-3", "end", "end"]


def test_text_question_cannot_branch() -> None:
    """Is a branch on a free-text question rejected?"""
    branch = {"op": "eq", "value": "yes", "goto": "end"}
    assert question_errors(make_question("text", branches=[branch])) == {
        "branches": ["Text questions cannot branch."]
    }


@pytest.mark.parametrize("goto", ["q-1", "q-2"])
def test_branch_cannot_go_back(goto: str) -> None:
    """Is a branch to this question or an earlier one (a loop) rejected?"""
    branch = {"op": "eq", "value": 5, "goto": goto}
    content = make_questionnaire(make_question(), make_question("rating", branches=[branch]))
    assert load_errors("questionnaire", content) == {
        "questions": {
            1: {
                "branches": {
                    0: {"goto": ['Must be a later question or "end"; branches cannot go back.']}
                }
            }
        }
    }


def test_branch_to_unknown_question_is_rejected() -> None:
    """Is a branch to a question id that does not exist rejected?"""
    branch = {"op": "eq", "value": "pm", "goto": "pricing"}
    errors = load_errors("questionnaire", make_questionnaire(make_question(branches=[branch])))
    assert errors == {
        "questions": {0: {"branches": {0: {"goto": ['No question has id "pricing".']}}}}
    }


@pytest.mark.parametrize("op", ["gte", "lte"])
def test_ordering_ops_only_on_scales(op: str) -> None:
    """Is gte/lte rejected on a choice question?"""
    branch = {"op": op, "value": "pm", "goto": "end"}
    assert question_errors(make_question(branches=[branch])) == {
        "branches": {0: {"op": ['Only allowed for "rating" or "nps" questions.']}}
    }


def test_branch_goto_must_be_an_id() -> None:
    """Is a goto that is not a question id slug rejected?"""
    branch = {"op": "eq", "value": "pm", "goto": "Question 2"}
    assert list(question_errors(make_question(branches=[branch]))["branches"][0]) == ["goto"]


def test_branch_op_must_be_known() -> None:
    """Is an unknown branch op rejected?"""
    branch = {"op": "contains", "value": "pm", "goto": "end"}
    assert list(question_errors(make_question(branches=[branch]))["branches"][0]) == ["op"]


def test_choice_branch_value_must_be_an_option() -> None:
    """Is a branch value that is not one of the options rejected?"""
    branch = {"op": "eq", "value": "ceo", "goto": "end"}
    assert question_errors(make_question(branches=[branch])) == {
        "branches": {0: {"value": ['Must be one of the option values "dev", "pm".']}}
    }


@pytest.mark.parametrize("value", ["pm", [], ["pm", "ceo"]])
def test_in_branch_needs_a_list_of_options(value: Any) -> None:
    """Is an `in` branch whose value is not a non-empty list of options rejected?"""
    branch = {"op": "in", "value": value, "goto": "end"}
    assert question_errors(make_question("multi", branches=[branch])) == {
        "branches": {
            0: {"value": ['Must be a non-empty list, each one of the option values "dev", "pm".']}
        }
    }


@pytest.mark.parametrize(
    ("question_type", "value", "scale"),
    [
        ("rating", 0, "1 to 5"),
        ("rating", 6, "1 to 5"),
        ("rating", "3", "1 to 5"),
        ("rating", 3.0, "1 to 5"),
        ("nps", 11, "0 to 10"),
        ("nps", True, "0 to 10"),
    ],
)
def test_scale_branch_value_must_be_on_the_scale(
    question_type: str, value: Any, scale: str
) -> None:
    """Is a rating/nps branch value off the scale (or not an integer) rejected?"""
    branch = {"op": "eq", "value": value, "goto": "end"}
    assert question_errors(make_question(question_type, branches=[branch])) == {
        "branches": {0: {"value": [f"Must be an integer from {scale}."]}}
    }


def test_question_has_at_most_20_branches() -> None:
    """Is a question with 21 branches rejected?"""
    branches = [{"op": "eq", "value": "pm", "goto": "end"}] * 21
    assert question_errors(make_question(branches=branches)) == {
        "branches": ["Longer than maximum length 20."]
    }


# --- checklist ---------------------------------------------------------------------------


def test_valid_checklist_is_completed_with_defaults() -> None:
    """Does a checklist of a flow item and a link item load with per-action defaults?"""
    content = load_content(
        "checklist",
        make_checklist(
            make_item(),
            {"title": "Email support", "action": "url", "url": "mailto:help@acme.example"},
        ),
    )
    assert content == {
        "title": "Get set up",
        "description": "",
        "launcher": {"label": "Get started", "position": "bottom-right"},
        "items": [
            {**make_item(), "id": "item-1", "description": "", "done_when": "flow_completed"},
            {
                "id": "item-2",
                "title": "Email support",
                "description": "",
                "action": "url",
                "url": "mailto:help@acme.example",
                "new_tab": True,
                "done_when": "clicked",
            },
        ],
        "dismissible": True,
    }


@pytest.mark.parametrize("title", ["", "  ", "x" * 201])
def test_checklist_title_must_be_1_to_200_characters(title: str) -> None:
    """Is an empty, blank or overlong checklist title rejected?"""
    assert "title" in load_errors("checklist", make_checklist(title=title))


def test_checklist_requires_a_title() -> None:
    """Is a checklist without a title rejected?"""
    assert load_errors("checklist", {"items": [make_item()]}) == {
        "title": ["Missing data for required field."]
    }


@pytest.mark.parametrize("items", [[], [make_item()] * 21])
def test_checklist_has_1_to_20_items(items: list[dict[str, Any]]) -> None:
    """Is a checklist with no items or more than 20 rejected?"""
    assert "items" in load_errors("checklist", {"title": "Setup", "items": items})


@pytest.mark.parametrize(
    ("field", "value"), [("label", ""), ("label", "x" * 41), ("position", "top-right")]
)
def test_launcher_fields_are_checked(field: str, value: str) -> None:
    """Are an empty or overlong launcher label and an unknown position rejected?"""
    errors = load_errors("checklist", make_checklist(launcher={field: value}))
    assert list(errors["launcher"]) == [field]


@pytest.mark.parametrize("title", ["", "  "])
def test_item_title_must_not_be_blank(title: str) -> None:
    """Is an item with an empty or blank title rejected?"""
    assert item_errors(title=title) == {"title": ["Must not be blank."]}


def test_item_action_must_be_start_flow_or_url() -> None:
    """Is an item action other than start_flow or url rejected?"""
    assert item_errors(action="track") == {"action": ["Must be one of: start_flow, url."]}


def test_start_flow_item_requires_a_flow() -> None:
    """Does a start_flow item need a flow key?"""
    errors = load_errors("checklist", make_checklist({"title": "Tour", "action": "start_flow"}))
    assert errors == {"items": {0: {"flow": ['Required when action is "start_flow".']}}}


def test_url_item_requires_a_url() -> None:
    """Does a url item need a URL?"""
    errors = load_errors("checklist", make_checklist({"title": "Docs", "action": "url"}))
    assert errors == {"items": {0: {"url": ['Required when action is "url".']}}}


def test_url_item_rejects_a_flow() -> None:
    """Is a flow key rejected on a url item?"""
    assert item_errors(action="url", url="https://docs.acme.example") == {
        "flow": ['Only allowed when action is "start_flow".']
    }


@pytest.mark.parametrize(("field", "value"), [("url", "https://acme.example"), ("new_tab", True)])
def test_start_flow_item_rejects_url_fields(field: str, value: Any) -> None:
    """Are url and new_tab rejected on a start_flow item?"""
    assert item_errors(**{field: value}) == {field: ['Only allowed when action is "url".']}


def test_item_url_must_be_http_https_or_mailto() -> None:
    """Is a javascript: URL on an item rejected?"""
    errors = load_errors(
        "checklist",
        make_checklist({"title": "Docs", "action": "url", "url": "javascript:alert(1)"}),
    )
    assert errors == {"items": {0: {"url": ["Must be an http, https or mailto URL."]}}}


def test_flow_completed_needs_a_flow() -> None:
    """Is done_when "flow_completed" rejected on a url item?"""
    item = {"title": "Docs", "action": "url", "url": "https://docs.acme.example"}
    errors = load_errors("checklist", make_checklist({**item, "done_when": "flow_completed"}))
    assert errors == {
        "items": {
            0: {"done_when": ['"flow_completed" is only allowed when action is "start_flow".']}
        }
    }


def test_start_flow_item_may_tick_on_click() -> None:
    """Is done_when "clicked" accepted on a start_flow item?"""
    content = load_content("checklist", make_checklist(make_item(done_when="clicked")))
    assert content["items"][0]["done_when"] == "clicked"


def test_done_when_must_be_known() -> None:
    """Is an unknown done_when rejected?"""
    assert "done_when" in item_errors(done_when="viewed")


@pytest.mark.parametrize(
    "advance_on, extra, expected",
    [
        ("next", {}, False),
        ("click", {}, True),
        ("input", {}, True),
        ("event", {"advance_event": "report_created"}, True),
        ("url_change", {}, True),
    ],
)
def test_steps_that_wait_for_the_user_let_them_reach_the_target(advance_on, extra, expected):
    """Only a step moved on by its own buttons shields its target by default."""
    step = {"target": {"selector": "#x"}, "title": "T", "advance_on": advance_on, **extra}
    if advance_on != "next":
        step["buttons"] = []
    loaded = load_content("tour", {"steps": [step]})
    assert loaded["steps"][0]["allow_interaction"] is expected
