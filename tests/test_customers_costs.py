"""Staff costs (wages × paid hours, overtime, turnover), hiring and the budget check."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from svcdesign import Scenario, evaluate
from svcdesign._resources import dataset_path
from svcdesign.assumptions import load_assumptions
from svcdesign.errors import InputError
from svcdesign.formulas import costs as C
from svcdesign.response import assess, budget, employment_costs

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLE = load_assumptions()
CP = C.CostParams.from_table(TABLE)


@pytest.fixture(scope="module")
def bank():
    return Scenario.load(dataset_path("scenarios", "bank.yaml"))


@SETTINGS
@given(
    staff=arrays(float, (3, 8), elements=st.floats(0, 50)),
    wage=arrays(float, 3, elements=st.floats(0, 100)),
    shrink=arrays(float, 3, elements=st.floats(0, 0.9)),
    hours=st.sampled_from([0.25, 0.5, 1.0, 168.0]),
    cover=st.floats(0, 1),
)
def test_zero_demand_costs_only_wages(staff, wage, shrink, hours, cover):
    params = C.CostParams.from_table(TABLE.with_overrides({"costs.overtime_cover": cover, "costs.attrition_rate": 0}))
    c = C.staff_costs(staff, wage, shrink, hours, params, required_staff=np.zeros_like(staff))
    assert np.allclose(c["overtime_cost"], 0.0)
    assert np.allclose(c["employment_cost"], staff * wage[:, None] * hours)
    assert np.all(c["productive_hours"] <= c["paid_hours"] + 1e-12)


def test_overtime_and_turnover_reference_values():
    params = C.CostParams.from_table(TABLE.with_overrides({"costs.overtime_cover": 1.0}))
    c = C.staff_costs(
        np.array([[10.0]]), np.array([20.0]), np.array([0.3]), 0.5, params, required_staff=np.array([[12.0]])
    )
    assert float(c["paid_hours"][0, 0]) == 5.0
    assert float(c["productive_hours"][0, 0]) == pytest.approx(3.5)
    assert float(c["wage_cost"][0, 0]) == 100.0
    assert float(c["overtime_cost"][0, 0]) == pytest.approx(2 * 0.5 * 20 * 1.5)  # time and a half
    # turnover: 37.5% a year, 3.5 months' pay each → per paid hour wage·0.375·3.5/12
    assert float(c["turnover_cost"][0, 0]) == pytest.approx(100.0 * 0.375 * 3.5 / 12)
    reported = C.staff_costs(
        np.array([[10.0]]), np.array([20.0]), np.array([0.3]), 0.5, params, overtime_hours=np.array([[1.0]])
    )
    assert float(reported["overtime_cost"][0, 0]) == pytest.approx(30.0)


def test_hiring_cost_follows_batt():
    # 3.5 months of pay at 40 h/week: 13.55 × 40 × 52.1775/12 × 3.5 per hire (a mean Gregorian year of weeks)
    assert float(C.hiring_cost(2, 13.55, CP)) == pytest.approx(2 * 13.55 * 40 * (365.2425 / 7) / 12 * 3.5)
    assert CP.training_weeks == 4
    assert TABLE["costs.replacement_months"].kind == "published estimate"


def test_bad_cost_inputs_raise():
    with pytest.raises(InputError, match="staff"):
        C.staff_costs(np.array([[-1.0]]), np.array([1.0]), np.array([0.1]), 1.0, CP)
    with pytest.raises(InputError, match="shrinkage"):
        C.staff_costs(np.array([[1.0]]), np.array([1.0]), np.array([1.0]), 1.0, CP)
    with pytest.raises(InputError, match="weekly_budget"):
        C.budget_check({"wage_cost": 1.0}, -5.0)


def test_bank_costs_match_wages_and_budget(bank):
    r = evaluate(bank, staffing=False)
    c = employment_costs(bank, r)
    assert c.value("wage_cost") == pytest.approx(r.value("staff_cost"))
    assert c.value("overtime_cost") == 0.0  # the engine assumes none and overtime_cover = 0
    assert c.value("employment_cost") == pytest.approx(c.value("wage_cost") + c.value("turnover_cost"))
    check = budget(bank, r)
    assert check.weekly_budget is None and check.within
    tight = bank.with_overrides({"organisation.weekly_budget": 30000.0})
    over = budget(tight, r)
    assert not over.within and over.slack == pytest.approx(30000.0 - over.weekly_cost)
    gap = employment_costs(tight, r).value("budget_gap")
    assert gap == pytest.approx(over.slack)


def test_zero_demand_scenario_costs_only_wages(bank):
    empty = bank.with_overrides({"demand.scale": 0.0})
    # staffing=False: the analytic engine's staffing search fails with no arrivals (reported to the lead)
    a = assess(empty, evaluate(empty, staffing=False), overrides={"costs.attrition_rate": 0.0})
    assert a.value("employment_cost") == pytest.approx(a.value("staff_cost"))
    assert a.value("revenue_at_risk") == 0.0
    assert a.value("customer_base") == 0.0
