"""A timeline draws a gap, not the engines' convention (a service level of 100%, no abandonment, no wait), in an
interval where nothing arrives: closed hours must not read as perfect service. Checked on the figures' data: the
report's timeline (:func:`svcdesign.present.timeline`, its confidence band included) and the staffing explorer's
service figure, against the engine's own arrivals per interval; the results keep the convention."""

from __future__ import annotations

import numpy as np
import pytest

import svcdesign as sd
from svcdesign.present import timeline

EXAMPLE = "telecom_shop_and_phone"
"""Its shop counter and phone lines close at night: intervals without contacts."""


@pytest.fixture(scope="module")
def telecom():
    scenario = sd.load_example(EXAMPLE)
    return sd.evaluate(scenario, staffing=False)


def _per_period(results, metric: str, stage: str) -> np.ndarray:
    return results.per_period_arrays((metric,), [stage])[metric][0]


@pytest.mark.parametrize("metric", ["service_level", "p_abandon", "asa"])
def test_a_timeline_has_a_gap_where_nothing_arrives(telecom, metric):
    fig = timeline(telecom, metric)
    scale = 100.0 if metric != "asa" else 1.0
    for trace in fig.data:
        drawn = np.array(trace.y, dtype=float)
        arrivals = _per_period(telecom, "arrivals", trace.name)
        value = _per_period(telecom, metric, trace.name)
        closed = arrivals == 0
        assert closed.any() and not closed.all()
        assert np.isnan(drawn[closed]).all()
        np.testing.assert_array_equal(drawn[~closed], value[~closed] * scale)
    # the results keep the engines' convention: a closed interval's service level is 1
    shop = "shop counter"
    assert (_per_period(telecom, "service_level", shop)[_per_period(telecom, "arrivals", shop) == 0] == 1).all()


def test_counts_and_staff_are_drawn_in_every_interval(telecom):
    for metric in ("arrivals", "occupancy"):
        for trace in timeline(telecom, metric).data:
            assert np.isfinite(np.array(trace.y, dtype=float)).all()


def test_a_confidence_band_is_a_shape_per_run_of_open_intervals():
    from svcdesign.present.figures import _band

    periods = np.arange(6)
    lower = np.array([1.0, 2.0, np.nan, np.nan, 3.0, 4.0])
    upper = lower + 10
    band = _band(periods, lower, upper)
    assert band["x"] == [0, 1, 1, 0, None, 4, 5, 5, 4]
    assert band["y"] == [11.0, 12.0, 2.0, 1.0, None, 13.0, 14.0, 4.0, 3.0]


def test_the_explorers_service_figure_has_a_gap_where_nothing_arrives(tmp_path, telecom):
    pytest.importorskip("ipywidgets")
    from svcdesign.present import StaffingExplorer

    explorer = StaffingExplorer(EXAMPLE, what_if_folder=tmp_path)
    fig = explorer.figures["service"]
    live = [t.name for t in fig.data[::2]]
    assert live
    for i, stage in enumerate(live):
        closed = _per_period(telecom, "arrivals", stage) == 0
        assert closed.any()
        for trace, metric in ((fig.data[2 * i], "service_level"), (fig.data[2 * i + 1], "p_abandon")):
            drawn = np.array(trace.y, dtype=float)
            assert np.isnan(drawn[closed]).all()
            np.testing.assert_allclose(drawn[~closed], 100 * _per_period(telecom, metric, stage)[~closed])
