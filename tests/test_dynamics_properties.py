"""Property-based checks of the dynamics engine: stocks stay physical whatever the inputs."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign.engines.dynamics import STOCKS, DynamicsParams, Exogenous, StaffingDecisions, integrate_weeks

WEEKS = 60
QUALITY_X, QUALITY_Y = DynamicsParams.from_assumptions().quality

weekly = st.lists(st.floats(0.0, 6000.0, allow_nan=False), min_size=WEEKS, max_size=WEEKS)
absence = st.lists(st.floats(0.0, 0.6, allow_nan=False), min_size=WEEKS, max_size=WEEKS)
cuts = st.dictionaries(st.integers(0, WEEKS - 1), st.floats(0.0, 100.0), max_size=3)
freezes = st.lists(st.tuples(st.integers(0, WEEKS), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1])), max_size=2)


@settings(max_examples=40, deadline=None)
@given(demand=weekly, absent=absence, cuts=cuts, freezes=freezes, hold=st.booleans(), symmetric=st.booleans())
def test_stocks_stay_physical(demand, absent, cuts, freezes, hold, symmetric):
    demand[0] = max(demand[0], 1.0)  # the initial equilibrium needs some work to size staff on
    overrides = {"dynamics.standard_adjust_time_up": 18.8} if symmetric else None
    run = integrate_weeks(
        WEEKS,
        exogenous=Exogenous(demand=np.array(demand), absenteeism=np.array(absent)),
        decisions=StaffingDecisions(cuts=cuts, hold_cuts=hold, hiring_freezes=freezes),
        overrides=overrides,
    )
    finite = run.drop(columns=["delivery_delay"])  # infinite when nothing is fulfilled
    assert np.isfinite(finite.to_numpy()).all()
    for name in STOCKS:
        assert (run[name] >= -1e-9).all(), name
    assert (run["backlog"] >= 0).all()
    assert (run["fulfilment"] >= 0).all() and (run["hires"] >= 0).all() and (run["quits"] >= 0).all()
    lo, hi = QUALITY_Y.min() - 1e-12, QUALITY_Y.max() + 1e-12  # weekly means of clamped values
    assert run["quality"].between(lo, hi).all()
    assert run["expected_quality"].between(lo, hi).all()
    assert (run["time_per_order"] >= 0.1 - 1e-12).all()
    assert run["intensity"].between(0.5 - 1e-12, 2.0 + 1e-12).all()
    assert run["work_pressure"].between(-1.0, 1.0).all()
    # backlog accounting: start + orders − fulfilment = end (Euler is exact for this sum)
    change = run["orders"].sum() - run["fulfilment"].sum()
    final = integrate_weeks(
        WEEKS + 1,
        exogenous=Exogenous(demand=np.append(demand, 0.0), absenteeism=np.append(absent, 0.0)),
        decisions=StaffingDecisions(cuts=cuts, hold_cuts=hold, hiring_freezes=freezes),
        overrides=overrides,
    )["backlog"].iloc[-1]
    assert np.isclose(run["backlog"].iloc[0] + change, final, rtol=1e-9, atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(level=st.floats(1.0, 1e6), absent=st.floats(0.0, 0.9))
def test_any_constant_demand_is_an_equilibrium(level, absent):
    run = integrate_weeks(30, exogenous=Exogenous(demand=level, absenteeism=absent))
    levels = run.drop(columns=["work_pressure", "overtime_hours"])  # both zero in equilibrium
    drift = (levels - levels.iloc[0]).abs().max() / levels.iloc[0].abs().clip(lower=1e-9)
    assert drift.max() < 1e-8
    assert run["work_pressure"].abs().max() < 1e-9
    assert run["overtime_hours"].abs().max() < 1e-9 * run["hours_worked"].iloc[0]
