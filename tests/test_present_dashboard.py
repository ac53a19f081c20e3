"""The staffing explorer's callback: controls become overrides, read-outs and figures show the engine's numbers."""

from __future__ import annotations

import html

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
    assert explorer.kpi_value("staff_saving") == 0.0
    assert explorer.kpi_value("net_effect") == 0.0
    assert "none" in explorer.headline.value


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
    assert explorer.kpi_value("staff_saving") > 0  # two fewer people cost less
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


def _shown(value: float) -> str:
    """A sum as the read-outs round it: three significant figures, the sign written out."""
    rounded = float(f"{value:.3g}")
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + f"{abs(rounded):,.0f}"


@pytest.mark.parametrize(
    ("example", "stage"), [("bank", "representative"), ("council_adult_social_care", "assessment")]
)
def test_the_first_readout_is_compares_net_effect_of_the_same_two_scenarios(example, stage):
    """The headline is svcdesign.compare's net effect of the scenario and the what-if, nothing recomputed."""
    explorer = StaffingExplorer(example)
    explorer.set(staff={stage: -2})
    base = sd.load_example(example)
    comparison = sd.compare(base, base.with_staff_change({stage: -2}))
    row = comparison.net_effect.iloc[1]
    assert explorer.variant() == base.with_staff_change({stage: -2}, name=explorer.variant().name)
    for reading, column in (
        ("net_effect", "central"),
        ("net_effect_low", "low"),
        ("net_effect_high", "high"),
        ("p_pays", "p_pays"),
    ):
        assert explorer.kpi_value(reading) == row[column], reading
    text = explorer.headline.value
    assert explorer.widget.children[1].children[1].children[0] is explorer.headline  # first on the right
    assert f"Net effect over a {comparison.period}" in text
    assert f"<span class='net-central'>{_shown(row['central'])} " in text
    assert f"<span class='net-low'>{_shown(row['low'])} " in text
    assert f"<span class='net-high'>{_shown(row['high'])} " in text
    assert f"<span class='net-p-pays'>{100 * row['p_pays']:.0f}%</span>" in text
    assert html.escape(comparison.break_even["statement"].iloc[0]) in text
    staff = comparison.break_even["saving"].iloc[0]
    assert explorer.kpi_value("staff_saving") == staff
    assert explorer.kpi_value("staff_saving") - explorer.kpi_value("customer_cost") == pytest.approx(
        row["central"], rel=1e-9
    )
    cost = explorer.figures["cost"].data
    assert list(cost[2].y) == [staff, -explorer.kpi_value("customer_cost"), row["central"]]
    assert list(cost[3].y) == [row["low"], row["high"]]
    if base.organisation.kind == "public":  # a public service: the cost of failure, never churn
        assert row["central"] < 0 and row["p_pays"] == 0.0
        assert "churn" not in explorer.kpis and "churn" not in text.lower()
        failure = comparison.values["cost_of_failure"].iloc[1]
        assert explorer.kpi_value("cost_of_failure") == failure
        assert f"{failure:,.0f}" in explorer.kpis["cost_of_failure"].value
        assert len(explorer.figures["customers"].data) == 2  # satisfaction only, as described and changed
    else:
        assert row["central"] > 0 and 0.5 < row["p_pays"] < 1.0
        assert "churn" in explorer.kpis
        assert explorer.kpi_value("churn") == comparison.values["churn"].iloc[1]  # the year's, as compare counts it
