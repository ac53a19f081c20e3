"""The dynamics engine on a scenario with a multi-skill service desk (issue 18): the desk's agent groups
and the chain's stages are the service centres (the mapping: the module docstring of
svcdesign/engines/dynamics/coupled.py).

- A desk of one contact type served by one group is the single-skill stage it replaces: the same weekly
  figures to 1e-9, with and without a staff cut, for live and deferred work.
- On the three-channel example, week 0 is the analytic engine's typical week: each group's orders are
  the contacts it answers there, its staff its paid hours ÷ ``costs.contract_hours`` and its staff cost
  the analytic engine's (one meaning per word).
- A cut of 2 phone agents raises that group's work pressure and fatigue and lowers its wage cost that
  week by 2 FTE × contract hours × the group's wage.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import svcdesign as sd
from svcdesign import Scenario
from svcdesign.assumptions import load_assumptions
from svcdesign.engines.dynamics import StaffingDecisions, run_dynamics
from svcdesign.errors import InputError
from svcdesign.results import ALL

CONTRACT_HOURS = load_assumptions().value("costs.contract_hours")


def chain(desk: bool, *, deferred: bool, staff: int, shrinkage: float, wage: float) -> Scenario:
    """A front line passing 20 % of its work to a deferred back office: calls (or, ``deferred``, e-mails
    answered within a day) at a stage, or at a desk with one contact type and one agent group of the same
    staff, shrinkage, wage, handle time and patience (the scenario of tests/test_desk_engines.py)."""
    if deferred:
        front: dict[str, Any] = {"handle_time": 600, "deferred": True, "target": {"answer_within": 86400}}
        channel = {"name": "inbox", "kind": "email", "weekly_volume": 1500}
    else:
        front = {"handle_time": {"kind": "lognormal", "mean": 240, "cv": 1.0}, "patience": 300}
        channel = {"name": "inbox", "kind": "phone", "weekly_volume": 6000}
    front["routing"] = {"transfer": {"back office": 0.2}}
    people = {"staff": staff, "shrinkage": shrinkage, "hourly_wage": wage}
    data: dict[str, Any] = {
        "name": "desk" if desk else "stage",
        "demand": {"interval_minutes": 60, "channels": [channel]},
        "stages": [{"name": "back office", "staff": 3, "handle_time": 900, "deferred": True, "hourly_wage": 20}],
        "targets": {"answer_within": 20, "service_level": 0.8},
    }
    if desk:
        data["service_desk"] = {
            "contact_types": [{"name": "front", "channel": "inbox", **front}],
            "groups": [{"name": "agents", **people, "skills": ["front"]}],
        }
    else:
        data["stages"].insert(0, {"name": "front", **people, **front})
    return Scenario.from_dict(data)


@settings(derandomize=True, max_examples=6, deadline=None)
@given(
    deferred=st.booleans(),
    staff=st.integers(4, 12),
    shrinkage=st.floats(0.0, 0.4),
    wage=st.floats(10.0, 30.0),
    cut=st.floats(0.0, 3.0),
)
def test_a_one_group_desk_is_the_stage_it_replaces(deferred, staff, shrinkage, wage, cut):
    people = {"deferred": deferred, "staff": staff, "shrinkage": shrinkage, "wage": wage}
    weeks = 20
    stage = run_dynamics(chain(False, **people), weeks=weeks, decisions={"front": StaffingDecisions(cuts={3: cut})})
    desk = run_dynamics(chain(True, **people), weeks=weeks, decisions={"agents": StaffingDecisions(cuts={3: cut})})
    assert desk.stages == ["agents", "back office"]
    weekly = desk.meta["weekly"].rename(columns={"agents": "front"}, level="part")
    pd.testing.assert_frame_equal(weekly, stage.meta["weekly"], rtol=1e-9, atol=1e-9)
    horizon = desk.horizon().rename(index={"agents": "front", "desk": "stage"})
    pd.testing.assert_frame_equal(horizon, stage.horizon(), rtol=1e-9, atol=1e-9)
    assert desk.meta["warnings"] == stage.meta["warnings"]


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    scenario = sd.load_example("omnichannel_phone_chat_email")
    cut = {"phone agents": StaffingDecisions(cuts={4: 2.0})}
    return {
        "scenario": scenario,
        "analytic": sd.evaluate(scenario, staffing=False),
        "base": run_dynamics(scenario, weeks=26),
        "cut": run_dynamics(scenario, weeks=26, decisions=cut),
    }


def test_week_0_is_the_analytic_engines_typical_week(example):
    scenario, analytic, base = example["scenario"], example["analytic"], example["base"]
    groups = [g.name for g in scenario.service_desk.groups]
    assert base.stages == [*groups, *scenario.stage_names]  # contact types are not service centres
    typical = analytic.horizon().reset_index(level=["scenario", "engine"], drop=True)
    weekly = base.meta["weekly"]
    answered_by = analytic.meta["answered_by"]
    for name in [*groups, *scenario.stage_names]:
        assert weekly[(name, "staff_cost")].iloc[0] == pytest.approx(typical.loc[name, "staff_cost"], rel=1e-9)
        assert weekly[(name, "orders")].iloc[0] == pytest.approx(typical.loc[name, "answered"], rel=1e-9)
        assert weekly[(name, "staff")].iloc[0] == pytest.approx(typical.loc[name, "staff_hours"] / CONTRACT_HOURS)
    for name in groups:
        assert weekly[(name, "orders")].iloc[0] == pytest.approx(answered_by[name].sum(), rel=1e-9)
    assert weekly[("total", "staff_cost")].iloc[0] == pytest.approx(typical.loc[ALL, "staff_cost"], rel=1e-9)
    # the scenario as described is an equilibrium: nothing moves
    for name in groups:
        for column in ("staff", "quality", "orders", "staff_cost"):
            series = weekly[(name, column)].to_numpy()
            assert np.allclose(series, series[0], rtol=1e-9), (name, column)


def test_cutting_two_phone_agents_erodes_that_group_and_saves_their_wages(example):
    scenario, base, cut = example["scenario"], example["base"].meta["weekly"], example["cut"].meta["weekly"]
    wage = next(g.hourly_wage for g in scenario.service_desk.groups if g.name == "phone agents")
    saving = base[("phone agents", "wage_cost")] - cut[("phone agents", "wage_cost")]
    assert saving.iloc[:4].abs().max() < 1e-9 * base[("phone agents", "wage_cost")].iloc[0]  # nothing before
    assert saving.iloc[4] == pytest.approx(2 * CONTRACT_HOURS * wage, rel=1e-9)
    after = slice(4, None)
    assert cut[("phone agents", "work_pressure")].iloc[after].max() > base[("phone agents", "work_pressure")].max()
    assert cut[("phone agents", "fatigue")].iloc[after].max() > base[("phone agents", "fatigue")].max()
    assert cut[("phone agents", "quality")].iloc[after].min() < base[("phone agents", "quality")].min()
    # the customers meet the phone agents' eroded quality
    bad = [r.metric("bad_experiences", ALL)[ALL].to_numpy() for r in (example["base"], example["cut"])]
    assert (bad[1][5:] > bad[0][5:]).all()


@pytest.mark.parametrize("name", ["phone agent", "billing by phone"])  # a typo; a contact type (no staff)
def test_decisions_must_name_an_agent_group_or_a_stage(name):
    scenario = sd.load_example("omnichannel_phone_chat_email")
    with pytest.raises(InputError) as caught:
        run_dynamics(scenario, weeks=4, decisions={name: StaffingDecisions(cuts={1: 1.0})})
    assert caught.value.field == "decisions" and caught.value.value == name
    assert "phone agents" in caught.value.allowed and "specialist" in caught.value.allowed
