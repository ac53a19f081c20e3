"""Staffing for quantiles of a forecast week, and the cover matrix (svcdesign.explore.forecast_cover)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import svcdesign as sd
from svcdesign.errors import InputError
from svcdesign.explore import compare_cover, cover_for_forecast, optimise_staffing
from svcdesign.explore.forecast_cover import quantile_label
from svcdesign.forecast import to_scenario

WEEK = "1999-12-06"


@pytest.fixture(scope="module")
def bank():
    """The bank example on the forecast's hourly grid, without its illustrative Friday peak."""
    return sd.load_example("bank").with_overrides({"demand.interval_minutes": 60, "demand.peaks": []})


@pytest.fixture(scope="module")
def cover(bank, forecast):
    return cover_for_forecast(bank, forecast, WEEK)


def _check_monotone(cover):
    table = cover.table
    labels = [quantile_label(q) for q in cover.quantiles]
    hours = table[table["staffed_for"] == table["demand_at"]].set_index("staffed_for").loc[labels, "paid_hours"]
    # staffing for a higher quantile of demand never needs fewer paid hours
    assert np.all(np.diff(hours.to_numpy()) >= -1e-9), hours
    for demand, rows in table.groupby("demand_at"):
        rows = rows.sort_values("paid_hours")
        # under the same demand, a plan with more staff never gives a lower service level or more abandonment
        assert np.all(np.diff(rows["service_level"].to_numpy()) >= -1e-9), demand
        assert np.all(np.diff(rows["p_abandon_any"].to_numpy()) <= 1e-9), demand


def test_the_default_cover_is_a_three_by_three_matrix_that_is_monotone(cover, bank):
    assert len(cover.table) == 9
    assert list(cover.table["staffed_for"].unique()) == ["mean", "80th percentile", "95th percentile"]
    assert list(cover.table["demand_at"].unique()) == ["mean", "80th percentile", "95th percentile"]
    _check_monotone(cover)
    # FTE are paid hours over the contract hours of the assumptions table (40 h a week by default)
    assert bank.contract_hours() == 40.0
    np.testing.assert_allclose(cover.table["fte"], cover.table["paid_hours"] / 40.0)
    # a plan's paid hours do not depend on the demand it meets
    assert (cover.table.groupby("staffed_for")["paid_hours"].nunique() == 1).all()


@settings(derandomize=True, max_examples=6, deadline=None)
@given(
    low=st.floats(min_value=0.5, max_value=0.9),
    gap=st.floats(min_value=0.02, max_value=0.09),
)
def test_any_two_quantiles_give_a_monotone_cover(bank, forecast, low, gap):
    _check_monotone(cover_for_forecast(bank, forecast, WEEK, quantiles=(low, low + gap)))


def test_each_row_is_the_staffing_tools_own_numbers(cover, bank, forecast):
    """The diagonal is optimise_staffing on to_scenario's week; off it, that plan evaluated on another week."""
    plan = optimise_staffing(to_scenario(forecast, bank, WEEK, 0.8))
    row = cover.table[
        (cover.table["staffed_for"] == "80th percentile") & (cover.table["demand_at"] == "80th percentile")
    ]
    assert row["staff_cost"].item() == pytest.approx(plan.cost, rel=1e-12)
    assert row["paid_hours"].item() == pytest.approx(plan.results.value("staff_hours"), rel=1e-12)
    overrun = sd.evaluate(to_scenario(forecast, plan.scenario, WEEK, 0.95), staffing=False)
    row = cover.table[
        (cover.table["staffed_for"] == "80th percentile") & (cover.table["demand_at"] == "95th percentile")
    ]
    assert row["asa"].item() == pytest.approx(overrun.value("asa", "representative"), rel=1e-12)
    assert row["contacts"].item() == pytest.approx(
        sum(to_scenario(forecast, bank, WEEK, 0.95).demand.channels[0].per_interval), rel=1e-9
    )
    assert row["service_level"].item() < 0.8  # staffed for less demand than came: the target is missed


def test_compare_cover_sets_the_cost_of_cover_against_the_service_it_protects(cover):
    comparison = compare_cover(cover, (None, 0.8), demand_at=0.8, customers=False)
    table = cover.table.set_index(["staffed_for", "demand_at"])
    assert list(comparison.values["staff_cost"]) == pytest.approx(
        [
            table.loc[("mean", "80th percentile"), "staff_cost"],
            table.loc[("80th percentile", "80th percentile"), "staff_cost"],
        ]
    )
    assert list(comparison.values["service_level"]) == pytest.approx(
        [
            table.loc[("mean", "80th percentile"), "service_level"],
            table.loc[("80th percentile", "80th percentile"), "service_level"],
        ]
    )
    assert comparison.baseline == "staffed for the mean"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda b, f: cover_for_forecast(b, f, WEEK, quantiles=(0.8, 0.8)), "quantiles"),
        (lambda b, f: cover_for_forecast(b, f, WEEK, quantiles=(1.2,)), "quantiles"),
        (lambda b, f: cover_for_forecast(b, f, WEEK, quantiles=()), "quantiles"),
        (lambda b, f: cover_for_forecast(b, f, "1999-12-07"), "week_start"),
        (lambda b, f: cover_for_forecast(b, f, WEEK, channel="chat"), "channel"),
        (lambda b, f: cover_for_forecast(b, "forecast", WEEK), "forecast"),
        (lambda b, f: cover_for_forecast("bank", f, WEEK), "scenario"),
    ],
)
def test_bad_input_is_a_clear_error(bank, forecast, call, field):
    with pytest.raises(InputError) as error:
        call(bank, forecast)
    assert error.value.field == field


def test_bad_choices_of_plans_are_clear_errors(cover):
    with pytest.raises(InputError, match="staffed_for"):
        compare_cover(cover, (0.8,))
    with pytest.raises(InputError, match="staffed_for"):
        compare_cover(cover, (None, 0.9))
    with pytest.raises(InputError, match="demand_at"):
        cover.scenario(0.8, 0.5)


def test_quantile_labels():
    assert [quantile_label(q) for q in (None, 0.8, 0.95, 0.975, 0.01, 0.02, 0.03, 0.11, 0.5)] == [
        "mean",
        "80th percentile",
        "95th percentile",
        "97.5th percentile",
        "1st percentile",
        "2nd percentile",
        "3rd percentile",
        "11th percentile",
        "50th percentile",
    ]
