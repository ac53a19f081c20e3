"""The desk's evaluation over many intervals (svcdesign.formulas.queueing.desk.DeskIntervals) and its compiled
pieces (svcdesign.formulas.queueing.desk_kernels): the same figures as desk_metrics, bit for bit, and the
same errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from test_formulas_desk import SETTINGS, desks

from svcdesign.errors import InputError
from svcdesign.formulas.queueing import desk_metrics
from svcdesign.formulas.queueing.desk import DeskIntervals
from svcdesign.formulas.queueing.desk_kernels import (
    answer_at_once,
    erlang_c_wait,
    numpy_sum,
    pool_answer_rates,
    type_waits,
)
from svcdesign.formulas.queueing.erlang import _erlang_a_compiled

NAN = float("nan")
_FIELDS = ("p_wait", "asa", "service_level", "p_abandon", "answered", "overloaded", "busy", "answered_by")


def _same(a, b) -> None:
    assert a.method == b.method
    for field in _FIELDS:
        assert np.array_equal(getattr(a, field), getattr(b, field), equal_nan=True), field


@given(desks(), st.data())
@SETTINGS
def test_each_interval_is_desk_metrics_bit_for_bit(desk, data):
    """A desk evaluated interval after interval (the fixed arguments checked in the first only) gives each
    interval exactly desk_metrics's figures: the arrival rates, handle times, agents and patience change."""
    rates, handle, mult, agents, pref, kw = desk
    fixed = {name: value for name, value in kw.items() if name != "patience"}
    intervals = DeskIntervals(multiplier=mult, preference=pref, **fixed)
    q, g = len(rates), len(agents)
    for _ in range(3):
        rates = [data.draw(st.floats(0.0, 0.08, allow_subnormal=False)) for _ in range(q)]
        handle = [data.draw(st.floats(30.0, 300.0)) for _ in range(q)]
        agents = [float(data.draw(st.integers(0, 8))) + data.draw(st.sampled_from([0.0, 0.5])) for _ in range(g)]
        patience = [data.draw(st.sampled_from([60.0, 300.0, math.inf])) for _ in range(q)]
        got = intervals(np.array(rates), np.array(handle), np.array(agents), np.array(patience))
        _same(got, desk_metrics(rates, handle, mult, agents, pref, **fixed, patience=patience))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"arrival_rate": [-1.0, 0.01]}, "arrival_rate[0]"),
        ({"arrival_rate": [math.inf, 0.01]}, "arrival_rate[0]"),
        ({"arrival_rate": ["many", 0.01]}, "arrival_rate"),
        ({"handle_time": [0.0, 100.0]}, "handle_time[0]"),
        ({"agents": [3.0, math.nan]}, "agents[1]"),
        ({"agents": [3.0]}, "multiplier"),  # one group fewer than the skills table has
        ({"patience": [0.0, 100.0]}, "patience[0]"),
        ({"patience": [100.0, 100.0]}, "patience[1]"),  # the second type is deferred work
    ],
)
def test_a_bad_later_interval_names_the_argument(change, field):
    """The arguments that change between intervals are checked in every interval, as desk_metrics checks them."""
    fixed = {"multiplier": [[1.0, 1.0], [NAN, 1.0]], "preference": [[0, 1], [-1, 0]], "deferred": [False, True]}
    intervals = DeskIntervals(**fixed)
    good = {"arrival_rate": [0.01, 0.01], "handle_time": [100.0, 100.0], "agents": [3.0, 3.0]}
    good["patience"] = [100.0, math.inf]
    intervals(**good)
    with pytest.raises(InputError) as info:
        intervals(**(good | change))
    with pytest.raises(InputError) as direct:
        desk_metrics(**fixed, **(good | change))
    assert info.value.field.startswith(field) and info.value.field == direct.value.field


def test_a_bad_fixed_argument_is_named_at_once():
    with pytest.raises(InputError, match="max_states"):
        DeskIntervals(multiplier=[[1.0]], preference=[[0]], max_states=0)


@given(hnp.arrays(np.float64, st.integers(0, 700), elements=st.floats(-1e12, 1e12, allow_subnormal=False)))
@SETTINGS
def test_the_compiled_sum_is_numpys_sum_bit_for_bit(values):
    """numpy's pairwise summation (left to right below 8 elements, eight running sums to 128, halves beyond),
    as a row sum of a table too."""
    assert numpy_sum(values) == values.sum()
    table = np.stack([values, values[::-1]])
    assert [numpy_sum(np.ascontiguousarray(row)) for row in table] == list(table.sum(axis=1))


# The numpy and Python expressions the kernels replaced (svcdesign before issue 16's desk pass), kept here as
# the reference the kernels must equal bit for bit.


def _profile_reference(bounds, rates, theta, upto):
    alive, spent = 1.0, 0.0
    answered = np.zeros(len(bounds))
    for k, start in enumerate(bounds):
        if start >= upto or alive == 0.0:
            break
        end = min(bounds[k + 1] if k + 1 < len(bounds) else math.inf, upto)
        span, hazard = end - start, rates[k] + theta
        if hazard == 0.0:
            spent += alive * span
            continue
        left = math.exp(-hazard * span)
        mass = alive * -math.expm1(-hazard * span) / hazard
        spent += mass
        answered[k] = rates[k] * mass
        alive *= left
    return spent, answered, alive


def _type_waits_reference(bounds, rates, theta, offer_above, accept, target, callback):
    bounds, rates = list(bounds), list(rates)
    if accept > 0 and math.isfinite(offer_above):
        callback = accept * _profile_reference(bounds, rates, 0.0, offer_above)[2]
    spent1, by_stage1, _ = _profile_reference(bounds, rates, theta, math.inf)
    spent0, by_stage0, _ = _profile_reference(bounds, rates, 0.0, math.inf) if callback > 0 else (0, by_stage1 * 0, 0)
    _, soon1, _ = _profile_reference(bounds, rates, theta, target)
    _, soon0, _ = _profile_reference(bounds, rates, 0.0, target) if callback > 0 else (0.0, soon1 * 0.0, 0.0)
    mix = 1.0 - callback
    return (
        callback,
        mix * theta * spent1 if theta > 0 else 0.0,
        mix * spent1 + (callback * spent0 if callback > 0 else 0.0),
        mix * soon1.sum() + callback * soon0.sum(),
        mix * by_stage1 + callback * by_stage0,
    )


RATES = st.floats(0.0, 0.1, allow_subnormal=False)


@given(
    st.lists(st.sampled_from([10.0, 30.0, 60.0, 120.0, 600.0]), max_size=9, unique=True),
    st.data(),
    st.sampled_from([0.0, 1 / 60, 1 / 370]),
    st.sampled_from([math.inf, 45.0, 120.0]),
    st.sampled_from([0.0, 0.4, 1.0]),
    st.sampled_from([0.0, 20.0, 60.0, math.inf]),
    st.floats(0.0, 0.9),
)
@SETTINGS
def test_type_waits_is_the_python_it_replaced(delays, data, theta, offer, accept, target, callback):
    bounds = np.array([0.0, *sorted(delays)])
    rates = np.array(data.draw(st.lists(RATES, min_size=bounds.size, max_size=bounds.size)))
    got = type_waits(bounds, rates, theta, offer, accept, target, callback)
    want = _type_waits_reference(bounds, rates, theta, offer, accept, target, callback)
    assert np.array_equal(np.array(got[:4]), np.array(want[:4]), equal_nan=True)
    assert np.array_equal(got[4], want[4], equal_nan=True)


@given(hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(0.0, 1.0)), RATES)
@SETTINGS
def test_answer_at_once_is_the_python_it_replaced(busy_row, rate):
    """The first free group in order of preference, groups busy independently; by capacity where all are
    surely busy (the old loop and its shares)."""
    size = busy_row.size
    now = np.arange(size)[::-1].copy()  # preference runs from the last group to the first
    capacity = np.linspace(0.5, 2.0, size)
    served = np.zeros((2, size))
    got = answer_at_once(served, 1, now, np.stack([busy_row * 0.5, busy_row]), capacity, rate)
    first, ahead = [], 1.0
    for c in busy_row[now].tolist():
        first.append(ahead * (1.0 - c))
        ahead *= c
    weights = np.array(first)
    shares = weights / weights.sum() if weights.sum() > 0 else capacity / capacity.sum()
    want = np.zeros((2, size))
    want[1, now] += rate * (1.0 - ahead) * shares
    assert got == ahead
    assert np.array_equal(served, want)


@given(
    hnp.arrays(np.float64, st.integers(1, 9), elements=st.floats(0.0, 40.0, allow_subnormal=False)),
    hnp.arrays(np.float64, st.integers(1, 9), elements=st.sampled_from([0.0, 1.0, 2.5, 8.0, 30.0])),
)
@SETTINGS
def test_erlang_c_wait_is_the_numpy_it_replaced(lam, n):
    lam, n = (np.resize(values, max(lam.size, n.size)) for values in (lam, n))
    got, compiled = erlang_c_wait(lam, n)
    out = _erlang_a_compiled(lam, np.ones(lam.size), n, np.full(lam.size, np.inf), np.zeros(lam.size), False)
    assert compiled
    assert np.array_equal(got, np.where(n > 0, out["p_wait"], 1.0))


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.data())
@SETTINGS
def test_pool_answer_rates_is_the_numpy_it_replaced(pairs, types, groups, data):
    """The pools' Erlang A answer rates, slowed by higher-priority and deferred work (the old numpy)."""

    def table(shape, low, high):
        return data.draw(hnp.arrays(np.float64, shape, elements=st.floats(low, high, allow_subnormal=False)))

    pool = table((pairs, groups), 0.0, 1.0).round()
    load = table((types, groups), 0.0, 6.0)
    higher, same = table((pairs, types), 0.0, 1.0).round(), table((pairs, types), 0.0, 1.0).round()
    rate, work = table(pairs, 0.0, 0.1), table(pairs, 60.0, 600.0)
    agents, pool_rate = table(pairs, 0.0, 12.0), table(pairs, 0.0, 0.2)
    patience = np.array(data.draw(st.lists(st.sampled_from([60.0, 370.0, math.inf]), min_size=pairs, max_size=pairs)))
    held, done = table(groups, 0.0, 3.0), table(groups, 0.0, 0.01)
    pooled = pool @ load.T
    got, compiled = pool_answer_rates(
        pooled, higher, same, rate, work, agents, patience, pool_rate, pool @ held, pool @ done
    )
    load_hi, load_eq = (higher * pooled).sum(axis=1), (same * pooled).sum(axis=1)
    theta = np.where(np.isfinite(patience), 1.0 / patience, 0.0)
    ordered = _erlang_a_compiled(rate + (load_hi + load_eq) / work, work, agents, patience, np.zeros(pairs), False)
    with np.errstate(all="ignore"):
        wait, asa = ordered["p_wait"], ordered["asa"]
        answer = np.where((wait > 0) & np.isfinite(asa) & (asa > 0), wait / asa - theta, 0.0)
        answer = np.where(wait > 0, answer, pool_rate)
        ahead_held = np.clip(load_hi / np.where(agents > 0, agents, 1.0), 0.0, 1.0)
        lost = pool @ held / work - pool @ done
        slower = np.clip(1.0 - lost * work / np.where(agents > 0, agents, 1.0), 0.0, 1.0)
    assert compiled
    assert np.array_equal(got, np.clip(answer * (1.0 - ahead_held) * slower, 0.0, pool_rate))
