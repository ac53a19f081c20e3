"""Erlang B/C/A against published values and against an independent high-precision oracle.

The oracle sums the birth-death stationary distribution in mpmath (50 digits, state space truncated
where the queue terms fall below 1e-40 of the queue mass) and computes the Erlang-A service level from the
tagged customer's absorbing chain by a matrix exponential; it shares no code with svcdesign.
"""

from __future__ import annotations

import itertools
import math

import mpmath as mp
import numpy as np
import pytest
import scipy.linalg

from svcdesign.formulas.queueing import erlang_a, erlang_b, erlang_c, required_agents

pytestmark = pytest.mark.filterwarnings("error")


# ---------------------------------------------------------------- oracle (independent of svcdesign)
def oracle_birth_death(lam: float, h: float, n: int, patience: float) -> dict[str, float]:
    """Stationary metrics of M/M/n+M (patience = inf: M/M/n) by summing the birth-death chain."""
    with mp.workdps(50):
        lam_, mu = mp.mpf(lam), 1 / mp.mpf(h)
        theta = mp.mpf(0) if math.isinf(patience) else 1 / mp.mpf(patience)
        a = lam_ / mu
        # work with p_k / p_n to avoid overflow: below n, p_k/p_n = n!/(k! a^(n-k))
        below = mp.mpf(0)
        term = mp.mpf(1)
        for k in range(n, 0, -1):  # term = p_{k-1}/p_n
            term = term * k / a
            below += term
        queue = [mp.mpf(1)]  # p_{n+j}/p_n
        total_q = mp.mpf(1)
        j = 0
        while True:
            j += 1
            nxt = queue[-1] * lam_ / (n * mu + j * theta)
            queue.append(nxt)
            total_q += nxt
            if nxt < mp.mpf(10) ** -40 * total_q or j > 400_000:
                break
        total = below + total_q
        pn = 1 / total
        p_wait = total_q * pn
        eq = sum(jj * q for jj, q in enumerate(queue)) * pn
        p_ab = theta * eq / lam_ if theta > 0 else mp.mpf(0)
        return {
            "p_wait": float(p_wait),
            "queue_length": float(eq),
            "asa": float(eq / lam_),
            "p_abandon": float(p_ab),
            "occupancy": float(lam_ * (1 - p_ab) / (n * mu)),
            "dist": [float(q * pn) for q in queue],
        }


def oracle_service_level(lam: float, h: float, n: int, patience: float, t: float) -> float:
    """Share of all arrivals answered within t, via expm of the tagged customer's chain.

    A customer arriving to n + j in system has j ahead; the number ahead falls at rate
    n·mu + k·theta; from 0 ahead it is served at rate n·mu; it abandons at rate theta throughout.
    """
    bd = oracle_birth_death(lam, h, n, patience)
    dist = bd["dist"]
    k_max = len(dist) - 1
    mu, theta = 1 / h, 1 / patience
    size = k_max + 3  # states 0..k_max ahead, served, abandoned
    served, abandoned = k_max + 1, k_max + 2
    gen = np.zeros((size, size))
    for k in range(k_max + 1):
        if k > 0:
            gen[k, k - 1] = n * mu + k * theta
        else:
            gen[k, served] = n * mu
        gen[k, abandoned] = theta
        gen[k, k] = -gen[k].sum()
    prob = scipy.linalg.expm(gen * t)[: k_max + 1, served]
    return (1 - bd["p_wait"]) + float(np.dot(dist, prob))


def oracle_erlang_b(a: float, n: float) -> float:
    """Erlang B by mpmath's incomplete gamma, real n allowed."""
    with mp.workdps(60):
        a_, n_ = mp.mpf(a), mp.mpf(n)
        log_pmf = n_ * mp.log(a_) - a_ - mp.loggamma(n_ + 1)
        return float(mp.exp(log_pmf) / mp.gammainc(n_ + 1, a_, mp.inf, regularized=True))


# ---------------------------------------------------------------- published values
def test_erlang_c_pyworkforce_readme_example():
    # pyworkforce README / PyPI page (0.1.0): 100 transactions in 30 min, AHT 3 min, target 20 s,
    # 14 positions -> service level 0.8883500191794669, occupancy 0.7142857142857143,
    # waiting probability 0.1741319335950498; 80% target, 85% max occupancy, 30% shrinkage
    # -> raw_positions 14, positions 20.
    m = erlang_c(100 / 30, 3.0, 14, 20 / 60)
    assert m.service_level == pytest.approx(0.8883500191794669, rel=1e-12)
    assert m.occupancy == pytest.approx(0.7142857142857143, rel=1e-12)
    assert m.p_wait == pytest.approx(0.1741319335950498, rel=1e-12)
    r = required_agents(100 / 30, 3.0, target_time=20 / 60, service_level=0.8, max_occupancy=0.85, shrinkage=0.3)
    assert (r.agents, r.staff) == (14, 20)


def test_erlang_c_r_package_asa_example():
    # R package ErlangC 0.1.0 (rdocumentation.org/packages/ErlangC/versions/0.1.0): 100 calls per
    # 30 min, AHT 180 s, 14 agents -> average_speed_of_answer "7.83593701177724s",
    # wait_probability 0.1741319, service_level (20 s) 0.88835, occupancy 0.7142857.
    m = erlang_c(100 / 1800, 180.0, 14, 20.0)
    assert m.asa == pytest.approx(7.83593701177724, rel=1e-12)
    assert m.p_wait == pytest.approx(0.1741319, abs=5e-8)
    assert m.service_level == pytest.approx(0.88835, abs=5e-6)


def test_erlang_a_pyworkforce_docs_example():
    # pyworkforce documentation, "Erlang A (abandonment)" guide (pyworkforce.rodrigo-arenas.com,
    # development/guide/erlanga): ErlangA(transactions=100, aht=3, asa=20/60, interval=30,
    # patience=5, shrinkage=0.3).required_positions(service_level=0.8, max_occupancy=0.85,
    # max_abandonment=0.05) -> raw_positions 13, positions 19, service_level 0.858...,
    # occupancy 0.750..., abandonment_probability 0.025..., waiting_probability 0.226...,
    # average_speed_of_answer 0.125... (minutes).
    # (the guide prints values rounded to three decimals followed by "...")
    m = erlang_a(100 / 30, 3.0, 13, 5.0, 20 / 60)
    assert round(m.service_level, 3) == 0.858
    assert round(m.occupancy, 3) == 0.750
    assert round(m.p_abandon, 3) == 0.025
    assert round(m.p_wait, 3) == 0.226
    assert round(m.asa, 3) == 0.125
    r = required_agents(
        100 / 30,
        3.0,
        target_time=20 / 60,
        service_level=0.8,
        max_occupancy=0.85,
        max_abandon=0.05,
        patience=5.0,
        shrinkage=0.3,
    )
    assert (r.agents, r.staff) == (13, 19)


# ---------------------------------------------------------------- oracle cross-checks
ERLANG_B_CASES = [
    (0.5, 1),
    (10, 10),
    (10, 3.5),
    (50, 60),
    (100, 80.25),
    (1000, 1000),
    (5000, 6000),
    (5000, 4000),
    (5000, 100),
    (3000, 10.5),
    (1e-3, 5),
]


@pytest.mark.parametrize("a,n", ERLANG_B_CASES)
def test_erlang_b_matches_mpmath(a, n):
    expected = oracle_erlang_b(a, n)
    assert erlang_b(a, n) == pytest.approx(expected, rel=1e-10)


def test_erlang_b_recursion_integer_agents():
    # the textbook recursion B(k) = a B(k-1) / (k + a B(k-1)) for every k up to 60
    a = 37.5
    b = 1.0
    ours = erlang_b(a, np.arange(61))
    for k in range(1, 61):
        b = a * b / (k + a * b)
        assert ours[k] == pytest.approx(b, rel=1e-12)


GRID = [  # (arrival rate, handle time, agents, patience, target time)
    (1.0, 1.0, 2, 0.5, 0.1),
    (1.0, 1.0, 1, 2.0, 0.5),
    (3.0, 1.0, 2, 1.0, 0.2),
    (10.0, 1.0, 8, 0.3, 0.1),
    (10.0, 1.0, 12, 5.0, 0.05),
    (20.0, 0.5, 9, 0.2, 0.05),
    (100 / 30, 3.0, 13, 5.0, 1 / 3),
    (45.0, 1.0, 50, 2.0, 0.2),
    (45.0, 1.0, 40, 0.5, 0.1),
    (0.2, 4.0, 3, 10.0, 1.0),
    (30.0, 1.0, 25, 40.0, 0.3),
    (5.0, 1.0, 5, 100.0, 0.0),
]


@pytest.mark.parametrize("lam,h,n,pat,t", GRID)
def test_erlang_a_closed_form_matches_birth_death(lam, h, n, pat, t):
    got = erlang_a(lam, h, n, pat, t)
    ref = oracle_birth_death(lam, h, n, pat)
    for field in ("p_wait", "p_abandon", "asa", "queue_length", "occupancy"):
        assert getattr(got, field) == pytest.approx(ref[field], rel=1e-9, abs=1e-15), field
    assert got.service_level == pytest.approx(oracle_service_level(lam, h, n, pat, t), abs=1e-9)


@pytest.mark.parametrize("lam,h,n,pat,t", [c for c in GRID if c[0] * c[1] < c[2]])
def test_erlang_c_matches_birth_death(lam, h, n, pat, t):
    got = erlang_c(lam, h, n, t)
    ref = oracle_birth_death(lam, h, n, math.inf)
    for field in ("p_wait", "asa", "queue_length", "occupancy"):
        assert getattr(got, field) == pytest.approx(ref[field], rel=1e-10), field
    # M/M/n waiting time: P(W > t) = C exp(-(n mu - lam) t), from the conditional exponential law
    assert got.service_level == pytest.approx(1 - ref["p_wait"] * math.exp(-(n / h - lam) * t), rel=1e-10)


def test_erlang_a_service_level_limits():
    # t = 0: only those who do not wait; t = inf: everybody who is eventually served
    m0 = erlang_a(10.0, 1.0, 9, 0.5, 0.0)
    assert m0.service_level == pytest.approx(1 - m0.p_wait, rel=1e-13)
    minf = erlang_a(10.0, 1.0, 9, 0.5, np.inf)
    assert minf.service_level == pytest.approx(1 - minf.p_abandon, rel=1e-12)


def test_erlang_a_tends_to_erlang_c():
    # the gap to Erlang C is first order in 1/patience: x100 patience -> gap / 100
    c = erlang_c(9.0, 1.0, 10, 0.1)
    gaps = []
    for patience in (1e2, 1e4, 1e6, 1e8, 1e10):
        a = erlang_a(9.0, 1.0, 10, patience, 0.1)
        assert a.asa < c.asa and a.p_wait < c.p_wait  # abandonment shortens the queue
        gaps.append(c.queue_length - a.queue_length)
    for before, after in itertools.pairwise(gaps[1:]):
        assert before / after == pytest.approx(100, rel=0.02)
    for field in ("p_wait", "asa", "service_level", "queue_length", "occupancy"):
        assert getattr(a, field) == pytest.approx(getattr(c, field), rel=1e-8), field
    assert a.p_abandon < 1e-9
    assert erlang_a(9.0, 1.0, 10, np.inf, 0.1) == c
    over = erlang_a(12.0, 1.0, 10, np.inf, 0.1)
    assert over.overloaded and over.asa == np.inf


# ---------------------------------------------------------------- large loads
@pytest.mark.parametrize("a,n", [(5000.0, 5100), (5000.0, 6000), (4900.0, 5000), (1000.0, 1050)])
def test_large_erlang_c_matches_mpmath(a, n):
    got = erlang_c(a, 1.0, n, 0.01)
    with mp.workdps(60):
        b = mp.mpf(oracle_erlang_b(a, n))
        c = n * b / (n - a * (1 - b))
    assert got.p_wait == pytest.approx(float(c), rel=1e-9)
    assert got.asa == pytest.approx(float(c) / (n - a), rel=1e-9)
    assert np.isfinite(got.service_level) and 0 <= got.service_level <= 1


@pytest.mark.parametrize(
    "lam,n,pat",
    [(5000.0, 5000, 1.0), (5000.0, 4800, 0.5), (5000.0, 6000, 2.0), (5000.0, 3000, 0.2), (2000.0, 2100, 20.0)],
)
def test_large_erlang_a_matches_birth_death(lam, n, pat):
    got = erlang_a(lam, 1.0, n, pat, 0.05)
    ref = oracle_birth_death(lam, 1.0, n, pat)
    for field in ("p_wait", "p_abandon", "queue_length", "occupancy"):
        assert getattr(got, field) == pytest.approx(ref[field], rel=1e-8, abs=1e-300), field


def test_large_erlang_a_overload_fluid_limit():
    # Far over capacity the fluid limit (Whitt 2004) gives P(abandon) -> 1 - n mu / lam
    got = erlang_a(5000.0, 1.0, 2500, 0.1, 0.0)
    assert got.p_abandon == pytest.approx(0.5, rel=1e-3)
    assert got.occupancy == pytest.approx(1.0, abs=1e-6)


def test_large_staffing_is_finite_and_minimal():
    r = required_agents(5000.0, 1.0, target_time=0.01, service_level=0.9)
    assert 5000 < r.agents < 5200
    assert erlang_c(5000.0, 1.0, r.agents - 1, 0.01).service_level < 0.9 <= r.metrics.service_level


def test_erlang_a_without_service_level_keeps_the_other_figures():
    import numpy as np

    from svcdesign.formulas.queueing import erlang_a

    full = erlang_a([0.1, 0.2], 240.0, [25, 40], 180.0, 20.0)
    quick = erlang_a([0.1, 0.2], 240.0, [25, 40], 180.0, 20.0, service_level=False)
    for field in ("p_wait", "asa", "p_abandon", "occupancy", "queue_length"):
        np.testing.assert_array_equal(getattr(quick, field), getattr(full, field))
    assert np.isnan(quick.service_level).all() and not np.isnan(full.service_level).any()
