"""Operational figures → six pillars, effort and SERVQUAL (svcdesign.formulas.customers.perception)."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign.assumptions import load_assumptions
from svcdesign.errors import InputError
from svcdesign.formulas.customers import PILLARS, SERVQUAL
from svcdesign.formulas.customers import perception as P
from svcdesign.formulas.customers import satisfaction as S
from svcdesign.formulas.queueing import erlang_c

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLE = load_assumptions()
XP = P.ExperienceParams.from_table(TABLE)
SP = S.SatisfactionParams.from_table(TABLE)

shares = st.floats(0.0, 1.0)
waits = st.floats(0.0, 5000.0)


def ops(**kw):
    base = dict(
        wait=30.0,
        p_wait=0.4,
        service_level=0.8,
        target_time=20.0,
        p_abandon=0.05,
        tolerance=300.0,
        occupancy=0.8,
        handoff=0.2,
        contacts_per_resolution=1.3,
        promise=math.inf,
        expected_wait=60.0,
    )
    base.update(kw)
    return P.Operations(**base)


def test_share_within_is_exact_for_erlang_c():
    # P(answered within t) from P(wait) and SL at the target reproduces Erlang C at any other t.
    rate, handle, agents, target = 10 / 60, 180.0, 35.0, 20.0
    at_target = erlang_c(rate, handle, agents, target)
    for t in (0.0, 5.0, 60.0, 300.0):
        exact = float(erlang_c(rate, handle, agents, t).service_level)
        got = float(P.share_within(t, at_target.p_wait, at_target.service_level, target))
        assert got == pytest.approx(exact, rel=1e-9, abs=1e-12)
    assert float(P.share_within(math.inf, 0.5, 0.7, 20.0)) == 1.0


def test_pillars_reference_values():
    o = ops()
    scores = P.pillars(o, XP)
    # time and effort: s·(1 − P_ab)·exp(−W/τ) + (1 − s)·exp(−L), L = 1·0.3 + 0.5·0.2 + 1·30/300
    load = 0.3 + 0.1 + 0.1
    expect = 10 * (0.5 * 0.95 * math.exp(-0.1) + 0.5 * math.exp(-load))
    assert float(scores["time_effort"]) == pytest.approx(expect)
    assert float(scores["resolution"]) == pytest.approx(10 * 0.95 * 0.85**0.3)
    assert float(scores["integrity"]) == 10.0  # no promise made, none broken
    assert float(scores["empathy"]) == pytest.approx(8.0)  # occupancy below the fatigue threshold
    assert float(scores["personalisation"]) == pytest.approx(8.0 * (1 - 0.5 * 0.2))
    assert float(P.effort_score(o, XP)) == pytest.approx(1 + 6 * (1 - math.exp(-load)))
    # fatigue: at 100% occupancy empathy loses fatigue_loss (30%)
    assert float(P.pillars(ops(occupancy=1.0), XP)["empathy"]) == pytest.approx(8.0 * 0.7)


def test_broken_promises_lower_integrity():
    kept = P.pillars(ops(promise=3600.0, p_wait=1.0, service_level=0.9, target_time=3600.0), XP)["integrity"]
    broken = P.pillars(ops(promise=600.0, p_wait=1.0, service_level=0.9, target_time=3600.0), XP)["integrity"]
    assert float(kept) == pytest.approx(9.0)
    assert float(broken) < float(kept)


@SETTINGS
@given(
    w1=waits,
    w2=waits,
    p_wait=shares,
    sl=shares,
    p_ab=shares,
    occ=shares,
    handoff=shares,
    cpr=st.floats(1.0, 5.0),
    tol=st.one_of(st.floats(1.0, 10000.0), st.just(math.inf)),
)
def test_a_longer_wait_never_raises_pillars_or_satisfaction(w1, w2, p_wait, sl, p_ab, occ, handoff, cpr, tol):
    lo, hi = sorted((w1, w2))
    common = dict(
        p_wait=p_wait,
        service_level=sl,
        p_abandon=p_ab,
        occupancy=occ,
        handoff=handoff,
        contacts_per_resolution=cpr,
        tolerance=tol,
    )
    a, b = P.pillars(ops(wait=lo, **common), XP), P.pillars(ops(wait=hi, **common), XP)
    for p in PILLARS:
        assert float(b[p]) <= float(a[p]) + 1e-12, p
        assert 0.0 <= float(a[p]) <= 10.0 and 0.0 <= float(b[p]) <= 10.0
    expected = {p: 7.0 for p in PILLARS}
    assert float(S.score(b, expected, XP.weights, SP)) <= float(S.score(a, expected, XP.weights, SP)) + 1e-12
    assert (
        float(P.effort_score(ops(wait=hi, **common), XP)) >= float(P.effort_score(ops(wait=lo, **common), XP)) - 1e-12
    )


@SETTINGS
@given(
    wait=st.one_of(waits, st.just(math.inf)),
    p_wait=shares,
    sl=shares,
    p_ab=shares,
    occ=shares,
    handoff=shares,
    cpr=st.one_of(st.floats(1.0, 50.0), st.just(math.inf)),
    promise=st.one_of(st.floats(0.0, 1e6), st.just(math.inf)),
)
def test_scores_stay_in_range(wait, p_wait, sl, p_ab, occ, handoff, cpr, promise):
    o = ops(
        wait=wait,
        p_wait=p_wait,
        service_level=sl,
        p_abandon=p_ab,
        occupancy=occ,
        handoff=handoff,
        contacts_per_resolution=cpr,
        promise=promise,
    )
    scores = P.pillars(o, XP)
    for p in PILLARS:
        assert 0.0 <= float(scores[p]) <= 10.0
    view = P.servqual(scores, o, XP)
    for d in (*SERVQUAL, "index"):
        assert 0.0 <= float(view[d]) <= 10.0
    e = float(P.effort_score(o, XP))
    assert 1.0 <= e <= 7.0
    assert 0.0 <= float(P.index(scores, XP)) <= 10.0


def test_servqual_view_uses_the_quoted_weights():
    assert XP.servqual_weights == pytest.approx(
        {"reliability": 0.32, "responsiveness": 0.22, "assurance": 0.19, "empathy": 0.16, "tangibles": 0.11}
    )
    o = ops()
    scores = P.pillars(o, XP)
    view = P.servqual(scores, o, XP)
    assert float(view["reliability"]) == pytest.approx(
        0.5 * float(scores["integrity"]) + 0.5 * float(scores["resolution"])
    )
    assert float(view["index"]) == pytest.approx(sum(XP.servqual_weights[d] * float(view[d]) for d in SERVQUAL))


def test_bad_operations_and_weights_raise_input_error():
    with pytest.raises(InputError, match="operations.p_abandon"):
        ops(p_abandon=1.5)
    with pytest.raises(InputError, match="operations.wait"):
        ops(wait=float("nan"))
    with pytest.raises(InputError, match="contacts_per_resolution"):
        ops(contacts_per_resolution=0.5)
    good = {p: 1 / 6 for p in PILLARS}
    with pytest.raises(InputError, match=r"pillar_weights.empathy = 1.5 .*\[0, 1\]"):
        P.ExperienceParams.from_table(TABLE, {**good, "empathy": 1.5})
    with pytest.raises(InputError, match="sum to 1"):
        P.ExperienceParams.from_table(TABLE, {**good, "empathy": 0.5})
    with pytest.raises(InputError, match="pillar_weights.speed"):
        P.ExperienceParams.from_table(TABLE, {**good, "speed": 0.0})
    with pytest.raises(InputError, match="experience.weight"):
        P.ExperienceParams.from_table(TABLE.with_overrides({"experience.weight.empathy": 0.5}))
