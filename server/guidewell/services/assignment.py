"""Deterministic, sticky experiment assignment (DESIGN §6)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

BASIS_POINTS = 10_000


def bucket(experiment_key: str, user_key: str) -> int:
    """First 8 hex digits of sha256("{experiment key}:{user id}") mod 10000."""
    digest = hashlib.sha256(f"{experiment_key}:{user_key}".encode()).hexdigest()
    return int(digest[:8], 16) % BASIS_POINTS


def pick_variant(experiment_key: str, user_key: str, variants: Sequence[dict[str, Any]]) -> str:
    """The variant whose cumulative weight range holds the user's bucket."""
    point = bucket(experiment_key, user_key)
    upper = 0
    for variant in variants:
        upper += variant["weight"]
        if point < upper:
            return variant["key"]
    return variants[-1]["key"]  # weights sum to 10000, so only reached by rounding misuse
