"""Deterministic bucketing, checked against values computed independently."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from guidewell.services.assignment import bucket, pick_variant

HALF = [{"key": "a", "weight": 5000}, {"key": "b", "weight": 5000}]


def test_bucket_is_the_first_eight_hex_digits_mod_10000():
    # Reference values computed separately: sha256("exp:u1") starts "ecaf174e" and
    # 0xecaf174e % 10000 == 7742; sha256("onboarding-ab:user-42") starts "6b821b90" → 8848.
    assert bucket("exp", "u1") == 7742
    assert bucket("onboarding-ab", "user-42") == 8848


def test_variant_ranges_follow_the_listed_order():
    """Bucket 7742 falls in b's range [5000, 10000) with a 50/50 split."""
    assert pick_variant("exp", "u1", HALF) == "b"
    assert pick_variant("exp", "u1", [{"key": "a", "weight": 8000}, *HALF[1:]]) == "a"


@given(st.text(min_size=1), st.text(min_size=1))
def test_assignment_is_deterministic(experiment, user):
    assert pick_variant(experiment, user, HALF) == pick_variant(experiment, user, HALF)


def test_weights_split_users_in_proportion():
    variants = [{"key": "a", "weight": 2000}, {"key": "b", "weight": 8000}]
    picks = [pick_variant("exp", f"user-{i}", variants) for i in range(20_000)]
    share = picks.count("a") / len(picks)
    assert 0.185 < share < 0.215


def test_a_zero_weight_variant_gets_nobody():
    variants = [{"key": "a", "weight": 0}, {"key": "b", "weight": 10_000}]
    assert {pick_variant("exp", f"u{i}", variants) for i in range(2000)} == {"b"}
