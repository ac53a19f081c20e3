"""Forecast models: baselines against hand-computed values, interval coverage on simulated counts,
too little history, to_demand and to_scenario."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign.errors import InputError
from svcdesign.forecast import DemandHistory, backtest_forecast, forecast_demand, to_demand, to_scenario
from svcdesign.model import Demand


def history_of(matrix: np.ndarray, start: str = "2024-01-01") -> DemandHistory:
    """A history from a (days × intervals) array; NaN rows are left out of the table (missing days)."""
    days, per_day = matrix.shape
    step = 1440 // per_day
    stamps = pd.date_range(start, periods=days * per_day, freq=f"{step}min")
    table = pd.DataFrame({"timestamp": stamps, "count": matrix.ravel()})
    return DemandHistory.from_counts(table.dropna(), interval_minutes=step)


def ramp(days: int, per_day: int = 24) -> np.ndarray:
    """Day d, interval i holds 100·d + i: every value says where it came from."""
    return 100.0 * np.arange(days)[:, None] + np.arange(per_day)[None, :]


def test_seasonal_naive_copies_the_last_week_by_hand():
    f = forecast_demand(history_of(ramp(14)), 9, method="seasonal_naive")
    mean = f.frame["mean"].to_numpy().reshape(9, 24)
    # horizon day h is the weekday of history day 7 + h % 7: its last occurrence in the history
    for h in range(9):
        assert list(mean[h]) == list(ramp(14)[7 + h % 7])


def test_seasonal_naive_skips_a_missing_day():
    m = ramp(15)
    m[13] = np.nan  # the Sunday (2024-01-14) is missing: the one before (2024-01-07, day 6) is used
    f = forecast_demand(history_of(m), 7, method="seasonal_naive")
    mean = f.frame["mean"].to_numpy().reshape(7, 24)
    assert list(mean[5]) == list(ramp(15)[6])
    assert list(mean[6]) == list(ramp(15)[14])  # Monday 22 January from Monday 15 January


def test_weekly_profile_is_the_mean_of_the_weeks_by_hand():
    f = forecast_demand(history_of(ramp(21)), 7, method="weekly_profile")
    mean = f.frame["mean"].to_numpy().reshape(7, 24)
    for h in range(7):  # the last 3 weeks: days h, h+7, h+14 → 100·(3h+21)/3 + i
        np.testing.assert_allclose(mean[h], (ramp(21)[h] + ramp(21)[h + 7] + ramp(21)[h + 14]) / 3)


@pytest.mark.parametrize(("method", "need"), [("seasonal_naive", 14), ("weekly_profile", 14), ("daily_sarimax", 56)])
def test_too_little_history_says_how_much(method, need):
    with pytest.raises(InputError, match=f"13 days.*at least {need} days"):
        forecast_demand(history_of(ramp(13)), 7, method=method)


def test_bad_arguments():
    h = history_of(ramp(14))
    with pytest.raises(InputError, match="method"):
        forecast_demand(h, 7, method="prophet")
    with pytest.raises(InputError, match="days"):
        forecast_demand(h, 0, method="seasonal_naive")
    with pytest.raises(InputError, match="levels"):
        forecast_demand(h, 7, method="seasonal_naive", levels=[1.2])


def negative_binomial(rng, mean: np.ndarray, alpha: float) -> np.ndarray:
    return rng.poisson(mean * rng.gamma(1 / alpha, alpha, size=mean.shape)).astype(float)


# Simulated hourly counts, negative binomial with a known mean (a weekday × hour profile, 50–250 calls an
# hour, large enough that integer quantiles cover close to their level) and alpha = 0.02 (standard deviation
# ~ 15% of the mean, as at the bank's busy hours). Coverage is counted on 10 weeks of held-out hours (1,680):
# its binomial standard deviation at 80% is 1%; the estimated mean and dispersion add a little, and the
# inclusive integer ends about +1-2%; ±5 points is more than three standard deviations of all that.
TRUE_MEAN = np.round(50 + 200 * np.abs(np.sin(np.arange(7)[:, None] + np.arange(24)[None, :] / 7)))
ALPHA = 0.02


@pytest.mark.parametrize("method", ["weekly_profile", "seasonal_naive"])
def test_baseline_80_percent_interval_covers_about_80_percent(method):
    rng = np.random.default_rng(17)
    weeks_train, weeks_test = 6, 10
    mean = np.tile(TRUE_MEAN, (weeks_train + weeks_test, 1))
    counts = negative_binomial(rng, mean, ALPHA)
    covered = []
    for w in range(weeks_test):  # one origin a week, scoring the next week
        end = 7 * (weeks_train + w)
        f = forecast_demand(history_of(counts[:end]), 7, method=method)
        lo, hi = f.interval(0.8)
        y = counts[end : end + 7].ravel()
        covered.append((y >= lo.to_numpy()) & (y <= hi.to_numpy()))
    coverage = np.concatenate(covered).mean()
    assert 0.75 <= coverage <= 0.85, coverage


def test_daily_model_mean_and_coverage_on_simulated_counts():
    rng = np.random.default_rng(5)
    weeks = 12
    counts = negative_binomial(rng, np.tile(TRUE_MEAN, (weeks + 1, 1)), ALPHA)
    f = forecast_demand(history_of(counts[: 7 * weeks]), 7)
    mean = f.frame["mean"].to_numpy().reshape(7, 24)
    # the weekly total is known to within a few per cent (its estimate averages 12 weeks)
    assert mean.sum() == pytest.approx(TRUE_MEAN.sum(), rel=0.05)
    lo, hi = f.interval(0.95)
    y = counts[7 * weeks :].ravel()
    assert ((y >= lo.to_numpy()) & (y <= hi.to_numpy())).mean() >= 0.85


def test_quantiles_increase_and_frame_columns():
    f = forecast_demand(history_of(ramp(28)), 7, method="weekly_profile", levels=[0.5, 0.8])
    assert list(f.frame.columns) == ["timestamp", "mean", "q0.1", "q0.25", "q0.75", "q0.9"]
    assert (f.quantile(0.3).to_numpy() <= f.quantile(0.7).to_numpy()).all()
    with pytest.raises(InputError, match="q"):
        f.quantile(1.0)


def test_to_demand_shape_units_and_week_checks():
    h = history_of(np.tile(TRUE_MEAN, (4, 1)), start="2024-01-01")  # 28 days, Monday to Sunday
    f = forecast_demand(h, 14, method="weekly_profile", interval_minutes=60)
    demand = to_demand(f, "2024-02-05", interval_minutes=60)
    assert isinstance(demand, Demand) and demand.interval_minutes == 60
    values = np.array(demand.channels[0].per_interval)
    assert values.shape == (168,)
    np.testing.assert_allclose(values, TRUE_MEAN.ravel())  # the profile of four identical weeks
    high = np.array(to_demand(f, "2024-02-05", 0.8).channels[0].per_interval)
    assert (high >= np.floor(values)).all()
    with pytest.raises(InputError, match="Monday"):
        to_demand(f, "2024-02-06")
    with pytest.raises(InputError, match="2024-01-22"):
        to_demand(f, "2024-01-22")  # before the horizon
    with pytest.raises(InputError, match="interval_minutes"):
        to_demand(f, "2024-02-05", interval_minutes=45)
    six = forecast_demand(history_of(np.ones((28, 240))), 14, method="weekly_profile")
    with pytest.raises(InputError, match="multiple or a divisor of the forecast's 6-minute"):
        to_demand(six, "2024-02-05", interval_minutes=15)  # 6-minute intervals do not fit quarter-hours


@pytest.mark.parametrize("dispersed", [False, True])
def test_to_demand_finer_interval_spreads_the_mean_and_thins_the_counts(dispersed):
    from scipy import stats

    weeks = np.tile(TRUE_MEAN, (8, 1))
    if dispersed:  # negative-binomial weeks (alpha 0.1), so the forecast's dispersion is positive
        rng = np.random.default_rng(5)
        weeks = rng.poisson(weeks * rng.gamma(10.0, 0.1, size=weeks.shape)).astype(float)
    f = forecast_demand(history_of(weeks, start="2024-01-01"), 14, method="weekly_profile")
    week = f"{f.days[0] + pd.Timedelta(days=(7 - f.days[0].day_of_week) % 7):%Y-%m-%d}"
    hourly = np.array(to_demand(f, week).channels[0].per_interval)
    quarters = np.array(to_demand(f, week, interval_minutes=15).channels[0].per_interval)
    np.testing.assert_allclose(quarters, np.repeat(hourly / 4, 4))
    # A Poisson–gamma count thinned to a quarter of its interval stays negative binomial, with a quarter of
    # the mean and the same gamma dispersion alpha. The simulated 80th percentile (1,000 draws) must be a
    # quantile of that distribution for a level within 4 standard errors of 0.8 (sqrt(0.8 * 0.2 / 1000)).
    alpha = f._fitted.alpha
    assert (alpha > 0) == dispersed
    q80 = np.array(to_demand(f, week, 0.8, interval_minutes=15).channels[0].per_interval)
    m = np.repeat(hourly / 4, 4)
    exact = stats.poisson(m) if alpha == 0 else stats.nbinom(1 / alpha, 1 / (1 + alpha * m))
    slack = 4 * np.sqrt(0.8 * 0.2 / 1000)
    assert (exact.cdf(q80) >= 0.8 - slack).all() and (exact.cdf(q80 - 1) <= 0.8 + slack).all()
    assert abs(np.mean(exact.cdf(q80) + exact.cdf(q80 - 1)) / 2 - 0.8) <= 0.05  # no bias on the whole


def test_to_demand_coarser_interval_sums_means():
    h = history_of(np.tile(np.repeat(TRUE_MEAN, 4, axis=1), (4, 1)))  # 15-minute intervals
    f = forecast_demand(h, 7, method="weekly_profile")
    hourly = np.array(to_demand(f, "2024-01-29", interval_minutes=60).channels[0].per_interval)
    np.testing.assert_allclose(hourly, 4 * TRUE_MEAN.ravel())
    q = np.array(to_demand(f, "2024-01-29", 0.5, interval_minutes=60).channels[0].per_interval)
    assert np.abs(q - hourly).max() <= 0.05 * hourly.max()  # a sum's median near its mean (four weeks alike)


def test_to_scenario_replaces_the_channel():
    from svcdesign import example_names, load_example

    scenario = load_example(example_names()[0])
    per_day = 1440 // scenario.demand.interval_minutes
    step = scenario.demand.interval_minutes
    h = history_of(np.tile(np.full((7, per_day), 3.0), (3, 1)))
    f = forecast_demand(h, 7, method="weekly_profile")
    name = scenario.demand.channels[0].name
    new = to_scenario(f, scenario, "2024-01-22", channel=name)
    assert new.demand.channels[0].per_interval == [3.0] * (7 * per_day)
    assert new.demand.interval_minutes == step


def test_backtest_columns_and_mase_of_seasonal_naive_on_a_repeating_week():
    rng = np.random.default_rng(3)
    counts = negative_binomial(rng, np.tile(TRUE_MEAN, (9, 1)), ALPHA)
    table = backtest_forecast(
        history_of(counts), methods=["seasonal_naive", "weekly_profile"], horizons=[1, 7], n_origins=2
    )
    assert set(table.columns) >= {"method", "interval_minutes", "horizon_days", "mae", "rmse", "mase", "coverage_80"}
    assert set(table["interval_minutes"]) == {60, 1440}
    naive = table[(table["method"] == "seasonal_naive") & (table["interval_minutes"] == 60)]
    # out of sample, the seasonal naive errs like it did in sample: MASE near 1 on a stationary series
    assert naive["mase"].between(0.7, 1.3).all()
    profile = table[(table["method"] == "weekly_profile") & (table["interval_minutes"] == 60)]
    assert (profile["mae"].to_numpy() < naive["mae"].to_numpy()).all()  # averaging weeks halves the noise


# Coverage counted by the randomised PIT (Czado, Gneiting & Held 2009): under the true distribution the
# randomised PIT is uniform on (0, 1), so the expected share of counts inside the central interval is its
# level exactly, at any mean, however small (where inclusive integer ends over-cover: at mean 0.1 the 80%
# interval is [0, 0] and would "cover" 90% of counts).
@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    mean=st.floats(0.01, 30),
    alpha=st.sampled_from([0.0, 0.05, 0.5]),
    level=st.sampled_from([0.5, 0.8, 0.95]),
)
def test_pit_coverage_of_the_true_distribution_is_its_level(mean, alpha, level):
    from scipy import stats

    from svcdesign.forecast.evaluation import _covered
    from svcdesign.forecast.forecast import cdf_below_and_at
    from svcdesign.forecast.models import Fitted

    y = np.arange(0, 400, dtype=float)[None, :]
    fitted = Fitted(pd.DatetimeIndex(["2024-01-01"]), np.full(y.shape, mean), alpha, np.full(1, np.nan), np.zeros(1))
    below, at = cdf_below_and_at(fitted, y)
    pmf = at - below
    if alpha == 0:
        assert pmf[0, :5] == pytest.approx(stats.poisson.pmf(np.arange(5), mean))
    assert float((pmf * _covered(below, at, level)).sum()) == pytest.approx(level, abs=1e-9)


def days_with_level_noise(rng, weeks: int, sd: float = 0.08, partial: float = 0.05) -> np.ndarray:
    """Hourly counts: TRUE_MEAN × a day level exp(sd·N(0, 1)), a day in 1/``partial`` cut to 40% (a partial day,
    as a holiday eve), then negative binomial (ALPHA / 2) around it."""
    days = 7 * weeks
    level = np.exp(sd * rng.standard_normal(days)) * np.where(rng.random(days) < partial, 0.4, 1.0)
    return negative_binomial(rng, np.tile(TRUE_MEAN, (weeks, 1)) * level[:, None], ALPHA / 2)


# The daily model on data drawn from its own structure, with heavy-tailed day levels (most days within ±8%,
# one in twenty at 40%, as a holiday eve): its 80% and 95% intervals must cover close to their level, for
# hours and for daily totals. One series (8 origins, 56 held-out days) gives coverages whose standard
# deviations across seeds 0–7 were measured at 5.1 points (hours, 80%), 3.6 (hours, 95%) and 8.1 (days, 80%):
# the hours of a day share its level, and 56 days are few. The mean of 8 independent series has a third of
# that (÷√8): 1.8, 1.3 and 2.9 points, and the bounds are three of them. The model before issue 17 (a
# normal level error, whose variance the partial days inflate) covered 87.4% of hours and 90.8% of days at
# 80% on these series, outside the bounds; this one 80.8% and 81.0%.
def test_daily_model_intervals_hold_their_level_with_day_level_noise():
    coverage = []
    for seed in range(8):
        counts = days_with_level_noise(np.random.default_rng(seed), weeks=22)
        table = backtest_forecast(
            history_of(counts),
            methods=["daily_sarimax"],
            horizons=[7],
            interval_lengths=[60, 1440],
            n_origins=8,
            spacing_days=7,
        ).set_index("interval_minutes")
        assert table.loc[60, "intervals"] == 8 * 7 * 24
        coverage.append([table.loc[60, "coverage_80"], table.loc[60, "coverage_95"], table.loc[1440, "coverage_80"]])
    hours_80, hours_95, days_80 = np.mean(coverage, axis=0)
    assert 0.80 - 0.054 <= hours_80 <= 0.80 + 0.054, hours_80
    assert 0.95 - 0.038 <= hours_95 <= 0.95 + 0.038, hours_95
    assert 0.80 - 0.086 <= days_80 <= 0.80 + 0.086, days_80


def test_daily_level_errors_are_one_per_observed_day_after_the_first_week():
    from svcdesign.forecast.models import daily_level

    counts = days_with_level_noise(np.random.default_rng(11), weeks=12)
    counts[[30, 31, 50]] = np.nan  # three missing days: the Kalman filter skips them, and so must the errors
    level = daily_level(history_of(counts).daily_totals(), 7)
    observed_after_burn = int(np.isfinite(counts[7:, 0]).sum())  # the first 7 days start the seasonal difference
    assert len(level.errors) == observed_after_burn
    assert np.all(level.errors != 0)
