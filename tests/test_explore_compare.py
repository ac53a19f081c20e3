"""Comparisons: options against a baseline, with and without a customer model."""

from __future__ import annotations

import pytest
from test_explore_optimise import chain

import svcdesign as sd
from svcdesign import InputError
from svcdesign.explore import compare, customer_model
from svcdesign.model.units import WEEKS_PER_YEAR
from svcdesign.present import comparison_figure


def fake_customers(scenario, results):
    """A stand-in customer model: satisfaction falls with abandonment, revenue with churn."""
    abandon = results.value("p_abandon_any")
    return {"satisfaction": 8 - 20 * abandon, "churn": 0.5 * abandon, "revenue_effect": -1e6 * abandon}


def test_operational_columns_match_the_engine():
    base = chain(front_staff=6, expert_staff=2)
    cut = base.with_overrides({"stages.front.staff_adjustment": -1}, name="cut one")
    result = compare(base, cut, customers=fake_customers)
    v = result.values
    r = sd.evaluate(cut)
    assert v.loc["cut one", "staff_cost"] == pytest.approx(r.value("staff_cost"))
    assert v.loc["cut one", "p_abandon_any"] == pytest.approx(r.value("p_abandon_any"))
    weights = [r.value("arrivals", s) for s in ("front", "desk")]
    levels = [r.value("service_level", s) for s in ("front", "desk")]
    assert v.loc["cut one", "service_level"] == pytest.approx(
        sum(w * level for w, level in zip(weights, levels, strict=True)) / sum(weights)
    )
    t = result.table
    assert t.loc["two tiers", "Role"] == "baseline"
    assert t.loc["cut one", "Staff cost change vs baseline (USD/week)"] < 0
    assert t.loc["cut one", "Service level, all stages (%)"] == pytest.approx(100 * v.loc["cut one", "service_level"])
    # net effect per year: Δ revenue effect − Δ staff cost × weeks per year
    d_cost = v.loc["cut one", "staff_cost"] - v.loc["two tiers", "staff_cost"]
    d_rev = v.loc["cut one", "revenue_effect"] - v.loc["two tiers", "revenue_effect"]
    assert v.loc["cut one", "net_effect"] == pytest.approx(d_rev - d_cost * WEEKS_PER_YEAR)
    assert v.loc["two tiers", "net_effect"] == 0
    fig = comparison_figure(result)
    assert fig.layout.title.text.startswith("Options against the baseline")
    assert any("USD/week" in a.text for a in fig.layout.annotations)


def test_without_a_customer_model_the_customer_columns_are_left_out_with_a_note():
    base = chain(front_staff=6, expert_staff=2)
    result = compare(base, base.with_overrides({"stages.desk.staff_adjustment": 1}, name="more desk"), customers=False)
    assert not {"satisfaction", "churn", "revenue_effect", "net_effect"} & set(result.values.columns)
    assert any("customer outcomes" in n and "not shown" in n for n in result.notes)


def test_baseline_by_name_position_or_object_and_results_accepted():
    base = chain(front_staff=6, expert_staff=2)
    more = base.with_overrides({"stages.front.staff_adjustment": 2}, name="more")
    r_more = sd.evaluate(more)
    by_name = compare(base, r_more, baseline="more", customers=fake_customers)
    assert by_name.baseline == "more"
    assert list(by_name.values.columns).count("satisfaction") == 0  # a Results without its scenario: left out
    assert any("without their scenario" in n for n in by_name.notes)
    assert compare(base, more, baseline=1).baseline == "more"
    assert compare(more, baseline=base).baseline == "two tiers"
    with pytest.raises(InputError, match="baseline"):
        compare(base, more, baseline="nobody")
    with pytest.raises(InputError, match="options"):
        compare(base, "not a scenario")
    with pytest.raises(InputError, match="options"):
        compare()


def test_a_failing_customer_model_is_not_hidden():
    """A customer model's error reaches the caller (no blind except turning it into a note)."""

    def broken(scenario, results):
        raise RuntimeError("not finished")

    with pytest.raises(RuntimeError, match="not finished"):
        compare(chain(), customers=broken)
    assert "satisfaction" not in compare(chain(), customers=False).values.columns


def test_the_shipped_customer_model_is_used():
    hook = customer_model()
    assert hook.model is not None and "svcdesign.response.assess" in hook.note
    base = chain(front_staff=6, expert_staff=2)
    result = compare(base, base.with_overrides({"stages.front.staff_adjustment": -2}, name="cut two"))
    v = result.values
    assert {"satisfaction", "churn", "revenue_effect", "net_effect"} <= set(v.columns)
    assert v.loc["cut two", "satisfaction"] < v.loc["two tiers", "satisfaction"]


def test_options_named_by_the_caller():
    base = chain(front_staff=6, expert_staff=2)
    cut = base.with_overrides({"stages.front.staff_adjustment": -1})  # same scenario name as the base
    named = compare(base, cut, names=["today", "one fewer"], baseline="today", customers=False)
    assert list(named.values.index) == ["today", "one fewer"] and named.baseline == "today"
    assert named.values.loc["one fewer", "staff_cost"] == pytest.approx(sd.evaluate(cut).value("staff_cost"))
    assert list(compare(base, cut, customers=False).values.index) == ["two tiers", "two tiers (2)"]
    for bad in (["only one"], ["same", "same"], "ab", ["today", ""]):
        with pytest.raises(InputError, match="names"):
            compare(base, cut, names=bad, customers=False)
