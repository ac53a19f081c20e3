"""The staffing explorer's callback: controls become overrides, read-outs and figures show the engine's numbers."""

from __future__ import annotations

import base64
import html
import json
import math
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("anywidget")

import svcdesign as sd  # noqa: E402
from svcdesign.errors import InputError  # noqa: E402
from svcdesign.present import StaffingExplorer  # noqa: E402
from svcdesign.present.dashboard_figures import AS_DESCRIBED_COLOUR, PALETTE  # noqa: E402
from svcdesign.present.dashboard_text import CONTROLS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def explorer(tmp_path_factory):
    return StaffingExplorer("bank", what_if_folder=tmp_path_factory.mktemp("what-ifs"))


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
    assert not isinstance(explorer.figures["months"], go.FigureWidget)  # drawn when its tab opens
    explorer.show("months")
    assert isinstance(explorer.figures["months"], go.FigureWidget)
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
    assert explorer.results_panel.children[0] is explorer.headline  # the first of the results
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


# ------------------------------------------------------------------------------ the status line
def _failing_hours(results, stage: str, scenario) -> tuple[float, float, float]:
    """Hours with nobody on duty, hours missing a target (the rest) and open hours, from the engine's own
    per-interval figures (counted here without the explorer)."""
    hours = results.period_minutes / 60

    def metric(name):
        return results.metric(name, stage).to_numpy().ravel()

    arrivals, staff, unstaffed = metric("arrivals"), metric("staff"), metric("unstaffed") > 0
    target = scenario.target_for(stage)
    rest = (arrivals > 0) & ~unstaffed & (metric("overloaded") <= 0)
    missed = rest & ((metric("service_level") < target.service_level) | (metric("p_abandon") > target.max_abandon))
    return unstaffed.sum() * hours, missed.sum() * hours, ((arrivals > 0) | (staff > 0)).sum() * hours


def test_four_fewer_representatives_is_never_an_all_clear(explorer):
    """The issue's case: −4 representatives. The engine flags no interval (callers abandon in part, the
    queue stays stable), but the front line misses its targets for hours: the status says so, in hours."""
    explorer.set(staff={"representative": -4})
    try:
        scenario = sd.load_example("bank").with_staff_change({"representative": -4})
        results = sd.evaluate(scenario, staffing=False)
        _, missed, open_hours = _failing_hours(results, "representative", scenario)
        assert missed > 0
        status = explorer.status.value
        assert "✓" not in status and "svcdesign-status-clear" not in status
        shown = f"representative: misses its targets in {missed:,.0f} of {open_hours:,.0f} open hours"
        assert shown in status
        (alert,) = [a for a in explorer.alerts if a.stage == "representative"]
        assert (alert.hours, alert.open_hours) == (missed, open_hours)
    finally:
        explorer.set(staff={"representative": 0})


def test_a_stage_with_nobody_on_duty_is_flagged_with_its_hours(tmp_path):
    """Four fewer representatives on duty in every interval (seats): nights are left empty, so every
    caller then is lost — the engine's unstaffed flag, counted in hours and named."""
    scenario = sd.load_example("bank").with_staff_change({"representative": -4}, unit="seats", name="nights empty")
    results = sd.evaluate(scenario, staffing=False)
    unstaffed, _, open_hours = _failing_hours(results, "representative", scenario)
    assert unstaffed > 20
    explorer = StaffingExplorer(scenario, what_if_folder=tmp_path)
    flag = explorer.status.value.split("</div>")[0]  # flags come first
    assert "svcdesign-alert-flag" in flag
    assert f"representative: nobody on duty to answer in {unstaffed:,.0f} of {open_hours:,.0f} open hours" in flag
    assert "every caller then is lost" in flag and "Mon 00:00" in flag


def test_the_all_clear_only_when_every_stage_meets_its_targets(tmp_path):
    explorer = StaffingExplorer("council_adult_social_care", what_if_folder=tmp_path)
    assert explorer.alerts and "✓" not in explorer.status.value  # as described, the front door misses hours
    explorer.set(staff={stage.name: 10 for stage in explorer.base.stages})
    assert explorer.alerts == [] and explorer.results.warnings == []
    assert "✓ Every stage meets its targets in every open hour" in explorer.status.value


# ------------------------------------------------------------------------------------ figures
def _colours(fig) -> set[str]:
    out = set()
    for trace in fig.data:
        for part in (getattr(trace, "line", None), getattr(trace, "marker", None)):
            colour = getattr(part, "color", None) if part is not None else None
            if colour is not None:
                out.update([colour] if isinstance(colour, str) else colour)
    return out


def test_figures_stack_their_panels_and_use_the_colour_blind_safe_palette(explorer):
    for name, fig in explorer.figures.items():
        layout = fig.layout.to_plotly_json()
        x_domains = {tuple(v["domain"]) for k, v in layout.items() if k.startswith("xaxis")}
        assert len(x_domains) == 1, name  # one column: no two panel titles side by side
        y_domains = sorted(tuple(v["domain"]) for k, v in layout.items() if k.startswith("yaxis"))
        assert all(a[1] < b[0] for a, b in zip(y_domains, y_domains[1:], strict=False)), name
        assert layout.get("autosize") is True and "width" not in layout, name
        assert _colours(fig) <= {*PALETTE, AS_DESCRIBED_COLOUR}, (name, _colours(fig))


def test_the_budget_is_in_the_legend_only_when_set(explorer):
    cost = explorer.figures["cost"]
    assert cost.data[1].showlegend is False and list(cost.data[1].y) == [None, None]
    explorer.set(budget=40_000)
    try:
        assert cost.data[1].showlegend is True and list(cost.data[1].y) == [40_000, 40_000]
        assert "(budget 40,000)" in explorer.notes["cost"].value
    finally:
        explorer.set(budget=0)
    assert cost.data[1].showlegend is False
    assert "(no budget set)" in explorer.notes["cost"].value


def test_every_figure_has_a_sentence_of_its_numbers(explorer):
    explorer.set(staff={"representative": -2})
    try:
        service = explorer.results.metric("service_level", "representative").to_numpy().ravel()
        assert f"representative: service level {100 * service.min():.1f}%" in explorer.notes["service"].value
        for segment, value in zip(
            [g.name for g in explorer.base.segments], explorer._effects.by_segment["satisfaction"], strict=True
        ):
            assert (
                f"{segment} " in explorer.notes["customers"].value
                and f"→ {value:.2f}" in explorer.notes["customers"].value
            )
        assert f"net effect {explorer.kpi_value('net_effect'):,.0f} USD" in explorer.notes["cost"].value
        explorer.show("months")
        assert f"{explorer.months.net_saving.iloc[-1]:,.0f} USD" in explorer.notes["months"].value
    finally:
        explorer.show("service")
        explorer.set(staff={"representative": 0})


def test_read_outs_keep_one_precision_and_churn_one_unit(explorer):
    explorer.set(staff={"representative": -2})
    try:
        assert f"{100 * explorer.kpi_value('service_level'):.1f}</b>" in explorer.kpis["service_level"].value
        assert f"{100 * explorer.kpi_value('churn'):.1f}</b>" in explorer.kpis["churn"].value
        assert "% of customers per year" in explorer.kpis["churn"].value
        assert f"{explorer.kpi_value('staff_cost'):,.0f}</b>" in explorer.kpis["staff_cost"].value
        customers = explorer.figures["customers"]
        assert "% of customers per year" in customers.data[1].hovertemplate
        assert "% of customers per year" in customers.layout.annotations[1].text
    finally:
        explorer.set(staff={"representative": 0})


def test_tab_titles_are_written_out(explorer):
    titles = [explorer._tabs.get_title(i) for i in range(4)]
    assert titles == ["Service level & abandonment", "Satisfaction & churn", "Cost & savings", "Next 12 months"]


# ------------------------------------------------------------------------------- the controls
def test_what_the_levers_mean_covers_every_control(explorer):
    help_text = explorer._help.value
    for key, control in explorer.controls.items():
        if key.startswith("staff:"):
            continue
        assert html.escape(control.description) in help_text, key
        assert control.description_allow_html is False
    for label, _ in CONTROLS.values():
        assert f"<b>{html.escape(label)}</b>" in help_text
    for unit in ("full-time equivalents", "% more", "times the extra demand", "% of the scenario's", "USD"):
        assert html.escape(unit) in help_text, unit


# --------------------------------------------------------------------------- saved what-ifs
def test_what_ifs_save_load_compare_and_download(tmp_path):
    explorer = StaffingExplorer("bank", what_if_folder=tmp_path / "what-ifs")
    panel = explorer.saved
    explorer.set(staff={"representative": -2}, growth=10)
    panel.name.value = "Two fewer <reps>"
    path = panel.save()
    assert path is not None and path.parent == tmp_path / "what-ifs" and path.name.endswith(".whatif.yaml")
    assert "Two fewer <reps>" in path.read_text(encoding="utf-8")
    explorer.set(staff={"representative": 0}, growth=0)
    assert explorer.variant() == sd.load_example("bank")
    panel.load("Two fewer <reps>")
    assert explorer.controls["staff:representative"].value == -2 and explorer.controls["growth"].value == 10
    table = panel.compare()
    assert list(table.columns) == ["bank as described", "Two fewer <reps>"]
    assert "Two fewer &lt;reps&gt;" in panel.comparison.value and "<reps>" not in panel.comparison.value
    link = panel.download.value
    prefix = "href='data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
    assert prefix in link and "download='what-ifs.xlsx'" in link
    data = base64.b64decode(link.split(prefix)[1].split("'")[0])
    assert data[:2] == b"PK"  # a zip: the .xlsx workbook
    panel.name.value = ""
    assert panel.save() is None and "⚠" in panel.message.value  # a what-if needs a name


# ---------------------------------------------------------------------------------- notebooks
def test_the_dashboard_notebook_is_the_explorer_alone():
    notebook = json.loads((ROOT / "notebooks" / "dashboard.ipynb").read_text(encoding="utf-8"))
    cells = notebook["cells"]
    assert [c["cell_type"] for c in cells] == ["code"]
    text = "".join(cells[0]["source"])
    assert "StaffingExplorer(" in text
    for author_text in ("For notebook users", "This cell", "make dashboard", "assert"):
        assert author_text not in text
    explorer_notebook = (ROOT / "notebooks" / "02_staffing_explorer.ipynb").read_text(encoding="utf-8")
    assert "kpi_value" in explorer_notebook  # the self-check stays with the notebook users


def test_a_scenario_change_rebuilds_the_sliders_and_the_headline_stays_first(explorer):
    explorer.set(scenario="telecom_shop_and_phone")
    try:
        stages = [s.name for s in sd.load_example("telecom_shop_and_phone").stages]
        assert [k.split(":", 1)[1] for k in explorer.controls if k.startswith("staff:")] == stages
        assert explorer.results_panel.children[0] is explorer.headline
        assert not math.isnan(explorer.kpi_value("service_level"))
    finally:
        explorer.set(scenario="bank")


def test_a_change_that_moves_no_money_says_so_instead_of_a_zero_chance_of_paying():
    """Without the customers' value, more demand at the same staff moves no money in any plausible case:
    the headline says so (compare's probability is NaN), never "pays in 0%" (a sure loss) nor "nan%"."""
    bank = sd.load_example("bank")
    nothing = bank.with_overrides({("segments", s.name, "annual_value"): 0.0 for s in bank.segments})
    explorer = StaffingExplorer(nothing)
    explorer.set(growth=10)
    assert np.isnan(explorer.kpi_value("p_pays")) and explorer.kpi_value("net_effect") == 0
    text = explorer.headline.value
    assert "no money moves in any plausible case" in text
    assert "net-p-pays" not in text and "nan" not in text.lower()
    arabic = StaffingExplorer(nothing, language="ar")
    arabic.set(growth=10)
    assert "لا يتحرك أي مال" in arabic.headline.value and "لا يغيّر شيئًا في المال." in arabic.headline.value
    assert "لا يؤتي الخيار ثماره" not in arabic.headline.value  # not "it does not pay"
