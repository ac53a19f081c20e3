"""Expectation–disconfirmation satisfaction and the shares it implies."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign.assumptions import load_assumptions
from svcdesign.errors import InputError
from svcdesign.formulas.customers import PILLARS
from svcdesign.formulas.customers import satisfaction as S

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLE = load_assumptions()
SP = S.SatisfactionParams.from_table(TABLE)
score10 = st.floats(0.0, 10.0)


def test_defaults_are_asymmetric_and_documented():
    assert SP.b_negative > SP.b_positive > 0
    for name in S.ASSUMPTIONS + S.SHARE_ASSUMPTIONS:
        assert TABLE[name].source


def test_asymmetric_disconfirmation_reference_values():
    # a = 0, c = 1, b+ = 1, b- = 2: met or exceeded → S = P; a shortfall counts twice.
    assert float(S.satisfaction(8.0, 6.0, SP)) == pytest.approx(8.0)
    assert float(S.satisfaction(6.0, 8.0, SP)) == pytest.approx(8.0 - 2 * 2.0)
    gain = float(S.satisfaction(7.0, 6.0, SP)) - float(S.satisfaction(6.0, 6.0, SP))
    loss = float(S.satisfaction(6.0, 6.0, SP)) - float(S.satisfaction(5.0, 6.0, SP))
    assert loss > gain > 0


def test_per_pillar_score_matches_one_dimensional_form_when_pillars_agree():
    w = {p: 1 / 6 for p in PILLARS}
    p = {k: 5.0 for k in PILLARS}
    e = {k: 7.0 for k in PILLARS}
    assert float(S.score(p, e, w, SP)) == pytest.approx(float(S.satisfaction(5.0, 7.0, SP)))


@SETTINGS
@given(
    p=score10,
    e=score10,
    dp=st.floats(0.0, 5.0),
    a=st.floats(-10, 10),
    c=st.floats(0, 2),
    bp=st.floats(0, 5),
    extra=st.floats(0, 5),
)
def test_satisfaction_in_range_and_monotone_in_performance(p, e, dp, a, c, bp, extra):
    params = S.SatisfactionParams(a, c, bp, bp + extra, 2.0, 7.0, 6.5, 8.5)
    s1 = float(S.satisfaction(p, e, params))
    s2 = float(S.satisfaction(min(p + dp, 10.0), e, params))
    assert 0.0 <= s1 <= 10.0
    assert s2 >= s1 - 1e-12
    sh = S.shares(s1, params)
    for k in ("share_satisfied", "share_promoters", "share_detractors"):
        assert 0.0 <= float(sh[k]) <= 1.0
    assert float(sh["share_promoters"]) <= float(sh["share_satisfied"]) + 1e-12
    assert -100.0 <= float(sh["nps"]) <= 100.0


@SETTINGS
@given(s1=score10, s2=score10)
def test_more_satisfaction_more_satisfied_fewer_detractors(s1, s2):
    lo, hi = sorted((s1, s2))
    a, b = S.shares(lo, SP), S.shares(hi, SP)
    assert float(b["share_satisfied"]) >= float(a["share_satisfied"]) - 1e-12
    assert float(b["share_detractors"]) <= float(a["share_detractors"]) + 1e-12


def test_share_thresholds():
    # at the satisfied threshold half are satisfied (symmetric spread)
    assert float(S.shares(7.0, SP)["share_satisfied"]) == pytest.approx(0.5)
    assert float(S.shares(6.5, SP)["share_detractors"]) == pytest.approx(0.5)


def test_weights_outside_their_range_raise():
    with pytest.raises(InputError, match="satisfaction.b_negative"):
        S.SatisfactionParams.from_table(TABLE.with_overrides({"satisfaction.b_negative": 0.5}))
    with pytest.raises(InputError, match=r"satisfaction.b_positive = 7 .*\[0, 5\]"):
        TABLE.with_overrides({"satisfaction.b_positive": 7})
    with pytest.raises(InputError, match="thresholds"):
        S.SatisfactionParams.from_table(TABLE.with_overrides({"satisfaction.detractor_threshold": 9.0}))
    with pytest.raises(InputError, match="pillars"):
        S.disconfirmation({"integrity": 1.0}, {"integrity": 1.0})
