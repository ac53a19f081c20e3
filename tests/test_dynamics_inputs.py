"""Bad input to the dynamics engine raises InputError naming the field, the value and what is allowed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from svcdesign.engines.dynamics import DynamicsParams, Exogenous, StaffingDecisions, integrate_weeks
from svcdesign.errors import InputError


def test_negative_demand_names_the_week():
    demand = np.full(20, 100.0)
    demand[7] = -1.0
    with pytest.raises(InputError, match=r"demand\[week 7\] = -1\.0 .*\[0, inf\]"):
        integrate_weeks(20, exogenous=Exogenous(demand=demand))


def test_nan_demand_is_refused():
    demand = np.full(20, 100.0)
    demand[3] = np.nan
    with pytest.raises(InputError, match=r"demand\[week 3\]"):
        integrate_weeks(20, exogenous=Exogenous(demand=demand))


def test_wrong_length_series():
    with pytest.raises(InputError, match=r"demand = .*shape \(19,\).*20 values"):
        integrate_weeks(20, exogenous=Exogenous(demand=np.full(19, 100.0)))


def test_series_must_cover_every_week():
    series = pd.Series(100.0, index=range(1, 21))
    with pytest.raises(InputError, match=r"demand.index .* exactly the weeks 0\.\.19"):
        integrate_weeks(20, exogenous=Exogenous(demand=series))


def test_series_indexed_by_week_is_accepted_in_any_order():
    series = pd.Series(np.arange(20, dtype=float) + 100.0, index=range(20))[::-1]
    run = integrate_weeks(20, exogenous=Exogenous(demand=series))
    assert run["orders"].tolist() == (np.arange(20) + 100.0).tolist()


def test_absenteeism_must_be_below_one():
    with pytest.raises(InputError, match=r"absenteeism\[week 0\] = 1\.0 .*\[0, 1\)"):
        integrate_weeks(10, exogenous=Exogenous(absenteeism=1.0))


def test_text_instead_of_numbers():
    with pytest.raises(InputError, match="demand"):
        integrate_weeks(10, exogenous=Exogenous(demand="lots"))


def test_unknown_parameter_name_suggests_close_matches():
    with pytest.raises(InputError, match=r"dynamics\.hiring_dela .*did you mean dynamics\.hiring_delay"):
        integrate_weeks(10, overrides={"dynamics.hiring_dela": 12})


def test_out_of_range_parameter():
    with pytest.raises(InputError, match=r"dynamics\.rookie_effectiveness = 1\.5 .*\[0, 1\] fraction"):
        DynamicsParams.from_assumptions(overrides={"dynamics.rookie_effectiveness": 1.5})


@pytest.mark.parametrize("weeks", [0, -5, 2.5, True, "52"])
def test_bad_weeks(weeks):
    with pytest.raises(InputError, match="weeks"):
        integrate_weeks(weeks)


@pytest.mark.parametrize("dt", [0.3, 0.125, 0, -0.0625, 2.0])
def test_bad_step(dt):
    with pytest.raises(InputError, match="dt"):
        integrate_weeks(10, dt=dt)


def test_cut_outside_the_run():
    with pytest.raises(InputError, match=r"decisions.cuts week = 30 .*\[0, 9\]"):
        integrate_weeks(10, decisions=StaffingDecisions(cuts={30: 2}))


def test_negative_cut():
    with pytest.raises(InputError, match=r"decisions.cuts\[3\] = -2"):
        integrate_weeks(10, decisions=StaffingDecisions(cuts={3: -2}))


def test_bad_freeze_span():
    with pytest.raises(InputError, match=r"decisions.hiring_freezes\[0\]"):
        integrate_weeks(10, decisions=StaffingDecisions(hiring_freezes=[(8, 2)]))


def test_bad_initial_staff():
    with pytest.raises(InputError, match="initial_staff"):
        integrate_weeks(10, initial_staff=-3)


def test_params_and_overrides_together_are_refused():
    with pytest.raises(InputError, match="overrides"):
        integrate_weeks(10, params=DynamicsParams.from_assumptions(), overrides={"dynamics.hiring_delay": 10})
