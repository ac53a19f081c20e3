"""The dynamics engine on scenarios: equilibrium, the shared schema, customers, money and the NVQ story."""

from __future__ import annotations

import numpy as np
import pytest

from svcdesign._resources import dataset_path
from svcdesign.assumptions import load_assumptions
from svcdesign.engines.analytic import evaluate
from svcdesign.engines.dynamics import Exogenous, StaffingDecisions
from svcdesign.engines.dynamics.coupled import WEEK_MINUTES, run_dynamics
from svcdesign.engines.dynamics.story import default_story_scenario, staff_cut_story
from svcdesign.errors import InputError
from svcdesign.model import Scenario
from svcdesign.model.units import WEEKS_PER_YEAR
from svcdesign.response import assess, employment_costs
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
    # a steady state: new customers replace leavers, who leave at the customer models' own churn
    assert np.allclose(total["customers_won"], total["customers_churned"], rtol=1e-9)
    assessed = assess(scenario, evaluate(scenario), detail="horizon")
    for g in scenario.segments:
        part = weekly[f"customers: {g.name}"]
        yearly = 1.0 - (1.0 - part["lost"].iloc[0] / part["customers"].iloc[0]) ** WEEKS_PER_YEAR
        assert yearly == pytest.approx(assessed.value("churn", ALL, segment=g.name), rel=1e-9)
        assert part["customers"].iloc[0] == pytest.approx(
            assessed.value("customer_base", ALL, segment=g.name), rel=1e-12
        )
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
    assert result.value("staff_cost", ALL) == pytest.approx(
        result.horizon().loc[(council.name, "dynamics", ALL), "staff_cost"]
    )
    segment = council.segments[0].name
    assert not result.per_period(segment=segment).empty
    assert result.meta["currency"] == "GBP" and result.meta["warnings"] == []
    assert result.period_labels([0, 1]) == ["week 1", "week 2"]


def test_staff_cut_saves_first_and_loses_later(story):
    weekly = story.weekly
    assert story.stage == "assessment" and story.cut_staff > 0
    assert (weekly.loc[:3, "net_saving"].abs() < 1e-6).all()  # nothing before the cut
    assert weekly.loc[4:, "wage_saving"].min() > 0  # the cut does save wages
    assert weekly["cumulative_net_saving"].max() > 0  # ... and is ahead at first
    assert story.turns_negative_week is not None and story.turns_negative_week > 4
    w = story.turns_negative_week
    assert weekly["cumulative_net_saving"].iloc[w] < 0 <= weekly["cumulative_net_saving"].iloc[w - 1]
    assert weekly["revenue_lost"].iloc[-1] > weekly["wage_saving"].iloc[-1]  # losses outgrow savings
    assert story.total_net_saving < 0
    # the mechanism: overtime (paid at a premium) eats into the saving, cases wait, clients are lost
    assert weekly["cut_overtime_hours"].iloc[5] > 0
    assert weekly.loc[6:, "wage_saving"].max() < weekly["wage_saving"].iloc[4]
    assert weekly.loc[5:52, "customers_lost"].min() > 0 and weekly["customers_lost"].sum() > 0


def test_council_referrals_pile_up_after_the_cut(story):
    """Question 3.2: "not enough staff to handle the referrals arriving every week and month".

    Cutting 3 of 24 social workers (12.5%) in week 4: the assessment backlog (referrals waiting) is
    143.6 before the cut and rises above 165 (+15%) within 8 weeks, and cases wait longer than the
    7-day target, because social workers cannot cut an assessment below the work it needs
    (``dynamics.deferred.min_time_share`` = 1 in the council scenario).
    """
    weekly = story.weekly
    before = weekly["baseline_backlog"].iloc[0]
    assert weekly["cut_backlog"].iloc[3] == pytest.approx(before, rel=1e-9)
    assert (weekly["baseline_backlog"] - before).abs().max() < 1e-6 * before
    assert weekly.loc[12:30, "cut_backlog"].min() > 1.15 * before
    assert weekly["cut_delivery_delay"].iloc[10:30].min() > 1.1  # weeks; the target is 1 week
    assert (
        weekly["cut_time_per_case"].min() >= weekly["baseline_time_per_case"].iloc[0] * 0.97
    )  # no corners cut below the case
    assert weekly["cut_fatigue"].max() > 1.05


def test_without_a_professional_floor_corner_cutting_absorbs_the_cut(council):
    """Oliva & Sterman's loan centre: overtime and corner cutting absorb the gap (elasticities 0.37 + 0.64),
    so the backlog does not grow; the standard erodes and quality falls instead."""
    loose = council.with_overrides({"assumptions": {**council.assumptions, "dynamics.deferred.min_time_share": 0.0}})
    weekly = staff_cut_story(loose, weeks=104).weekly
    assert weekly["cut_backlog"].max() < 1.01 * weekly["baseline_backlog"].iloc[0]
    assert weekly["cut_standard_tpo"].iloc[-1] < weekly["baseline_standard_tpo"].iloc[-1] * 0.95
    assert weekly["cut_quality"].iloc[-1] < 0.97


def test_money_is_the_customer_models_costs(council, story):
    """Wages, overtime (at the premium) and hiring are costs.* formulas; employment_costs agrees."""
    result = story.cut
    cost = employment_costs(council, result)
    table = load_assumptions().with_overrides(council.assumptions)
    for stage in council.stage_names:
        assert cost.value("wage_cost", stage) + cost.value("overtime_cost", stage) == pytest.approx(
            result.value("staff_cost", stage), rel=1e-9
        )
        assert cost.value("turnover_cost", stage) == pytest.approx(result.value("hiring_cost", stage), rel=1e-9)
        wage = council.stage(stage).hourly_wage
        assert cost.value("overtime_cost", stage) == pytest.approx(
            result.value("overtime_hours", stage) * wage * (1 + table.value("costs.overtime_premium")), rel=1e-9
        )
    assert result.value("overtime_hours", "assessment") > 0
    # one hire costs the replacement months less the weeks of pay the rookie structure already represents
    hires = result.value("hires", "assessment")
    months = (
        table.value("costs.replacement_months")
        - (
            (1 - table.value("dynamics.rookie_effectiveness") + table.value("dynamics.trainer_time_per_rookie"))
            * table.value("dynamics.rookie_assimilation_time")
        )
        * 12
        / WEEKS_PER_YEAR
    )
    monthly = council.stage("assessment").hourly_wage * table.value("costs.contract_hours") * WEEKS_PER_YEAR / 12
    assert result.value("hiring_cost", "assessment") == pytest.approx(hires * months * monthly, rel=1e-9)


def test_story_without_client_value_never_turns_negative(council):
    free = council.with_overrides({f"segments.{g.name}.annual_value": 0.0 for g in council.segments})
    story = staff_cut_story(free, weeks=104)
    assert story.turns_negative_week is None
    assert story.total_net_saving > 0


def test_source_document_churn_claims_lose_more_clients(council, story):
    claims = council.with_overrides({"assumptions": {**council.assumptions, "loyalty.churn_basis": 1}})
    worse = staff_cut_story(claims, weeks=104)
    assert worse.weekly["customers_lost"].sum() > 1.05 * story.weekly["customers_lost"].sum()
    assert worse.turns_negative_week < story.turns_negative_week


def test_scenario_assumptions_reach_the_engine(council):
    no_churn = council.with_overrides(
        {"assumptions": {**council.assumptions, "loyalty.churn_one_bad": 0.0, "loyalty.churn_several_bad": 0.0}}
    )
    result = run_dynamics(no_churn, weeks=40, decisions={"assessment": StaffingDecisions(cuts={2: 3.0})})
    assert result.meta["weekly"][("total", "customers_churned")].abs().max() < 1e-12


def test_demand_surge_and_word_of_mouth(council):
    surge = np.ones(60)
    surge[5:15] = 1.2
    result = run_dynamics(council, weeks=60, exogenous=Exogenous(demand=surge))
    total = result.meta["weekly"]["total"]
    assert total["customers_churned"].sum() > 0
    assert total["satisfaction_change"].min() < 0
    assert total["customers_won"].iloc[5:15].max() < total["customers_won"].iloc[0]  # bad word of mouth
    base = total["customer_base"].to_numpy()
    assert np.allclose(total["demand_factor"], base / base[0])  # demand follows the base
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
