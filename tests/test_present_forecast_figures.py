"""The forecast figures draw the objects' own numbers: fan chart, errors by horizon, cover matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import svcdesign as sd
from svcdesign.datasets import bank_calls_per_hour
from svcdesign.errors import InputError
from svcdesign.explore import cover_for_forecast
from svcdesign.forecast import DemandHistory, forecast_demand
from svcdesign.markup import plot_text
from svcdesign.present import cover_figure, forecast_errors_figure, forecast_figure
from svcdesign.present.style import OKABE_ITO

WEEK = "1999-12-06"


@pytest.fixture(scope="module")
def history():
    return DemandHistory.from_counts(bank_calls_per_hour(), count="calls")


@pytest.fixture(scope="module")
def forecast(history):
    return forecast_demand(history, 14, method="weekly_profile")


def test_fan_chart_draws_history_mean_and_both_bands(history, forecast):
    fig = forecast_figure(forecast, history, tail_days=7)
    by_name = {trace.name: trace for trace in fig.data if trace.name}
    assert set(by_name) == {"history", "forecast mean", "80% prediction interval", "95% prediction interval"}
    assert len(by_name["history"].y) == 7 * 24
    np.testing.assert_array_equal(by_name["history"].y, history.counts.to_numpy()[-7 * 24 :])
    np.testing.assert_array_equal(by_name["forecast mean"].y, forecast.frame["mean"].to_numpy())
    np.testing.assert_array_equal(by_name["80% prediction interval"].y, forecast.frame["q0.9"].to_numpy())
    np.testing.assert_array_equal(by_name["95% prediction interval"].y, forecast.frame["q0.975"].to_numpy())
    assert by_name["forecast mean"].line.color in OKABE_ITO
    assert fig.layout.yaxis.title.text == "contacts per 60 minutes"
    assert len(forecast_figure(forecast).data) == 5  # no history: two bands of two edges and the mean


def test_fan_chart_refuses_a_history_at_another_interval(history, forecast):
    with pytest.raises(InputError, match="history"):
        forecast_figure(forecast_demand(history, 7, method="seasonal_naive", interval_minutes=120), history)
    with pytest.raises(InputError, match="tail_days"):
        forecast_figure(forecast, history, tail_days=-1)
    with pytest.raises(InputError, match="forecast"):
        forecast_figure(history)


def test_errors_figure_draws_mase_and_coverage_by_horizon():
    errors = pd.DataFrame(
        {
            "method": ["seasonal_naive", "seasonal_naive", "daily_sarimax", "daily_sarimax"],
            "interval_minutes": [60, 60, 60, 60],
            "horizon_days": [1, 7, 1, 7],
            "mase": [1.0, 0.9, 0.6, 0.5],
            "coverage_80": [0.7, 0.75, 0.82, 0.79],
            "coverage_95": [0.9, 0.92, 0.96, 0.94],
        }
    )
    fig = forecast_errors_figure(errors)
    mase = [t for t in fig.data if t.xaxis == "x"]
    assert [t.name for t in mase] == ["seasonal_naive", "daily_sarimax"]
    assert list(mase[1].y) == [0.6, 0.5]
    covered = {t.name: list(t.y) for t in fig.data if t.xaxis == "x2"}
    assert covered[plot_text("daily_sarimax: 80% interval")] == pytest.approx([82, 79])
    assert covered[plot_text("seasonal_naive: 95% interval")] == pytest.approx([90, 92])
    with pytest.raises(InputError, match="interval_minutes"):
        forecast_errors_figure(errors, interval_minutes=30)
    with pytest.raises(InputError, match="errors"):
        forecast_errors_figure(errors.drop(columns="mase"))


def test_cover_figure_draws_the_matrix_and_each_plans_cost(forecast):
    bank = sd.load_example("bank").with_overrides({"demand.interval_minutes": 60, "demand.peaks": []})
    cover = cover_for_forecast(bank, forecast, WEEK, quantiles=(None, 0.9))
    fig = cover_figure(cover)
    heat, bars = fig.data
    table = cover.table.set_index(["staffed_for", "demand_at"])
    assert heat.z[1][0] == pytest.approx(100 * table.loc[("90th percentile", "mean"), "service_level"])
    assert heat.z[0][1] == pytest.approx(100 * table.loc[("mean", "90th percentile"), "service_level"])
    assert list(bars.x) == pytest.approx(
        [table.loc[("mean", "mean"), "staff_cost"], table.loc[("90th percentile", "90th percentile"), "staff_cost"]]
    )
    assert list(heat.y) == ["staffed for mean", "staffed for 90th percentile"]
    waits = cover_figure(cover, metric="asa").data[0]
    assert waits.z[0][1] == pytest.approx(table.loc[("mean", "90th percentile"), "asa"])
    with pytest.raises(InputError, match="metric"):
        cover_figure(cover, metric="satisfaction")
