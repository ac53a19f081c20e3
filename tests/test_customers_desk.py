"""The customer models and the comparison on a scenario with a multi-skill service desk (issue 18).

- A desk of one contact type served by one agent group is the single-skill stage it replaces: the
  analytic engine gives the same operational figures to 1e-9 (tests/test_desk_engines.py), so
  experience, loyalty and costs must be the same too — the type's occupancy is derived from its one
  group, which is the stage's own.
- Costs per agent group are the group's paid hours from its roster (Σ shifts: people × hours × days)
  × its wage, computed here from the scenario; the ``"all"`` rows add the chain's stages, not the
  contact types.
- The three-channel example against a cut of 2 FTE phone agents (``costs.contract_hours`` paid hours
  a week each): staff cost falls by exactly 2 × contract hours × wage, abandonment rises; both engines.
"""

from __future__ import annotations

from typing import Any

import hypothesis
import pandas as pd
import pytest
from desk_chain import chain as desk_chain
from hypothesis import given, settings
from hypothesis import strategies as st

import svcdesign as sd
from svcdesign import Scenario
from svcdesign.errors import InputError
from svcdesign.explore.outcomes import chain_share
from svcdesign.formulas.customers.params import customer_table
from svcdesign.model.compiled import expand
from svcdesign.model.examples import load_example
from svcdesign.model.units import WEEKS_PER_YEAR
from svcdesign.response import COST_METRICS, EXPERIENCE_METRICS, assess, budget, customer_exposure
from svcdesign.results import ALL

EXAMPLE = "omnichannel_phone_chat_email"
ANNUAL_VALUE = 400.0  # currency a customer a year: the example leaves it 0, which makes churn cost nothing


def chain(desk: bool, staff: float = 9, volume: float = 6000) -> Scenario:
    """The reduction chain of tests/desk_chain.py, ``volume`` calls a week, customers of a known value."""
    return desk_chain(desk, staff, volume, [{"name": "all customers", "share": 1.0, "annual_value": ANNUAL_VALUE}])


def horizon(results: sd.Results, metrics: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Whole-horizon values of ``metrics`` per stage (rows) for segment ``"all"``."""
    d = results.data
    rows = d[d["period"].isna() & (d["segment"] == ALL) & d["metric"].isin(metrics)]
    out = rows.pivot_table(index="stage", columns="metric", values="value", observed=True, aggfunc="first")
    out.index, out.columns = out.index.astype(str), out.columns.astype(str)
    return out


def paid_hours(roster: Any) -> float:
    """Paid hours a week of a stage's or group's roster of shifts, from the scenario (no adjustment)."""
    assert not roster.staff_adjustment
    return float(sum(shift.count * shift.hours * len(shift.days) for shift in roster.staff))


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_example(EXAMPLE).with_overrides({("segments", 0, "annual_value"): ANNUAL_VALUE})


@pytest.fixture(scope="module")
def example_results(example):
    return sd.evaluate(example)


@pytest.fixture(scope="module")
def comparison(example):
    return sd.compare(example, example.with_staff_change({"phone agents": -2}), names=["as is", "cut"])


# ------------------------------------------------------------------------ a one-type desk
@settings(derandomize=True, max_examples=5, deadline=None)
@given(staff=st.integers(min_value=5, max_value=12), volume=st.sampled_from([6000, 12000]))
@hypothesis.example(staff=5, volume=12000)  # 90 % occupancy at the peak, beyond experience.fatigue_occupancy (85 %):
def test_a_one_type_desk_has_the_customers_and_costs_of_the_stage_it_replaces(staff, volume):
    # there the type's occupancy, derived from its group, lowers its experience
    stage, desk = chain(False, staff, volume), chain(True, staff, volume)
    a, b = assess(stage, sd.evaluate(stage)), assess(desk, sd.evaluate(desk))
    assert not [w for w in b.meta["warnings"] if w.startswith("customers:")]  # occupancy derived, not a fallback
    experience = [*EXPERIENCE_METRICS]
    pd.testing.assert_frame_equal(horizon(a, experience), horizon(b, experience), rtol=1e-9, check_like=True)
    for metric in ("satisfaction", "churn", "customers_lost", "revenue_at_risk", "bad_experiences", "late_contacts"):
        assert b.value(metric) == pytest.approx(a.value(metric), rel=1e-9), metric
    costs = [m for m in COST_METRICS if m != "budget_gap"]
    ca, cb = horizon(a, costs), horizon(b, costs)
    pd.testing.assert_series_equal(ca.loc["calls"], cb.loc["agents"], rtol=1e-12, check_names=False)
    pd.testing.assert_frame_equal(ca.loc[["back office", ALL]], cb.loc[["back office", ALL]], rtol=1e-12)
    assert "calls" not in cb.index  # a contact type has no staff of its own


def test_the_desk_reader_is_named_and_other_readers_still_refuse_a_desk():
    desk = chain(True)
    assert expand(desk, engine="customers").n_types == 1
    with pytest.raises(InputError, match="service_desk"):
        expand(desk)


def test_without_the_answered_by_table_the_type_occupancy_falls_back_with_a_warning():
    desk = chain(True)
    r = sd.evaluate(desk)
    bare = sd.Results(r.data, r.period_minutes, {k: v for k, v in r.meta.items() if k != "answered_by"})
    warned = assess(desk, bare, parts=("experience",)).meta["warnings"]
    assert any("'occupancy' missing" in w and "reference occupancy" in w for w in warned)


# --------------------------------------------------------------------------- the example
def test_costs_per_group_are_paid_hours_times_wage_from_the_scenario(example, example_results):
    a = assess(example, example_results, parts=("costs",))
    got = horizon(a, ["paid_hours", "productive_hours", "wage_cost"])
    desk = example.service_desk
    rows = [(g.name, g.hourly_wage, g.shrinkage, paid_hours(g)) for g in desk.groups]
    rows += [(s.name, s.hourly_wage, s.shrinkage, paid_hours(s)) for s in example.stages]
    for name, wage, shrinkage, hours in rows:
        assert got.loc[name, "paid_hours"] == pytest.approx(hours, rel=1e-12), name
        assert got.loc[name, "productive_hours"] == pytest.approx(hours * (1 - shrinkage), rel=1e-12), name
        assert got.loc[name, "wage_cost"] == pytest.approx(hours * wage, rel=1e-12), name
    assert got.loc[ALL, "wage_cost"] == pytest.approx(sum(h * w for _, w, _, h in rows), rel=1e-12)
    assert not set(got.index) & {t.name for t in desk.contact_types}  # types: no staff, no cost rows
    # one meaning per word: the wage cost is the engine's staff cost of the same rows
    engine = horizon(example_results, ["staff_cost"])["staff_cost"]
    assert got["wage_cost"].to_dict() == pytest.approx(engine.to_dict(), rel=1e-12)
    assert budget(example, example_results).weekly_cost == pytest.approx(a.value("employment_cost"))


def test_experience_is_per_contact_type_and_stage_not_per_group(example, example_results):
    a = assess(example, example_results, detail="horizon")
    rows = horizon(a, ["satisfaction", "experience_index"])
    customers = [t.name for t in example.service_desk.contact_types] + example.stage_names
    assert sorted(rows.index) == sorted([*customers, ALL])
    assert rows["satisfaction"].between(0, 10).all()
    assert not [w for w in a.meta["warnings"] if w.startswith("customers:")]
    # the whole desk's satisfaction is the arrival-weighted mean over the customer stages
    arrivals = horizon(example_results, ["arrivals"])["arrivals"].reindex(customers)
    mean = float((rows["satisfaction"].reindex(customers) * arrivals).sum() / arrivals.sum())
    assert a.value("satisfaction") == pytest.approx(mean, rel=1e-9)


def test_the_simulation_is_assessed_too(example):
    r = sd.simulate(example, replications=2, horizon="1d", seed=5)
    a = assess(example, r)
    costs = horizon(a, ["wage_cost"])["wage_cost"]
    engine = horizon(r, ["staff_cost"])["staff_cost"]
    groups = [g.name for g in example.service_desk.groups]
    assert costs.reindex([*groups, ALL]).to_numpy() == pytest.approx(engine.reindex([*groups, ALL]).to_numpy())
    assert 0 <= a.value("satisfaction") <= 10 and a.value("churn") > 0
    assert customer_exposure(example, r).customers.sum() > 0


def test_compare_a_cut_of_two_phone_agents(example, comparison):
    v = comparison.values
    group = next(g for g in example.service_desk.groups if g.name == "phone agents")
    contract = customer_table(example, None).value("costs.contract_hours")
    saving = v.loc["as is", "staff_cost"] - v.loc["cut", "staff_cost"]
    assert saving == pytest.approx(2 * contract * group.hourly_wage, rel=1e-12)
    assert v.loc["cut", "p_abandon_any"] > v.loc["as is", "p_abandon_any"]
    assert v.loc["cut", "service_level"] < v.loc["as is", "service_level"]
    assert v.loc["cut", "satisfaction"] < v.loc["as is", "satisfaction"]
    assert v.loc["cut", "churn"] > v.loc["as is", "churn"]
    assert v.loc["cut", "revenue_effect"] < v.loc["as is", "revenue_effect"] < 0
    net = comparison.net_effect.loc["cut"]
    assert net["low"] <= net["central"] <= net["high"]
    lost = v.loc["as is", "revenue_effect"] - v.loc["cut", "revenue_effect"]
    assert net["central"] == pytest.approx(saving * WEEKS_PER_YEAR - lost, rel=1e-9)  # one typical week a year
    assert comparison.break_even.loc["cut", "saving"] == pytest.approx(saving * WEEKS_PER_YEAR, rel=1e-12)


def test_the_chain_service_level_weighs_the_customer_stages_only(example, comparison):
    r = comparison.results[0]
    rows = horizon(r, ["arrivals", "service_level", "p_abandon"])
    customers = [t.name for t in example.service_desk.contact_types] + example.stage_names
    w = rows.loc[customers, "arrivals"]
    for metric in ("service_level", "p_abandon"):
        expected = float((rows.loc[customers, metric] * w).sum() / w.sum())
        assert chain_share(r, metric) == pytest.approx(expected, rel=1e-12)
    assert comparison.values.loc["as is", "service_level"] == pytest.approx(chain_share(r, "service_level"))
    groups = {g.name for g in example.service_desk.groups}
    assert groups <= set(r.data["stage"].astype(str)) and not groups & set(rows.index)  # group rows: no arrivals


def test_compare_with_the_simulation(example):
    def simulation(s: Scenario) -> sd.Results:
        return sd.simulate(s, replications=2, horizon="1d", seed=5)

    c = sd.compare(example, example.with_staff_change({"phone agents": -2}), engine=simulation, names=["a", "b"])
    assert c.values.loc["b", "staff_cost"] < c.values.loc["a", "staff_cost"]
    assert c.values[["service_level", "satisfaction", "churn"]].notna().all().all()
    assert c.period == "year" and c.net_effect is not None
