"""Call blending under the threshold policy (svcdesign.formulas.queueing.markov.blend)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import special as sps

from svcdesign.errors import InputError
from svcdesign.formulas.queueing import blend_metrics, erlang_a, erlang_c

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("patience", [0.5, 2.0, math.inf])
@pytest.mark.parametrize("t", [0.0, 0.2, 1.0, math.inf])
def test_threshold_at_or_above_the_agents_is_erlang_a(patience, t):
    """r >= n: no deferred work is ever taken; the inbound figures are Erlang A / Erlang C (1e-9)."""
    m = blend_metrics(8.0, 1.0, 10, 10, 3.0, patience, t)
    ref = erlang_a(8.0, 1.0, 10, patience, t) if math.isfinite(patience) else erlang_c(8.0, 1.0, 10, t)
    for field in ("p_wait", "asa", "service_level", "queue_length", "p_abandon", "occupancy"):
        assert getattr(m, field) == pytest.approx(getattr(ref, field), rel=1e-9, abs=1e-13), field
    assert m.deferred_throughput == 0.0


def _equal_rates_reference(lam, mu, n, r, theta, t, cap=400):
    """With equal handle times the number of busy agents k (either kind) and the inbound queue form
    one birth–death chain: levels k = n − r … n then queue 1, 2, …; from level n − r a completion
    starts a deferred item at once (no move), otherwise a completion frees an agent; above n the
    queue is served at nμ and abandons at θ per call. A call finding q waiting is answered within t
    with the Erlang A pure-death probability x/(x+q+1)·I_{1−e^{−θt}}(q+1, x+1), x = nμ/θ."""
    low = max(n - r, 0)
    births, deaths = [], []
    levels = list(range(low, n + 1)) + [n + q for q in range(1, cap + 1)]
    for level in levels[1:]:
        births.append(lam)
        deaths.append(level * mu if level <= n else n * mu + (level - n) * theta)
    logp = np.concatenate([[0.0], np.cumsum(np.log(births) - np.log(deaths))])
    pi = np.exp(logp - np.logaddexp.reduce(logp))
    k = np.minimum(levels, n)
    queue = np.maximum(np.array(levels) - n, 0)
    at_n = pi[np.array(levels) >= n]  # an arrival finding q = 0, 1, … waiting
    q = np.arange(at_n.size)
    if theta > 0:
        x = n * mu / theta
        z = 1.0 if math.isinf(t) else -math.expm1(-theta * t)
        within = x / (x + q + 1) * sps.betainc(q + 1, x + 1, z)
    else:
        within = np.ones(q.size) if math.isinf(t) else sps.gammainc(q + 1, n * mu * t)
    return {
        "p_wait": at_n.sum(),
        "queue_length": queue @ pi,
        "busy": k @ pi,
        "service_level": pi[np.array(levels) < n].sum() + at_n @ within,
    }


@pytest.mark.parametrize(
    ("lam", "n", "r", "patience", "t"),
    [(3.0, 6, 2, 1.0, 0.3), (5.0, 6, 0, 2.0, 0.5), (2.0, 4, 1, math.inf, 0.4), (7.0, 10, 3, 0.5, 0.0)],
)
def test_equal_handle_times_against_a_birth_death_chain(lam, n, r, patience, t):
    mu = 1.0 / 0.8
    theta = 0.0 if math.isinf(patience) else 1.0 / patience
    ref = _equal_rates_reference(lam, mu, n, r, theta, t)
    m = blend_metrics(lam, 0.8, n, r, 0.8, patience, t)
    assert m.p_wait == pytest.approx(ref["p_wait"], rel=1e-9)
    assert m.queue_length == pytest.approx(ref["queue_length"], rel=1e-9, abs=1e-15)
    assert m.occupancy * n == pytest.approx(ref["busy"], rel=1e-9)
    assert m.service_level == pytest.approx(ref["service_level"], rel=1e-9)
    # every completion is inbound or deferred: μ·E[busy] = inbound answered + deferred completed
    assert m.deferred_throughput == pytest.approx(mu * ref["busy"] - lam * (1 - m.p_abandon), rel=1e-9)


@SETTINGS
@given(
    lam=st.floats(0.1, 8.0),
    h=st.floats(0.3, 2.0),
    hd=st.floats(0.3, 5.0),
    n=st.integers(1, 8),
    r=st.integers(0, 7),
    patience=st.floats(0.2, 5.0),
    t=st.floats(0.0, 2.0),
)
def test_a_higher_threshold_serves_inbound_better(lam, h, hd, n, r, patience, t):
    """Keeping one more agent in reserve never makes inbound calls wait more often and never raises
    the deferred work done; the inbound balance λ(1 − P(abandon)) = answered holds throughout."""
    low, high = blend_metrics(lam, h, n, r, hd, patience, t), blend_metrics(lam, h, n, r + 1, hd, patience, t)
    assert high.p_wait <= low.p_wait + 1e-10
    assert high.asa <= low.asa * (1 + 1e-9) + 1e-15
    assert high.deferred_throughput <= low.deferred_throughput * (1 + 1e-9) + 1e-15
    for m in (low, high):
        assert m.throughput == pytest.approx(lam * (1 - m.p_abandon), rel=1e-8)
        assert m.throughput * h == pytest.approx(m.inbound_occupancy * n, rel=1e-9)
        assert 0 <= m.service_level <= 1 and 0 <= m.occupancy <= 1 + 1e-12


def test_service_level_grows_with_the_target_time():
    levels = [blend_metrics(6.0, 1.0, 8, 2, 4.0, 1.5, t).service_level for t in (0.0, 0.1, 0.5, 2.0, math.inf)]
    assert all(a <= b + 1e-12 for a, b in zip(levels, levels[1:], strict=False))
    last = blend_metrics(6.0, 1.0, 8, 2, 4.0, 1.5, math.inf)
    assert last.service_level == pytest.approx(1 - last.p_abandon, rel=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"agents": 0}, "agents"),
        ({"agents": 2.0}, "agents"),
        ({"threshold": -1}, "threshold"),
        ({"handle_time": 0.0}, "handle_time"),
        ({"deferred_handle_time": float("nan")}, "deferred_handle_time"),
        ({"patience": -1.0}, "patience"),
        ({"target_time": -0.1}, "target_time"),
        ({"arrival_rate": 9.0, "patience": math.inf, "max_states": 5000}, "max_states"),
    ],
)
def test_bad_input_names_the_argument(kwargs, field):
    args = {"arrival_rate": 2.0, "handle_time": 1.0, "agents": 4, "threshold": 1, "deferred_handle_time": 2.0} | kwargs
    with pytest.raises(InputError) as err:
        blend_metrics(**args)
    assert err.value.field == field
