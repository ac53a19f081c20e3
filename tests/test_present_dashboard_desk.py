"""The staffing explorer on a multi-skill service desk: staff levers per agent group, the other levers on the
contact types, read-outs equal to the public API's, the skills table, escaped names, and the 12-month tab
(the agent groups as the dynamics engine's service centres).

The reference values are the scenario file's own numbers (skills, multipliers, router preferences,
wages), the public API (:func:`svcdesign.evaluate` of :meth:`Scenario.with_staff_change`) and sums of
paid hours × wage (a staff change in FTE moves ``contract_hours`` paid hours a week per person).
"""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("ipywidgets")
pytest.importorskip("anywidget")

import svcdesign as sd  # noqa: E402
from svcdesign.explore.desk_view import desk_view  # noqa: E402
from svcdesign.explore.levers import Levers, entry_escalations, lever_overrides, staff_limits  # noqa: E402
from svcdesign.explore.staff_change import operations, twelve_months  # noqa: E402
from svcdesign.model.examples import load_example  # noqa: E402
from svcdesign.present import StaffingExplorer  # noqa: E402
from svcdesign.present.dashboard_desk import skills_html  # noqa: E402
from svcdesign.present.dashboard_figures import service_figure  # noqa: E402
from svcdesign.present.dashboard_status import stage_alerts, status_html  # noqa: E402

EXAMPLE = "omnichannel_phone_chat_email"
CUT = {"phone agents": -3}
"""Three fewer phone agents (full-time equivalents)."""
HOSTILE_GROUP = "<b>x</b>"
HOSTILE_TYPE = "<i>bill</i> & $x$"


@pytest.fixture(scope="module")
def desk():
    return load_example(EXAMPLE)


@pytest.fixture(scope="module")
def as_described(desk):
    return operations(desk)


@pytest.fixture(scope="module")
def cut(desk):
    return operations(desk.with_staff_change(CUT))


@pytest.fixture(scope="module")
def hostile(desk):
    """The example with a group and a contact type renamed to markup (every reference renamed with them)."""
    text = json.dumps(desk.to_dict())
    text = text.replace('"phone agents"', json.dumps(HOSTILE_GROUP))
    text = text.replace('"billing by phone"', json.dumps(HOSTILE_TYPE))
    return sd.Scenario.from_dict(json.loads(text))


# ----------------------------------------------------------------------------------------------- levers
def test_staff_levers_are_per_agent_group_and_stage_not_per_contact_type(desk):
    limits = staff_limits(desk, 10)
    groups = [g.name for g in desk.service_desk.groups]
    assert list(limits) == groups + desk.stage_names
    assert not {t.name for t in desk.service_desk.contact_types} & set(limits)
    # the back office: 13 people × 8 h × 5 days = 520 paid hours = 13 FTE of 40 h; at most 10 removed
    contract = desk.contract_hours()
    assert limits["back office"] == (-min(10, int(13 * 8 * 5 // contract)), 10)
    assert lever_overrides(desk, Levers(staff=CUT)) == desk.staff_change_overrides(CUT)


@settings(derandomize=True, max_examples=15, deadline=None)
@given(handle=st.integers(50, 150), patience=st.integers(30, 200))
def test_handle_and_patience_levers_scale_the_contact_types_and_the_stages(desk, handle, patience):
    variant = desk.with_overrides(lever_overrides(desk, Levers(handle=handle, patience=patience)))
    for before, after in zip(desk.service_desk.contact_types, variant.service_desk.contact_types, strict=True):
        assert after.handle_time.mean == pytest.approx(before.handle_time.mean * handle / 100, rel=1e-12)
        if before.patience is None:
            assert after.patience is None
        else:
            assert after.patience.mean == pytest.approx(before.patience.mean * patience / 100, rel=1e-12)
    for before, after in zip(desk.stages, variant.stages, strict=True):
        assert after.handle_time.mean == pytest.approx(before.handle_time.mean * handle / 100, rel=1e-12)
    # the skills' multipliers stay: they apply to the contact type's new mean
    assert variant.service_desk.groups == desk.service_desk.groups


def test_escalation_lever_acts_on_the_desks_contact_types_not_on_the_first_stage(desk):
    assert entry_escalations(desk) == {}  # the example transfers; nothing escalates where contacts arrive
    empowered = desk.with_overrides(
        {
            ("service_desk", "contact_types", "billing by chat", "routing", "escalate", "specialist"): 0.2,
            ("stages", "specialist", "routing", "escalate", "specialist"): 0.0,
        }
    )
    assert entry_escalations(empowered) == {("billing by chat", "specialist"): 0.2}
    variant = empowered.with_overrides(lever_overrides(empowered, Levers(escalation=50)))
    chat = next(t for t in variant.service_desk.contact_types if t.name == "billing by chat")
    assert chat.routing.escalate["specialist"] == pytest.approx(0.1)


def test_growth_peak_and_budget_levers_reach_the_desks_demand_and_money(desk):
    variant = desk.with_overrides(lever_overrides(desk, Levers(growth=10, budget=50_000)))
    assert variant.demand.scale == pytest.approx(desk.demand.scale * 1.1)
    assert variant.organisation.weekly_budget == 50_000
    assert variant.service_desk == desk.service_desk


# ------------------------------------------------------------------------------------------- operations
def test_a_group_cut_moves_the_read_outs_the_right_way_and_equals_the_public_api(desk, as_described, cut):
    expected = sd.evaluate(desk.with_staff_change(CUT), staffing=False)
    assert cut.readings["staff_cost"] == expected.value("staff_cost")
    # 3 FTE of contract hours at the phone agents' wage, from the scenario file
    wage = next(g.hourly_wage for g in desk.service_desk.groups if g.name == "phone agents")
    saved = as_described.readings["staff_cost"] - cut.readings["staff_cost"]
    assert saved == pytest.approx(3 * desk.contract_hours() * wage, rel=1e-9)
    # the whole desk's and chain's wages: every group's and stage's
    names = [g.name for g in desk.service_desk.groups] + desk.stage_names
    assert cut.readings["staff_cost"] == pytest.approx(sum(expected.value("staff_cost", n) for n in names))
    live = ["billing by phone", "general by phone", "billing by chat", "general by chat"]
    assert cut.live == live and cut.front_types == live and cut.front == ""
    arrivals = np.array([expected.value("arrivals", n) for n in live])
    for metric in ("service_level", "asa"):
        values = np.array([expected.value(metric, n) for n in live])
        assert cut.readings[metric] == pytest.approx(float(arrivals @ values / arrivals.sum()), rel=1e-12)
    assert cut.readings["service_level"] < as_described.readings["service_level"]
    assert cut.readings["asa"] > as_described.readings["asa"]
    assert cut.readings["p_abandon_any"] > as_described.readings["p_abandon_any"]
    np.testing.assert_array_equal(
        cut.per_interval["service_level"][0], expected.metric("service_level", "billing by phone").to_numpy().ravel()
    )


def test_the_skills_table_reads_the_scenario_and_the_engines_answered_by(desk, cut):
    view = desk_view(cut.scenario, cut.results)
    # from the scenario file: the phone and chat agents are 2nd choice for phone billing, at 1.1 × its handle time
    assert view.preference.loc["billing by phone", "phone and chat agents"] == 2
    assert view.multiplier.loc["billing by phone", "phone and chat agents"] == 1.1
    assert view.multiplier.loc["billing by chat", "back office"] == 1.2
    assert np.isnan(view.preference.loc["email", "phone agents"])
    for contact in desk.service_desk.contact_types:
        ranks = view.preference.loc[contact.name].dropna().sort_values()
        assert list(ranks.index) == desk.service_desk.preferences(contact.name)
    answered = cut.results.meta["answered_by"]
    np.testing.assert_allclose(view.share.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(view.share.to_numpy() * answered.sum(axis=1).to_numpy()[:, None], answered.to_numpy())
    for group in view.groups.index:
        assert view.groups.loc[group, "occupancy"] == cut.results.value("occupancy", group)
    html = skills_html(view, "USD")
    assert html.count("<tr>") == len(desk.service_desk.contact_types) + 4  # header, types, 3 rows of groups
    assert "2nd choice, ×1.10" in html and "below target" in html


def test_the_status_line_names_contact_types_and_fully_busy_groups(desk, cut):
    alerts = stage_alerts(cut.scenario, cut.results)
    named = {a.stage for a in alerts}
    assert "billing by phone" in named  # a contact type, against its own target
    busy = cut.results.per_period_arrays(("occupancy", "staff"), ["phone and chat agents"])
    full = (busy["staff"][0] > 0) & (busy["occupancy"][0] >= 1 - 1e-9)
    group = [a for a in alerts if a.stage == "phone and chat agents"]
    assert full.any() and [a.kind for a in group] == ["busy"]
    assert group[0].hours == pytest.approx(full.sum() * desk.demand.interval_minutes / 60)
    assert "every available agent busy" in status_html(alerts, [], desk=True)
    assert "✓" not in status_html(alerts, [], desk=True)


def test_contact_type_and_group_names_are_escaped(hostile):
    done = operations(hostile)
    table = skills_html(desk_view(hostile, done.results), "USD")
    status = status_html(stage_alerts(hostile, done.results), [], desk=True)
    for html in (table, status):
        assert HOSTILE_GROUP not in html and "<i>bill</i>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in table and "&lt;i&gt;bill&lt;/i&gt; &amp; $x$" in table
    fig = service_figure(done.live, 336, 30.0, None, None, desk=True)
    assert all("<i>" not in trace.name for trace in fig.data)


def test_the_next_12_months_cut_the_agent_group_as_a_held_decision(desk):
    """The dynamics engine's agent groups are its service centres: three fewer phone agents are three FTE
    fewer in the change week (after it, quits and hires move every group), and that group's wages fall by
    3 × contract hours × wage that week."""
    months = twelve_months(desk.with_staff_change(CUT), desk)
    change = months.change_week
    gap = months.staff_changed - months.staff_baseline
    np.testing.assert_allclose(gap[:change], 0.0, atol=1e-9)
    assert gap[change] == pytest.approx(-3.0, rel=1e-9)
    assert (gap[change:] < -2.5).all()  # the cut is held: no group hires it back within the year
    w0, w1 = months.baseline.meta["weekly"], months.changed.meta["weekly"]
    wage = desk.service_desk.groups[0].hourly_wage
    saved = w0[("phone agents", "wage_cost")] - w1[("phone agents", "wage_cost")]
    assert saved.iloc[change] == pytest.approx(3 * desk.contract_hours() * wage, rel=1e-9)
    assert months.net_saving.iloc[-1] > 0  # the example's customers have no yearly value: staff cost only


# ------------------------------------------------------------------------------------ the whole explorer
@pytest.fixture(scope="module")
def explorer(desk, tmp_path_factory):
    return StaffingExplorer(desk, what_if_folder=tmp_path_factory.mktemp("what-ifs"))


def test_the_explorer_has_a_staff_slider_per_group_and_stage_and_moves_with_the_public_api(explorer, desk):
    groups = [g.name for g in desk.service_desk.groups]
    assert explorer.staff_names == groups + desk.stage_names
    assert not any(f"staff:{t.name}" in explorer.controls for t in desk.service_desk.contact_types)
    before = {k: explorer.kpi_value(k) for k in ("service_level", "asa", "staff_cost")}
    explorer.set(staff=CUT)
    expected = sd.evaluate(desk.with_staff_change(CUT), staffing=False)
    assert explorer.kpi_value("staff_cost") == expected.value("staff_cost")
    assert explorer.kpi_value("staff_cost") < before["staff_cost"]
    assert explorer.kpi_value("service_level") < before["service_level"]
    assert explorer.kpi_value("asa") > before["asa"]
    assert "Contact types and skills" in explorer.skills.value
    assert explorer.desk is not None and list(explorer.desk.groups.index) == groups
    assert explorer.figures["service"].layout.title.text.endswith("by contact type")
    explorer.set(staff={"phone agents": 0})


def test_customers_and_money_on_a_desk_are_assess_and_compare(explorer, desk):
    """Phase 2 on a desk: the public API's own figures, nothing recomputed."""
    explorer.set(staff=CUT)
    variant = desk.with_staff_change(CUT)
    customers = sd.assess(variant, sd.evaluate(variant, staffing=False), detail="horizon")
    for reading in ("satisfaction", "employment_cost"):
        assert explorer.kpi_value(reading) == customers.value(reading), reading
    comparison = sd.compare(desk, variant)
    row = comparison.net_effect.iloc[1]
    for reading, column in (("net_effect", "central"), ("net_effect_low", "low"), ("net_effect_high", "high")):
        assert explorer.kpi_value(reading) == row[column], reading
    assert explorer.kpi_value("staff_saving") == comparison.break_even["saving"].iloc[0]
    assert explorer.kpi_value("staff_saving") > 0  # three fewer phone agents cost less
    assert f"Net effect over a {comparison.period}" in explorer.headline.value
    explorer.set(staff={"phone agents": 0})


def test_the_explorers_12_month_tab_runs_the_desk(explorer, desk):
    explorer.set(staff=CUT)
    explorer.show("months")
    expected = twelve_months(desk.with_staff_change(CUT), desk)
    assert explorer.months is not None
    np.testing.assert_array_equal(explorer.months.net_saving.to_numpy(), expected.net_saving.to_numpy())
    assert any(isinstance(child, go.FigureWidget) for child in explorer._views["months"].children)
    explorer.show("service")
    explorer.set(staff={"phone agents": 0})


def test_the_explorer_escapes_group_names_in_sliders_and_tables(hostile, tmp_path):
    explorer = StaffingExplorer(hostile, what_if_folder=tmp_path)
    labels = [row.children[0].value for row in explorer._staff_box.children]
    assert any("&lt;b&gt;x&lt;/b&gt;" in label for label in labels)
    assert not any(HOSTILE_GROUP in label for label in labels)
    assert HOSTILE_GROUP not in explorer.skills.value and HOSTILE_GROUP not in explorer.status.value
