"""Themes: the schema for project and flow themes, and how the layers merge."""

from typing import Any

import pytest
from marshmallow import ValidationError

from guidewell.schemas.theme import DEFAULT_THEME, ThemeSchema, merge_theme

FULL_THEME = {
    "primary_color": "#0ea5e9",
    "background_color": "#000",
    "text_color": "#F9FAFB",
    "font_family": "Inter, 'Noto Sans JP', \"Helvetica Neue\", sans-serif",
    "border_radius": 0,
    "font_size": 20,
    "width": 640,
    "mode": "dark",
    "z_index_base": 1000,
    "placement": "bottom-start",
}


def theme_errors(theme: dict[str, Any]) -> dict[str, Any]:
    with pytest.raises(ValidationError) as info:
        ThemeSchema().load(theme)
    return info.value.messages


def test_empty_theme_is_valid() -> None:
    """Is an empty theme valid, since every field falls back to the next layer?"""
    assert ThemeSchema().load({}) == {}


def test_full_theme_is_loaded_as_given() -> None:
    """Is a theme with every field set loaded unchanged?"""
    assert ThemeSchema().load(FULL_THEME) == FULL_THEME


def test_defaults_are_a_valid_theme() -> None:
    """Do the built-in defaults pass the theme schema themselves?"""
    assert ThemeSchema().load(dict(DEFAULT_THEME)) == DEFAULT_THEME


def test_unknown_field_is_rejected() -> None:
    """Is a field the theme does not have rejected?"""
    assert theme_errors({"shadow": "large"}) == {"shadow": ["Unknown field."]}


@pytest.mark.parametrize("color", ["red", "#12", "#1234", "#gggggg", "4f46e5", "#4f46e5\n"])
def test_colors_must_be_hex(color: str) -> None:
    """Is a color that is not #rgb or #rrggbb rejected?"""
    assert theme_errors({"primary_color": color}) == {
        "primary_color": ['Must be a hex color: "#rgb" or "#rrggbb".']
    }


@pytest.mark.parametrize(
    "font",
    [
        "Inter; background: url(https://evil.example)",
        "Inter} body { display: none",
        "Inter\\3b color: red",
        "var(--host-font)",
        "</style><script>",
        "Inter/*",
        "Inter\nArial",
    ],
)
def test_font_family_cannot_inject_css(font: str) -> None:
    """Is a font family that could escape its CSS declaration rejected?"""
    assert theme_errors({"font_family": font}) == {
        "font_family": ["Must contain only letters, digits, spaces, commas, quotes and hyphens."]
    }


@pytest.mark.parametrize("font", ["", "a" * 201])
def test_font_family_must_be_1_to_200_characters(font: str) -> None:
    """Is an empty or overlong font family rejected?"""
    assert "font_family" in theme_errors({"font_family": font})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("border_radius", -1),
        ("border_radius", 33),
        ("font_size", 11),
        ("font_size", 21),
        ("width", 239),
        ("width", 641),
        ("z_index_base", 0),
        ("z_index_base", 2_147_480_001),
    ],
)
def test_sizes_are_bounded(field: str, value: int) -> None:
    """Is a pixel size or z-index outside its range rejected?"""
    assert list(theme_errors({field: value})) == [field]


@pytest.mark.parametrize("value", ["8", 8.5, True])
def test_sizes_must_be_integers(value: Any) -> None:
    """Are "8", 8.5 and true rejected as a border radius?"""
    assert theme_errors({"border_radius": value}) == {"border_radius": ["Not a valid integer."]}


@pytest.mark.parametrize(("field", "value"), [("mode", "sepia"), ("placement", "center")])
def test_choices_must_be_known(field: str, value: str) -> None:
    """Are an unknown mode and placement rejected?"""
    assert list(theme_errors({field: value})) == [field]


def test_merge_without_themes_gives_defaults() -> None:
    """With no project or flow theme, is the effective theme the built-in one?"""
    assert merge_theme(None, None) == DEFAULT_THEME


def test_merge_layers_flow_over_project_over_defaults() -> None:
    """Does the flow win over the project, and the project over the defaults?"""
    project = {"primary_color": "#111111", "width": 400}
    flow = {"primary_color": "#222222"}
    assert merge_theme(project, flow) == {
        **DEFAULT_THEME,
        "primary_color": "#222222",
        "width": 400,
    }


def test_merge_ignores_unknown_keys() -> None:
    """Are keys the theme does not know left out of the effective theme?"""
    assert merge_theme({"retired_option": 1}, {}) == DEFAULT_THEME


def test_merge_does_not_change_the_defaults() -> None:
    """Does merging leave the built-in defaults untouched for the next call?"""
    merge_theme({"mode": "dark"}, None)["width"] = 999
    assert (DEFAULT_THEME["mode"], DEFAULT_THEME["width"]) == ("light", 320)


def test_default_z_index_leaves_headroom() -> None:
    """Does the default z-index leave 10,000 values for the SDK's layers under 2**31 - 1?"""
    assert 2**31 - 1 - DEFAULT_THEME["z_index_base"] >= 10_000
