"""The staffing explorer's callback: controls become overrides, read-outs and figures show the engine's numbers."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("anywidget")

import svcdesign as sd  # noqa: E402
from svcdesign.errors import InputError  # noqa: E402
from svcdesign.present import StaffingExplorer  # noqa: E402


@pytest.fixture(scope="module")
def explorer():
    return StaffingExplorer("bank")


def test_untouched_controls_reproduce_the_scenario(explorer):
    assert explorer.variant() == sd.load_example("bank")
    assert explorer.kpi_value("saving") == 0.0


def test_moving_controls_changes_readouts_and_figures_to_the_engines_numbers(explorer):
    explorer.set(staff={"representative": -2}, growth=10, escalation=50)
    base = sd.load_example("bank")
    expected_scenario = base.with_staff_change({"representative": -2}).with_overrides(
        {
            "demand.scale": 1.1,
            "stages.representative.routing.escalate.coordinator": 0.06,
        }
    )
    expected = sd.evaluate(expected_scenario, staffing=False)
    assert explorer.kpi_value("service_level") == expected.value("service_level", "representative")
    assert explorer.kpi_value("fcr") == expected.value("fcr")
    assert explorer.kpi_value("staff_cost") == expected.value("staff_cost")
    assert "%" in explorer.kpis["service_level"].value
    shown = f"{100 * expected.value('service_level', 'representative'):.1f}"
    assert shown in explorer.kpis["service_level"].value
    sl = explorer.figures["service"].data[0]
    assert sl.name == "representative"
    np.testing.assert_allclose(sl.y, expected.metric("service_level", "representative").to_numpy().ravel() * 100)
    assert explorer.kpi_value("saving") > 0  # two fewer people cost less
    assert set(explorer.timings) >= {"evaluate", "operations_display", "customers", "total"}
    explorer.set(staff={"representative": 0}, growth=0, escalation=100)
    assert explorer.variant() == base


def test_every_figure_has_a_title_and_axis_titles(explorer):
    for name, fig in explorer.figures.items():
        assert fig.layout.title.text, name
        assert fig.layout.yaxis.title.text, name
        assert fig.layout.xaxis.title.text or any(
            k.startswith("xaxis") and fig.layout[k].title.text for k in fig.layout if k.startswith("xaxis")
        ), name


def test_the_next_12_months_run_when_the_tab_opens(explorer):
    explorer.set(staff={"coordinator": -1})
    explorer._tabs.selected_index = 3
    assert explorer.months is not None
    net = explorer.months.net_saving
    assert len(net) == 52 and net.iloc[0] == 0.0
    staff = explorer.figures["months"].data
    assert staff[2].y[-1] < staff[1].y[-1]  # the cut holds: fewer staff at the end of the year
    explorer._tabs.selected_index = 0
    explorer.set(staff={"coordinator": 0})


def test_unknown_control_is_a_clear_error(explorer):
    with pytest.raises(InputError, match="control"):
        explorer.set(speed=3)
    with pytest.raises(InputError, match="scenario"):
        StaffingExplorer("no such example")
