"""Sensitivity: Sobol indices against the Ishigami function's known values; OAT against direct runs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_explore_optimise import chain

import svcdesign as sd
from svcdesign import InputError
from svcdesign.explore import outcome, sensitivity, sobol_indices
from svcdesign.present import sensitivity_figure


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a=7.0, b=0.1):
    """Analytic first-order and total indices (Ishigami & Homma 1990; Saltelli et al. 2008, §4.8)."""
    v1 = 0.5 * (1 + b * np.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * np.pi**8 * (1 / 18 - 1 / 50)
    var = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / var, np.array([v1 + v13, v2, v13]) / var


def test_sobol_indices_match_the_ishigami_function():
    s1, st_ = ishigami_indices()
    table = sobol_indices(ishigami, [[-np.pi, np.pi]] * 3, samples=4096, seed=1)
    np.testing.assert_allclose(table["S1"], s1, atol=0.03)
    np.testing.assert_allclose(table["ST"], st_, atol=0.03)
    assert np.all(table["S1_low"] <= table["S1"]) and np.all(table["ST"] <= table["ST_high"])
    assert table["ST_low"].iloc[2] > 0.15  # x3 matters only through its interaction with x1


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(min_value=0.1, max_value=5.0), min_size=2, max_size=4))
def test_sobol_indices_of_an_additive_function(weights):
    """For f = Σ w_i x_i with uniform x_i: S_i = S_Ti = w_i² / Σ w_j²."""
    w = np.array(weights)
    table = sobol_indices(lambda x: x @ w, [[0.0, 1.0]] * len(w), samples=1024, seed=0, bootstrap=20)
    exact = w**2 / (w**2).sum()
    np.testing.assert_allclose(table["S1"], exact, atol=0.03)
    np.testing.assert_allclose(table["ST"], exact, atol=0.03)


def test_oat_matches_runs_one_at_a_time():
    base = chain(front_staff=6, expert_staff=2)
    result = sensitivity(
        base, "p_abandon_any", levers={"demand.scale": (0.8, 1.2), "stages.desk.handle_time.mean": None}
    )
    row = result.table.set_index("factor").loc["demand.scale"]
    low = outcome(sd.evaluate(base.with_overrides({"demand.scale": 0.8})), "p_abandon_any")
    high = outcome(sd.evaluate(base.with_overrides({"demand.scale": 1.2})), "p_abandon_any")
    assert row["output_low"] == pytest.approx(low) and row["output_high"] == pytest.approx(high)
    desk = result.table.set_index("factor").loc["stages.desk.handle_time.mean"]
    assert (desk["low"], desk["high"]) == pytest.approx((480.0, 720.0))  # ±20% of 600 s
    assert result.base_value == pytest.approx(outcome(sd.evaluate(base), "p_abandon_any"))
    assert list(result.table["swing"]) == sorted(result.table["swing"], reverse=True)
    fig = sensitivity_figure(result)
    assert "Tornado" in fig.layout.title.text and fig.layout.xaxis.title.text


def test_default_levers_rank_demand_above_a_quiet_stage():
    result = sensitivity(chain(front_staff=6, expert_staff=2), "service_level", stage="front")
    order = list(result.table["factor"])
    assert order[0] in ("demand.scale", "stages.front.handle_time.mean")
    assert order.index("stages.desk.patience.mean") > order.index("demand.scale")


def test_assumptions_the_engine_does_not_read_show_no_swing_and_say_so():
    result = sensitivity(chain(), "service_level", assumptions=["loyalty.churn_one_bad"])
    assert result.table["swing"].iloc[0] == 0
    assert any("do not change" in n for n in result.notes)
    with pytest.raises(InputError, match="did you mean"):
        sensitivity(chain(), "service_level", assumptions=["loyalty.churn_one_bd"])


def test_assumptions_reach_a_customer_model_through_the_scenario():
    def churn(scenario, results):  # a stand-in customer model reading one assumption
        return {"churn": scenario.assumptions.get("loyalty.churn_one_bad", 0.17) * results.value("p_abandon_any")}

    result = sensitivity(
        chain(),
        "churn",
        assumptions={"loyalty.churn_one_bad": (0.1, 0.5)},
        levers={"demand.scale": (0.9, 1.1)},
        customers=churn,
    )
    assert result.table["factor"].iloc[0] == "loyalty.churn_one_bad"
    assert result.table["swing"].iloc[0] > 0


def test_sobol_on_a_scenario():
    result = sensitivity(
        chain(front_staff=6, expert_staff=2),
        "p_abandon_any",
        method="sobol",
        samples=8,
        levers={"demand.scale": (0.8, 1.2), "stages.desk.patience.mean": (290, 310)},
    )
    table = result.table.set_index("factor")
    assert table.loc["demand.scale", "ST"] > table.loc["stages.desk.patience.mean", "ST"]
    assert sensitivity_figure(result).layout.title.text.startswith("Sobol")


def test_bad_arguments_are_named():
    with pytest.raises(InputError, match="method"):
        sensitivity(chain(), method="morris")
    with pytest.raises(InputError, match="levers"):
        sensitivity(chain(), levers={"stages.front.staff": (1, 0)})
    with pytest.raises(InputError, match="samples"):
        sobol_indices(ishigami, [[0, 1]] * 3, samples=100)


def test_a_value_the_model_rejects_is_reported_not_raised():
    def picky(scenario, results):
        if scenario.demand.scale > 1.1:
            raise InputError("demand.scale", scenario.demand.scale, "at most 1.1 for this model")
        return {"satisfaction": 8 - 10 * results.value("p_abandon_any")}

    result = sensitivity(chain(), "satisfaction", levers={"demand.scale": (0.9, 1.2)}, customers=picky)
    row = result.table.iloc[0]
    assert np.isfinite(row["output_low"]) and np.isnan(row["output_high"])
    assert any("rejected by the model" in n and "at most 1.1" in n for n in result.notes)
    with pytest.raises(InputError, match="factor ranges"):
        sensitivity(
            chain(), "satisfaction", levers={"demand.scale": (0.9, 1.2)}, customers=picky, method="sobol", samples=4
        )
