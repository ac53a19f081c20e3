"""Chat with concurrency (svcdesign.formulas.queueing.markov.chat): reductions, independent chains, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign.errors import InputError
from svcdesign.formulas.queueing import chat_metrics, erlang_a, erlang_b, erlang_c

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
FIELDS = ("p_wait", "asa", "service_level", "occupancy", "queue_length", "p_abandon")


def _grid():
    lam = np.array([0.5, 4.0, 9.0, 11.5, 30.0])[:, None, None, None]
    n = np.array([1, 5, 12, 40])[None, :, None, None]
    pat = np.array([0.2, 2.0, 50.0])[None, None, :, None]
    t = np.array([0.0, 0.1, 0.5, math.inf])[None, None, None, :]
    return lam, n, pat, t


def test_one_chat_per_agent_is_erlang_a():
    """k = 1: the chain is M/M/n+M; every figure equals svcdesign's Erlang A (itself checked against
    published values and mpmath in test_queueing_reference.py) to 1e-9."""
    lam, n, pat, t = _grid()
    got = chat_metrics(lam, [1.3], n, pat, t)
    ref = erlang_a(lam, 1.3, n, pat, t)
    for field in FIELDS:
        np.testing.assert_allclose(getattr(got, field), getattr(ref, field), rtol=1e-9, atol=1e-13, err_msg=field)
    np.testing.assert_allclose(got.mean_concurrency, ref.occupancy, rtol=1e-9)


def test_one_chat_per_agent_without_patience_is_erlang_c():
    lam, n, _, t = _grid()
    got = chat_metrics(lam, [0.8], n, math.inf, t)
    ref = erlang_c(lam, 0.8, n, t)
    np.testing.assert_array_equal(got.overloaded, ref.overloaded)
    stable = ~np.broadcast_to(ref.overloaded, np.shape(ref.p_wait))
    for field in FIELDS:
        np.testing.assert_allclose(
            np.asarray(getattr(got, field))[stable], np.asarray(getattr(ref, field))[stable], rtol=1e-9, atol=1e-13
        )
    assert np.all(np.asarray(got.asa)[~stable] == math.inf)


def test_no_waiting_room_is_erlang_b():
    """k = 1 with no waiting room: M/M/n/n, the blocking probability is Erlang B."""
    lam = np.array([0.5, 3.0, 8.0, 20.0])
    got = chat_metrics(lam, [2.0], 6, waiting_room=0)
    np.testing.assert_allclose(got.p_blocked, erlang_b(lam * 2.0, 6), rtol=1e-12)
    assert np.all(got.p_wait == 0.0) and np.all(got.asa == 0.0)


def _dense_chain(lam, h, n, theta, room):
    """The same model built independently: the full generator of j = 0..n·k+room chats with every
    chat's agent found by listing the agents' loads, solved by a dense eigen-solve (no product formula)."""
    k = len(h)
    size = n * k + room + 1
    q = np.zeros((size, size))
    for j in range(size):
        in_service = min(j, n * k)
        loads = [in_service // n + (1 if a < in_service % n else 0) for a in range(n)]
        death = sum(c / h[c - 1] for c in loads if c) + max(j - n * k, 0) * theta
        if j + 1 < size:
            q[j, j + 1] = lam
        if j:
            q[j, j - 1] = death
        q[j, j] = -q[j].sum()
    w, v = scipy.linalg.eig(q.T)
    pi = np.real(v[:, np.argmin(np.abs(w))])
    return pi / pi.sum()


def _tagged_answered_within(full_rate, theta, q_ahead, t):
    """P(answered within t) of a chat finding q_ahead waiting, by the matrix exponential of the
    tagged chat's chain (states: position 0..q_ahead, answered, abandoned)."""
    size = q_ahead + 3
    answered, abandoned = q_ahead + 1, q_ahead + 2
    g = np.zeros((size, size))
    for a in range(q_ahead + 1):
        g[a, answered if a == 0 else a - 1] += full_rate + a * theta
        g[a, abandoned] += theta
        g[a, a] = -(full_rate + (a + 1) * theta)
    return scipy.linalg.expm(g * t)[q_ahead, answered]


@pytest.mark.parametrize(
    ("lam", "h", "n", "patience", "room", "t"),
    [
        (6.0, [1.0, 1.3, 1.8], 3, 2.0, 5, 0.4),
        (10.0, [1.0, 1.1], 4, 0.5, 12, 0.2),
        (2.0, [1.5, 2.0, 2.2, 3.0], 2, 5.0, 3, 1.0),
        (9.0, [1.0, 1.4], 5, math.inf, 8, 0.3),
    ],
)
def test_against_an_independently_built_chain(lam, h, n, patience, room, t):
    theta = 0.0 if math.isinf(patience) else 1.0 / patience
    pi = _dense_chain(lam, h, n, theta, room)
    k = len(h)
    slots = n * k
    got = chat_metrics(lam, h, n, patience, t, waiting_room=room)
    queue = np.maximum(np.arange(pi.size) - slots, 0)
    full_rate = slots / h[-1]
    sl = pi[:slots].sum() + sum(pi[slots + q] * _tagged_answered_within(full_rate, theta, q, t) for q in range(room))
    assert got.p_blocked == pytest.approx(pi[-1], rel=1e-9)
    assert got.p_wait == pytest.approx(pi[slots:-1].sum(), rel=1e-9)
    assert got.queue_length == pytest.approx(queue @ pi, rel=1e-9)
    assert got.occupancy == pytest.approx(np.minimum(np.arange(pi.size), slots) @ pi / slots, rel=1e-9)
    assert got.service_level == pytest.approx(sl, rel=1e-9)


def _concave_rates(draw_increments):
    """Mean handle times h_c = c/R(c) with R(c) = d_1 + … + d_c and d decreasing: the agent's total
    rate grows with each chat, ever more slowly (so h_c grows with c)."""
    d = np.sort(np.asarray(draw_increments))[::-1]
    rate = np.cumsum(d)
    return np.arange(1, d.size + 1) / rate


@SETTINGS
@given(
    increments=st.lists(st.floats(0.2, 2.0), min_size=1, max_size=4),
    lam=st.floats(0.1, 40.0),
    n=st.integers(0, 12),
    patience=st.one_of(st.floats(0.05, 20.0), st.just(math.inf)),
    room=st.one_of(st.integers(0, 30), st.just(math.inf)),
    t=st.floats(0.0, 3.0),
)
def test_more_agents_never_hurt(increments, lam, n, patience, room, t):
    """With a concave per-agent rate, spreading chats over one more agent raises every death rate of
    the chain, so the number in system falls stochastically: waits, abandonment and blocking never rise."""
    h = _concave_rates(increments)
    m = chat_metrics(lam, h, np.array([n, n + 1]), patience, t, waiting_room=room)
    assert m.asa[1] <= m.asa[0] * (1 + 1e-9) + 1e-300
    assert m.p_abandon[1] <= m.p_abandon[0] + 1e-12
    assert m.p_blocked[1] <= m.p_blocked[0] + 1e-12
    assert m.service_level[1] >= m.service_level[0] - 1e-9
    for field in ("p_wait", "service_level", "occupancy", "p_abandon", "p_blocked"):
        v = getattr(m, field)
        assert np.all((v >= 0) & (v <= 1 + 1e-12)), field
    assert np.all((m.mean_concurrency >= 0) & (m.mean_concurrency <= len(h) + 1e-9))


@SETTINGS
@given(
    lam=st.floats(0.1, 30.0),
    h=st.floats(0.2, 3.0),
    k=st.integers(1, 4),
    n=st.integers(1, 10),
    patience=st.floats(0.05, 20.0),
    room=st.one_of(st.integers(0, 30), st.just(math.inf)),
)
def test_conservation(lam, h, k, n, patience, room):
    """Equal handle times at every concurrency: the chats answered per time unit, counted at the
    agents (chats in service / h), equal λ(1 − P(abandon) − P(blocked)); and with t = inf the
    service level is the share answered at all."""
    m = chat_metrics(lam, [h] * k, n, patience, math.inf, waiting_room=room)
    assert m.occupancy * n * k / h == pytest.approx(lam * (1 - m.p_abandon - m.p_blocked), rel=1e-9)
    assert m.service_level == pytest.approx(1 - m.p_abandon - m.p_blocked, rel=1e-9, abs=1e-12)


def test_overloaded_without_patience_is_flagged():
    m = chat_metrics([5.0, 6.0, 7.0], [1.0, 2.0], 3)  # capacity 3·2/2 = 3 chats per unit
    assert list(m.overloaded) == [True, True, True]
    assert np.all(m.asa == math.inf) and np.all(m.service_level == 0.0)
    assert chat_metrics(2.9, [1.0, 2.0], 3).overloaded is False


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"handle_times": []}, "handle_times"),
        ({"handle_times": [1.0, -2.0]}, "handle_times[1]"),
        ({"handle_times": [[1.0]]}, "handle_times"),
        ({"agents": 2.5}, "agents"),
        ({"agents": -1}, "agents"),
        ({"arrival_rate": float("nan")}, "arrival_rate"),
        ({"patience": 0.0}, "patience"),
        ({"waiting_room": 1.5}, "waiting_room"),
        ({"agents": 600_000}, "agents"),
        ({"agents": [1, 2, 3], "arrival_rate": [1.0, 2.0]}, "shapes"),
    ],
)
def test_bad_input_names_the_argument(kwargs, field):
    args = {"arrival_rate": 2.0, "handle_times": [1.0, 1.5], "agents": 3} | kwargs
    with pytest.raises(InputError) as err:
        chat_metrics(**args)
    assert err.value.field == field
