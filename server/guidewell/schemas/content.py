"""The `content` of a flow, one strict schema per kind (DESIGN §4).

`load_content(kind, data)` is the only way content gets stored: it rejects unknown
fields, fills every default and sanitizes rich text, so a stored draft or published
version is complete, clean JSON the SDK can render without guessing.

Errors keep marshmallow's nested shape, list items keyed by index, e.g.
`{"steps": {2: {"target": ['Required when advance_on is "click".']}}}`; the API
layer renders that as `content.steps[2].target`. Rules that span fields raise on
the schema that owns the field, so the path always names the field to fix.
"""

import re
from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, post_load, validates, validates_schema
from marshmallow.validate import Length, OneOf, Range, Regexp, Validator

from guidewell.schemas.common import StrictBoolean, StrictInteger, StrictSchema
from guidewell.schemas.targeting import PageRuleSchema  # the same rules as flow targeting
from guidewell.services.sanitize import is_blank, sanitize

RICH_TEXT_MAX_CHARS = 10_000
URL_MAX_CHARS = 2000
TITLE_MAX_CHARS = 200

PLACEMENTS = (
    "auto",
    "top",
    "bottom",
    "left",
    "right",
    "top-start",
    "top-end",
    "bottom-start",
    "bottom-end",
    "left-start",
    "left-end",
    "right-start",
    "right-end",
)
BUTTON_ACTIONS = ("next", "back", "close", "start_flow", "url", "track")
# Outside a tour there is no step to move to.
CTA_ACTIONS = ("close", "start_flow", "url", "track")
ADVANCE_ON = ("next", "click", "input", "event", "url_change")
# A step that waits for the user to act on its target must have a target to act on.
TARGET_ADVANCES = ("click", "input")
FORWARD_ACTIONS = ("next", "close")
CHOICE_TYPES = ("single", "multi")
SCALE_TYPES = ("rating", "nps")
QUESTION_TYPES = (*CHOICE_TYPES, "text", *SCALE_TYPES)
SCALES = {"rating": range(1, 6), "nps": range(0, 11)}
SCALE_LABELS = {"rating": ("", ""), "nps": ("Not likely", "Very likely")}
ANNOUNCEMENT_POSITIONS = {
    "banner": ("top", "bottom"),
    "slideout": ("bottom-right", "bottom-left", "top-right", "top-left"),
}
BRANCH_END = "end"

SLUG = Regexp(
    r"[a-z0-9][a-z0-9_-]{0,63}\Z",
    error='Must be 1-64 lowercase letters, digits, "-" or "_", starting with a letter or digit.',
)
EVENT_NAME = Regexp(
    r"[A-Za-z0-9_.:\- ]{1,100}\Z",
    error='Must be 1-100 letters, digits, spaces or "_", ".", ":", "-".',
)
TRAIT_KEY = Regexp(
    r"[A-Za-z_][A-Za-z0-9_.]{0,63}\Z",
    error='Must be 1-64 letters, digits, "_" or ".", starting with a letter or "_".',
)
FINGERPRINT_ATTR_NAME = Regexp(
    r"(data-[a-z0-9][a-z0-9_.:-]{0,63}|aria-label|name|role|title|type|placeholder|href|alt)\Z",
    error="Must be a data-* attribute or one of aria-label, name, role, title, type, "
    "placeholder, href, alt.",
)

_WHITESPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


class AbsoluteUrl(Validator):
    """An absolute URL with one of `schemes`; no whitespace or control characters,
    which browsers strip and attackers use to disguise `javascript:`."""

    def __init__(self, schemes: Collection[str], error: str) -> None:
        self.schemes = frozenset(schemes)
        self.error = error

    def __call__(self, value: str) -> str:
        if not self.is_valid(value):
            raise ValidationError(self.error)
        return value

    def is_valid(self, value: str) -> bool:
        if _WHITESPACE_OR_CONTROL.search(value):
            return False
        try:
            parts = urlsplit(value)
        except ValueError:  # e.g. an unclosed IPv6 bracket
            return False
        scheme = parts.scheme.lower()
        if scheme not in self.schemes:
            return False
        return bool(parts.path if scheme == "mailto" else parts.netloc)


LINK_URL = AbsoluteUrl({"http", "https", "mailto"}, "Must be an http, https or mailto URL.")
IMAGE_URL = AbsoluteUrl({"https"}, "Must be an https URL.")
WEB_URL = AbsoluteUrl({"http", "https"}, "Must be an http or https URL.")


def _web_url_or_path(value: str) -> str:
    """Where a multi-page tour sends the user: a full URL, or a path on the host app
    (the same tour then works on staging and production hosts)."""
    # "//host" is a scheme-relative URL, not a path.
    is_path = (
        value.startswith("/")
        and not value.startswith("//")
        and not _WHITESPACE_OR_CONTROL.search(value)
    )
    if not (is_path or WEB_URL.is_valid(value)):
        raise ValidationError('Must be an http or https URL, or a path starting with "/".')
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValidationError("Must not be blank.")
    return value


class RichText(fields.String):
    """Editor HTML: bounded before cleaning (cleaning can only shrink it), stored sanitized."""

    default_error_messages = {"too_long": f"Must be at most {RICH_TEXT_MAX_CHARS:,} characters."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", "")
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        html = super()._deserialize(value, attr, data, **kwargs)
        if len(html) > RICH_TEXT_MAX_CHARS:
            raise self.make_error("too_long")
        return sanitize(html)


class ItemList(fields.List):
    """Steps, hotspots, questions or checklist items: each has a slug `id`, unique in
    the list and generated from its position when the author left it out."""

    def __init__(self, schema: type[Schema], *, id_prefix: str, **kwargs: Any) -> None:
        super().__init__(fields.Nested(schema), **kwargs)
        self.id_prefix = id_prefix

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> list[dict[str, Any]]:
        items = super()._deserialize(value, attr, data, **kwargs)
        _reject_duplicate_ids(items)
        return _with_ids(items, self.id_prefix)


def _reject_duplicate_ids(items: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    errors: dict[int, dict[str, list[str]]] = {}
    for index, item in enumerate(items):
        item_id = item.get("id")
        if item_id in seen:
            errors[index] = {"id": [f'Duplicate id "{item_id}"; ids must be unique.']}
        elif item_id is not None:
            seen.add(item_id)
    if errors:
        raise ValidationError(errors)


def _with_ids(items: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    # Generated once, on the first save: stored content keeps them, so events and
    # funnels that name a step stay attached to it when steps are later reordered.
    taken = {item["id"] for item in items if "id" in item}
    result = []
    for position, item in enumerate(items, start=1):
        if "id" not in item:
            item_id, suffix = f"{prefix}-{position}", 2
            while item_id in taken:
                item_id, suffix = f"{prefix}-{position}-{suffix}", suffix + 1
            taken.add(item_id)
            item = {"id": item_id, **item}
        result.append(item)
    return result


def _quoted(values: Collection[str]) -> str:
    return " or ".join(f'"{value}"' for value in values)


def _dependent_field_errors(
    data: Mapping[str, Any],
    on: str,
    *,
    required: Mapping[str, Collection[str]] | None = None,
    allowed: Mapping[str, Collection[str]] | None = None,
) -> dict[str, list[str]]:
    """Errors for fields that only make sense for some values of the field `on`:
    each `required` field must be given exactly for its values, each `allowed` field
    may be given only for its values."""
    required = required or {}
    errors = {}
    for name, values in {**(allowed or {}), **required}.items():
        applies = data[on] in values
        if name in data and not applies:
            errors[name] = [f"Only allowed when {on} is {_quoted(values)}."]
        elif name not in data and applies and name in required:
            errors[name] = [f"Required when {on} is {_quoted([data[on]])}."]
    return errors


def _has_text(title: str, body_html: str) -> bool:
    return bool(title.strip()) or not is_blank(body_html)


def _title() -> fields.String:
    return fields.String(load_default="", validate=Length(max=TITLE_MAX_CHARS))


def _label(max_chars: int, **kwargs: Any) -> fields.String:
    """A short plain-text label that must say something."""
    return fields.String(validate=[Length(max=max_chars), _not_blank], **kwargs)


def _link_url(**kwargs: Any) -> fields.String:
    return fields.String(validate=[Length(max=URL_MAX_CHARS), LINK_URL], **kwargs)


def _placement() -> fields.String:
    return fields.String(load_default="auto", validate=OneOf(PLACEMENTS))


def _dismissible() -> StrictBoolean:
    return StrictBoolean(load_default=True)


class FingerprintSchema(StrictSchema):
    """Signals captured when the element was picked, for the SDK's fallback match."""

    tag = fields.String(required=True, validate=Length(1, 32))
    id = fields.String(load_default=None, allow_none=True, validate=Length(max=200))
    attrs = fields.Dict(
        keys=fields.String(validate=FINGERPRINT_ATTR_NAME),
        values=fields.String(validate=Length(max=200)),
        load_default=dict,
        validate=Length(max=10),
    )
    text = fields.String(load_default=None, allow_none=True, validate=Length(max=200))
    nth = StrictInteger(load_default=None, allow_none=True, validate=Range(min=0))
    path = fields.String(load_default=None, allow_none=True, validate=Length(max=1000))


class TargetSchema(StrictSchema):
    selector = fields.String(required=True, validate=[Length(1, 1000), _not_blank])
    fingerprint = fields.Nested(FingerprintSchema, load_default=None, allow_none=True)


class ButtonSchema(StrictSchema):
    label = _label(80, required=True)
    action = fields.String(required=True, validate=OneOf(BUTTON_ACTIONS))
    style = fields.String(load_default="primary", validate=OneOf(("primary", "secondary", "link")))
    flow = fields.String(validate=SLUG)
    url = _link_url()
    new_tab = StrictBoolean()
    event = fields.String(validate=EVENT_NAME)

    @validates_schema
    def check_action_fields(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors = _dependent_field_errors(
            data,
            "action",
            required={"flow": ("start_flow",), "url": ("url",), "event": ("track",)},
            allowed={"new_tab": ("url",)},
        )
        if errors:
            raise ValidationError(errors)

    @post_load
    def fill_new_tab(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if data["action"] == "url":
            data.setdefault("new_tab", True)
        return data


class CtaButtonSchema(ButtonSchema):
    """A button outside a tour: hotspot call to action, announcement buttons."""

    action = fields.String(required=True, validate=OneOf(CTA_ACTIONS))


class StepSchema(StrictSchema):
    id = fields.String(validate=SLUG)
    target = fields.Nested(TargetSchema, load_default=None, allow_none=True)
    placement = _placement()
    title = _title()
    body = RichText()
    # No default here: it depends on whether the step is the last (TourContentSchema).
    buttons = fields.List(fields.Nested(ButtonSchema), validate=Length(max=4))
    advance_on = fields.String(load_default="next", validate=OneOf(ADVANCE_ON))
    advance_event = fields.String(validate=EVENT_NAME)
    page = fields.Nested(PageRuleSchema, load_default=None, allow_none=True)
    navigate_url = fields.String(
        load_default=None, allow_none=True, validate=[Length(max=URL_MAX_CHARS), _web_url_or_path]
    )
    spotlight = StrictBoolean(load_default=True)
    # Defaults to whether the step waits for a click or input on its target.
    allow_interaction = StrictBoolean()
    on_missing = fields.String(load_default="skip", validate=OneOf(("skip", "end")))
    wait_ms = StrictInteger(load_default=5000, validate=Range(0, 30_000))

    @validates_schema
    def check_step(self, data: dict[str, Any], **kwargs: Any) -> None:
        advance_on = data["advance_on"]
        errors = _dependent_field_errors(data, "advance_on", required={"advance_event": ("event",)})
        if advance_on in TARGET_ADVANCES:
            if data["target"] is None:
                errors["target"] = [f"Required when advance_on is {_quoted([advance_on])}."]
            if data.get("allow_interaction") is False:
                errors["allow_interaction"] = [
                    f"Must be true when advance_on is {_quoted([advance_on])}."
                ]
        buttons = data.get("buttons")  # None: the defaults, which always move on
        if advance_on == "next" and buttons is not None and not _moves_forward(buttons):
            errors["buttons"] = [
                f'With advance_on "next", add a button whose action is {_quoted(FORWARD_ACTIONS)}.'
            ]
        if not _has_text(data["title"], data["body"]):
            errors["title"] = ["A step needs a title or body text."]
        if errors:
            raise ValidationError(errors)

    @post_load
    def fill_allow_interaction(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        # Any step that waits for the user to do something must let them reach the target;
        # only a step moved on by its own buttons shields it by default.
        data.setdefault("allow_interaction", data["advance_on"] != "next")
        return data


def _moves_forward(buttons: list[dict[str, Any]]) -> bool:
    return any(button["action"] in FORWARD_ACTIONS for button in buttons)


def _default_step_buttons(step: Mapping[str, Any], *, is_last: bool) -> list[dict[str, str]]:
    """A step that moves on by itself (click, input, event, URL) needs no button;
    any other step gets Next, or Done on the last step."""
    if step["advance_on"] != "next":
        return []
    label = "Done" if is_last else "Next"
    return [{"label": label, "action": "next", "style": "primary"}]


class TourContentSchema(StrictSchema):
    steps = ItemList(StepSchema, id_prefix="step", required=True, validate=Length(1, 50))
    show_progress = StrictBoolean(load_default=True)
    dismissible = _dismissible()

    @post_load
    def fill_buttons(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        last = len(data["steps"]) - 1
        for index, step in enumerate(data["steps"]):
            step.setdefault("buttons", _default_step_buttons(step, is_last=index == last))
        return data


class HotspotSchema(StrictSchema):
    id = fields.String(validate=SLUG)
    target = fields.Nested(TargetSchema, required=True)
    title = _title()
    body = RichText()
    placement = _placement()
    beacon_position = fields.String(
        load_default="top-right",
        validate=OneOf(("top-left", "top-right", "bottom-left", "bottom-right", "center")),
    )
    cta = fields.Nested(CtaButtonSchema, load_default=None, allow_none=True)

    @validates_schema
    def check_text(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not _has_text(data["title"], data["body"]):
            raise ValidationError({"title": ["A hotspot needs a title or body text."]})


class HotspotContentSchema(StrictSchema):
    hotspots = ItemList(HotspotSchema, id_prefix="hotspot", required=True, validate=Length(1, 20))


class ImageSchema(StrictSchema):
    src = fields.String(required=True, validate=[Length(max=URL_MAX_CHARS), IMAGE_URL])
    # Required so that authors decide; "" marks a decorative image for screen readers.
    alt = fields.String(required=True, validate=Length(max=300))


class AnnouncementContentSchema(StrictSchema):
    format = fields.String(required=True, validate=OneOf(("modal", "banner", "slideout")))
    # Which values apply depends on the format (ANNOUNCEMENT_POSITIONS).
    position = fields.String()
    title = _title()
    body = RichText()
    image = fields.Nested(ImageSchema, load_default=None, allow_none=True)
    buttons = fields.List(fields.Nested(CtaButtonSchema), load_default=list, validate=Length(max=3))
    dismissible = _dismissible()

    @validates_schema
    def check_announcement(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors = {}
        positions = ANNOUNCEMENT_POSITIONS.get(data["format"])
        if "position" in data:
            if positions is None:
                formats = _quoted(ANNOUNCEMENT_POSITIONS)
                errors["position"] = [f"Only allowed when format is {formats}."]
            elif data["position"] not in positions:
                errors["position"] = [f"Must be one of: {', '.join(positions)}."]
        if not _has_text(data["title"], data["body"]):
            errors["title"] = ["An announcement needs a title or body text."]
        # A modal covers the host app: without a close control or a button it is a trap.
        if data["format"] == "modal" and not data["dismissible"] and not data["buttons"]:
            errors["buttons"] = ["A modal that is not dismissible needs at least one button."]
        if errors:
            raise ValidationError(errors)

    @post_load
    def fill_position(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        positions = ANNOUNCEMENT_POSITIONS.get(data["format"])
        if positions:
            data.setdefault("position", positions[0])
        return data


class OptionSchema(StrictSchema):
    value = fields.String(required=True, validate=[Length(max=100), _not_blank])
    label = _label(200, required=True)


class BranchSchema(StrictSchema):
    """`if answer <op> value: go to question <goto>`; the first matching branch wins,
    and with none the next question follows. On a multi question eq/neq ask whether
    the option is among those chosen, `in` whether any of the listed ones is."""

    op = fields.String(required=True, validate=OneOf(("eq", "neq", "in", "gte", "lte")))
    value = fields.Raw(required=True)
    goto = fields.String(required=True, validate=SLUG)


def _answers(question: Mapping[str, Any]) -> list[str] | range:
    if question["type"] in CHOICE_TYPES:
        return [option["value"] for option in question["options"]]
    return SCALES[question["type"]]


def _is_answer(value: Any, answers: list[str] | range) -> bool:
    # By type as well: `True in range(2)` and `1.0 in range(2)` both hold in Python.
    expected = int if isinstance(answers, range) else str
    return type(value) is expected and value in answers


def _describe_answer(answers: list[str] | range) -> str:
    if isinstance(answers, range):
        return f"an integer from {answers.start} to {answers[-1]}"
    return f"one of the option values {', '.join(_quoted([a]) for a in answers)}"


def _branch_errors(question: Mapping[str, Any]) -> dict[int, dict[str, list[str]]]:
    answers = _answers(question)
    errors: dict[int, dict[str, list[str]]] = {}
    for index, branch in enumerate(question["branches"]):
        op, value = branch["op"], branch["value"]
        if op in ("gte", "lte") and question["type"] not in SCALE_TYPES:
            errors[index] = {"op": [f"Only allowed for {_quoted(SCALE_TYPES)} questions."]}
        elif op == "in":
            if not (
                isinstance(value, list) and value and all(_is_answer(v, answers) for v in value)
            ):
                errors[index] = {
                    "value": [f"Must be a non-empty list, each {_describe_answer(answers)}."]
                }
        elif not _is_answer(value, answers):
            errors[index] = {"value": [f"Must be {_describe_answer(answers)}."]}
    return errors


class QuestionSchema(StrictSchema):
    id = fields.String(validate=SLUG)
    type = fields.String(required=True, validate=OneOf(QUESTION_TYPES))
    prompt = _label(300, required=True)
    description = RichText()
    required = StrictBoolean(load_default=False)
    options = fields.List(fields.Nested(OptionSchema), validate=Length(2, 20))
    placeholder = fields.String(validate=Length(max=200))
    max_length = StrictInteger(validate=Range(1, 5000))
    low_label = fields.String(validate=Length(max=60))
    high_label = fields.String(validate=Length(max=60))
    branches = fields.List(fields.Nested(BranchSchema), load_default=list, validate=Length(max=20))
    save_as_trait = fields.String(load_default=None, allow_none=True, validate=TRAIT_KEY)

    @validates("id")
    def check_id(self, value: str, **kwargs: Any) -> None:
        if value == BRANCH_END:
            raise ValidationError(f'"{BRANCH_END}" is reserved for branches that end.')

    @validates_schema
    def check_type_fields(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, Any] = _dependent_field_errors(
            data,
            "type",
            required={"options": CHOICE_TYPES},
            allowed={
                "placeholder": ("text",),
                "max_length": ("text",),
                "low_label": SCALE_TYPES,
                "high_label": SCALE_TYPES,
            },
        )
        if "options" in data and "options" not in errors:
            errors.update(_duplicate_option_errors(data["options"]))
        if errors:
            raise ValidationError(errors)
        if data["type"] == "text":
            # Free text has no values to compare against.
            if data["branches"]:
                raise ValidationError({"branches": ["Text questions cannot branch."]})
        elif branch_errors := _branch_errors(data):
            raise ValidationError({"branches": branch_errors})

    @post_load
    def fill_type_defaults(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if data["type"] == "text":
            data.setdefault("placeholder", "")
            data.setdefault("max_length", 1000)
        elif data["type"] in SCALE_TYPES:
            low, high = SCALE_LABELS[data["type"]]
            data.setdefault("low_label", low)
            data.setdefault("high_label", high)
        return data


def _duplicate_option_errors(options: list[dict[str, str]]) -> dict[str, Any]:
    seen: set[str] = set()
    errors = {}
    for index, option in enumerate(options):
        if option["value"] in seen:
            errors[index] = {"value": [f'Duplicate option value "{option["value"]}".']}
        seen.add(option["value"])
    return {"options": errors} if errors else {}


class QuestionnaireContentSchema(StrictSchema):
    format = fields.String(load_default="modal", validate=OneOf(("modal", "slideout")))
    title = _title()
    intro = RichText()
    questions = ItemList(QuestionSchema, id_prefix="q", required=True, validate=Length(1, 20))
    submit_label = _label(40, load_default="Submit")
    thank_you = RichText(load_default="Thank you!")
    dismissible = _dismissible()

    @validates_schema
    def check_branch_targets(self, data: dict[str, Any], **kwargs: Any) -> None:
        ids = [question["id"] for question in data["questions"]]
        errors = {}
        for position, question in enumerate(data["questions"]):
            branch_errors = {
                index: {"goto": [message]}
                for index, branch in enumerate(question["branches"])
                if (message := _goto_error(branch["goto"], ids, position))
            }
            if branch_errors:
                errors[position] = {"branches": branch_errors}
        if errors:
            raise ValidationError({"questions": errors})


def _goto_error(goto: str, ids: list[str], position: int) -> str | None:
    # Only forward jumps: the questionnaire always ends, whatever the answers.
    if goto == BRANCH_END or goto in ids[position + 1 :]:
        return None
    if goto in ids:
        return f'Must be a later question or "{BRANCH_END}"; branches cannot go back.'
    return f'No question has id "{goto}".'


class LauncherSchema(StrictSchema):
    label = _label(40, load_default="Get started")
    position = fields.String(
        load_default="bottom-right", validate=OneOf(("bottom-right", "bottom-left"))
    )


class ChecklistItemSchema(StrictSchema):
    id = fields.String(validate=SLUG)
    title = _label(TITLE_MAX_CHARS, required=True)
    description = RichText()
    action = fields.String(required=True, validate=OneOf(("start_flow", "url")))
    flow = fields.String(validate=SLUG)
    url = _link_url()
    new_tab = StrictBoolean()
    # Defaults to flow_completed for start_flow and clicked for url.
    done_when = fields.String(validate=OneOf(("flow_completed", "clicked")))

    @validates_schema
    def check_action_fields(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors = _dependent_field_errors(
            data,
            "action",
            required={"flow": ("start_flow",), "url": ("url",)},
            allowed={"new_tab": ("url",)},
        )
        if data.get("done_when") == "flow_completed" and data["action"] != "start_flow":
            errors["done_when"] = ['"flow_completed" is only allowed when action is "start_flow".']
        if errors:
            raise ValidationError(errors)

    @post_load
    def fill_action_defaults(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if data["action"] == "url":
            data.setdefault("new_tab", True)
            data.setdefault("done_when", "clicked")
        else:
            data.setdefault("done_when", "flow_completed")
        return data


class ChecklistContentSchema(StrictSchema):
    title = _label(TITLE_MAX_CHARS, required=True)
    description = RichText()
    launcher = fields.Nested(LauncherSchema, load_default=lambda: LauncherSchema().load({}))
    items = ItemList(ChecklistItemSchema, id_prefix="item", required=True, validate=Length(1, 20))
    dismissible = _dismissible()


CONTENT_SCHEMAS: Mapping[str, type[StrictSchema]] = {
    "tour": TourContentSchema,
    "hotspot": HotspotContentSchema,
    "announcement": AnnouncementContentSchema,
    "questionnaire": QuestionnaireContentSchema,
    "checklist": ChecklistContentSchema,
}
KINDS = tuple(CONTENT_SCHEMAS)


def load_content(kind: str, data: Any) -> dict[str, Any]:
    """Validate, sanitize and complete the content of a flow of `kind`.

    Raises ValidationError with nested messages; an unknown kind is reported on "kind".
    """
    schema_class = CONTENT_SCHEMAS.get(kind)
    if schema_class is None:
        raise ValidationError({"kind": [f"Must be one of: {', '.join(KINDS)}."]})
    return schema_class().load(data)
