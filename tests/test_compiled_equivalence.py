"""Compiled parts of the analytic engine against the numpy expressions they stand for (issue 16).

Each kernel claims the arithmetic, in the order, of a numpy expression; the reference here is that
expression, written out as the engine had it, on hypothesis-generated inputs:

- the integer Erlang A staffing search (``kernels_erlang_a_staffing``) against the numpy search of
  ``staffing._solve``: the same agents and the same metrics, bit for bit, also where elements repeat
  (searched once);
- the Erlang A kernel's sharing of equal elements (``kernels_erlang_a.erlang_a_metrics``): every
  column bit for bit the one queue's own (``metrics_at``), and ``first_equal`` against a dictionary;
- one queue of ``erlang_c`` (scalar arguments, straight from the kernel's element) against the array
  path: the same figures;
- the traffic equations' step (``analytic_kernels.traffic_step``): np.einsum, np.roll, np.bincount and
  the sums over origins, bit for bit, with repeats, follow-ups, redials and delays moved to the next
  open period;
- the stage sums (``analytic_kernels.stage_sums``) and the segments' shares of abandonment
  (``analytic_kernels.segment_shares``) against their numpy expressions, bit for bit;
- the exponential waits' transforms (``journey_kernels.exponential_transforms``) against the closed
  form in numpy, to 1e-12 relative (numpy fuses the products of complex numbers where the processor
  has fused multiply-add; the kernel rounds them twice).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign.engines import analytic_kernels as AK
from svcdesign.engines import journey
from svcdesign.engines.journey_kernels import exponential_transforms
from svcdesign.formulas.queueing import erlang_c
from svcdesign.formulas.queueing import kernels_erlang_a as KA
from svcdesign.formulas.queueing import staffing as S
from svcdesign.formulas.queueing.erlang import _FIELDS

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# ------------------------------------------------------------------------------ staffing
@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(1, 40),
    scale=st.sampled_from([0.01, 0.3, 5.0, 60.0]),
    targets=st.sets(st.sampled_from(["service_level", "max_asa", "max_abandon", "max_occupancy"]), min_size=1),
    repeats=st.booleans(),
)
def test_compiled_erlang_a_staffing_takes_the_numpy_searchs_steps(seed, size, scale, targets, repeats):
    rng = _rng(seed)
    flat = {
        "lam": rng.uniform(0.0, scale, size) * (rng.random(size) > 0.1),
        "h": rng.uniform(20.0, 900.0, size),
        "pat": np.where(rng.random(size) < 0.15, np.inf, 10 ** rng.uniform(0.0, 4.0, size)),
        "t": rng.uniform(0.0, 120.0, size),
    }
    limits = {
        "service_level": rng.uniform(0.5, 0.99, size),
        "max_asa": rng.uniform(2.0, 300.0, size),
        "max_abandon": rng.uniform(0.002, 0.3, size),
        "max_occupancy": rng.uniform(0.5, 0.97, size),
    }
    flat.update({k: limits[k] for k in targets})
    if repeats:  # elements equal to earlier ones (searched once), some differing in one input only
        flat = _with_repeats(rng, flat)
    try:
        expected_agents, expected = S._solve(dict(flat), False)
    except Exception as error:  # targets no staffing meets: the same error either way
        with pytest.raises(type(error)):
            S._solve_erlang_a(dict(flat))
        return
    agents, got = S._solve_erlang_a(dict(flat))
    np.testing.assert_array_equal(agents, expected_agents)
    for field in _FIELDS:
        np.testing.assert_array_equal(got[field], expected[field], err_msg=field)


def _with_repeats(rng: np.random.Generator, columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``columns`` with every element replaced by one of its first few (a week repeating its days), and
    in about a third of them one input (the column chosen at random) drawn afresh."""
    size = next(iter(columns.values())).size
    pick = rng.integers(0, max(1, size // 3), size)
    out = {k: v[pick].copy() for k, v in columns.items()}
    names = list(out)
    for i in np.flatnonzero(rng.random(size) < 0.3):
        name = names[rng.integers(len(names))]
        out[name][i] = columns[name][rng.integers(size)]
    return out


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(1, 80),
    service_level=st.booleans(),
)
def test_erlang_a_kernel_shares_equal_elements_bit_for_bit(seed, size, service_level):
    """Elements equal to an earlier one take its figures: every column is the one queue's own
    (``metrics_at`` alone), whether computed or copied, fallbacks (huge patience at many agents) too."""
    rng = _rng(seed)
    columns = {
        "lam": rng.uniform(0.0, 2.0, size) * (rng.random(size) > 0.1),
        "h": rng.uniform(20.0, 900.0, size),
        "n": np.floor(rng.uniform(0.0, 60.0, size)),
        "pat": np.where(rng.random(size) < 0.15, np.inf, 10 ** rng.uniform(0.0, 4.0, size)),
        "t": rng.uniform(0.0, 120.0, size),
    }
    slow = rng.random(size) < 0.1  # x = n·patience/h of billions: the series would take too long
    columns["lam"][slow], columns["h"][slow], columns["n"][slow], columns["pat"][slow] = 40.0, 100.0, 4000.0, 1e12
    columns = _with_repeats(rng, columns)
    block, fallbacks = KA.erlang_a_metrics(*columns.values(), service_level)
    alone = np.empty_like(block)
    for i in range(size):
        KA.metrics_at(*(float(v[i]) for v in columns.values()), service_level, alone, i)
    ok = alone[KA.ROW_STATUS] == KA.STATUS_OK
    np.testing.assert_array_equal(block[KA.ROW_STATUS], alone[KA.ROW_STATUS])
    np.testing.assert_array_equal(block[:, ok], alone[:, ok])  # NaN service levels compare equal here
    assert fallbacks == int((~ok).sum())


@SETTINGS
@given(keys=st.lists(st.tuples(st.sampled_from([0.0, -0.0, 1.0, 2.5, np.inf, 1e-300]), st.integers(0, 2)), max_size=60))
def test_first_equal_finds_the_first_equal_column(keys):
    """Against a dictionary of the columns' bytes: the first column with the same bit patterns
    (0.0 and -0.0 differ), or the column itself."""
    values = np.array([[a for a, _ in keys], [float(b) for _, b in keys]]).reshape(2, len(keys))
    first = KA.first_equal(values.view(np.uint64))
    seen: dict[bytes, int] = {}
    expected = [seen.setdefault(values[:, i].tobytes(), i) for i in range(len(keys))]
    np.testing.assert_array_equal(first, expected)


@SETTINGS
@given(
    lam=st.floats(0.0, 50.0),
    h=st.floats(1.0, 1000.0),
    n=st.floats(0.0, 5000.0),
    t=st.floats(0.0, 3600.0),
)
def test_erlang_c_of_one_queue_equals_the_array_path(lam, h, n, t):
    one = erlang_c(lam, h, n, t)
    array = erlang_c(np.array([lam]), np.array([h]), np.array([n]), np.array([t]))
    for field in _FIELDS:
        assert getattr(one, field) == getattr(array, field)[0] or (
            np.isnan(getattr(one, field)) and np.isnan(getattr(array, field)[0])
        ), field


# ------------------------------------------------------------------------------ traffic
def _delayed(flow, shift, target):
    """The engine's numpy delay: np.roll, then np.bincount to the period of arrival."""
    moved = np.roll(flow, shift, axis=-1)
    if target is None:
        return moved
    out = np.zeros_like(moved)
    rows, flat = moved.reshape(-1, moved.shape[-1]), out.reshape(-1, moved.shape[-1])
    for r in range(rows.shape[0]):
        flat[r] = np.bincount(target, weights=rows[r], minlength=moved.shape[-1])
    return out


def _numpy_step(ext, flows, p_ab, unserved, routing, shifts, targets, entry):
    """The traffic equations' step as the engine's numpy expressions wrote it."""
    move, repeat, repeat_to, follow_up, retry = routing
    kept = 1.0 - p_ab
    served = flows * (kept if unserved is None else kept * (1.0 - unserved))[None]
    inflow = np.einsum("ckoit,kij->ckojt", served, move)
    handled = served.sum(axis=2)
    for i in np.flatnonzero(repeat > 0):
        for c in range(flows.shape[0]):
            dest = repeat_to[i] if repeat_to[i] >= 0 else entry[c]
            inflow[c, :, 0, dest, :] += _delayed(handled[c, :, i, :] * repeat[i], shifts[0, i], targets[dest])
    for i, j in zip(*np.nonzero(follow_up), strict=True):
        inflow[:, :, 1, j, :] += _delayed(handled[:, :, i, :] * follow_up[i, j], shifts[1, i], targets[j])
    new = ext + inflow
    if np.any(retry > 0):
        out = np.zeros_like(flows)
        abandoned = flows * p_ab[None]
        for s in np.flatnonzero(retry > 0):
            out[:, :, 0, s, :] = _delayed(abandoned[:, :, :, s, :].sum(axis=2) * retry[s], shifts[2, s], targets[s])
        new = new + out
    return new


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 5), st.integers(1, 60)),
    overloaded=st.booleans(),
)
def test_traffic_step_is_the_numpy_step_bit_for_bit(seed, shape, overloaded):
    rng = _rng(seed)
    C, K, S_, T = shape
    flows = rng.uniform(0.0, 5.0, (C, K, 2, S_, T)) * (rng.random((C, K, 2, S_, T)) > 0.2)
    ext = rng.uniform(0.0, 5.0, flows.shape)
    p_ab = rng.uniform(0.0, 0.5, (K, 2, S_, T))
    unserved = rng.uniform(0.0, 0.3, (S_, T)) if overloaded else None
    move = rng.uniform(0.0, 0.3, (K, S_, S_)) * (rng.random((K, S_, S_)) > 0.5)
    repeat = rng.uniform(0.0, 0.2, S_) * (rng.random(S_) > 0.4)
    repeat_to = rng.integers(-1, S_, S_)
    follow_up = rng.uniform(0.0, 0.2, (S_, S_)) * (rng.random((S_, S_)) > 0.6)
    retry = rng.uniform(0.0, 0.5, S_) * (rng.random(S_) > 0.5)
    shifts = rng.integers(0, 2 * T, (3, S_))
    found = [None if rng.random() < 0.5 else rng.integers(0, T, T) for _ in range(S_)]
    entry = rng.integers(0, S_, C)
    routing = (move, repeat, repeat_to, follow_up, retry)
    targets = np.array([np.arange(T) if f is None else f for f in found]).reshape(S_, T)
    moved_on = np.array([f is not None for f in found])
    held = np.zeros((1, 1)) if unserved is None else unserved
    got = AK.traffic_step(ext, flows, p_ab, held, unserved is not None, routing, shifts, targets, moved_on, entry)
    np.testing.assert_array_equal(got, _numpy_step(ext, flows, p_ab, unserved, routing, shifts, found, entry))


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), shape=st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, 5)))
def test_stage_sums_and_segment_shares_are_the_numpy_expressions(seed, shape):
    rng = _rng(seed)
    C, K, S_ = shape
    T = int(rng.integers(1, 700))
    flows = rng.uniform(0.0, 5.0, (C, K, 2, S_, T)) * (rng.random((C, K, 2, S_, T)) > 0.2)
    handle_mean = rng.uniform(60.0, 900.0, (K, S_))
    theta = rng.uniform(0.0, 0.01, (K, 2, S_)) * (rng.random((K, 2, S_)) > 0.3)
    by_kos = flows.sum(axis=0)
    arrivals, handle, rate = AK.stage_sums(flows, handle_mean, theta)
    np.testing.assert_array_equal(arrivals, by_kos.sum(axis=(0, 1)))
    np.testing.assert_array_equal(handle, np.einsum("kost,ks->st", by_kos, handle_mean))
    np.testing.assert_array_equal(rate, np.einsum("kost,kos->st", by_kos, theta))
    p_abandon = rng.uniform(0.0, 0.2, (S_, T))
    shares, done = AK.segment_shares(p_abandon, by_kos, theta)
    lam_rate = by_kos * theta[..., None]
    free = lam_rate.sum(axis=(0, 1))
    left = p_abandon * by_kos.sum(axis=(0, 1)) - np.zeros_like(by_kos).sum(axis=(0, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.where(free > 0, np.maximum(left, 0.0) / np.where(free > 0, free, 1.0), 0.0)
    expected = np.minimum(c[None, None] * theta[..., None], 1.0)
    if done:
        np.testing.assert_array_equal(shares, expected)
    else:  # declined only where some share reaches 1 (the water-filling the numpy path does)
        assert np.any((c[None, None] * theta[..., None] >= 1.0) & (theta[..., None] > 0))


# ------------------------------------------------------------------------------ journeys
@SETTINGS
@given(
    target=st.sampled_from([20.0, 3600.0, 86400.0, 604800.0]),
    means=st.lists(st.one_of(st.just(0.0), st.floats(1e-3, 1e7)), min_size=1, max_size=16),
)
def test_exponential_transforms_are_the_closed_form(target, means):
    grid = journey.Grid(target)
    f = np.arange(grid.length // 2 + 1)
    log_z = -grid.sigma * grid.step - 2j * np.pi * f / grid.length
    z, z_tail = np.exp(log_z), np.exp((grid.points - 1) * log_z)
    with np.errstate(divide="ignore"):
        q = np.exp(-grid.step / np.asarray(means))[:, None]
    half = np.sqrt(q)
    with np.errstate(all="ignore"):
        expected = (1.0 - half) + (1.0 - q) * half * z[None, :] * (1.0 - q ** (grid.points - 1) * z_tail[None, :]) / (
            1.0 - q * z[None, :]
        )
    got = exponential_transforms(q[:, 0], q[:, 0] ** (grid.points - 1), z, z_tail)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(grid.exponential(np.asarray(means)), got)
