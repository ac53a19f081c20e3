"""The staffing explorer's demand controls started from a forecast ("Demand from", "Forecast week")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("anywidget")

import svcdesign as sd  # noqa: E402
from svcdesign.errors import InputError  # noqa: E402
from svcdesign.forecast import DemandHistory, forecast_demand, to_scenario  # noqa: E402
from svcdesign.present import StaffingExplorer  # noqa: E402
from svcdesign.present.dashboard import DEMAND_FROM  # noqa: E402

WEEK = "1999-12-06"


@pytest.fixture(scope="module")
def hourly_bank():
    return sd.load_example("bank").with_overrides({"demand.interval_minutes": 60})


@pytest.fixture(scope="module")
def explorer(forecast, hourly_bank, tmp_path_factory):
    return StaffingExplorer(hourly_bank, forecast=forecast, what_if_folder=tmp_path_factory.mktemp("what-ifs"))


def test_demand_from_the_scenario_leaves_it_as_described(explorer, hourly_bank):
    assert [value for _, value in DEMAND_FROM] == ["scenario", "mean", 0.8, 0.95]
    assert explorer.controls["demand_from"].value == "scenario"
    assert explorer.controls["forecast_week"].options == (WEEK,)
    assert explorer.variant() == hourly_bank


@pytest.mark.parametrize(("choice", "quantile"), [("mean", None), (0.8, 0.8), (0.95, 0.95)])
def test_demand_from_the_forecast_is_to_scenarios_week_and_the_readouts_are_the_engines(
    explorer, forecast, hourly_bank, choice, quantile
):
    explorer.set(demand_from=choice, forecast_week=WEEK)
    expected = to_scenario(forecast, hourly_bank, WEEK, quantile)
    assert explorer.variant().demand == expected.demand
    results = sd.evaluate(expected, staffing=False)
    assert explorer.kpi_value("service_level") == results.value("service_level", "representative")
    explorer.set(demand_from="scenario")


def test_more_demand_from_a_higher_quantile_never_raises_the_service_level(explorer):
    levels = []
    for choice in ("mean", 0.8, 0.95):
        explorer.set(demand_from=choice)
        levels.append(explorer.kpi_value("service_level"))
    explorer.set(demand_from="scenario")
    assert levels[0] >= levels[1] >= levels[2]
    assert levels[0] > levels[2]


def test_growth_applies_on_top_of_the_forecast(explorer, forecast, hourly_bank):
    explorer.set(demand_from=0.8, growth=10)
    variant = explorer.variant()
    assert variant.demand.channels == to_scenario(forecast, hourly_bank, WEEK, 0.8).demand.channels
    assert variant.demand.scale == pytest.approx(1.1 * hourly_bank.demand.scale)
    explorer.set(demand_from="scenario", growth=0)


def test_a_quarter_hour_scenario_takes_an_hourly_forecast_spread_evenly(forecast):
    explorer = StaffingExplorer("bank", forecast=forecast)  # 15-minute intervals, an hourly forecast
    explorer.set(demand_from="mean")
    hourly = to_scenario(forecast, sd.load_example("bank").with_overrides({"demand.interval_minutes": 60}), WEEK)
    quarters = np.array(explorer.base.demand.channels[0].per_interval)
    np.testing.assert_allclose(quarters.reshape(-1, 4).sum(axis=1), hourly.demand.channels[0].per_interval)


def test_intervals_that_do_not_fit_the_forecast_are_a_message_not_a_crash():
    stamps = pd.date_range("1999-01-04", periods=28 * 240, freq="6min")  # four weeks of 6-minute counts
    history = DemandHistory.from_counts(pd.DataFrame({"timestamp": stamps, "count": 1.0}))
    explorer = StaffingExplorer("bank", forecast=forecast_demand(history, 14, method="weekly_profile"))
    explorer.set(demand_from="mean")  # quarter-hours are no multiple or divisor of 6 minutes
    assert "interval_minutes" in explorer.status.value and "6-minute" in explorer.status.value
    assert explorer.controls["demand_from"].value == "scenario" and explorer.base == sd.load_example("bank")
    with pytest.raises(InputError, match="forecast"):
        StaffingExplorer("bank", forecast="not a forecast")


def test_without_a_forecast_there_are_no_forecast_controls():
    explorer = StaffingExplorer("bank")
    assert "demand_from" not in explorer.controls and "forecast_week" not in explorer.controls


def test_demand_from_a_forecast_is_the_starting_position_not_a_change(explorer, forecast, hourly_bank):
    explorer.set(demand_from=0.8, staff={"representative": -1})
    assert explorer.base.demand == to_scenario(forecast, hourly_bank, WEEK, 0.8).demand
    assert explorer.controls["staff:representative"].value == -1  # the levers survive the new start
    explorer.set(staff={"representative": 0})
    assert explorer.variant() is explorer.base
    assert not explorer.money.changed and explorer.money.readings["net_effect"] == 0
    explorer.set(demand_from="scenario")
    assert explorer.base == hourly_bank


def test_the_week_picker_offers_the_weeks_of_event_peaks():
    scenario = sd.load_example("bank").with_overrides(
        {
            "demand.year": 2026,
            "demand.peaks": [
                {"name": "before Nowruz", "factor": 1.3, "event": "nowruz", "days_before": 10, "event_days": False}
            ],
        }
    )
    explorer = StaffingExplorer(scenario)
    assert [value for _, value in explorer.controls["week"].options] == [0, 11, 12]
    assert explorer.controls["week"].options[1][0] == "week 11: before Nowruz"
