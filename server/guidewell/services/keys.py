"""Stable, readable keys (slugs) for flows, segments and experiments."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

MAX_KEY = 64


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_KEY].strip("-") or "item"


def unique_key(text: str, taken: Callable[[str], bool]) -> str:
    """`onboarding-tour`, then `onboarding-tour-2`, `-3`… until one is free."""
    base = slugify(text)
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        suffix = f"-{n}"
        candidate = base[: MAX_KEY - len(suffix)] + suffix
    return candidate
