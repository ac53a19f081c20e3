"""The ``svcdesign forecast`` command, and the bank's 1999 series when ../shared/data is present."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from svcdesign.cli import main
from svcdesign.model import Demand

COUNTS = Path("/work/shared/data/anonymous_bank_1999/calls_per_6min_1999_jan_nov.csv")


def write_counts(path: Path, days: int = 21) -> np.ndarray:
    stamps = pd.date_range("2024-01-01", periods=days * 96, freq="15min")
    counts = np.random.default_rng(1).poisson(4, len(stamps))
    pd.DataFrame({"timestamp": stamps, "count": counts}).to_csv(path, index=False)
    return counts


def test_cli_round_trip(tmp_path, capsys):
    counts = write_counts(tmp_path / "counts.csv")
    out = tmp_path / "demand.yaml"
    code = main(
        ["forecast", str(tmp_path / "counts.csv"), "-o", str(out), "--method", "weekly_profile", "--interval", "30"]
    )
    assert code == 0, capsys.readouterr().err
    demand = Demand.model_validate(yaml.safe_load(out.read_text()))
    assert demand.interval_minutes == 30
    values = np.array(demand.channels[0].per_interval)
    assert values.shape == (7 * 48,)
    # the mean of the last four weeks (here three, the whole history) per weekday-half-hour, by hand
    by_hand = counts.reshape(3, 7, 48, 2).sum(axis=3).mean(axis=0).ravel()
    np.testing.assert_allclose(values, by_hand)
    assert "wrote" in capsys.readouterr().out


def test_cli_quantile_and_errors(tmp_path, capsys):
    write_counts(tmp_path / "counts.csv", days=14)
    out = tmp_path / "demand.json"
    assert (
        main(
            [
                "forecast",
                str(tmp_path / "counts.csv"),
                "-o",
                str(out),
                "--quantile",
                "0.8",
                "--method",
                "seasonal_naive",
            ]
        )
        == 0
    )
    assert out.is_file()
    code = main(["forecast", str(tmp_path / "counts.csv"), "-o", str(tmp_path / "d.yaml")])  # daily model: 56 days
    assert code == 1
    err = capsys.readouterr().err
    assert "at least 56 days" in err and "14 days" in err
    assert not (tmp_path / "d.yaml").exists()
    assert main(["forecast", str(tmp_path / "counts.csv"), "-o", str(tmp_path / "d.txt")]) == 1


@pytest.mark.skipif(not COUNTS.is_file(), reason="../shared/data (Anonymous Bank 1999 counts) is not present")
def test_bank_series_reads_with_its_documented_gap():
    from svcdesign.forecast import DemandHistory

    h = DemandHistory.from_counts(COUNTS, date="date", interval_start="interval_start", count="calls")
    assert (len(h.dates), h.days_observed, h.interval_minutes) == (334, 332, 6)
    assert np.nansum(h.matrix()) == 401_383  # PROVENANCE.md: 401,383 calls
    assert h.daily_totals()["1999-10"].sum() == 34_625  # Brown et al. (2005): October total
