"""A three-stage network with abandonment, probabilistic routing and delayed repeats, against Ciw.

Ciw (Palmer et al. 2019, Journal of Simulation 13(1)) is an independent discrete-event simulator. The
same network is built in both: front line (4 agents) → back office (2) → supervisor (1), exponential
handle times and patience, escalations, and repeat contacts that come back to the front line after an
exponential delay (in Ciw: an infinite-server delay node). Per stage, the mean wait of completed visits,
the abandonment share and the throughput must agree within three standard errors of the difference,
from independent replications of each simulator.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from svcdesign.engines.simulation import NetworkSpec, exponential, never, run_replications

ciw = pytest.importorskip("ciw")
pytestmark = pytest.mark.slow

HOUR = 3600.0
WARMUP = HOUR
HORIZON = 25 * HOUR
REPLICATIONS = 10
LAM = 1 / 60  # external arrivals per second
AHT = (180.0, 300.0, 240.0)
PATIENCE = (300.0, 600.0, None)
AGENTS = (4, 2, 1)
TRANSFER = [[0.0, 0.25, 0.05], [0.0, 0.0, 0.2], [0.0, 0.0, 0.0]]
REPEAT, REPEAT_DELAY = 0.1, 900.0  # from the front line, back to the front line


def _svcdesign():
    NI = int(HORIZON / HOUR)
    spec = NetworkSpec(
        horizon=HORIZON,
        interval=HOUR,
        arrival_rates=np.full((NI, 1), LAM),
        entry_stage=[0],
        staff=list(AGENTS),
        service=[exponential(a) for a in AHT],
        patience=[exponential(p) if p else never() for p in PATIENCE],
        target_time=20.0,
        transfer=TRANSFER,
        repeat_prob=[REPEAT, 0.0, 0.0],
        repeat_stage=[0, 1, 2],
        repeat_delay=exponential(REPEAT_DELAY),
    )
    log = run_replications(spec, replications=REPLICATIONS, seed=2024, warmup=WARMUP, log=True).log
    log = log[(log["arrival"] >= WARMUP) & log["outcome"].isin(["served", "abandoned"])]
    rows = []
    for _, rep in log.groupby("replication"):
        stage = rep["stage"].cat.codes.to_numpy()
        rows.append(_measures(stage, rep["wait"].to_numpy(), (rep["outcome"] == "abandoned").to_numpy()))
    return np.array(rows)


def _ciw():
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(LAM), None, None, None],
        service_distributions=[ciw.dists.Exponential(1 / a) for a in AHT] + [ciw.dists.Exponential(1 / REPEAT_DELAY)],
        number_of_servers=list(AGENTS) + [float("inf")],
        routing=[TRANSFER[0] + [REPEAT], TRANSFER[1] + [0.0], TRANSFER[2] + [0.0], [1.0, 0.0, 0.0, 0.0]],
        reneging_time_distributions=[ciw.dists.Exponential(1 / p) if p else None for p in PATIENCE] + [None],
    )
    rows = []
    for r in range(REPLICATIONS):
        ciw.seed(r)
        sim = ciw.Simulation(network)
        sim.simulate_until_max_time(HORIZON)
        recs = [x for x in sim.get_all_records(only=["service", "renege"]) if x.node <= 3 and x.arrival_date >= WARMUP]
        stage = np.array([x.node - 1 for x in recs])
        abandoned = np.array([x.record_type == "renege" for x in recs])
        wait = np.array(
            [(x.exit_date if x.record_type == "renege" else x.service_start_date) - x.arrival_date for x in recs]
        )
        rows.append(_measures(stage, wait, abandoned))
    return np.array(rows)


def _measures(stage, wait, abandoned):
    """Per stage: mean wait of completed visits (s), abandonment share, completed services per hour."""
    hours = (HORIZON - WARMUP) / HOUR
    out = []
    for s in range(3):
        here = stage == s
        out += [wait[here].mean(), abandoned[here].mean(), (here & ~abandoned).sum() / hours]
    return out


def test_three_stage_network_agrees_with_ciw():
    ours, theirs = _svcdesign(), _ciw()
    names = [f"{m} at stage {s}" for s in range(3) for m in ("mean wait", "abandonment", "throughput")]
    n = REPLICATIONS
    for j, name in enumerate(names):
        a, b = ours[:, j], theirs[:, j]
        se = math.sqrt(a.var(ddof=1) / n + b.var(ddof=1) / n)
        if np.all(a == 0) and np.all(b == 0):  # no abandonment at the supervisor in either
            continue
        assert abs(a.mean() - b.mean()) <= 3 * se, (
            f"{name}: svcdesign {a.mean():.4g} vs Ciw {b.mean():.4g} (se {se:.2g})"
        )
    # the comparison has power: the measures are not degenerate
    assert ours[:, 1].mean() > 0.05 and ours[:, 0].mean() > 10.0
