"""The dynamics engine on scenarios: equilibrium, the shared schema, customers, money and the NVQ story."""

from __future__ import annotations

import numpy as np
import pytest

from svcdesign._resources import dataset_path
from svcdesign.engines.analytic import evaluate
from svcdesign.engines.dynamics import Exogenous, StaffingDecisions
from svcdesign.engines.dynamics.coupled import WEEK_MINUTES, run_dynamics
from svcdesign.engines.dynamics.story import default_story_scenario, staff_cut_story
from svcdesign.errors import InputError
from svcdesign.model import Scenario
from svcdesign.results import ALL


def load(name: str) -> Scenario:
    return Scenario.load(dataset_path("scenarios", f"{name}.yaml"))


@pytest.fixture(scope="module")
def council() -> Scenario:
    return default_story_scenario()


@pytest.fixture(scope="module")
def story():
    return staff_cut_story(weeks=104)


@pytest.mark.parametrize("name", ["bank", "council_adult_social_care", "telecom_shop_and_phone"])
def test_a_scenario_as_described_is_an_equilibrium(name):
    scenario = load(name)
    result = run_dynamics(scenario, weeks=30)
    weekly = result.meta["weekly"]
    total = weekly["total"]
    for column in ("staff", "staff_cost", "customer_base", "arrivals", "demand_factor"):
        series = total[column].to_numpy()
        assert np.allclose(series, series[0], rtol=1e-9), column
    assert total["customers_lost"].abs().max() < 1e-9
    # week 0 matches the analytic engine stage by stage (same traffic, same staff cost)
    analytic = evaluate(scenario, staffing=False).horizon().reset_index(level=["scenario", "engine"], drop=True)
    dynamic = result.horizon().reset_index(level=["scenario", "engine"], drop=True)
    for stage in scenario.stage_names:
        assert dynamic.loc[stage, "staff_cost"] == pytest.approx(analytic.loc[stage, "staff_cost"] * 30, rel=1e-9)
        assert weekly[(stage, "orders")].iloc[0] == pytest.approx(analytic.loc[stage, "answered"], rel=1e-9)


def test_results_follow_the_shared_schema(council):
    result = run_dynamics(council, weeks=20)
    assert result.engines == ["dynamics"] and result.period_minutes == WEEK_MINUTES
    assert result.stages == council.stage_names
    per_week = result.metric("quality")
    assert list(per_week.index) == list(range(20))
    assert result.value("staff_cost", ALL) == pytest.approx(result.horizon().loc[(council.name, "dynamics", ALL), "staff_cost"])
    segment = council.segments[0].name
    assert not result.per_period(segment=segment).empty
    assert result.meta["currency"] == "GBP" and result.meta["warnings"] == []
    assert result.period_labels([0, 1]) == ["week 1", "week 2"]


def test_staff_cut_saves_first_and_loses_later(story):
    weekly = story.weekly
    assert story.stage == "assessment" and story.cut_staff > 0
    assert (weekly.loc[:3, "net_saving"].abs() < 1e-6).all()          # nothing before the cut
    assert weekly.loc[4:, "wage_saving"].min() > 0                    # the cut does save wages
    assert weekly["cumulative_net_saving"].max() > 0                  # ... and is ahead at first
    assert story.turns_negative_week is not None and story.turns_negative_week > 4
    w = story.turns_negative_week
    assert weekly["cumulative_net_saving"].iloc[w] < 0 <= weekly["cumulative_net_saving"].iloc[w - 1]
    assert weekly["revenue_lost"].iloc[-1] > weekly["wage_saving"].iloc[-1]   # losses outgrow savings
    assert story.total_net_saving < 0
    # the mechanism: corners cut, the standard erodes, quality falls, clients are lost
    assert weekly["cut_standard_tpo"].iloc[-1] < weekly["baseline_standard_tpo"].iloc[-1] * 0.95
    assert weekly["cut_quality"].iloc[-1] < 0.97
    assert weekly.loc[5:, "customers_lost"].min() > 0
    assert weekly["cut_overtime_hours"].iloc[5] > 0


def test_story_without_client_value_never_turns_negative(council):
    free = council.with_overrides({f"segments.{g.name}.annual_value": 0.0 for g in council.segments})
    story = staff_cut_story(free, weeks=104)
    assert story.turns_negative_week is None
    assert story.total_net_saving > 0


def test_source_document_churn_claims_lose_more_clients(council, story):
    claims = council.with_overrides({"assumptions": {"loyalty.churn_basis": 1}})
    worse = staff_cut_story(claims, weeks=104)
    assert worse.weekly["customers_lost"].sum() > 2 * story.weekly["customers_lost"].sum()
    assert worse.turns_negative_week < story.turns_negative_week


def test_scenario_assumptions_reach_the_engine(council):
    no_churn = council.with_overrides({"assumptions": {"loyalty.churn_one_bad": 0.0}})
    result = run_dynamics(no_churn, weeks=40, decisions={"assessment": StaffingDecisions(cuts={2: 3.0})})
    assert result.meta["weekly"][("total", "customers_lost")].abs().max() < 1e-12


def test_demand_surge_and_word_of_mouth(council):
    surge = np.ones(60)
    surge[5:15] = 1.2
    result = run_dynamics(council, weeks=60, exogenous=Exogenous(demand=surge))
    total = result.meta["weekly"]["total"]
    assert total["customers_lost"].sum() > 0
    assert total["satisfaction_change"].min() < 0
    assert total["customers_won"].iloc[5:15].max() < total["customers_won"].iloc[0]  # bad word of mouth
    base = total["customer_base"].to_numpy()
    assert np.allclose(total["demand_factor"], base / base[0])                  # demand follows the base
    assert base[-1] < base[0]


def test_bad_arguments(council):
    with pytest.raises(InputError, match="decisions"):
        run_dynamics(council, weeks=5, decisions={"nope": StaffingDecisions()})
    with pytest.raises(InputError, match="scenario"):
        run_dynamics("council.yaml", weeks=5)
    with pytest.raises(InputError, match=r"exogenous.demand"):
        run_dynamics(council, weeks=5, exogenous=Exogenous(demand=[1, 1]))
    with pytest.raises(InputError, match="cut"):
        staff_cut_story(council, cut=1000.0, weeks=20)
    with pytest.raises(InputError, match="stage"):
        staff_cut_story(council, stage="reception", weeks=20)
    with pytest.raises(InputError, match="hiring_delay"):
        run_dynamics(council.with_overrides({"assumptions": {"dynamics.hiring_delay": -1}}), weeks=5)
