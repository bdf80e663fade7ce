"""Statistics for experiment results: proportions, intervals, z-test, chi-square.

Pure functions on counts, checked in tests against textbook reference values. Written
out here (a few lines each) rather than pulling SciPy into the server for three
distribution functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal


def normal_sf(z: float) -> float:
    """P(Z > z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def two_sided_p(z: float) -> float:
    return min(1.0, 2 * normal_sf(abs(z)))


def _lower_gamma_series(a: float, x: float) -> float:
    """Regularized lower incomplete gamma P(a, x) by its series (x < a + 1)."""
    term = total = 1.0 / a
    n = a
    for _ in range(1000):
        n += 1
        term *= x / n
        total += term
        if abs(term) < abs(total) * 1e-15:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _upper_gamma_fraction(a: float, x: float) -> float:
    """Regularized upper incomplete gamma Q(a, x) by Lentz's continued fraction (x ≥ a + 1)."""
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return h * math.exp(-x + a * math.log(x) - math.lgamma(a))


def chi2_sf(statistic: float, df: int) -> float:
    """P(X > statistic) for X ~ chi-square with `df` degrees of freedom."""
    if statistic <= 0:
        return 1.0
    a, x = df / 2, statistic / 2
    if x < a + 1:
        return max(0.0, 1 - _lower_gamma_series(a, x))
    return _upper_gamma_fraction(a, x)


@dataclass(frozen=True)
class Comparison:
    absolute_lift: float
    absolute_ci: tuple[float, float]
    relative_lift: float | None
    relative_ci: tuple[float, float] | None
    z: float
    p_value: float


def compare(control: tuple[int, int], variant: tuple[int, int]) -> Comparison | None:
    """Variant vs control, each (conversions, exposed).

    The interval of the difference uses the unpooled standard error; the z-test for
    "no difference" uses the pooled one, as in the usual two-proportion z-test. The
    relative interval divides the absolute one by the control rate (control treated as
    known), which is what most experiment tools report.
    """
    (c_conv, c_n), (v_conv, v_n) = control, variant
    if c_n == 0 or v_n == 0:
        return None
    p_c, p_v = c_conv / c_n, v_conv / v_n
    diff = p_v - p_c
    se = math.sqrt(p_c * (1 - p_c) / c_n + p_v * (1 - p_v) / v_n)
    ci = (diff - Z_95 * se, diff + Z_95 * se)
    pooled = (c_conv + v_conv) / (c_n + v_n)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / c_n + 1 / v_n))
    z = diff / se_pooled if se_pooled > 0 else 0.0
    p_value = two_sided_p(z) if se_pooled > 0 else 1.0
    relative = relative_ci = None
    if p_c > 0:
        relative = diff / p_c
        relative_ci = (ci[0] / p_c, ci[1] / p_c)
    return Comparison(diff, ci, relative, relative_ci, z, p_value)


def sample_ratio_mismatch(observed: list[int], weights: list[int]) -> tuple[float, float] | None:
    """Chi-square goodness of fit of exposures to the planned weights: (statistic, p)."""
    pairs = [(o, w) for o, w in zip(observed, weights, strict=True) if w > 0]
    total = sum(o for o, _ in pairs)
    if total == 0 or len(pairs) < 2:
        return None
    weight_sum = sum(w for _, w in pairs)
    statistic = sum((o - total * w / weight_sum) ** 2 / (total * w / weight_sum) for o, w in pairs)
    return statistic, chi2_sf(statistic, len(pairs) - 1)


def nps(scores: dict[int, int]) -> dict[str, float | int]:
    """Net Promoter Score from {score 0-10: count}: % promoters (9-10) minus % detractors (0-6)."""
    total = sum(scores.values())
    promoters = sum(n for s, n in scores.items() if s >= 9)
    detractors = sum(n for s, n in scores.items() if s <= 6)
    passives = total - promoters - detractors
    score = round(100 * (promoters - detractors) / total, 1) if total else None
    return {
        "score": score,
        "promoters": promoters,
        "passives": passives,
        "detractors": detractors,
        "responses": total,
    }
