"""The dynamics engine on scenarios: equilibrium, the shared schema, customers, money and the NVQ story."""

from __future__ import annotations

import numpy as np
import pytest

from svcdesign._resources import dataset_path
from svcdesign.assumptions import load_assumptions
from svcdesign.engines.analytic import evaluate
from svcdesign.engines.dynamics import Exogenous, StaffingDecisions
from svcdesign.engines.dynamics.coupled import WEEK_MINUTES, run_dynamics
from svcdesign.engines.dynamics.customer_path import CustomerParams
from svcdesign.engines.dynamics.story import default_story_scenario, staff_cut_story
from svcdesign.errors import InputError
from svcdesign.formulas.customers.loyalty import Exposure, extra_leavers, lifetime_value
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
    # a steady state: new customers replace leavers (baseline churn plus those the service loses)
    assert np.allclose(total["customers_won"], total["customers_churned"], rtol=1e-9)
    # every week is the assessment's week (the analytic engine's horizon is one week): same exposure, same
    # customers lost and revenue at risk, or — a public service — the same cost of failure
    assessed = assess(scenario, evaluate(scenario), detail="horizon")
    public = scenario.organisation.kind == "public"
    money = ("bed_days", "cost_of_failure") if public else ("customers_lost", "revenue_at_risk")
    base_churn = load_assumptions().with_overrides(scenario.assumptions).value("loyalty.base_churn")
    for g in scenario.segments:
        part = weekly[f"customers: {g.name}"]
        assert part["customers"].iloc[0] == pytest.approx(
            assessed.value("customer_base", ALL, segment=g.name), rel=1e-12
        )
        for metric in ("bad_experiences", "late_contacts", *money):
            week = result.metric(metric, ALL, segment=g.name)[ALL].to_numpy()
            assert np.allclose(week, assessed.value(metric, ALL, segment=g.name), rtol=1e-9), metric
            assert result.value(metric, ALL, segment=g.name) == pytest.approx(week.sum(), rel=1e-12), metric
        base = part["churned"] - part["lost"]
        assert np.allclose(base, part["customers"] * (1.0 - (1.0 - base_churn) ** (1.0 / WEEKS_PER_YEAR)), rtol=1e-9)
    assert public == (part["lost"].abs().max() == 0.0)
    absent = {"customers_lost", "revenue_at_risk", "churn"} if public else {"bed_days", "cost_of_failure"}
    assert not absent & set(result.metrics)
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


def test_staff_cut_saves_wages_and_costs_more_in_failures(story):
    """The council is a public service: the cut is counted as the cost of failure it causes, not as the
    value of clients lost (its clients cannot leave). Cutting 3 of 24 social workers in week 4 saves
    £1,286 of wages that week, £35k over two years as overtime eats into it; the referrals that wait longer
    keep hospital-discharge clients in a bed (about 50 bed-days a week more, × public.bed_day_cost £395)
    and a few more cases fail (× public.failure_cost £1,758): about £2.2 million over two years."""
    weekly = story.weekly
    assert story.stage == "assessment" and story.cut_staff == pytest.approx(3.0)
    assert story.failure_measure == "cost_of_failure"
    assert (weekly.loc[:3, "net_saving"].abs() < 1e-6).all()  # nothing before the cut
    assert weekly.loc[4:, "wage_saving"].min() > 0  # the cut does save wages
    assert weekly.loc[4:, "failure_cost"].min() > 0  # ... and costs more in failures at once
    assert (weekly.loc[4:, "failure_cost"] > weekly.loc[4:, "wage_saving"] + weekly.loc[4:, "hiring_saving"]).all()
    assert story.turns_negative_week == 4
    assert story.total_net_saving == pytest.approx(-2.2e6, rel=0.05)
    # the mechanism: overtime (paid at a premium) eats into the saving, cases wait, clients wait in a bed
    assert weekly["cut_overtime_hours"].iloc[5] > 0
    assert weekly.loc[6:, "wage_saving"].max() < weekly["wage_saving"].iloc[4]
    assert weekly.loc[12:, "bed_days"].min() > 40 and weekly.loc[5:, "bad_experiences"].min() > 0
    assert (weekly["customers_lost"] == 0).all()  # a public service loses no clients
    # the story's cost is the dynamics' own cost of failure, the loyalty formula on each week's exposure
    table = load_assumptions()
    extra = weekly["bad_experiences"] * table.value("public.failure_cost") + weekly["bed_days"] * table.value(
        "public.bed_day_cost"
    )
    assert np.allclose(weekly["failure_cost"], extra, rtol=1e-9, atol=1e-6)


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


def test_story_without_unit_costs_of_failure_only_saves(council):
    free = council.with_overrides(
        {"assumptions": {**council.assumptions, "public.failure_cost": 0.0, "public.bed_day_cost": 0.0}}
    )
    story = staff_cut_story(free, weeks=104)
    assert story.turns_negative_week is None
    assert story.total_net_saving > 0
    assert story.weekly["bed_days"].sum() > 0  # the clients still wait: only their cost was set to 0


@pytest.fixture(scope="module")
def bank_cut():
    """The bank with 2 full-time representatives cut in week 0 and held down, against the bank as it is."""
    bank = load("bank")
    cut = {"representative": StaffingDecisions(cuts={0: 2.0}, hold_cuts=True)}
    return bank, run_dynamics(bank, weeks=52), run_dynamics(bank, weeks=52, decisions=cut)


def test_a_staff_cut_puts_revenue_at_risk_as_the_assessment_does(bank_cut):
    """The first year's revenue at risk of cutting 2 representatives (of 31 FTE), dynamics against the
    assessment of the bank with 2 FTE fewer (``with_staff_change``; 52.18 × its weekly figure).

    The assessment: $4,881 → $5,628 a week, +$38,952 a year (more abandonment). Made in the scenario, the
    dynamics start from the cut week as their equilibrium and add up to the same year over 52 weeks
    (+$38,820, 52/52.18 of it). Made as a management decision in week 0, the representatives cut corners
    instead (delivered quality 0.978 falling to 0.970), read as contacts left unresolved: +$106,281 — the
    same sign and order of magnitude (×2.7), from a different mechanism.
    """
    bank, before, after = bank_cut
    fewer = bank.with_staff_change({"representative": -2})

    def weekly_risk(scenario):
        return assess(scenario, evaluate(scenario), detail="horizon").value("revenue_at_risk")

    assessed = (weekly_risk(fewer) - weekly_risk(bank)) * WEEKS_PER_YEAR
    assert assessed == pytest.approx(38_952, rel=0.01)
    made_in_scenario = run_dynamics(fewer, weeks=52).value("revenue_at_risk") - before.value("revenue_at_risk")
    assert made_in_scenario == pytest.approx(assessed * 52 / WEEKS_PER_YEAR, rel=1e-6)
    decided = after.value("revenue_at_risk") - before.value("revenue_at_risk")
    assert decided > 0 and 0.2 < decided / assessed < 5.0
    assert decided == pytest.approx(106_281, rel=0.02)
    staff = after.meta["weekly"][("representative", "staff")]
    assert staff.iloc[0] == pytest.approx(before.meta["weekly"][("representative", "staff")].iloc[0] - 2.0)


def test_a_year_of_weekly_losses_adds_up(bank_cut):
    """Revealed behaviour is linear in the exposure: the year's customers lost are the loyalty formula on the
    year's summed exposure, and revenue at risk is their lifetime margin."""
    bank, _, after = bank_cut
    lp = CustomerParams.from_table(load_assumptions().with_overrides(bank.assumptions)).loyalty
    names = ("bad_experiences", "late_contacts", "customers_lost", "revenue_at_risk")
    year = {m: np.array([after.value(m, ALL, segment=g.name) for g in bank.segments]) for m in names}
    exposure = Exposure(
        abandoned=np.zeros(3),
        abandoned_final=year["bad_experiences"],
        unserved=np.zeros(3),
        late=year["late_contacts"],
        bed_days=np.zeros(3),
    )
    customers = np.array([after.meta["weekly"][(f"customers: {g.name}", "customers")].iloc[0] for g in bank.segments])
    assert year["customers_lost"] == pytest.approx(extra_leavers(exposure, customers, lp), rel=1e-9)
    value = np.array([g.annual_value for g in bank.segments])
    assert year["revenue_at_risk"] == pytest.approx(year["customers_lost"] * lifetime_value(value, lp), rel=1e-9)


def test_source_document_churn_claims_lose_more_customers(bank_cut):
    """The labelled alternatives (what people say they would do) lose far more customers than the revealed
    behaviour: 1.3 thousandths of the bank's customers a year against about 3% (PwC 2018 survey)."""
    bank, before, _ = bank_cut
    for basis in (1, 2):
        said = bank.with_overrides({"assumptions": {**bank.assumptions, "loyalty.churn_basis": basis}})
        stated = run_dynamics(said, weeks=52)
        assert stated.value("customers_lost") > 10 * before.value("customers_lost")
        assert stated.value("revenue_at_risk") > 10 * before.value("revenue_at_risk")


def test_scenario_assumptions_reach_the_engine():
    bank = load("bank")
    no_response = bank.with_overrides(
        {"assumptions": {**bank.assumptions, "loyalty.rise_per_failure": 0.0, "loyalty.rise_per_late": 0.0}}
    )
    result = run_dynamics(no_response, weeks=40, decisions={"representative": StaffingDecisions(cuts={2: 3.0})})
    assert result.meta["weekly"][("total", "customers_lost")].abs().max() < 1e-12
    assert result.value("revenue_at_risk") == 0.0 and result.value("bad_experiences") > 0


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
