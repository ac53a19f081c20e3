"""A centre's observed labour, capacity and workforce mix drive the dynamics engine (issue 14, item 5).

Cross-checks: observed labour equal to the model's own effective staff reproduces the model's run;
labour in people, in hours and as capacity are the same input in three units; the initial mix sets
effective staff by the model's formula. Bad series are refused naming the series and the week.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from svcdesign.engines.dynamics import DynamicsParams, Exogenous, integrate_weeks, run_dynamics
from svcdesign.engines.dynamics.story import default_story_scenario
from svcdesign.errors import InputError

WEEKS = 60
PARAMS = DynamicsParams.from_assumptions()
WORKWEEK = PARAMS.standard_workweek  # costs.contract_hours
SURGE = np.where((np.arange(WEEKS) >= 10) & (np.arange(WEEKS) < 25), 2300.0, 2000.0)
SLOW = {"dynamics.rookie_assimilation_time": 520.0}
ABSENT = np.where(np.arange(WEEKS) % 7 == 3, 0.08, 0.05)


@pytest.fixture(scope="module")
def endogenous():
    return integrate_weeks(WEEKS, exogenous=Exogenous(demand=SURGE, absenteeism=ABSENT))


def test_observed_labour_equal_to_the_models_own_reproduces_its_run(endogenous):
    # the model's effective staff moves slowly; its weekly mean given back as observed labour tracks the run
    observed = integrate_weeks(
        WEEKS,
        exogenous=Exogenous(demand=SURGE, absenteeism=ABSENT, labour=endogenous["effective_staff"].to_numpy()),
    )
    for column in ("time_per_order", "standard_tpo", "backlog", "capacity", "work_pressure"):
        np.testing.assert_allclose(observed[column], endogenous[column], rtol=2e-3, atol=1e-6, err_msg=column)
    assert observed["standard_tpo"].iloc[-1] < PARAMS.initial_standard_tpo * 0.99  # the surge eroded it


def test_labour_in_people_hours_and_capacity_are_one_input():
    fte = np.linspace(45.0, 40.0, WEEKS)
    runs = [
        integrate_weeks(WEEKS, exogenous=Exogenous(demand=SURGE, absenteeism=ABSENT, labour=fte)),
        integrate_weeks(
            WEEKS, exogenous=Exogenous(demand=SURGE, absenteeism=ABSENT, labour=fte * WORKWEEK, labour_unit="hours")
        ),
        integrate_weeks(
            WEEKS, exogenous=Exogenous(demand=SURGE, absenteeism=ABSENT, capacity=fte * WORKWEEK * (1 - ABSENT))
        ),
    ]
    for other in runs[1:]:
        pd.testing.assert_frame_equal(runs[0], other, rtol=1e-12)
    # week 0: capacity = working week x (1 - absence) x labour x fatigue effect (1 at rest)
    assert runs[0]["capacity"].iloc[0] == pytest.approx(WORKWEEK * (1 - ABSENT[0]) * fte[0], rel=1e-12)
    assert runs[0]["effective_staff"].iloc[0] == pytest.approx(fte[0], rel=1e-12)


def test_an_observed_labour_cut_erodes_the_standard():
    steady = np.full(WEEKS, 47.0)
    cut = steady.copy()
    cut[20:] = 40.0
    runs = {
        name: integrate_weeks(WEEKS, exogenous=Exogenous(labour=labour), standard_tpo=1.0)
        for name, labour in (("steady", steady), ("cut", cut))
    }
    assert runs["cut"]["work_pressure"].iloc[21] > runs["steady"]["work_pressure"].iloc[21] + 0.1
    assert runs["cut"]["standard_tpo"].iloc[-1] < runs["steady"]["standard_tpo"].iloc[-1] * 0.95
    # the model's workforce still follows its own rules: the cut is in the data, not in its stocks
    assert runs["cut"]["staff"].iloc[-1] == pytest.approx(runs["steady"]["staff"].iloc[-1], rel=0.05)


def test_experienced_share_sets_the_effective_staff_of_week_zero():
    staff = 50.0
    for share in (1.0, 0.5, 0.0):
        # rookies assimilated over 520 weeks: the workforce barely moves within the first week
        week0 = integrate_weeks(2, initial_staff=staff, experienced_share=share, overrides=SLOW).iloc[0]
        rookies, experienced = staff * (1 - share), staff * share
        expected = PARAMS.rookie_effectiveness * rookies + max(
            experienced - PARAMS.trainer_time_per_rookie * rookies, 0.0
        )
        assert week0["rookies"] == pytest.approx(rookies, abs=1e-12)
        assert week0["experienced"] == pytest.approx(experienced, abs=1e-12)
        assert week0["effective_staff"] == pytest.approx(expected, rel=2e-3)  # weekly mean of a moving stock


def test_default_mix_is_the_equilibrium_share():
    week0 = integrate_weeks(2).iloc[0]
    tenure, assimilation = PARAMS.base_tenure, PARAMS.rookie_assimilation_time
    assert week0["experienced"] / week0["staff"] == pytest.approx(tenure / (tenure + assimilation), rel=1e-12)


def test_initial_backlog_and_observed_labour_set_the_start():
    run = integrate_weeks(3, exogenous=Exogenous(labour=40.0), initial_backlog=500.0, experienced_share=0.8)
    assert run["backlog"].iloc[0] == 500.0
    # with observed labour and no staff given: the staff whose effective labour is the observed one
    rookies, experienced = run["rookies"].iloc[0], run["experienced"].iloc[0]
    eff = PARAMS.rookie_effectiveness * rookies + experienced - PARAMS.trainer_time_per_rookie * rookies
    assert eff == pytest.approx(40.0, rel=1e-12)


@pytest.mark.parametrize(
    ("exogenous", "match"),
    [
        (Exogenous(labour=[40.0] * 3 + [-1.0] + [40.0] * 6), r"labour\[week 3\] = -1\.0"),
        (Exogenous(labour=[40.0] * 9 + [np.inf]), r"labour\[week 9\] = inf"),
        (Exogenous(capacity=[1500.0] * 4 + [np.nan] * 6), r"capacity\[week 4\]"),
        (Exogenous(labour=[40.0] * 9), r"labour = .*10 values"),
        (Exogenous(labour=40.0, capacity=1500.0), r"capacity .*one of labour .* or capacity, not both"),
        (Exogenous(labour=40.0, labour_unit="people"), r"labour_unit = 'people' .*\['fte', 'hours'\]"),
    ],
)
def test_bad_labour_series_are_refused(exogenous, match):
    with pytest.raises(InputError, match=match):
        integrate_weeks(10, exogenous=exogenous)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"experienced_share": 1.5}, r"experienced_share = 1\.5"),
        ({"experienced_share": True}, r"experienced_share"),
        ({"initial_backlog": -3.0}, r"initial_backlog = -3\.0"),
        ({"initial_staff": 0.0}, r"initial_staff = 0\.0 .*> 0"),
    ],
)
def test_bad_start_is_refused(kwargs, match):
    with pytest.raises(InputError, match=match):
        integrate_weeks(5, **kwargs)


def test_a_scenario_refuses_observed_labour():
    with pytest.raises(InputError, match=r"exogenous\.labour .*integrate_weeks or fit_dynamics"):
        run_dynamics(default_story_scenario(), weeks=4, exogenous=Exogenous(labour=20.0))
