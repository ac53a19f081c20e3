"""Churn from revealed behaviour (and the labelled alternatives), lifetime value, cost of failure."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign.assumptions import load_assumptions
from svcdesign.errors import InputError
from svcdesign.formulas.customers import loyalty as L

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
TABLE = load_assumptions()
LP = L.LoyaltyParams.from_table(TABLE)


def exposure(abandoned=0.0, final=0.0, unserved=0.0, late=0.0, bed_days=0.0) -> L.Exposure:
    return L.Exposure(*(np.atleast_1d(float(v)) for v in (abandoned, final, unserved, late, bed_days)))


def test_defaults_are_revealed_behaviour_with_labelled_alternatives():
    assert LP.basis == 0 and LP.kind == "revealed behaviour"
    assert TABLE["loyalty.rise_per_failure"].kind == "revealed behaviour"
    assert "Halperin" in TABLE["loyalty.rise_per_failure"].source
    assert TABLE["loyalty.churn_one_bad"].kind == "survey intention" and "PwC" in TABLE["loyalty.churn_one_bad"].source
    assert TABLE["loyalty.claim_churn_one_bad"].kind == "practitioner claim"
    survey = L.LoyaltyParams.from_table(TABLE.with_overrides({"loyalty.churn_basis": 1}))
    claims = L.LoyaltyParams.from_table(TABLE.with_overrides({"loyalty.churn_basis": 2}))
    assert (survey.churn_one, survey.churn_several, survey.kind) == (0.17, 0.59, "survey intention")
    assert (claims.churn_one, claims.churn_several, claims.several) == (0.5, 0.8, 3)


def test_revealed_reference_values():
    # evidence file's central case: u = 0.4, rise 5% per unresolved contact, 0.5% per late one, base churn 10%
    ex = exposure(abandoned=1000, final=50, unserved=10, late=2000)
    assert float(L.failures(ex, LP)[0]) == pytest.approx(0.4 * 1000 + 50 + 10)
    assert float(L.extra_leavers(ex, 1e6, LP)[0]) == pytest.approx(0.1 * (0.05 * 460 + 0.005 * 2000))
    # a customer leaves at most once
    assert float(L.extra_leavers(exposure(unserved=1e9), 100.0, LP)[0]) == pytest.approx(100 * 0.9)


def test_stated_reference_values():
    survey = L.LoyaltyParams.from_table(TABLE.with_overrides({"loyalty.churn_basis": 1}))
    # one bad experience per customer a year on average, Poisson: 0.17·(1 − e⁻¹) + 0.42·P(N ≥ 2)
    expected = 0.17 * (1 - math.exp(-1)) + 0.42 * (1 - 2 * math.exp(-1))
    assert float(L.stated_churn(1.0, survey)) == pytest.approx(expected)
    assert float(L.extra_leavers(exposure(unserved=1000), 1000.0, survey)[0]) == pytest.approx(1000 * expected)


@SETTINGS
@given(
    st.lists(st.floats(0, 1e5), min_size=5, max_size=5),
    st.lists(st.floats(0, 1e5), min_size=5, max_size=5),
)
def test_revealed_leavers_add_up_over_weeks(a, b):
    first, second = exposure(*a), exposure(*b)
    both = float(L.extra_leavers(first + second, 1e12, LP)[0])
    assert both == pytest.approx(float(L.extra_leavers(first, 1e12, LP)[0] + L.extra_leavers(second, 1e12, LP)[0]))


@SETTINGS
@given(st.floats(0, 1e5), st.floats(0, 1e5), st.floats(1, 1e6), st.sampled_from([0, 1, 2]))
def test_more_bad_experiences_never_lose_fewer_customers(f1, f2, customers, basis):
    lp = L.LoyaltyParams.from_table(TABLE.with_overrides({"loyalty.churn_basis": basis}))
    lo, hi = sorted((f1, f2))
    assert L.extra_leavers(exposure(unserved=lo), customers, lp) <= L.extra_leavers(
        exposure(unserved=hi), customers, lp
    )


def test_money_reference_values():
    # CLV = m·r/(1 + i − r): m = 300, r = 0.9 (base churn 10%), i = 0.1 → 300·0.9/0.2 = 1350
    assert float(L.lifetime_value(300.0, LP)) == pytest.approx(1350.0)
    assert float(L.value_lost(2.0, 300.0, LP)) == pytest.approx(2700.0)
    # public: failed cases × GBP 1,758 (NHS reference cost) + bed-days × GBP 395 (King's Fund 2023)
    ex = exposure(abandoned=10, unserved=2, bed_days=3)
    assert float(L.cost_of_failure(ex, LP)[0]) == pytest.approx((0.4 * 10 + 2) * 1758 + 3 * 395)
    assert float(L.word_of_mouth(1000.0, 0.3, 0.2, LP)) == pytest.approx(1000 * (0.1 * 0.3 - 0.2 * 0.2))
    assert float(L.disloyal_share(1.0, LP)) == pytest.approx(0.96)


def test_coefficients_broadcast_over_draws():
    draws = LP.with_draws({"rise_per_failure": np.array([0.02, 0.05, 0.10])})
    lost = L.extra_leavers(exposure(unserved=1000), 1e6, draws)
    assert lost == pytest.approx(0.1 * np.array([0.02, 0.05, 0.10]) * 1000)


def test_bad_loyalty_inputs_raise():
    with pytest.raises(InputError, match="bad experiences per customer"):
        L.stated_churn(-1.0, LP)
    with pytest.raises(InputError, match="draws"):
        LP.with_draws({"wage": np.ones(2)})
    with pytest.raises(InputError, match="loyalty.churn_several_bad"):
        L.LoyaltyParams.from_table(TABLE.with_overrides({"loyalty.churn_several_bad": 0.1}))
    with pytest.raises(InputError, match=r"loyalty.rise_per_failure = 1.7 .*\[0, 1\]"):
        TABLE.with_overrides({"loyalty.rise_per_failure": 1.7})
