"""The engine registry: every engine by name, and the one memo of their results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import one_stage

import svcdesign as sd
from svcdesign.engines.dynamics import StaffingDecisions, run_dynamics
from svcdesign.engines.memo import MEMO, ResultsMemo, Unkeyable, option_key
from svcdesign.engines.registry import ENGINES, get_engine, run
from svcdesign.errors import InputError


def test_every_engine_is_registered_by_name():
    assert list(ENGINES) == ["analytic", "simulation", "dynamics"]
    assert get_engine("analytic").function is sd.evaluate
    assert get_engine("simulation").function is sd.simulate
    assert get_engine("dynamics").function is run_dynamics
    for engine in ENGINES.values():
        assert engine.description and engine.options


def test_an_unknown_engine_or_option_names_what_is_allowed():
    with pytest.raises(InputError) as error:
        get_engine("crystal ball")
    assert error.value.field == "engine" and "'dynamics'" in str(error.value)
    with pytest.raises(InputError) as error:
        run("analytic", one_stage(), weeks=3)
    assert error.value.field == "options" and error.value.value == "weeks" and "'staffing'" in str(error.value)
    with pytest.raises(InputError) as error:
        run("analytic", "bank.yaml")
    assert error.value.field == "scenario"


def test_run_equals_the_engine_and_is_computed_once():
    MEMO.clear()
    scenario = one_stage(staff=12.0)
    first = run("analytic", scenario)
    pd.testing.assert_frame_equal(first.data, sd.evaluate(scenario).data)
    assert run("analytic", scenario, staffing=True) is first  # defaults filled in: the same run
    assert run("analytic", scenario.with_overrides(name="one stage")) is first  # an equal scenario
    assert run("analytic", scenario, staffing=False) is not first
    assert run("analytic", scenario.with_overrides({"stages.desk.staff": 13.0})) is not first
    # the language changes how results read, not the figures: no engine reads it
    assert run("analytic", scenario.with_overrides(language="fa")) is first
    simulated = run("simulation", scenario, horizon="2h", replications=2, seed=1)
    assert run("simulation", scenario, horizon="2h", replications=2, seed=1, progress=True) is simulated
    assert len(MEMO) == 4


def test_runs_that_cannot_be_kept_are_computed_every_time():
    MEMO.clear()
    scenario = one_stage()
    results, log = run("simulation", scenario, horizon="1h", replications=1, seed=0, log=True)
    assert len(log) > 0 and results.engines == ["simulation"] and len(MEMO) == 0
    with pytest.raises(Unkeyable):
        option_key(object())


def test_dynamics_options_are_keyed_by_value():
    decisions = {"desk": StaffingDecisions(cuts={3: 1.0}, headcount_cap=np.full(6, 9.0))}
    same = {"desk": StaffingDecisions(cuts={3: 1.0}, headcount_cap=np.full(6, 9.0))}
    assert option_key(decisions) == option_key(same)
    assert option_key({"desk": StaffingDecisions(cuts={3: 2.0})}) != option_key(decisions)
    assert option_key(1) != option_key(1.0) != option_key(True)
    assert option_key(0.0) != option_key(-0.0) and option_key(np.float32(-0.0)) != option_key(np.float32(0.0))
    assert option_key([np.float32(0.5)]) == option_key([np.float32(0.5)]) != option_key([0.5])
    MEMO.clear()
    scenario = one_stage()
    assert run("dynamics", scenario, weeks=6, decisions=decisions) is run("dynamics", scenario, weeks=6, decisions=same)


def test_the_memo_keeps_the_runs_used_last():
    memo = ResultsMemo(2)
    results = [sd.Results(sd.evaluate(one_stage()).data, 15.0) for _ in range(3)]
    memo.put("a", results[0])
    memo.put("b", results[1])
    assert memo.get("a") is results[0]  # now used last: "b" goes first
    memo.put("c", results[2])
    assert memo.get("b") is None and memo.get("a") is results[0] and memo.get("c") is results[2]
    assert len(memo) == 2
