"""The compiled Erlang A kernel (svcdesign.formulas.queueing.kernels_erlang_a) against the numpy path.

``erlang_a`` goes through the numba kernel; the numpy implementation (``erlang._erlang_a`` with
scipy's incomplete gammas) is the reference: every metric equal to 1e-10 relative on inputs from
tiny loads to 5,000 Erlangs, up to 6,000 (real-valued) agents and patience from 1e-3 to 1e12 handle
times, and exactly equal in the special cases (no arrivals, no agents, infinite patience, overload).
The kernel's own incomplete gammas are checked against mpmath.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign.formulas.queueing import erlang_a, special
from svcdesign.formulas.queueing import kernels_erlang_a as KA
from svcdesign.formulas.queueing.erlang import _FIELDS, _erlang_a

pytestmark = pytest.mark.filterwarnings("error")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RTOL = 1e-10


def numpy_reference(lam, h, n, pat, t, service_level=True):
    shape = np.broadcast_shapes(*(np.shape(v) for v in (lam, h, n, pat, t)))
    args = [np.broadcast_to(np.asarray(v, float), shape).ravel() for v in (lam, h, n, pat, t)]
    with np.errstate(all="ignore"):
        out = _erlang_a(*args, service_level)
    return {k: np.broadcast_to(out[k], (args[0].size,)) for k in _FIELDS}


def compiled(lam, h, n, pat, t, service_level=True):
    """The kernel alone (no numpy fallback), and its status row."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in (lam, h, n, pat, t)))
    args = [np.array(np.broadcast_to(np.asarray(v, float), shape)).ravel() for v in (lam, h, n, pat, t)]
    block, _ = KA.erlang_a_metrics(*args, service_level)
    return block


def numpy_error_scale(lam, h, n, pat):
    """Relative error of the numpy path's ln A(x, y) = L(x, y) + ln P(x, y): the rounding of
    L (about eps·x·|ln(y/x)|), and the factor (x/A)/E[J] by which E[J] = x/A + y - x magnifies it
    where it cancels (y < x). Returns (for P(wait) and the service level, for the E[J] fields)."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in (lam, h, n, pat)))
    lam, h, n, pat = (np.broadcast_to(np.asarray(v, float), shape).ravel() for v in (lam, h, n, pat))
    log_a_err = np.zeros(lam.size)
    ej_err = np.zeros(lam.size)
    live = (lam > 0) & (n > 0) & np.isfinite(pat)
    if live.any():
        with np.errstate(all="ignore"):
            x, y = n[live] * pat[live] / h[live], lam[live] * pat[live]
            log_a, ej = special.kummer(x, y)
            err = 4e-16 * x * (np.abs(np.log(y / x)) + 1.0)
            cond = np.where(y < x, x * np.exp(-log_a) / ej, 1.0)
            log_a_err[live] = np.nan_to_num(err, nan=0.0)
            ej_err[live] = np.nan_to_num(err * np.maximum(cond, 1.0), nan=np.inf, posinf=np.inf)
    return log_a_err, ej_err


def assert_matches(lam, h, n, pat, t, service_level=True):
    """Every field within 1e-10 relative of the numpy path, widened by that path's own rounding
    (:func:`numpy_error_scale`; nil except for huge x = n·patience/h). Two fields are formed by a
    subtraction that both paths round: occupancy = (a/n)·(1 - P(abandon)) and the service level
    1 - P(wait) + P(wait)·P(served within t | wait); an absolute slack of 1e-13 (times a/n for the
    occupancy; for the service level, 1e-13 plus the numpy path's error scale, since its terms near 1
    can cancel to ~1e-7 when patience is billions of handle times) covers those last-bit differences,
    which the subtraction magnifies. Figures below 1e-30 (P(wait) of a nearly idle stage, say) are
    zero for every purpose and are compared only to that absolute floor."""
    got = erlang_a(lam, h, n, pat, t, service_level=service_level)
    ref = numpy_reference(lam, h, n, pat, t, service_level)
    log_a_err, ej_err = numpy_error_scale(lam, h, n, pat)
    with np.errstate(all="ignore"):
        load_per_agent = np.nan_to_num(np.asarray(ref["offered_load"]) / np.asarray(ref["agents"]), nan=0.0, posinf=0.0)
    slack = {"occupancy": 1e-13 * load_per_agent, "service_level": 1e-13 + log_a_err}
    for k in _FIELDS:
        g = np.ravel(getattr(got, k))
        if k == "overloaded":
            np.testing.assert_array_equal(g, ref[k], err_msg=k)
            continue
        rtol = RTOL + (
            log_a_err
            if k in ("p_wait", "service_level")
            else ej_err
            if k in ("p_abandon", "asa", "queue_length", "occupancy")
            else 0.0
        )
        atol = np.maximum(slack.get(k, 0.0), 1e-30)
        with np.errstate(invalid="ignore"):
            diff = np.abs(g - ref[k])
            ok = (g == ref[k]) | (np.isnan(g) & np.isnan(ref[k])) | (diff <= rtol * np.abs(ref[k])) | (diff <= atol)
        # where the two disagree, the 50-digit closed form decides: the kernel must match it
        # (near x ≈ y the numpy path's cancellation can exceed its error estimate; see the docstring)
        for i in np.flatnonzero(~ok):
            args = [float(np.broadcast_to(v, np.shape(g) or (1,)).ravel()[i]) for v in (lam, h, n, pat, t)]
            exact = oracle(*args)
            assert k in exact and abs(g[i] - exact[k]) <= max(1e-9 * abs(exact[k]), 1e-30), (
                k,
                g[i],
                ref[k][i],
                exact.get(k),
            )
    return got


def oracle(lam, h, n, pat, t):
    """Erlang A in closed form at 50 digits (finite patience, arrivals and agents): the metrics the
    kernel reports, from the incomplete gammas (docs/background/queueing.md)."""
    if not (lam > 0 and n > 0 and math.isfinite(pat)):
        return {}
    with mp.workdps(50):
        lam_, h_, n_, pat_, t_ = (mp.mpf(v) for v in (lam, h, n, pat, t))
        a, theta = lam_ * h_, 1 / pat_
        x, y = n_ / h_ / theta, lam_ / theta
        big_a = x * mp.e**y * y ** (-x) * mp.gammainc(x, 0, y)
        b = a**n_ * mp.e ** (-a) / mp.gamma(n_ + 1) / mp.gammainc(n_ + 1, a, mp.inf, regularized=True)
        p_wait = big_a * b / (1 + (big_a - 1) * b)
        rho = a / n_
        p_ab = p_wait * (1 / (rho * big_a) + 1 - 1 / rho)
        served = (
            (x / y)
            * (
                mp.gammainc(x + 1, 0, y, regularized=True)
                - mp.gammainc(x + 1, 0, y * mp.e ** (-theta * t_), regularized=True)
            )
            / mp.gammainc(x, 0, y, regularized=True)
        )
        return {
            "p_wait": float(p_wait),
            "p_abandon": float(p_ab),
            "asa": float(p_ab / theta),
            "queue_length": float(lam_ * p_ab / theta),
            "occupancy": float(a * (1 - p_ab) / n_),
            "service_level": float(1 - p_wait + p_wait * served),
        }


loads = st.one_of(st.floats(1e-6, 5000.0), st.floats(1e-6, 10.0), st.just(0.0))
ratios = st.one_of(st.floats(0.0, 2.0), st.floats(0.9, 1.1), st.floats(0.0, 1.2).map(lambda r: r * r))
patience_ratios = st.one_of(
    st.floats(1e-3, 1e12).map(float), st.floats(-3.0, 12.0).map(lambda e: 10.0**e), st.just(math.inf)
)
targets = st.one_of(st.floats(0.0, 3.0), st.just(0.0), st.just(math.inf))


@SETTINGS
@given(
    a=st.lists(loads, min_size=1, max_size=16),
    ratio=ratios,
    h=st.floats(0.01, 1000.0),
    pat=patience_ratios,
    t=targets,
    integer=st.booleans(),
    full=st.booleans(),
)
def test_kernel_matches_numpy(a, ratio, h, pat, t, integer, full):
    load = np.array(a)
    agents = np.minimum(load * ratio, 6000.0)
    if integer:
        agents = np.round(agents)
    assert_matches(load / h, h, agents, pat * h, t * h, full)


@SETTINGS
@given(a=st.floats(1e-6, 5000.0), n=st.floats(0.0, 6000.0), h=st.floats(0.01, 1000.0), pat=patience_ratios, t=targets)
def test_kernel_matches_numpy_scalar(a, n, h, pat, t):
    """Scalars over the whole box, loads and agents drawn independently (deep overload included)."""
    got = assert_matches(a / h, h, n, pat * h, t * h)
    assert isinstance(got.p_wait, float) and isinstance(got.overloaded, bool)


def test_kernel_handles_typical_week_without_fallback():
    """Call-centre parameters (a week of 15-minute intervals) stay inside the kernel."""
    rng = np.random.default_rng(7)
    load = rng.uniform(0.0, 300.0, 672)
    agents = np.round(load * rng.uniform(0.7, 1.4, 672))
    for pat in (30.0, 180.0, 900.0, math.inf):
        block = compiled(load / 300.0, 300.0, agents, pat, 20.0)
        assert not (block[KA.ROW_STATUS] != KA.STATUS_OK).any()
        assert_matches(load / 300.0, 300.0, agents, pat, 20.0)


def test_special_cases_exact():
    lam = np.array([0.0, 0.0, 2.0, 2.0, 2.0, 2.0, 5.0])
    n = np.array([0.0, 3.0, 0.0, 0.0, 2.0, 1.5, 3.0])
    pat = np.array([3.0, math.inf, 3.0, math.inf, math.inf, math.inf, math.inf])
    got = erlang_a(lam, 1.0, n, pat, 0.5)
    ref = numpy_reference(lam, 1.0, n, pat, 0.5)
    for k in _FIELDS:
        np.testing.assert_array_equal(np.ravel(getattr(got, k)), ref[k], err_msg=k)
    np.testing.assert_array_equal(got.overloaded, [False, False, False, True, True, True, True])
    np.testing.assert_array_equal(got.p_abandon[:3], [0.0, 0.0, 1.0])
    assert got.asa[2] == 3.0 and got.queue_length[2] == 6.0


def test_fallback_region_goes_to_numpy():
    """x = n·patience/h in the billions with y close to x: the kernel hands the element over."""
    lam, h, n, pat = 1000.0, 1.0, 1000.0, 1e7
    block = compiled(lam, h, n, pat, 0.5)
    assert block[KA.ROW_STATUS, 0] == KA.STATUS_FALLBACK
    assert_matches(np.array([lam, 1.0]), h, np.array([n, 3.0]), pat, 0.5)


@pytest.mark.parametrize(
    "s, z",
    [
        (0.3, 0.1),
        (1.0, 2.5),
        (9.5, 9.0),
        (10.0, 30.0),
        (500.0, 480.0),
        (500.0, 540.0),
        (6001.0, 5000.0),
        (6001.0, 6100.0),
        (1e5, 1e5 + 1.5),
    ],
)
def test_incomplete_gamma_against_mpmath(s, z):
    p, q = KA.gamma_pq(s, z)
    mp.mp.dps = 40
    p_ref = mp.gammainc(s, 0, z, regularized=True)
    q_ref = mp.gammainc(s, z, mp.inf, regularized=True)
    assert p == pytest.approx(float(p_ref), rel=1e-12)
    assert q == pytest.approx(float(q_ref), rel=1e-12)


def test_kernel_closer_to_mpmath_where_numpy_cancels():
    """x = 121,434, y = 114,291: E[J] = x/A + y - x cancels 450-fold; the kernel's A (the series
    of P summed directly) keeps E[J] within 1e-11 of 50-digit mpmath, the numpy path's e^L·P does not
    need to (about 1e-10)."""
    lam, n, pat = 1377.0, 1463.0625, 83.0
    mp.mp.dps = 50
    x, y = mp.mpf(n * pat), mp.mpf(lam * pat)
    a_true = mp.exp(mp.loggamma(x + 1) + y - x * mp.log(y)) * mp.gammainc(x, 0, y, regularized=True)
    ej_true = float(x / a_true + y - x)
    block = compiled(lam, 1.0, n, pat, 0.0, False)
    ej_kernel = block[KA.ROW_QUEUE_LENGTH, 0] / block[KA.ROW_P_WAIT, 0]
    assert ej_kernel == pytest.approx(ej_true, rel=1e-11)
