"""Themes: the project default and a flow's override, both partial, over built-in defaults.

The SDK puts these values into CSS, so every string is held to a shape that cannot end
its declaration or open a new one.
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from marshmallow import fields
from marshmallow.validate import Length, OneOf, Range, Regexp

from guidewell.schemas.common import StrictInteger, StrictSchema
from guidewell.schemas.content import PLACEMENTS

# Browsers clamp z-index to 2**31 - 1; the SDK stacks its layers (overlay, spotlight,
# tooltip, beacons) above the base, so the base must leave a few thousand values free.
Z_INDEX_MAX_BASE = 2_147_480_000

DEFAULT_THEME: Mapping[str, Any] = MappingProxyType(
    {
        "primary_color": "#4f46e5",
        "background_color": "#ffffff",
        "text_color": "#111827",
        "font_family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
        "border_radius": 8,
        "font_size": 15,
        "width": 320,
        "mode": "light",
        # Above host sticky headers, dialogs and most third-party widgets, leaving
        # 13,647 values below 2**31 - 1 for the SDK's own layers.
        "z_index_base": 2_147_470_000,
        "placement": "auto",
    }
)

HEX_COLOR = Regexp(r"#(?:[0-9a-fA-F]{3}){1,2}\Z", error='Must be a hex color: "#rgb" or "#rrggbb".')
# Letters (any script, for font names such as "Noto Sans JP"), digits, spaces, commas,
# quotes and hyphens: nothing that could escape into other CSS (; { } ( ) : / \ < >).
FONT_FAMILY = Regexp(
    r"(?:[^\W_]|[ ,'\"-])+\Z",
    error="Must contain only letters, digits, spaces, commas, quotes and hyphens.",
)


class ThemeSchema(StrictSchema):
    """Every field optional: a missing one falls through to the next layer."""

    primary_color = fields.String(validate=HEX_COLOR)
    background_color = fields.String(validate=HEX_COLOR)
    text_color = fields.String(validate=HEX_COLOR)
    font_family = fields.String(validate=[Length(1, 200), FONT_FAMILY])
    border_radius = StrictInteger(validate=Range(0, 32))
    font_size = StrictInteger(validate=Range(12, 20))
    width = StrictInteger(validate=Range(240, 640))
    mode = fields.String(validate=OneOf(("light", "dark", "auto")))
    z_index_base = StrictInteger(validate=Range(1, Z_INDEX_MAX_BASE))
    placement = fields.String(validate=OneOf(PLACEMENTS))


def merge_theme(
    project_theme: Mapping[str, Any] | None, flow_theme: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The effective theme of a flow: built-in defaults < project < flow.

    Both inputs are themes loaded by ThemeSchema; keys it does not know (say, from a
    field since retired) are ignored, so the result always has exactly the default keys.
    """
    effective = dict(DEFAULT_THEME)
    for layer in (project_theme or {}, flow_theme or {}):
        effective.update((key, value) for key, value in layer.items() if key in DEFAULT_THEME)
    return effective
