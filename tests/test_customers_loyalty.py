"""Churn, disloyalty, word of mouth, lifetime value and revenue at risk."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign.assumptions import load_assumptions
from svcdesign.errors import InputError
from svcdesign.formulas.customers import loyalty as L

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLE = load_assumptions()
LP = L.LoyaltyParams.from_table(TABLE)


def test_defaults_carry_their_sources_and_kinds():
    assert (LP.churn_one, LP.churn_several) == (0.17, 0.59)
    assert TABLE["loyalty.churn_one_bad"].kind == "published estimate"
    assert "PwC" in TABLE["loyalty.churn_one_bad"].source
    assert TABLE["loyalty.claim_churn_one_bad"].kind == "practitioner claim"
    assert TABLE["loyalty.disloyal_high_effort"].value == 0.96 and "CEB" in TABLE["loyalty.disloyal_high_effort"].source
    claims = L.LoyaltyParams.from_table(TABLE.with_overrides({"loyalty.churn_basis": 1}))
    assert (claims.churn_one, claims.churn_several, claims.several) == (0.5, 0.8, 3)


def test_churn_reference_values():
    # one episode a year, every one bad: N ~ Poisson(1); 17% leave after one, 59% after two or more (PwC)
    assert float(L.churn(1.0, 1.0, LP)) == pytest.approx(0.17 * (1 - math.exp(-1)) + 0.42 * (1 - 2 * math.exp(-1)))
    assert float(L.churn(0.0, 4.0, LP)) == 0.0
    # many bad experiences → the "several" response
    assert float(L.churn(1.0, 200.0, LP)) == pytest.approx(0.59)
    base = L.LoyaltyParams.from_table(TABLE.with_overrides({"loyalty.base_churn": 0.1}))
    assert float(L.churn(0.0, 4.0, base)) == pytest.approx(0.1)
    assert float(L.service_churn(0.0, 4.0, base)) == pytest.approx(0.0)


@SETTINGS
@given(p1=st.floats(0, 1), p2=st.floats(0, 1), n=st.floats(0, 100), basis=st.sampled_from([0, 1]))
def test_more_bad_experiences_never_lower_churn(p1, p2, n, basis):
    params = L.LoyaltyParams.from_table(TABLE.with_overrides({"loyalty.churn_basis": basis}))
    lo, hi = sorted((p1, p2))
    c_lo, c_hi = float(L.churn(lo, n, params)), float(L.churn(hi, n, params))
    assert 0.0 <= c_lo <= c_hi + 1e-12 <= 1.0 + 1e-12
    # more episodes (more chances of a bad one) never lower churn either
    assert float(L.churn(hi, n + 1, params)) >= c_hi - 1e-12


@SETTINGS
@given(d1=st.floats(0, 1), d2=st.floats(0, 1), effort=st.floats(0, 1))
def test_bad_experience_share_monotone(d1, d2, effort):
    lo, hi = sorted((d1, d2))
    assert float(L.bad_experience_share(lo, effort)) <= float(L.bad_experience_share(hi, effort)) + 1e-12
    assert 0.0 <= float(L.bad_experience_share(hi, effort)) <= 1.0


def test_disloyalty_follows_ceb():
    assert float(L.disloyal_share(1.0, LP)) == pytest.approx(0.96)
    assert float(L.disloyal_share(0.0, LP)) == pytest.approx(0.09)


def test_money_reference_values():
    # CLV = m·r/(1 + i − r): m = 300, r = 0.8, i = 0.1 → 300·0.8/0.3 = 800
    assert float(L.lifetime_value(300.0, 0.2, LP)) == pytest.approx(800.0)
    assert float(L.revenue_at_risk(1000.0, 0.1, 300.0, LP)) == pytest.approx(30000.0)
    assert float(L.word_of_mouth(1000.0, 0.3, 0.2, LP)) == pytest.approx(1000 * (0.1 * 0.3 - 0.2 * 0.2))
    assert np.all(np.diff(L.lifetime_value(300.0, np.linspace(0, 1, 11), LP)) <= 0)


def test_bad_loyalty_inputs_raise():
    with pytest.raises(InputError, match="p_bad"):
        L.churn(1.2, 4.0, LP)
    with pytest.raises(InputError, match="episodes_per_year"):
        L.churn(0.2, -1.0, LP)
    with pytest.raises(InputError, match="loyalty.churn_several_bad"):
        L.LoyaltyParams.from_table(TABLE.with_overrides({"loyalty.churn_several_bad": 0.1}))
    with pytest.raises(InputError, match=r"loyalty.churn_one_bad = 1.7 .*\[0, 1\]"):
        TABLE.with_overrides({"loyalty.churn_one_bad": 1.7})
