"""Expectation formation (SMOOTH of a blended reference), promises and over-promising."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign import Scenario, evaluate
from svcdesign._resources import dataset_path
from svcdesign.errors import InputError
from svcdesign.formulas.customers import expectations as E
from svcdesign.response import experience

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_blend_and_steady_state():
    assert float(E.blend(8.0, 6.0, 0.5)) == pytest.approx(7.0)
    assert float(E.steady_state(8.0, 6.0, 0.25)) == pytest.approx(0.25 * 8 + 0.75 * 6)


def test_smooth_over_its_adjustment_time_closes_63_percent_of_the_gap():
    # SMOOTH is first order: after τ weeks of constant inputs the gap shrinks to e^(−1).
    weeks = np.arange(53)
    ref = np.full(53, 9.0)
    own = np.full(53, 9.0)
    path = E.path(ref, own, omega=0.5, adjust_time=52, initial=5.0)
    assert path[0] == 5.0
    assert path[52] == pytest.approx(9.0 - 4.0 * math.exp(-1.0))
    euler = E.path(ref, own, omega=0.5, adjust_time=52, initial=5.0, dt=1 / 16, exact=False)
    # Euler with a small step approaches the exact smooth (1/16 week steps: one step per row)
    assert euler[16] == pytest.approx(9.0 - 4.0 * math.exp(-1 / 52), rel=1e-4)
    assert weeks.size == path.size


@SETTINGS
@given(
    e0=st.floats(0, 10),
    ref=st.floats(0, 10),
    own=st.floats(0, 10),
    omega=st.floats(0, 1),
    tau=st.floats(1, 520),
    dt=st.floats(0, 10),
)
def test_a_step_moves_toward_the_blend_without_overshoot(e0, ref, own, omega, tau, dt):
    target = float(E.blend(ref, own, omega))
    e1 = float(E.step(e0, ref, own, omega=omega, adjust_time=tau, dt=dt))
    assert min(e0, target) - 1e-9 <= e1 <= max(e0, target) + 1e-9


def test_bad_expectation_inputs_raise():
    with pytest.raises(InputError, match="omega"):
        E.blend(1.0, 2.0, 1.5)
    with pytest.raises(InputError, match="adjust_time"):
        E.step(1.0, 1.0, 1.0, omega=0.5, adjust_time=0.0)
    with pytest.raises(InputError, match="dt"):
        E.step(1.0, 1.0, 1.0, omega=0.5, adjust_time=1.0, dt=2.0, exact=False)
    with pytest.raises(InputError, match="promise"):
        E.promise_outcome(-5.0, 10.0, 0.5, 0.8, 20.0)


def test_promise_outcome_states_kept_share_and_lateness():
    honest = E.promise_outcome(86400.0, 9864.0, 0.5, 0.99, 86400.0)
    rash = E.promise_outcome(3600.0, 9864.0, 0.5, 0.99, 86400.0)
    assert honest.kept == pytest.approx(0.99)
    assert rash.kept < honest.kept and rash.over_promised and not honest.over_promised
    assert rash.expected_wait == 3600.0


@pytest.fixture(scope="module")
def bank():
    s = Scenario.load(dataset_path("scenarios", "bank.yaml"))
    return s, evaluate(s, staffing=False)


def test_over_promising_raises_expectations_then_breaks_integrity(bank):
    s, r = bank
    honest = experience(s, r)
    rash = experience(s, r, promises={"back office": 2 * 3600.0})  # the backlog takes ~2.7 h on average
    stage = "back office"
    assert rash.value("promises_kept", stage) < honest.value("promises_kept", stage)
    assert rash.value("pillar_integrity", stage) < honest.value("pillar_integrity", stage) - 1.0
    assert rash.value("satisfaction", stage) < honest.value("satisfaction", stage)
    # negative disconfirmation on integrity: perceived integrity below the 9/10 customers expect from a promise
    assert rash.value("pillar_integrity", stage) < 9.0 <= honest.value("pillar_integrity", stage)
    # a modest over-promise the stage can still mostly keep raises the expected experience
    mild = experience(s, r, overrides={"expectations.promise_factor": 0.25})
    assert mild.value("expected_experience", stage) > honest.value("expected_experience", stage)


def test_reference_overrides_are_validated(bank):
    s, r = bank
    with pytest.raises(InputError, match="reference.*'vip'.*routine"):
        experience(s, r, reference={"vip": {"wait": 10}})
    with pytest.raises(InputError, match="reference.premium.speed"):
        experience(s, r, reference={"premium": {"speed": 10}})
    with pytest.raises(InputError, match=r"expectations.reference_kept = 2 .*\[0, 1\]"):
        experience(s, r, reference={"premium": {"kept": 2}})
    with pytest.raises(InputError, match="promises.*'desk'"):
        experience(s, r, promises={"desk": 60})
    demanding = experience(s, r, reference={"premium": {"wait": 5.0}})
    base = experience(s, r)
    assert demanding.value("satisfaction", segment="premium") < base.value("satisfaction", segment="premium")
    assert demanding.value("satisfaction", segment="routine") == pytest.approx(
        base.value("satisfaction", segment="routine")
    )
