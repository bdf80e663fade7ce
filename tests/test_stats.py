"""Experiment statistics against reference values computed independently."""

from __future__ import annotations

import math

import pytest

from guidewell.services.stats import chi2_sf, compare, normal_sf, nps, sample_ratio_mismatch


@pytest.mark.parametrize(
    "statistic, df, expected",
    [
        # Critical values from standard chi-square tables.
        (3.841458820694124, 1, 0.05),
        (5.991464547107979, 2, 0.05),
        (7.814727903251178, 3, 0.05),
        (16.26623619623813, 3, 0.001),
        (0.454936423119572, 1, 0.5),
        (18.307038053275146, 10, 0.05),
        (1.0, 4, 0.9097959895689501),  # 1 - P(2, 0.5) = e^-0.5 (1 + 0.5)
    ],
)
def test_chi_square_survival_matches_tables(statistic, df, expected):
    assert chi2_sf(statistic, df) == pytest.approx(expected, rel=1e-6)


def test_normal_tail():
    assert normal_sf(1.959963984540054) == pytest.approx(0.025, rel=1e-9)
    assert normal_sf(0) == 0.5


def test_two_proportion_z_test_textbook_example():
    """Control 200/1000 vs variant 250/1000.

    Pooled p = 0.225, SE = sqrt(0.225·0.775·(2/1000)) = 0.018675; z = 0.05/0.018675 = 2.6774;
    two-sided p = 0.00742. Unpooled SE = sqrt(0.2·0.8/1000 + 0.25·0.75/1000) = 0.018641, so
    the 95% interval of the difference is 0.05 ± 1.95996·0.018641 = [0.013465, 0.086535].
    """
    result = compare((200, 1000), (250, 1000))
    assert result.absolute_lift == pytest.approx(0.05)
    assert result.z == pytest.approx(2.677398, rel=1e-5)
    assert result.p_value == pytest.approx(0.0074203, rel=1e-3)
    assert result.absolute_ci[0] == pytest.approx(0.013465, abs=1e-5)
    assert result.absolute_ci[1] == pytest.approx(0.086535, abs=1e-5)
    assert result.relative_lift == pytest.approx(0.25)
    assert result.relative_ci[0] == pytest.approx(0.013465 / 0.2, abs=1e-4)


def test_no_difference_gives_p_of_one():
    result = compare((50, 500), (50, 500))
    assert result.absolute_lift == 0 and result.p_value == pytest.approx(1.0)


def test_empty_arms_give_no_comparison():
    assert compare((0, 0), (5, 10)) is None


def test_zero_control_rate_has_no_relative_lift():
    result = compare((0, 100), (5, 100))
    assert result.relative_lift is None and result.p_value < 0.05


def test_sample_ratio_mismatch_flags_a_skewed_split():
    """5000/5000 planned, 5200 vs 4800 seen: chi2 = (200²/5000)·2 = 16, p = 6.33e-5."""
    statistic, p = sample_ratio_mismatch([5200, 4800], [5000, 5000])
    assert statistic == pytest.approx(16.0)
    assert p == pytest.approx(math.erfc(math.sqrt(8)), rel=1e-6)


def test_sample_ratio_respects_weights_and_ignores_zero_weight_arms():
    statistic, p = sample_ratio_mismatch([2000, 8000, 0], [2000, 8000, 0])
    assert statistic == 0 and p == 1.0


def test_nps_counts_promoters_passives_and_detractors():
    # 5 promoters, 3 passives, 2 detractors out of 10: 50% - 20% = 30.
    result = nps({10: 3, 9: 2, 8: 2, 7: 1, 3: 1, 0: 1})
    assert result == {
        "score": 30.0,
        "promoters": 5,
        "passives": 3,
        "detractors": 2,
        "responses": 10,
    }
    assert nps({})["score"] is None
