"""The simulation against exact stationary results: Erlang C (M/M/n), Erlang A (M/M/n+M), Little's law.

Reference values come from the independent birth–death code in ``tests/simulation_reference.py`` and,
for Erlang A, also from the analytic module ``svcdesign.formulas.queueing.erlang_a``, which must agree with it.
Both are exact, so a disagreement beyond sampling error (three standard errors across independent
replications) is a simulation bug.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from simulation_reference import erlang_a, erlang_c

from svcdesign.engines.simulation import NetworkSpec, exponential, never, run_replications

pytestmark = pytest.mark.slow

HOUR = 3600.0
TARGET = 20.0  # seconds: the service-level target time used in these cases
MEASURES = ("p_wait", "asa", "service_level", "p_abandon", "occupancy", "queue_length")


def _single_stage(lam: float, aht: float, n: int, patience: float | None, hours: float) -> NetworkSpec:
    NI = int(hours)
    return NetworkSpec(
        horizon=hours * HOUR,
        interval=HOUR,
        arrival_rates=np.full((NI, 1), lam),
        entry_stage=[0],
        staff=[n],
        service=exponential(aht),
        patience=exponential(patience) if patience else never(),
        target_time=TARGET,
    )


def _assert_within_3se(out, reference: dict[str, float], measures=MEASURES) -> None:
    for name in measures:
        sim = out.value(name)
        se = max(sim["se"], 1e-12)
        z = (sim["mean"] - reference[name]) / se
        assert abs(z) <= 3.0, (
            f"{name}: simulated {sim['mean']:.5g} ± {se:.2g} vs exact {reference[name]:.5g} (z={z:.1f})"
        )


def test_reference_helpers_agree_with_closed_forms():
    """The birth–death Erlang A at θ = 0 reproduces the closed-form Erlang C."""
    c = erlang_c(18 / 60, 1 / 60, 20, TARGET)
    a = erlang_a(18 / 60, 1 / 60, 20, 0.0, TARGET)
    for name in MEASURES:
        assert a[name] == pytest.approx(c[name], rel=1e-9, abs=1e-12)


def _reference(lam, mu, n, theta):
    """Erlang A from svcdesign.formulas.queueing, checked against the independent birth–death reference."""
    from svcdesign.formulas.queueing import erlang_a as analytic

    m = analytic(lam, 1 / mu, n, 1 / theta, TARGET)
    values = {
        "p_wait": m.p_wait,
        "asa": m.asa,
        "service_level": m.service_level,
        "p_abandon": m.p_abandon,
        "occupancy": m.occupancy,
        "queue_length": m.queue_length,
    }
    own = erlang_a(lam, mu, n, theta, TARGET)
    for name in MEASURES:
        assert float(values[name]) == pytest.approx(own[name], rel=1e-7, abs=1e-12)
    return {k: float(v) for k, v in values.items()}


@pytest.mark.parametrize(
    "lam, aht, n",
    [
        (18 / 60, 60.0, 20),  # ρ = 0.9
        (4 / 60, 180.0, 15),  # ρ = 0.8, longer handle times
    ],
)
def test_mmn_matches_erlang_c(lam, aht, n):
    out = run_replications(_single_stage(lam, aht, n, None, 30), replications=20, seed=11, warmup=HOUR)
    _assert_within_3se(out, erlang_c(lam, 1 / aht, n, TARGET))
    # without abandonment ASA (answered contacts) and the mean wait of all arrivals coincide
    assert out.value("asa_answered")["mean"] == pytest.approx(out.value("asa")["mean"], rel=0.01)


@pytest.mark.parametrize(
    "lam, aht, n, patience",
    [
        (18 / 60, 60.0, 20, 120.0),  # ρ = 0.9 offered, moderate patience
        (25 / 60, 60.0, 20, 60.0),  # overloaded (offered ρ = 1.25): Erlang A is still stable
    ],
)
def test_mmn_plus_m_matches_erlang_a(lam, aht, n, patience):
    out = run_replications(_single_stage(lam, aht, n, patience, 30), replications=20, seed=12, warmup=HOUR)
    _assert_within_3se(out, _reference(lam, 1 / aht, n, 1 / patience))
    # the Erlang A identity P(abandon) = θ·E[W] holds in the simulation too
    assert out.value("p_abandon")["mean"] == pytest.approx(out.value("asa")["mean"] / patience, rel=0.03)


def test_littles_law_per_stage():
    """Time-average queue length = arrival rate × mean time in queue, stage by stage."""
    spec = NetworkSpec(
        horizon=40 * HOUR,
        interval=HOUR,
        arrival_rates=np.full((40, 1), 1 / 30),
        entry_stage=[0],
        staff=[[5] * 40, [3] * 40],
        service=[exponential(120.0), exponential(200.0)],
        patience=[exponential(300.0), never()],
        target_time=30.0,
        transfer=[[0.0, 0.4], [0.0, 0.0]],
    )
    out = run_replications(spec, replications=5, seed=5, warmup=2 * HOUR)
    observed = 38 * HOUR
    for stage in (0, 1):
        rate = out.value("arrivals", stage)["mean"] / observed
        lq = out.value("queue_length", stage)["mean"]
        wq = out.value("asa", stage)["mean"]
        assert lq > 0.05
        assert lq == pytest.approx(rate * wq, rel=0.02)
    assert math.isclose(out.value("p_abandon", 1)["mean"], 0.0)
