"""Small multi-skill systems (svcdesign.formulas.queueing.markov.multiskill): reductions, conservation, errors."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign.errors import InputError
from svcdesign.formulas.queueing import erlang_a, erlang_c, multiskill_metrics
from svcdesign.formulas.queueing.markov import _ctmc
from svcdesign.formulas.queueing.markov.multiskill import _Chain, _priorities

SETTINGS = settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
NAN = float("nan")


@pytest.mark.parametrize(
    ("lam", "h", "n", "patience"),
    [(8.0, 1.0, 10, 2.0), (3.0, 0.5, 2, 0.3), (12.0, 1.0, 8, 1.0), (5.0, 2.0, 12, math.inf), (0.7, 1.0, 1, 4.0)],
)
def test_one_type_one_group_is_erlang_a(lam, h, n, patience):
    """M/M/n+M: the chain equals svcdesign's Erlang A (checked against published values elsewhere) to 1e-9."""
    m = multiskill_metrics([lam], [[h]], [n], [[0]], patience)
    ref = erlang_a(lam, h, n, patience) if math.isfinite(patience) else erlang_c(lam, h, n)
    assert m.boundary_mass[0] < 1e-10
    for field in ("p_wait", "asa", "queue_length", "p_abandon", "occupancy"):
        assert getattr(m, field)[0] == pytest.approx(getattr(ref, field), rel=1e-9, abs=1e-14), field
    assert m.throughput[0] == pytest.approx(lam * (1 - ref.p_abandon), rel=1e-9)


@pytest.mark.parametrize("order", [[0, 1], [1, 0]])
def test_one_cross_trained_group_is_the_pooled_erlang_a(order):
    """Two types, one group with both skills, equal handle times and patience: the total queue is the
    pooled M/M/n+M whatever the group's priority order, and every arrival waits with the pooled P(wait)."""
    m = multiskill_metrics([4.0, 3.0], [[1.0], [1.0]], [9], [[0], [0]], 2.0, group_priorities=[order])
    ref = erlang_a(7.0, 1.0, 9, 2.0)
    np.testing.assert_allclose(m.p_wait, ref.p_wait, rtol=1e-9)
    assert m.queue_length.sum() == pytest.approx(ref.queue_length, rel=1e-9)
    assert m.asa @ [4 / 7, 3 / 7] == pytest.approx(ref.asa, rel=1e-9)
    assert m.throughput.sum() == pytest.approx(7.0 * (1 - ref.p_abandon), rel=1e-9)
    # the preferred type waits less than the pooled average, the other more
    first, second = order
    assert m.asa[first] < ref.asa < m.asa[second]


def test_dedicated_groups_are_independent_erlang_a():
    m = multiskill_metrics([4.0, 2.0], [[1.0, NAN], [NAN, 0.5]], [5, 2], [[0], [1]], [1.0, 3.0])
    for i, (lam, h, n, pat) in enumerate([(4.0, 1.0, 5, 1.0), (2.0, 0.5, 2, 3.0)]):
        ref = erlang_a(lam, h, n, pat)
        assert m.p_wait[i] == pytest.approx(ref.p_wait, rel=1e-9)
        assert m.asa[i] == pytest.approx(ref.asa, rel=1e-9)
        assert m.occupancy[i] == pytest.approx(ref.occupancy, rel=1e-9)
    assert m.types_frame().shape[0] == 2 and m.groups_frame().shape == (2, 3)


def test_customers_at_the_truncation_cap_still_abandon():
    """A type whose only group has no agent is a queue of abandonments alone (M/M/∞ with rate θ): its length is
    Poisson with mean λ/θ and every caller waits his whole patience. Before the cap's states kept their
    abandonments, they were absorbing here and the solver warned of an exactly singular matrix."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no MatrixRankWarning
        # a W design in seconds (tests/test_desk_staffing.py): only group 1 staffed, it serves type 1 alone
        m = multiskill_metrics([2 / 300, 3 / 300], [[300, NAN, 300], [NAN, 300, 360]], [0, 1, 0], [[0, 2], [1, 2]], 600)
    assert m.queue_length[0] == pytest.approx(2 / 300 * 600, rel=1e-6)
    assert m.asa[0] == pytest.approx(600, rel=1e-6) and m.p_abandon[0] == pytest.approx(1.0, rel=1e-9)
    ref = erlang_a(3 / 300, 300, 1, 600)
    assert m.p_wait[1] == pytest.approx(ref.p_wait, rel=1e-6) and m.asa[1] == pytest.approx(ref.asa, rel=1e-6)


def test_n_design_by_hand():
    """N-design: group 0 serves type 0 only, group 1 (one agent) serves type 1 first and type 0 on
    overflow. With one agent in each group and patience the chain is small enough to write out:
    states (busy00, busy01, busy11, q0, q1); the reference solves its generator built here from
    the routing rules directly, with queues capped at 30 (far beyond the mass that matters at these
    patience rates), by a dense solve."""
    lam0, lam1, mu00, mu01, mu11, th0, th1 = 1.0, 0.6, 1.2, 0.9, 1.5, 0.7, 0.4
    cap = 30
    states = {}

    def index(s):
        return states.setdefault(s, len(states))

    trans = []
    frontier = [(0, 0, 0, 0, 0)]
    index(frontier[0])
    seen = {frontier[0]}
    while frontier:
        s = frontier.pop()
        b00, b01, b11, q0, q1 = s
        g0_idle, g1_idle = 1 - b00, 1 - b01 - b11
        moves = []
        if g0_idle:
            moves.append((lam0, (1, b01, b11, q0, q1)))
        elif g1_idle:
            moves.append((lam0, (b00, 1, b11, q0, q1)))
        elif q0 < cap:
            moves.append((lam0, (b00, b01, b11, q0 + 1, q1)))
        if g1_idle:
            moves.append((lam1, (b00, b01, 1, q0, q1)))
        elif q1 < cap:
            moves.append((lam1, (b00, b01, b11, q0, q1 + 1)))
        if b00:
            moves.append((mu00, (1, b01, b11, q0 - 1, q1) if q0 else (0, b01, b11, q0, q1)))
        for rate, busy in ((mu01, b01), (mu11, b11)):
            if busy:  # group 1 takes type 1 first, then type 0
                if q1:
                    moves.append((rate, (b00, 0, 1, q0, q1 - 1)))
                elif q0:
                    moves.append((rate, (b00, 1, 0, q0 - 1, q1)))
                else:
                    moves.append((rate, (b00, 0, 0, q0, q1)))
        if q0:
            moves.append((q0 * th0, (b00, b01, b11, q0 - 1, q1)))
        if q1:
            moves.append((q1 * th1, (b00, b01, b11, q0, q1 - 1)))
        for rate, nxt in moves:
            trans.append((index(s), index(nxt), rate))
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    size = len(states)
    q = np.zeros((size, size))
    for i, j, r in trans:
        q[i, j] += r
    q -= np.diag(q.sum(axis=1))
    a = q.T.copy()
    a[0] = 1.0  # normalisation in place of one balance equation
    pi = np.linalg.solve(a, np.r_[1.0, np.zeros(size - 1)])
    table = np.array(sorted(states, key=states.get))
    m = multiskill_metrics(
        [lam0, lam1], [[1 / mu00, 1 / mu01], [NAN, 1 / mu11]], [1, 1], [[0, 1], [1]], [1 / th0, 1 / th1]
    )
    np.testing.assert_allclose(m.queue_length, pi @ table[:, 3:], rtol=1e-8)
    np.testing.assert_allclose(m.served[0], [mu00 * pi @ table[:, 0], mu01 * pi @ table[:, 1]], rtol=1e-8)
    p_wait0 = pi[(table[:, 0] == 1) & (table[:, 1] + table[:, 2] == 1)].sum()
    assert m.p_wait[0] == pytest.approx(p_wait0, rel=1e-8)


@SETTINGS
@given(
    lam=st.tuples(st.floats(0.0, 4.0), st.floats(0.1, 4.0)),
    h=st.tuples(st.floats(0.3, 2.0), st.floats(0.3, 2.0), st.floats(0.3, 2.0), st.floats(0.3, 2.0)),
    agents=st.tuples(st.integers(0, 3), st.integers(1, 3), st.integers(0, 2)),
    patience=st.tuples(st.floats(0.2, 5.0), st.floats(0.2, 5.0)),
)
def test_conservation_in_a_w_design(lam, h, agents, patience):
    """Two types, three groups (dedicated, dedicated, flexible): type throughput = λ(1 − P(abandon))
    up to the dropped share at the caps (< 1e-10), and group work = agents × occupancy."""
    handle = [[h[0], NAN, h[2]], [NAN, h[1], h[3]]]
    m = multiskill_metrics(list(lam), handle, list(agents), [[0, 2], [1, 2]], list(patience))
    np.testing.assert_allclose(m.throughput, np.array(lam) * (1 - m.p_abandon), rtol=1e-8, atol=1e-12)
    work = (m.served * np.nan_to_num(np.array(handle))).sum(axis=0)
    np.testing.assert_allclose(work, np.array(agents) * m.occupancy, rtol=1e-8, atol=1e-12)
    for field in ("p_wait", "p_abandon"):
        v = getattr(m, field)
        assert np.all((v >= 0) & (v <= 1 + 1e-12)), field
    assert np.all(m.boundary_mass < 1e-10)


@SETTINGS
@given(lam=st.floats(0.5, 10.0), split=st.floats(0.05, 0.95), n=st.integers(1, 8), patience=st.floats(0.2, 5.0))
def test_more_agents_never_raise_the_pooled_wait(lam, split, n, patience):
    """One flexible group: the total queue is M/M/n+M, so one more agent never raises the mean wait."""
    rates = [lam * split, lam * (1 - split)]
    waits = [
        multiskill_metrics(rates, [[1.0], [1.0]], [agents], [[0], [0]], patience).queue_length.sum()
        for agents in (n, n + 1)
    ]
    assert waits[1] <= waits[0] * (1 + 1e-9)


def test_too_large_a_chain_is_refused_with_its_size():
    with pytest.raises(InputError) as err:
        multiskill_metrics([4.0, 3.0], [[1.0], [1.0]], [9], [[0], [0]], 2.0, max_states=500)
    assert err.value.field == "max_states" and "500" in err.value.allowed


def test_overload_without_patience_is_refused():
    with pytest.raises(InputError) as err:
        multiskill_metrics([5.0], [[1.0]], [3], [[0]], max_states=20_000)
    assert err.value.field == "max_states"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"routing": [[0], [3]]}, "routing[1]"),
        ({"routing": [[0], []]}, "routing[1]"),
        ({"routing": [[0, 0], [1]]}, "routing[0]"),
        ({"routing": [[0]]}, "routing"),
        ({"handle_times": [[1.0, 1.0]]}, "handle_times"),
        ({"handle_times": [[1.0, 1.0], [NAN, NAN]]}, "handle_times[1][1]"),
        ({"agents": [2, 1.5]}, "agents[1]"),
        ({"arrival_rates": [1.0, -1.0]}, "arrival_rates[1]"),
        ({"patience": [1.0, 0.0]}, "patience[1]"),
        ({"patience": [1.0, 1.0, 1.0]}, "patience"),
        ({"group_priorities": [[0], [0]]}, "group_priorities[1]"),
        ({"tolerance": 0.5}, "tolerance"),
        ({"max_states": 0}, "max_states"),
        ({"agents": [0, 0], "patience": [1.0, math.inf]}, "agents"),
    ],
)
def test_bad_input_names_the_argument(kwargs, field):
    args = {
        "arrival_rates": [1.0, 1.0],
        "handle_times": [[1.0, 1.0], [NAN, 1.0]],
        "agents": [2, 1],
        "routing": [[0, 1], [1]],
        "patience": 1.0,
    } | kwargs
    with pytest.raises(InputError) as err:
        multiskill_metrics(**args)
    assert err.value.field == field


def test_a_little_cross_training_goes_a_long_way():
    """The pooling observation of Wallace & Whitt (2005, MSOM 7(4):276–294) in its two-type form:
    eight agents for two types (loads 3.6 and 2.4 Erlangs, mean patience = handle time). Two
    dedicated teams of 4 wait longest; the fully cross-trained team of 8 (pooled Erlang A) least;
    cross-training a quarter of the agents (3 + 3 dedicated, 2 flexible) recovers more than half of
    the gain of cross-training everybody, and half of them (2 + 2, 4 flexible) more than three
    quarters. (Their study has six types and agents with two skills each, beyond the size of the
    exact chain; this is a qualitative reproduction, the fractions are this example's.)"""
    lam = np.array([3.6, 2.4])
    dedicated = multiskill_metrics(lam, [[1.0, NAN], [NAN, 1.0]], [4, 4], [[0], [1]], 1.0)
    pooled = erlang_a(6.0, 1.0, 8, 1.0)
    base = dedicated.asa @ lam / lam.sum()
    previous = base
    for flexible_agents, share in ((2, 0.5), (4, 0.75)):
        agents = [4 - flexible_agents // 2, 4 - flexible_agents // 2, flexible_agents]
        m = multiskill_metrics(lam, [[1.0, NAN, 1.0], [NAN, 1.0, 1.0]], agents, [[0, 2], [1, 2]], 1.0)
        wait = m.asa @ lam / lam.sum()
        assert pooled.asa < wait < previous
        assert base - wait > share * (base - pooled.asa)
        previous = wait


@st.composite
def _chains(draw):
    """A multi-skill chain of 1–3 types and 1–3 groups (0–3 agents each, every type served), some types
    without arrivals or without patience, default or shuffled group priorities, queue caps 1–8."""
    n_types, n_groups = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    routes = [
        draw(st.permutations(range(n_groups)).map(list))[: draw(st.integers(1, n_groups))] for _ in range(n_types)
    ]
    agents = np.array(draw(st.lists(st.integers(0, 3), min_size=n_groups, max_size=n_groups)), dtype=np.int64)
    for route in routes:
        agents[route[0]] = max(agents[route[0]], 1)
    rates = st.floats(0.3, 2.0)
    lam = np.array([draw(st.sampled_from([0.0, draw(st.floats(0.1, 3.0))])) for _ in range(n_types)])
    theta = np.array([draw(st.sampled_from([0.0, draw(st.floats(0.05, 1.0))])) for _ in range(n_types)])
    mu = np.full((n_types, n_groups), NAN)
    for i, route in enumerate(routes):
        for g in route:
            mu[i, g] = draw(rates)
    prios = _priorities(None, routes, n_types, n_groups)
    if draw(st.booleans()):
        prios = [draw(st.permutations(order).map(list)) for order in prios]
    caps = np.array(draw(st.lists(st.integers(1, 8), min_size=n_types, max_size=n_types)), dtype=np.int64)
    return _Chain(lam, mu, agents, routes, theta, prios), caps


@settings(SETTINGS, max_examples=60)
@given(chain_caps=_chains(), limit=st.sampled_from([40, 100_000]))
def test_the_compiled_states_and_generator_are_the_python_enumeration(chain_caps, limit):
    """``_Chain.explore`` (the compiled enumeration) gives the same states in the same order and the same
    generator, bit for bit, as the breadth-first enumeration in Python with the chain's moves, and refuses
    past the same number of states."""
    chain, caps = chain_caps
    try:
        states, q = chain.explore_in_python(caps, limit)
    except _ctmc.TooManyStates:
        with pytest.raises(_ctmc.TooManyStates):
            chain.explore(caps, limit)
        return
    table, compiled = chain.explore(caps, limit)
    np.testing.assert_array_equal(table, states)
    assert compiled.shape == q.shape
    for part in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(compiled, part), getattr(q, part))


def test_a_chain_whose_codes_would_overflow_is_enumerated_in_python():
    """A group of 2^60 agents that nobody calls beside a dedicated group of 4: a state's mixed-radix code
    would not fit in 62 bits, so the chain is enumerated in Python (the same rules); the called group is
    Erlang A."""
    m = multiskill_metrics([0.0, 3.0], [[1.0, NAN], [NAN, 1.0]], [2**60, 4], [[0], [1]], 2.0)
    ref = erlang_a(3.0, 1.0, 4, 2.0)
    for field in ("p_wait", "asa", "p_abandon"):
        assert getattr(m, field)[1] == pytest.approx(getattr(ref, field), rel=1e-9), field
    assert m.p_wait[0] == 0.0 and m.asa[0] == 0.0
