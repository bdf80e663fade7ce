"""Rich text for guides: the small HTML subset of DESIGN §4, cleaned with nh3 (ammonia).

Content is sanitized when it is saved, so everything stored and served to the SDK is
already clean; the SDK still never inserts HTML that did not come through here.
"""

from html import unescape
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset({"p", "strong", "em", "a", "ul", "ol", "li", "br", "code", "img"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})
LINK_REL = "noopener noreferrer"

# Tags whose text would be junk (or live code) if kept; every other tag is unwrapped.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "svg", "math"}
)

_MAX_IMAGE_DIMENSION_DIGITS = 4


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Markup inside attribute values is the raw material of mutation XSS (which is why
    # the HTML spec now escapes it when serializing); no link, image or title needs it.
    if "<" in value or ">" in value:
        return None
    # ammonia has already checked every URL against LINK_SCHEMES; an image must not
    # point at mailto:, and sizes must be plain pixel numbers.
    if tag == "img" and attribute == "src":
        return value if urlsplit(value).scheme.lower() in IMAGE_SCHEMES else None
    if tag == "img" and attribute in ("width", "height"):
        is_pixels = value.isascii() and value.isdigit()
        return value if is_pixels and len(value) <= _MAX_IMAGE_DIMENSION_DIGITS else None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    # "*": set() drops ammonia's default lang/title on every tag. <a target> is not
    # listed here so that tag_attribute_values can pin it to "_blank".
    attributes={"*": set(), "a": {"href", "title"}, "img": {"src", "alt", "width", "height"}},
    tag_attribute_values={"a": {"target": {"_blank"}}},
    attribute_filter=_filter_attribute,
    url_schemes=set(LINK_SCHEMES),
    # A relative URL would resolve against whichever host page shows the guide.
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)
_text_only = nh3.Cleaner(tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))


def sanitize(html: str) -> str:
    """Return `html` reduced to the allowed tags, attributes and URL schemes."""
    return _cleaner.clean(html)


def is_blank(clean_html: str) -> bool:
    """Whether sanitized rich text shows nothing: no visible text and no image."""
    # Safe as a substring test only on sanitized input, where a literal "<" in text
    # is always escaped and so "<img" can only be the tag.
    if "<img" in clean_html:
        return False
    return not unescape(_text_only.clean(clean_html)).strip()
