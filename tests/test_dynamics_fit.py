"""fit_dynamics recovers the parameters of a series the engine generated, with honest standard errors.

The synthetic centre: 156 weeks of orders with a half-year cycle, a 20-week surge and 4% noise; noisy
absenteeism; observed labour of 47 people cut to 42 for 40 weeks. The engine runs it with known
parameters (α = −0.5, erosion time 12 weeks, initial standard 1.2 h/order, desired delivery delay
0.15 week), and the observations are its time per order (and backlog) with multiplicative noise
(2%, 3%). The seeds are fixed, so each test is deterministic. The published series of Oliva & Sterman
(2001) is not public and not in the repository; these tests check the machinery it would go through.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from svcdesign.engines.dynamics import (
    SERIES_COLUMNS,
    Exogenous,
    StaffingDecisions,
    fit_dynamics,
    integrate_weeks,
    r_squared,
    read_weekly_series,
)
from svcdesign.errors import InputError

WEEKS = 156
TRUE = {
    "dynamics.tpo_pressure_elasticity": -0.5,
    "dynamics.standard_adjust_time_down": 12.0,
    "dynamics.initial_standard_tpo": 1.2,
}
DELAY = {"dynamics.desired_delivery_delay": 0.15}
ROWS = list(TRUE)


def _inputs() -> pd.DataFrame:
    rng = np.random.default_rng(14)
    week = np.arange(WEEKS)
    orders = 2000 * (1 + 0.12 * np.sin(2 * np.pi * week / 26)) * (1 + 0.04 * rng.standard_normal(WEEKS))
    orders[40:60] *= 1.15
    absent = np.clip(0.05 + 0.015 * rng.standard_normal(WEEKS), 0.0, 0.3)
    labour = np.where((week >= 70) & (week < 110), 42.0, 47.0) + 0.8 * rng.standard_normal(WEEKS)
    return pd.DataFrame({"orders": orders, "absenteeism": absent, "labour_fte": labour})


@pytest.fixture(scope="module")
def truth() -> pd.DataFrame:
    """The engine's run of the synthetic centre with the true parameters."""
    x = _inputs()
    exogenous = Exogenous(demand=x["orders"], absenteeism=x["absenteeism"], labour=x["labour_fte"])
    rows = {k: v for k, v in TRUE.items() if k != "dynamics.initial_standard_tpo"}
    run = integrate_weeks(WEEKS, exogenous=exogenous, overrides=rows | DELAY, standard_tpo=1.2)
    return pd.concat([x, run[["time_per_order", "backlog"]]], axis=1)


def _noisy(truth: pd.DataFrame, seed: int, columns=("time_per_order",), noise=(0.02, 0.03)) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    series = truth[["orders", "absenteeism", "labour_fte"]].copy()
    for column, sd in zip(columns, noise, strict=False):
        series[column] = truth[column] * (1 + sd * rng.standard_normal(WEEKS))
    return series


# ----------------------------------------------------------------------------------------- R²
def test_r_squared_hand_computed():
    # SS_res = 1, SS_tot = (1.5² + 0.5²) x 2 = 5
    assert r_squared([1, 2, 3, 4], [1, 2, 3, 5]) == pytest.approx(0.8)
    # a week not observed is skipped: observed 1, 3, 5 (mean 3, SS_tot 8), SS_res 1
    assert r_squared([1, np.nan, 3, 5], [1, 100, 3, 4]) == pytest.approx(0.875)
    assert r_squared([1, 2, 3], [2, 2, 2]) == pytest.approx(0.0)  # the mean predicts nothing
    assert r_squared([1, 2, 3], [3, 2, 1]) == pytest.approx(-3.0)  # SS_res 8 / SS_tot 2


@pytest.mark.parametrize(
    ("observed", "predicted", "match"),
    [
        ([2, 2, 2], [1, 2, 3], r"constant 2' .*undefined"),
        ([1, np.nan], [1, 2], r"1 observed weeks"),
        ([1, 2, 3], [1, np.inf, 3], r"predicted"),
        ([1, 2, 3], [1, 2], r"predicted .*shape"),
    ],
)
def test_r_squared_refuses_what_it_cannot_score(observed, predicted, match):
    with pytest.raises(InputError, match=match):
        r_squared(observed, predicted)


# ------------------------------------------------------------------------------- recovery
def test_noise_free_series_gives_back_the_true_parameters(truth):
    fit = fit_dynamics(truth[["orders", "absenteeism", "labour_fte", "time_per_order"]], overrides=DELAY)
    np.testing.assert_allclose(fit.estimates.loc[ROWS, "estimate"], list(TRUE.values()), rtol=1e-4)
    assert fit.r2["time_per_order"] == pytest.approx(1.0, abs=1e-8)
    assert fit.converged and fit.warnings == ()


def test_noisy_series_recovers_the_parameters_within_their_standard_errors(truth):
    fit = fit_dynamics(_noisy(truth, seed=101), overrides=DELAY, holdout=26)
    est = fit.estimates.loc[ROWS]
    error = est["estimate"] - pd.Series(TRUE)
    assert (est["std_error"] > 0).all() and np.isfinite(est["std_error"]).all()
    assert (error.abs() <= 3 * est["std_error"]).all(), est
    assert (error.abs() <= 0.15 * pd.Series(TRUE).abs()).all(), est
    assert fit.r2["time_per_order"] > 0.85
    assert fit.r2_holdout["time_per_order"] > 0.6
    assert fit.train_weeks == WEEKS - 26


def test_standard_errors_match_the_spread_of_estimates_over_noise_draws(truth):
    """Over 12 noise draws the estimates of α and the erosion time scatter about as the mean
    reported standard error says (ratio within [0.5, 2]) and centre on the truth."""
    draws = [fit_dynamics(_noisy(truth, seed=200 + k), overrides=DELAY).estimates.loc[ROWS] for k in range(12)]
    estimates = pd.DataFrame([d["estimate"] for d in draws])
    errors = pd.DataFrame([d["std_error"] for d in draws])
    for row in ROWS[:2]:
        ratio = estimates[row].std() / errors[row].mean()
        assert 0.5 < ratio < 2.0, (row, ratio)
        assert abs(estimates[row].mean() - TRUE[row]) < 2 * errors[row].mean()


def test_time_per_order_and_backlog_together_identify_the_desired_delay(truth):
    series = _noisy(truth, seed=7, columns=("time_per_order", "backlog"))
    fit = fit_dynamics(series, [*ROWS, "desired_delivery_delay"], holdout=26)
    est = fit.estimates.loc["dynamics.desired_delivery_delay"]
    assert abs(est["estimate"] - 0.15) <= 3 * est["std_error"]
    assert est["start"] == 0.1  # from the table's value, not the truth
    assert set(fit.r2) == {"time_per_order", "backlog"} and min(fit.r2_holdout.values()) > 0.8


def test_without_the_observed_labour_the_model_loses_the_hold_out(truth):
    """The issue's finding, on synthetic data: the engine's own workforce cannot follow a centre whose
    labour moved; given the labour, it predicts the held-out half-year."""
    series = _noisy(truth, seed=101)
    with_labour = fit_dynamics(series, overrides=DELAY, holdout=26)
    without = fit_dynamics(series.drop(columns="labour_fte"), overrides=DELAY, holdout=26)
    assert with_labour.r2_holdout["time_per_order"] > without.r2_holdout["time_per_order"] + 0.5


def test_a_parameter_the_series_does_not_inform_is_flagged(truth):
    # with the labour observed, the hiring delay moves only the model's own (unused) workforce
    fit = fit_dynamics(_noisy(truth, seed=101), ["tpo_pressure_elasticity", "hiring_delay"], overrides=DELAY)
    assert fit.estimates.loc["dynamics.hiring_delay", "std_error"] == np.inf
    assert any("does not inform hiring_delay" in w for w in fit.warnings)


def test_the_fit_runs_the_centres_what_ifs(truth):
    fit = fit_dynamics(_noisy(truth, seed=101), overrides=DELAY)
    pd.testing.assert_frame_equal(fit.run(), fit.fitted)
    assert set(fit.overrides()) == {"dynamics.tpo_pressure_elasticity", "dynamics.standard_adjust_time_down"}
    x = fit.observed
    leaner = fit.run(
        exogenous=Exogenous(demand=x["orders"], absenteeism=x["absenteeism"], labour=x["labour_fte"] * 0.9)
    )
    assert leaner["standard_tpo"].iloc[-1] < fit.fitted["standard_tpo"].iloc[-1]
    model_staff = fit.run(exogenous=Exogenous(demand=x["orders"]), decisions=StaffingDecisions(cuts={10: 3.0}))
    assert model_staff["layoffs"].iloc[10] == pytest.approx(3.0)


def test_a_csv_in_the_documented_shape_reads_and_fits_alike(truth, tmp_path):
    series = _noisy(truth, seed=101)
    path = tmp_path / "centre.csv"
    series.assign(week=np.arange(1, WEEKS + 1)).to_csv(path, index=False)
    read = read_weekly_series(path)
    assert list(read.columns) == [c for c in SERIES_COLUMNS if c in series.columns]
    a = fit_dynamics(read, overrides=DELAY).estimates["estimate"]
    b = fit_dynamics(series, overrides=DELAY).estimates["estimate"]
    pd.testing.assert_series_equal(a, b, rtol=1e-9)


def test_missing_weeks_of_the_target_are_skipped(truth):
    series = _noisy(truth, seed=101)
    series.loc[[5, 50, 90], "time_per_order"] = np.nan
    fit = fit_dynamics(series, overrides=DELAY)
    assert fit.converged and fit.r2["time_per_order"] > 0.85


# ------------------------------------------------------------------------------ bad series
def _base(truth) -> pd.DataFrame:
    return _noisy(truth, seed=101)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda s: s.drop(columns="orders"), r"a column 'orders'"),
        (lambda s: s.assign(staff=1.0), r"series columns = \['staff'\]"),
        (lambda s: s.assign(orders=s["orders"].where(s.index != 5, -1.0)), r"orders\[week 5\] = -1\.0"),
        (lambda s: s.assign(absenteeism=s["absenteeism"] * 100), r"absenteeism\[week 0\] = .*\[0, 1\)"),
        (lambda s: s.assign(labour_hours=s["labour_fte"] * 37.5), r"at most one of"),
        (lambda s: s.assign(week=[0, 1, 3, *range(4, WEEKS + 1)]), r"week\[row 2\] = 3\.0 .*no gap"),
        (lambda s: s.assign(time_per_order=s["time_per_order"] * 60), r"time_per_order .*check the units"),
        (lambda s: s.assign(time_per_order=1.0), r"time_per_order = 'no variation"),
        (lambda s: s.assign(time_per_order=np.nan), r"time_per_order = 'no value in any week'"),
        (lambda s: s.iloc[:1], r"at least 2 weeks"),
        (lambda s: s.astype(str).assign(orders="many"), r"orders"),
    ],
)
def test_bad_series_are_refused(truth, change, match):
    with pytest.raises(InputError, match=match):
        fit_dynamics(change(_base(truth)), overrides=DELAY)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"parameters": ["tpo_elasticity"]}, r"parameters = 'tpo_elasticity' .*among"),
        ({"parameters": ["dt"]}, r"parameters = 'dt'"),
        ({"parameters": ["hiring_delay", "dynamics.hiring_delay"]}, r"each parameter once"),
        ({"parameters": "hiring_delay"}, r"a non-empty list"),
        ({"targets": ["backlog"]}, r"targets = 'backlog' .*\['time_per_order'\]"),
        ({"holdout": WEEKS}, r"holdout = 156"),
        ({"holdout": 2.5}, r"holdout"),
        ({"holdout": 1}, r"holdout = 1 .*2 observations of each target"),
        ({"start_values": {"hiring_delay": 10}}, r"start_values = 'hiring_delay'"),
        ({"start_values": {"tpo_pressure_elasticity": 0.5}}, r"tpo_pressure_elasticity = 0\.5 .*\[-3, 0\]"),
    ],
)
def test_bad_fit_arguments_are_refused(truth, kwargs, match):
    with pytest.raises(InputError, match=match):
        fit_dynamics(_base(truth), **kwargs)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"path = .*nothing\.csv"):
        read_weekly_series(tmp_path / "nothing.csv")
