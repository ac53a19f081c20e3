"""The svcdesign command line: calibrate, evaluate, report, backtest, validate; errors and atomic output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from svcdesign import Scenario
from svcdesign.cli import main
from svcdesign.datasets import example_contact_log_path


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "scenario.yaml"
    assert main(["calibrate", str(example_contact_log_path()), "-o", str(path), "--interval", "30"]) == 0
    return path


def test_calibrate_writes_a_valid_scenario(scenario_file, capsys):
    scenario = Scenario.load(scenario_file)
    assert scenario.demand.interval_minutes == 30
    assert scenario.stages[0].patience is not None


def test_evaluate_prints_the_summary(scenario_file, capsys):
    assert main(["evaluate", str(scenario_file)]) == 0
    out = capsys.readouterr().out
    assert "Service level (%)" in out and "agents" in out


def test_report_is_self_contained_html(scenario_file, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", str(scenario_file), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Per stage" in page and "Assumptions used and their sources" in page
    assert "<script src=" not in page  # plotly.js is embedded, no network needed
    assert "Plotly.newPlot" in page and len(page) > 1_000_000
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left


def test_backtest_and_validate_commands(scenario_file, tmp_path, capsys):
    fig = tmp_path / "backtest.html"
    assert main(["backtest", str(scenario_file), str(example_contact_log_path()), "-o", str(fig)]) == 0
    out = capsys.readouterr().out
    assert "Erlang A" in out and "Erlang C" in out and "abandonment: MAE" in out
    assert fig.is_file()
    assert main(["validate", str(example_contact_log_path())]) == 0
    assert "5 excluded" in capsys.readouterr().out


@pytest.mark.parametrize("content", ["time,result\n1,2\n", "", "\xff\xfe garbage"])
def test_bad_log_gives_one_line_error_and_no_output(tmp_path, capsys, content):
    log = tmp_path / "bad.csv"
    log.write_bytes(content.encode("latin-1"))
    out = tmp_path / "scenario.yaml"
    assert main(["calibrate", str(log), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("svcdesign: error:") and "\n" not in err
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["bad.csv"]


def test_bad_scenario_and_missing_files(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nstages: 3\n", encoding="utf-8")
    assert main(["evaluate", str(bad)]) == 1
    assert main(["report", str(bad), "-o", str(tmp_path / "r.html")]) == 1
    assert not (tmp_path / "r.html").exists()
    assert main(["evaluate", str(tmp_path / "absent.yaml")]) == 1
    assert main(["calibrate", str(example_contact_log_path()), "-o", str(tmp_path / "x.txt")]) == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 4 and all(e.startswith("svcdesign: error:") for e in errors)


def test_help_and_usage_errors(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "calibrate" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["calibrate"])
    assert info.value.code == 2


def test_console_module_runs():
    done = subprocess.run([sys.executable, "-m", "svcdesign.cli", "calibrate", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and "--interval" in done.stdout
