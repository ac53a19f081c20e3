"""Staffing equality with pyworkforce 0.5.1's ErlangC on a handful of intervals (no timing here)."""

from __future__ import annotations

import pytest
from pyworkforce.queuing import ErlangC

from svcdesign.formulas.queueing import required_agents

# (calls per interval, AHT s, interval min, target s, service level, max occupancy, shrinkage)
CASES = [
    (100, 180, 30, 20, 0.8, 0.85, 0.3),  # pyworkforce's own README example: 14 raw, 20 positions
    (100, 180, 30, 20, 0.8, 0.70, 0.3),  # occupancy cap binds: 15 raw, 22 positions
    (1, 240, 15, 20, 0.8, 0.85, 0.25),
    (37, 300, 15, 30, 0.9, 0.9, 0.35),
    (400, 300, 15, 20, 0.8, 0.85, 0.3),
    (250, 200, 60, 15, 0.95, 1.0, 0.0),
    (1200, 270, 30, 60, 0.7, 0.95, 0.1),
]


@pytest.mark.parametrize("calls,aht,interval,target,sl,occ,shrink", CASES)
def test_same_staffing_as_pyworkforce(calls, aht, interval, target, sl, occ, shrink):
    theirs = ErlangC(
        transactions=calls, aht=aht / 60, asa=target / 60, interval=interval, shrinkage=shrink
    ).required_positions(service_level=sl, max_occupancy=occ)
    ours = required_agents(
        calls / (interval * 60), aht, target_time=target, service_level=sl, max_occupancy=occ, shrinkage=shrink
    )
    assert (ours.agents, ours.staff) == (theirs["raw_positions"], theirs["positions"])
    assert ours.metrics.occupancy == pytest.approx(theirs["occupancy"], rel=1e-12)
    assert ours.metrics.p_wait == pytest.approx(theirs["waiting_probability"], rel=1e-10)
