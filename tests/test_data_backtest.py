"""Backtests: predicted against observed per interval, on synthetic logs and the Anonymous Bank log."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from svcdesign.data import calibrate, read_contact_log, synthetic_contact_log
from svcdesign.errors import InputError
from svcdesign.explore import backtest, compare_backtests
from svcdesign.present import backtest_figure

JANUARY = Path(__file__).resolve().parents[2] / "shared" / "data" / "anonymous_bank_1999" / "january_1999.txt"


@pytest.fixture(scope="module")
def synthetic():
    log = synthetic_contact_log(
        days=14,
        arrivals_per_hour=[0] * 8 + [50] * 10 + [0] * 6,
        agents=[0] * 8 + [4] * 10 + [0] * 6,
        handle_mean=240.0,
        handle_cv=1.0,
        patience_mean=200.0,
        seed=11,
    )
    scenario, _ = calibrate(log, 60, staffing="distinct")
    return log, scenario


def test_backtest_table_and_errors_are_consistent(synthetic):
    log, scenario = synthetic
    result = backtest(scenario, log, label="Erlang A")
    table = result.intervals
    assert len(table) == 7 * 24
    assert table.loc[table["compared"], "label"].str.match(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:00$").all()
    used = table[table["compared"]]
    diff = used["predicted_p_abandon"] - used["observed_p_abandon"]
    assert result.errors.loc["p_abandon", "mae"] == pytest.approx(diff.abs().mean())
    assert result.errors.loc["p_abandon", "bias"] == pytest.approx(diff.mean())
    assert result.errors.loc["arrivals", "mae"] < 1e-3  # calibrated arrivals reproduce the log
    # observed pooled shares agree with the raw log
    contacts = log.contacts
    assert (used["observed_p_abandon"] * used["contacts"]).sum() == pytest.approx(
        (contacts["outcome"] == "abandoned").sum()
    )


def test_erlang_a_beats_erlang_c_on_a_log_with_abandonment(synthetic):
    log, scenario = synthetic
    a = backtest(scenario, log, label="Erlang A")
    c = backtest(scenario.with_overrides({"stages.agents.patience": None}), log, label="Erlang C")
    assert a.errors.loc["p_abandon", "weighted_mae"] < 0.5 * c.errors.loc["p_abandon", "weighted_mae"]
    assert a.errors.loc["service_level", "weighted_mae"] < c.errors.loc["service_level", "weighted_mae"]
    assert a.errors.loc["p_abandon", "weighted_mae"] < 0.05  # the model that generated the log fits it
    table = compare_backtests([a, c])
    assert set(table.index.get_level_values("prediction")) == {"Erlang A", "Erlang C"}


def test_backtest_figure_has_titles_and_units(synthetic):
    log, scenario = synthetic
    a = backtest(scenario, log, label="Erlang A")
    fig = backtest_figure(a, backtest(scenario.with_overrides({"stages.agents.patience": None}), log, label="Erlang C"))
    assert "Backtest" in fig.layout.title.text
    assert fig.layout.xaxis3.title.text.startswith("Interval start")
    assert [fig.layout.yaxis.title.text, fig.layout.yaxis2.title.text, fig.layout.yaxis3.title.text] == ["%", "s", "%"]
    names = {trace.name for trace in fig.data}
    assert names == {"observed", "Erlang A", "Erlang C"}
    annotations = " ".join(a.text for a in fig.layout.annotations)
    assert "seconds" in annotations and "Abandonment" in annotations


def test_backtest_rejects_bad_input(synthetic):
    log, scenario = synthetic
    with pytest.raises(InputError) as info:
        backtest(scenario, log, engine="crystal ball")
    assert info.value.field == "engine"
    with pytest.raises(InputError):
        backtest("scenario.yaml", log)


def test_the_simulation_engine_backtests_too(synthetic):
    log, scenario = synthetic
    result = backtest(scenario, log, engine="simulation")
    assert np.isfinite(result.errors.loc["p_abandon", "mae"])


@pytest.mark.skipif(not JANUARY.is_file(), reason="../shared/data (Anonymous Bank log) is not present")
def test_anonymous_bank_january_1999():
    log = read_contact_log(JANUARY, schema="anonymous-bank")
    assert log.rows_read == 31599
    assert (log.excluded["reason"].str.startswith("PHANTOM")).sum() == 240
    scenario, report = calibrate(log, 60)
    mle = report.patience.loc["exponential hazard MLE (censored)", "value_s"]
    naive = report.patience.loc["naive mean of abandoners' waits (biased, not used)", "value_s"]
    assert 330 < mle < 410 and naive < 0.3 * mle  # censoring matters a lot here
    assert report.arrivals.to_numpy().sum() == pytest.approx(7688, rel=0.01)  # calls per typical week
    assert "MICHAL" not in log.data["agent"].astype(str).to_numpy()
    a = backtest(scenario, log, label="Erlang A")
    c = backtest(scenario.with_overrides({"stages.agents.patience": None}), log, label="Erlang C")
    assert a.errors.loc["p_abandon", "weighted_mae"] < c.errors.loc["p_abandon", "weighted_mae"]


@pytest.mark.skipif(not JANUARY.is_file(), reason="needs ../shared/data/anonymous_bank_1999/january_1999.txt")
def test_priority_segments_warn_when_the_log_records_priority_only_for_queued_calls():
    # on this log, the calls without a priority are exactly those answered at once: a segment made by its outcome
    log = read_contact_log(JANUARY, "anonymous-bank")
    _, report = calibrate(log, segment_by="priority")
    note = next(w for w in report.warnings if "have no priority" in w)
    assert "0% of them waited" in note and "prefer segment_by='none'" in note
    _, plain = calibrate(log, segment_by="none")
    assert not any("have no priority" in w for w in plain.warnings)
