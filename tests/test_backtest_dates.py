"""Out-of-sample backtest by real dates: calibrated on one period, every hour of another predicted."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from svcdesign import evaluate
from svcdesign.cli import main
from svcdesign.data import read_contact_log, synthetic_contact_log
from svcdesign.datasets import example_contact_log_path
from svcdesign.errors import InputError
from svcdesign.explore import DatedBacktest, backtest
from svcdesign.explore.backtest_dates import NAIVE, _noise_floor
from svcdesign.present import backtest_figure

JANUARY = Path(__file__).resolve().parents[2] / "shared" / "data" / "anonymous_bank_1999" / "january_1999.txt"
TRAIN, TEST = ("2024-01-01", "2024-01-07"), ("2024-01-08", "2024-01-14")


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_contact_log(
        days=14,
        start="2024-01-01",
        arrivals_per_hour=[0] * 8 + [60] * 10 + [0] * 6,
        agents=[0] * 8 + [5] * 10 + [0] * 6,
        handle_mean=240.0,
        handle_cv=1.0,
        patience_mean=200.0,
        seed=3,
    )


@pytest.fixture(scope="module")
def result(synthetic):
    return backtest(synthetic, train=TRAIN, test=TEST, staffing="distinct")


def test_cells_hold_only_test_dates_and_errors_recompute(result):
    assert isinstance(result, DatedBacktest)
    cells = result.cells
    assert cells["date"].min() == pd.Timestamp("2024-01-08") and cells["date"].max() == pd.Timestamp("2024-01-14")
    assert set(cells["slot"]) == set(range(8, 18))
    part = cells[cells["prediction"] == "analytic, observed staff"]
    err = part["predicted_p_abandon"] - part["observed_p_abandon"]
    w = part["contacts"]
    assert result.error("analytic, observed staff", "p_abandon", "weighted_mae") == pytest.approx(
        (err.abs() * w).sum() / w.sum()
    )
    assert result.error("analytic, observed staff", "p_abandon", "bias") == pytest.approx((err * w).sum() / w.sum())
    busy = part["contacts"] >= result.min_calls
    assert result.error("analytic, observed staff", "p_abandon", "busy_mae") == pytest.approx(err[busy].abs().mean())
    assert result.errors.xs(NAIVE, level="prediction")["skill"].abs().max() == 0


def test_the_seasonal_naive_is_the_training_weeks_figure(synthetic, result):
    data = synthetic.contacts
    monday = data[data["arrival"].dt.normalize() == pd.Timestamp("2024-01-01")]
    nine = monday[monday["arrival"].dt.hour == 9]
    expected = (nine["outcome"] == "abandoned").mean()
    naive = result.cells[(result.cells["prediction"] == NAIVE) & (result.cells["slot"] == 9)]
    assert (naive.loc[pd.DatetimeIndex(naive["date"]).day_of_week == 0, "predicted_p_abandon"] == expected).all()


def test_the_model_that_made_the_log_beats_the_baseline(result):
    """The log is Erlang A with the same agents every day: given the day's arrivals and staff, the model
    errs less than last week's figure (which carries last week's noise on top of this week's)."""
    for metric in ("service_level", "p_abandon"):
        assert result.error("analytic, observed staff", metric, "weighted_skill") > 0
    assert result.error("analytic, observed staff", "p_abandon", "weighted_mae") < 0.06


def test_noise_floor_is_the_binomial_mean_absolute_deviation():
    one = pd.DataFrame({"contacts": [1], "observed_p_abandon": [0.5]})
    assert _noise_floor(one, "p_abandon") == pytest.approx(0.5)
    two = pd.DataFrame({"contacts": [2], "observed_p_abandon": [0.5]})  # |0-.5|/4 + 0 + |1-.5|/4
    assert _noise_floor(two, "p_abandon") == pytest.approx(0.25)
    assert np.isnan(_noise_floor(two.rename(columns={"observed_p_abandon": "observed_asa"}), "asa"))


def test_a_correct_model_errs_by_the_queue_floor_not_the_binomial_one():
    """The log is Erlang A itself: given each date-hour's arrivals and agents, the true model's error per
    busy date-hour is the queue's own hour-to-hour spread (the queue floor, measured by simulation), far
    above the binomial floor that treats an hour's calls as independent; pooled per hour of the day over
    two weeks most of it averages out (measured: busy MAE 0.102, queue floor 0.110, binomial 0.042;
    pooled 0.044 against its floor 0.030)."""
    log = synthetic_contact_log(
        days=28,
        start="2024-01-01",
        arrivals_per_hour=[0] * 8 + [60] * 10 + [0] * 6,
        agents=[0] * 8 + [5] * 10 + [0] * 6,
        handle_mean=240.0,
        handle_cv=1.0,
        patience_mean=200.0,
        seed=3,
    )
    result = backtest(log, train=("2024-01-01", "2024-01-14"), test=("2024-01-15", "2024-01-28"), staffing="distinct")
    row = result.errors.loc[("analytic, observed staff", "service_level")]
    assert 0.75 < row["busy_mae"] / row["queue_floor"] < 1.25
    assert row["queue_floor"] > 2 * row["noise_floor"]
    assert row["hourly_floor"] < row["queue_floor"] / 2 and row["hourly_mae"] < row["busy_mae"] / 2
    assert row["busy_hours"] == 10


def test_pooled_hourly_errors_recompute(result):
    part = result.cells[result.cells["prediction"] == "analytic, observed staff"]
    dates = part["date"].nunique()
    errors = []
    for _, hour in part.groupby("slot"):
        if hour["contacts"].sum() >= result.min_calls * dates:
            w = hour["contacts"]
            errors.append(((hour["predicted_service_level"] - hour["observed_service_level"]) * w).sum() / w.sum())
    assert result.error("analytic, observed staff", "service_level", "hourly_mae") == pytest.approx(
        np.abs(errors).mean()
    )
    assert result.error("analytic, observed staff", "service_level", "hourly_bias") == pytest.approx(np.mean(errors))
    assert result.error("analytic, observed staff", "service_level", "busy_hours") == len(errors)


def test_weekdays_restrict_the_test_dates_and_floor_can_be_skipped(synthetic):
    result = backtest(synthetic, train=TRAIN, test=TEST, staffing="distinct", weekdays=["Mon", 2], floor_replications=0)
    assert set(pd.DatetimeIndex(result.cells["date"]).day_of_week) == {0, 2}
    assert np.isnan(result.error("analytic, observed staff", "service_level", "queue_floor"))
    assert result.cells["spread_service_level"].isna().all()
    with pytest.raises(InputError, match="weekdays.*Funday"):
        backtest(synthetic, train=TRAIN, test=TEST, weekdays=["Funday"])
    with pytest.raises(InputError, match="weekdays"):
        backtest(synthetic, train=TRAIN, test=("2024-01-08", "2024-01-09"), weekdays=["Sat"])
    with pytest.raises(InputError, match="floor_replications"):
        backtest(synthetic, train=TRAIN, test=TEST, floor_replications=1.5)


def test_by_hour_band_and_figure(result):
    hour = result.by_hour
    row = hour[(hour["prediction"] == "analytic, observed staff") & (hour["slot"] == 10)].iloc[0]
    assert row["low_service_level"] == pytest.approx(row["predicted_service_level"] - row["mae_service_level"])
    fig = backtest_figure(result)
    assert len(fig.data) == 3 * (2 * 3 + 1)  # 3 panels × (band + line per prediction, observed)
    assert "1999" not in fig.layout.title.text and "2024-01-08" in fig.layout.title.text


def test_bad_periods_are_refused(synthetic):
    with pytest.raises(InputError, match="train"):
        backtest(synthetic, train=("2024-01-07", "2024-01-01"), test=TEST)
    with pytest.raises(InputError, match="dates with contacts in the log"):
        backtest(synthetic, train=TRAIN, test=("2025-01-01", "2025-01-31"))
    with pytest.raises(InputError, match="staffing"):
        backtest(synthetic, train=TRAIN, test=TEST, staffing="guess")
    with pytest.raises(InputError, match="weekday and interval the training period also observed"):
        backtest(synthetic, train=("2024-01-01", "2024-01-03"), test=("2024-01-04", "2024-01-06"))


def test_cli_out_of_sample(tmp_path, capsys):
    out = tmp_path / "fig.html"
    args = ["backtest", str(example_contact_log_path()), "--train", "2024-01-01:2024-01-07", "--test"]
    assert main([*args, "2024-01-08:2024-01-13", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "seasonal naive" in text and "observed arrivals and staff on duty" in text and out.is_file()
    assert main(["backtest", str(example_contact_log_path()), "--train", "2024-01-01:2024-01-07"]) == 1
    assert "both --train and --test" in capsys.readouterr().err


@pytest.mark.skipif(not JANUARY.is_file(), reason="the Anonymous Bank log is not in ../shared/data")
@pytest.mark.parametrize(
    "train, test",
    [
        (("1999-01-01", "1999-01-15"), ("1999-01-16", "1999-01-31")),
        (("1999-01-16", "1999-01-31"), ("1999-01-01", "1999-01-15")),
    ],
)
def test_january_halves_beat_the_seasonal_naive(train, test):
    """benchmarks/RESULTS.md: with observed staff (available, the default), Erlang A beats the same
    weekday-hour of the other half on busy hours, both ways round; the planned staff (the other half's)
    does not, or barely (skill +0.00 and +0.01). Given each date-hour's observed mean handle time too
    (Brown et al. 2005's setting), it errs less than with the training half's handle-time profile, both
    ways round."""
    log = read_contact_log(JANUARY, schema="anonymous_bank")
    result = backtest(log, train=train, test=test)
    for metric in ("service_level", "p_abandon"):
        assert result.error("analytic, observed staff", metric, "skill") > 0
        assert result.error("analytic, observed staff and handle time", metric, "busy_mae") < result.error(
            "analytic, observed staff", metric, "busy_mae"
        )
    planned = result.error("analytic, planned staff", "service_level", "skill")
    assert planned < 0.05 and planned < result.error("analytic, observed staff", "service_level", "skill") - 0.2
    assert result.scenario.stages[0].handle_time_profile is not None
    # the available staff (the default) against presence, pooled per hour of the day: less error on both
    # shares both ways round, and issue 14's targets (≤ 8 and ≤ 2 points) met in Brown et al.'s setting
    presence = backtest(log, train=train, test=test, staffing="presence", floor_replications=0)
    assert result.staffing == "available"
    for metric, target in (("service_level", 0.08), ("p_abandon", 0.02)):
        for label in ("analytic, observed staff", "analytic, observed staff and handle time"):
            assert result.error(label, metric, "hourly_mae") < presence.error(label, metric, "hourly_mae")
        assert result.error("analytic, observed staff and handle time", metric, "hourly_mae") <= target


def test_observed_handle_times_reach_the_engine(synthetic):
    """The prediction with observed staff and handle time gives the engine, in each test date-hour with
    answered contacts, the mean handle time of those contacts (the stage's mean × the segments' mean
    multiplier × the profile); the rest of the week keeps the calibrated profile."""
    seen = []

    def engine(scenario):
        seen.append(scenario)
        return evaluate(scenario, staffing=False)

    result = backtest(synthetic, train=TRAIN, test=("2024-01-08", "2024-01-08"), engines=[engine], floor_replications=0)
    assert "engine, observed staff and handle time" in result.predictions
    observed, given = seen[0], seen[1]  # observed staff first, then with handle times
    stage = given.stages[0]
    mean = stage.handle_time.mean * sum(g.share * g.handle_time_multiplier for g in given.segments)
    contacts = synthetic.contacts
    monday = contacts[
        (contacts["arrival"].dt.normalize() == pd.Timestamp("2024-01-08")) & (contacts["outcome"] == "answered")
    ]
    monday = monday[monday["handle"] > 0]
    by_hour = monday.groupby(monday["arrival"].dt.hour)["handle"].mean()
    assert len(by_hour) == 10
    for hour, handle in by_hour.items():
        assert mean * given.stages[0].handle_time_profile[hour] == pytest.approx(handle, rel=1e-5)
    calibrated = observed.stages[0].handle_time_profile
    assert given.stages[0].handle_time_profile[24:] == calibrated[24:]  # other days: the calibrated profile
    assert given.stages[0].handle_time_profile[:8] == calibrated[:8]  # Monday hours without contacts
    cells = result.cells
    staff = cells.loc[cells["prediction"] == "engine, observed staff", "staff"].to_numpy()
    both = cells.loc[cells["prediction"] == "engine, observed staff and handle time", "staff"].to_numpy()
    assert len(staff) == 10 and np.array_equal(both, staff)


def test_the_simulation_predicts_the_same_cells_close_to_the_analytic_engine(synthetic):
    # a cross-engine check of the dated backtest: same training, same test cells, two engines
    both = backtest(
        synthetic,
        train=TRAIN,
        test=("2024-01-08", "2024-01-09"),
        staffing="distinct",
        engines=["analytic", "simulation"],
    )
    cells = both.cells
    analytic = cells[cells["prediction"] == "analytic, observed staff"].set_index(["date", "slot"])
    simulated = cells[cells["prediction"] == "simulation, observed staff"].set_index(["date", "slot"])
    assert len(analytic) == len(simulated) == 2 * 10
    gap = (analytic["predicted_p_abandon"] - simulated.loc[analytic.index, "predicted_p_abandon"]).abs()
    assert gap.mean() < 0.05  # Erlang A against the simulation of the same hour (its noise included)
