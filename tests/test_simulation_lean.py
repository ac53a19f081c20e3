"""The single-stage kernel (:mod:`svcdesign.engines.simulation.lean_kernel`) against the general kernel.

The single-stage kernel promises the general kernel's figures: the same events with the same random draws,
so every count and every column of the log bit for bit. It adds some sums in another order, so those may
differ in their last bits and are compared within 1e-12 relative (1e-9 absolute, seconds or
contact-seconds), every other sum exactly: the records of a service that ends before the horizon (service
times, busy time, journey times) are made when it starts, where the general kernel makes them when it ends;
and without a log the contacts still in the system at the horizon are written in another order than the
general kernel's recycled visit rows, so the sums that ``_close`` adds for them (the censored waits, and the
queue, age and busy integrals) may differ too. These run both kernels on the same compiled network and
stream (the general one through ``run_replication(..., general=True)``). Random networks cover staff per
interval (with drops to 0, so that busy agents finish and leave, and rises, so that agents join while
contacts wait), arrival rates per interval (with zeros), every distribution the engine draws (ties from
deterministic times at interval boundaries), abandonment or none, deferred work, warm-up, service scale by
interval, log or none, and seeds; two fixed cases fill the waiting ring, the visit table and the event heap
past their first sizes.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign.engines.simulation import NetworkSpec, exponential
from svcdesign.engines.simulation import kernel as K
from svcdesign.engines.simulation.distributions import deterministic, empirical, lognormal, never
from svcdesign.engines.simulation.lean_kernel import lean_shape
from svcdesign.engines.simulation.replication import Replication, run_replication

FIELDS = ("counts", "sums", "integrals", "journeys", "journey_time")
# the sums of a service that ends before the horizon, added when it starts (the general kernel: when it ends)
STARTED = {"sums": [K.W_SERVICE], "integrals": [K.T_BUSY], "journey_time": None}
# the sums that _close adds for the contacts still in the system at the horizon (see the module docstring)
CLOSED = {"sums": [K.W_CENSORED], "integrals": [K.T_QUEUE, K.T_AGE, K.T_BUSY]}


def assert_same(lean: Replication, general: Replication) -> None:
    """Every count and log column bit for bit (NaN where NaN), every sum too but for those of
    :data:`STARTED` and, without a log, of :data:`CLOSED`, within 1e-12 relative or 1e-9 absolute."""
    for name in FIELDS:
        a, b = getattr(lean, name), getattr(general, name)
        assert a.dtype == b.dtype and a.shape == b.shape, name
        if name in STARTED and STARTED[name] is None:  # every column
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-9, err_msg=name)
            continue
        close = sorted(set(STARTED.get(name) or []) | set([] if lean.visits is not None else CLOSED.get(name, [])))
        rest = [j for j in range(a.shape[-1]) if j not in close]
        assert np.array_equal(a[..., rest], b[..., rest], equal_nan=a.dtype.kind == "f"), name
        if close:
            np.testing.assert_allclose(a[..., close], b[..., close], rtol=1e-12, atol=1e-9, err_msg=name)
    assert (lean.visits is None) == (general.visits is None)
    if lean.visits is not None and general.visits is not None:
        assert lean.visits.keys() == general.visits.keys()
        for column in general.visits:
            a, b = lean.visits[column], general.visits[column]
            assert a.dtype == b.dtype, column
            assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), column


def both(spec: NetworkSpec, warmup: float, seed: int, replication: int, log: bool) -> tuple[Replication, ...]:
    inputs, _ = spec.compile(warmup)
    assert lean_shape(inputs)  # else the comparison would run the general kernel twice
    return (
        run_replication(inputs, seed, replication, log),
        run_replication(inputs, seed, replication, log, general=True),
    )


_service = st.sampled_from(
    [
        exponential(45.0),
        lognormal(60.0, 0.8),
        deterministic(30.0),  # ties with interval boundaries (intervals are multiples of 30 s)
        empirical([10.0, 30.0, 30.0, 95.0]),
    ]
)
_patience = st.sampled_from([never(), exponential(40.0), deterministic(60.0), lognormal(90.0, 1.5)])


@st.composite
def single_stage(draw_) -> tuple[NetworkSpec, float]:
    """A random single-stage network over 2–6 intervals of 120–600 s, and a warm-up."""
    n = draw_(st.integers(2, 6))
    interval = float(draw_(st.sampled_from([120, 300, 600])))
    horizon = interval * n - draw_(st.sampled_from([0.0, 0.5 * interval]))
    staff = draw_(st.lists(st.integers(0, 8), min_size=n, max_size=n))
    rates = draw_(st.lists(st.sampled_from([0.0, 0.02, 0.1, 0.25]), min_size=n, max_size=n))
    scale = draw_(st.one_of(st.none(), st.lists(st.sampled_from([0.5, 1.0, 1.7]), min_size=n, max_size=n)))
    spec = NetworkSpec(
        horizon=horizon,
        interval=interval,
        arrival_rates=[[r] for r in rates],
        entry_stage=[0],
        staff=[staff],
        service=draw_(_service),
        service_scale=None if scale is None else [scale],
        patience=draw_(_patience),
        deferred=draw_(st.booleans()),
        target_time=float(draw_(st.sampled_from([0, 20, 60]))),
        resolution_target=float(draw_(st.sampled_from([60, 86400]))),
    )
    warmup = draw_(st.sampled_from([0.0, 0.0, interval, 0.7 * interval]))
    return spec, warmup


@settings(derandomize=True, max_examples=1500, deadline=None)
@given(single_stage(), st.integers(0, 2**31), st.integers(0, 3), st.booleans())
def test_the_figures_and_the_log_of_the_general_kernel(case, seed, replication, log) -> None:
    spec, warmup = case
    lean, general = both(spec, warmup, seed, replication, log)
    assert_same(lean, general)


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("c", [20, 300])
def test_mmc_at_rho_09_same_figures(c: int, log: bool) -> None:
    """M/M/20 and M/M/300 at ρ = 0.9 (20,000 arrivals), with abandonment, as in benchmarks/bench_limit.py."""
    lam = 0.9 * c / 60.0
    horizon = 20_000 / lam
    spec = NetworkSpec(
        horizon=horizon,
        interval=horizon / 4,
        arrival_rates=[[lam]] * 4,
        entry_stage=[0],
        staff=[c],
        service=exponential(60.0),
        patience=exponential(300.0),
        target_time=20.0,
    )
    lean, general = both(spec, 0.0, 1, 0, log)
    assert_same(lean, general)
    assert general.counts[0, :, 0, K.C_ARRIVALS].sum() > 15_000  # the run did simulate the arrivals


@pytest.mark.parametrize("log", [False, True])
def test_overload_grows_the_ring_the_rows_and_the_heap_with_the_same_figures(log: bool) -> None:
    """Two agents, then none, then one, under ten times their load: thousands wait (past the ring's, the
    visit table's and the heap's first sizes), many abandon and stay in the ring until reached."""
    spec = NetworkSpec(
        horizon=7200.0,
        interval=1800.0,
        arrival_rates=[[2.0], [2.0], [0.5], [0.0]],
        entry_stage=[0],
        staff=[[2, 0, 1, 1]],
        service=exponential(20.0),
        patience=lognormal(6000.0, 1.5),
        target_time=20.0,
    )
    lean, general = both(spec, 600.0, 3, 1, log)
    assert_same(lean, general)
    assert general.counts[0, :, 0, K.C_WAITING_END].sum() > 2000  # past the first ring and table (1,024 rows)
    assert general.counts[0, :, 0, K.C_ABANDONED].sum() > 100


def test_other_shapes_stay_on_the_general_kernel() -> None:
    """Two stages, two classes, routing or retries are not the single-stage shape."""
    base = dict(
        horizon=600.0,
        interval=300.0,
        arrival_rates=[[0.1], [0.1]],
        entry_stage=[0],
        staff=[2],
        service=exponential(30.0),
        target_time=20.0,
    )
    assert lean_shape(NetworkSpec(**base).compile()[0])
    variants = [
        dict(staff=[2, 1]),
        dict(arrival_rates=[[0.1, 0.1], [0.1, 0.1]], entry_stage=[0, 0]),
        dict(repeat_prob=[0.1], repeat_delay=exponential(60.0)),
        dict(patience=exponential(60.0), retry_prob=[0.3], retry_delay=exponential(60.0)),
    ]
    for change in variants:
        assert not lean_shape(NetworkSpec(**{**base, **change}).compile()[0]), change
