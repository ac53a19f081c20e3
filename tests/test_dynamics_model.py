"""The dynamics engine reproduces the findings of Oliva & Sterman (2001), Management Science 47(7).

Each test compares runs that differ in one respect, so a wrong sign, a missing feedback loop or a
broken asymmetry makes it fail.
"""

from __future__ import annotations

import numpy as np
import pytest

from svcdesign.engines.dynamics import COLUMNS, STOCKS, Exogenous, StaffingDecisions, integrate_weeks
from svcdesign.engines.dynamics import model as m
from svcdesign.engines.dynamics.params import DynamicsParams

WEEKS = 250
BASE = 2000.0
T0 = 1.08  # initial standard, hours/order (assumptions: dynamics.initial_standard_tpo)
SYMMETRIC = {"dynamics.standard_adjust_time_up": 18.8}


def surge(weeks: int = WEEKS, start: int = 10, end: int = 30, size: float = 0.10) -> np.ndarray:
    demand = np.full(weeks, BASE)
    demand[start:end] *= 1.0 + size
    return demand


@pytest.fixture(scope="module")
def base():
    return integrate_weeks(WEEKS)


@pytest.fixture(scope="module")
def surged():
    return integrate_weeks(WEEKS, exogenous=Exogenous(demand=surge()))


def test_output_has_every_stock_and_flow(base):
    assert list(base.columns) == list(COLUMNS)
    assert base.index.name == "week" and len(base) == WEEKS
    for name in ("backlog", "standard_tpo", "fatigue", "rookies", "experienced", "vacancies"):
        assert name in STOCKS
    for name in ("capacity", "work_pressure", "intensity", "time_per_order", "hires", "quits", "quality"):
        assert name in base.columns


def test_equilibrium_start_stays_in_equilibrium(base):
    first = base.iloc[0]
    levels = base.drop(columns=["work_pressure", "overtime_hours"])  # both zero in equilibrium
    drift = (levels - levels.iloc[0]).abs().max() / levels.iloc[0].abs().clip(lower=1e-9)
    assert drift.max() < 1e-9, drift.sort_values().tail(3)
    assert base["work_pressure"].abs().max() < 1e-12
    assert base["overtime_hours"].abs().max() < 1e-9
    assert first["standard_tpo"] == pytest.approx(T0)
    assert first["fulfilment"] == pytest.approx(BASE)
    assert first["work_pressure"] == pytest.approx(0.0, abs=1e-12)
    assert first["quits"] == pytest.approx(first["hires"])


def test_temporary_surge_lowers_the_standard_permanently(surged):
    t_star = surged["standard_tpo"]
    assert t_star.iloc[9] == pytest.approx(T0)
    assert t_star.min() < T0 * 0.97  # it erodes during the surge
    assert t_star.iloc[-1] < T0 * 0.98  # ... and stays down 220 weeks later
    assert abs(t_star.iloc[-1] - t_star.iloc[150]) < 0.01 * T0  # no slow recovery either
    # demand is back to normal and the backlog back to its target: the system is in a new equilibrium
    assert surged["backlog"].iloc[-1] == pytest.approx(surged["backlog"].iloc[0], rel=1e-3)
    assert surged["quality"].iloc[-1] < 0.99  # delivered quality is lower for good


def test_during_the_surge_staff_work_harder_and_cut_corners(surged):
    during = surged.loc[12:29]
    assert (during["work_pressure"] > 0).all()
    assert (during["intensity"] > 1).all()  # working overtime
    assert (during["time_per_order"] < during["standard_tpo"]).all()  # cutting corners
    assert (during["overtime_hours"] > 0).all()


def test_symmetric_standard_adjustment_recovers():
    run = integrate_weeks(WEEKS, exogenous=Exogenous(demand=surge()), overrides=SYMMETRIC)
    t_star = run["standard_tpo"]
    assert t_star.min() < T0 * 0.98  # it erodes during the surge too
    assert t_star.iloc[-1] == pytest.approx(T0, rel=0.005)  # ... but comes back


def test_fewer_experienced_staff_lowers_the_standard_further(surged, base):
    cut = 0.10 * base["experienced"].iloc[0]
    both = integrate_weeks(
        WEEKS,
        exogenous=Exogenous(demand=surge()),
        decisions=StaffingDecisions(cuts={10: cut}, hold_cuts=False),
    )
    assert both["standard_tpo"].iloc[-1] < surged["standard_tpo"].iloc[-1] - 0.02
    assert both["layoffs"].sum() == pytest.approx(cut)


def test_standard_erosion_follows_the_published_time_constant():
    """T* closes (T − T*) at rate 1/18.8 per week; doubling τ roughly halves the early erosion."""
    fast = integrate_weeks(60, exogenous=Exogenous(demand=surge(60)))
    slow = integrate_weeks(
        60, exogenous=Exogenous(demand=surge(60)), overrides={"dynamics.standard_adjust_time_down": 37.6}
    )
    drop_fast = T0 - fast["standard_tpo"].iloc[13]
    drop_slow = T0 - slow["standard_tpo"].iloc[13]
    assert drop_fast > 0 and 0.4 < drop_slow / drop_fast < 0.6


def test_a_held_staff_cut_erodes_more_than_one_that_is_replaced(base):
    cut = {10: 0.10 * base["experienced"].iloc[0]}
    held = integrate_weeks(WEEKS, decisions=StaffingDecisions(cuts=cut, hold_cuts=True))
    replaced = integrate_weeks(WEEKS, decisions=StaffingDecisions(cuts=cut, hold_cuts=False))
    assert held["standard_tpo"].iloc[-1] < replaced["standard_tpo"].iloc[-1] < T0
    assert held["staff"].iloc[-1] < replaced["staff"].iloc[-1]


def test_hiring_freeze_stops_hires_and_reopens_after(base):
    run = integrate_weeks(100, decisions=StaffingDecisions(hiring_freezes=[(20, 40)]))
    assert (run.loc[20:39, "hires"] == 0).all()
    assert (run.loc[20:39, "vacancy_openings"] == 0).all()
    assert run.loc[45:60, "hires"].max() > base["hires"].iloc[0]  # catching up afterwards
    assert run["staff"].iloc[40] < base["staff"].iloc[0]


def test_headcount_target_replaces_the_hiring_rule(base):
    target = base["staff"].iloc[0] * 1.2
    run = integrate_weeks(WEEKS, decisions=StaffingDecisions(headcount_target=target))
    assert run["staff"].iloc[-1] == pytest.approx(target, rel=0.02)
    assert run["standard_tpo"].iloc[-1] == pytest.approx(T0, rel=1e-4)  # slack never erodes it
    assert run["intensity"].iloc[-1] < 1.0


def test_fatigue_lowers_productivity_and_burnout_raises_quits():
    """Without corner cutting all the extra work is overtime, and overtime tires staff."""
    demand = np.full(100, BASE)
    demand[5:] *= 1.3
    run = integrate_weeks(
        100,
        exogenous=Exogenous(demand=demand),
        decisions=StaffingDecisions(hiring_freezes=[(0, 100)]),
        overrides={"dynamics.tpo_pressure_elasticity": 0.0},
    )
    assert run["fatigue"].max() > 1.14
    assert run["fatigue_productivity"].min() < 1.0
    assert run["turnover_multiplier"].max() > 1.0
    assert run["quits"].iloc[-1] / run["staff"].iloc[-1] > run["quits"].iloc[0] / run["staff"].iloc[0]


def test_pressure_forms_agree_near_equilibrium():
    """The exp(e·p) form (docs/background/dynamics.md) and the power-law form (as estimated) agree to first order."""
    small = surge(60, size=0.01)
    power = integrate_weeks(60, exogenous=Exogenous(demand=small))
    expo = integrate_weeks(60, exogenous=Exogenous(demand=small), overrides={"dynamics.pressure_form": 0})
    assert (power["standard_tpo"] - expo["standard_tpo"]).abs().max() < 1e-3
    assert not np.allclose(power["time_per_order"], expo["time_per_order"], rtol=0, atol=1e-12)


def test_step_size_converges():
    coarse = integrate_weeks(100, exogenous=Exogenous(demand=surge(100)), dt=0.0625)
    fine = integrate_weeks(100, exogenous=Exogenous(demand=surge(100)), dt=0.015625)
    assert np.max(np.abs(coarse["standard_tpo"] - fine["standard_tpo"])) < 0.002
    assert np.max(np.abs(coarse["staff"] / fine["staff"] - 1)) < 0.002


def test_compiled_kernel_matches_plain_python():
    params = DynamicsParams.from_assumptions()
    p = params.vector(hold_cuts=True)
    n = 16 * 40
    orders = np.repeat(surge(40, start=5, end=15, size=0.2), 16)
    absent = np.full(n, 0.05)
    layoffs = np.zeros(n)
    layoffs[16 * 8] = 5.0
    freeze = np.zeros(n)
    freeze[16 * 20 : 16 * 25] = 1.0
    target = np.full(n, np.nan)
    cap = np.full(n, np.inf)
    tables = (*params.fatigue_productivity, *params.fatigue_turnover, *params.quality)
    s0 = m.equilibrium_state(p, 1.08, BASE, 0.05, 0.0, *params.fatigue_productivity, *params.quality)
    labour = np.full(n, np.nan)
    labour[16 * 30 :] = 150.0  # observed labour in the last weeks
    args = (p, s0, 1 / 16, orders, absent, layoffs, freeze, target, cap, labour, *tables)
    np.testing.assert_allclose(m.kernel(*args), m.kernel.py_func(*args), rtol=1e-12, atol=1e-12)


def test_initial_staff_out_of_equilibrium(base):
    short = integrate_weeks(WEEKS, initial_staff=0.8 * base["staff"].iloc[0])
    assert short["work_pressure"].iloc[0] > 0.15
    assert short["standard_tpo"].iloc[-1] < T0 * 0.95
