"""Service-design views reflect the scenario and the engine: blueprint lanes and figures, Sankey flows,
journey scores, the bottleneck, and the self-contained report."""

from __future__ import annotations

import html

import numpy as np
import pytest

import svcdesign as sd
from svcdesign.errors import InputError
from svcdesign.explore import bottleneck, chain_flows
from svcdesign.model.roster import paid_hours
from svcdesign.present import blueprint, journey, report, sankey
from svcdesign.present.blueprint import LANE_LABELS, LANE_Y, ROLE_LANE
from svcdesign.response import assess

EXAMPLES = ["bank", "council_adult_social_care"]


@pytest.fixture(scope="module", params=EXAMPLES)
def case(request):
    scenario = sd.load_example(request.param)
    return scenario, sd.evaluate(scenario, staffing=False)


def test_blueprint_puts_every_stage_in_its_lane_with_the_engines_figures(case):
    scenario, results = case
    fig = blueprint(scenario, results)
    found = {}
    for trace in fig.data:
        for stage, y, numbers in zip(trace.text or [], trace.y, trace.customdata or [], strict=False):
            found[stage] = (trace.name, y, numbers)
    assert set(found) == set(scenario.stage_names)
    for stage in scenario.stages:
        lane, y, (asa, p_ab, handle, escalated, transferred) = found[stage.name]
        assert lane == LANE_LABELS[ROLE_LANE[stage.role]]
        assert y == LANE_Y[ROLE_LANE[stage.role]]
        assert asa == results.value("asa", stage.name)
        assert p_ab == results.value("p_abandon", stage.name)
        # handle time: offered load over the week ÷ contacts (the engine's arrival-weighted mean)
        load = results.metric("offered_load", stage.name).to_numpy().sum() * results.period_minutes * 60
        assert handle == pytest.approx(load / results.value("arrivals", stage.name), rel=1e-9)
        assert transferred == pytest.approx(sum(stage.routing.transfer.values()), abs=1e-9)
        assert 0.0 <= escalated <= 1.0
        # the printed box shows the same wait
        box = next(a.text for a in fig.layout.annotations if a.text and a.text.startswith(f"<b>{stage.name}</b>"))
        assert ("deferred work" in box) if stage.deferred else (f"{100 * p_ab:.1f}% abandon" in box)
    assert fig.layout.title.text and "Service blueprint" in fig.layout.title.text
    lines = {a.text for a in fig.layout.annotations}
    for label in ("Line of interaction", "Line of visibility", "Line of internal interaction"):
        assert f"<i>{label}</i>" in lines


def test_blueprint_escalation_share_is_the_routing_for_one_segment():
    scenario = sd.Scenario.from_dict(
        {
            "name": "two tiers",
            "demand": {"channels": [{"name": "phone", "per_interval": [30.0] * 96}]},
            "stages": [
                {
                    "name": "desk",
                    "staff": 12,
                    "handle_time": 240,
                    "patience": 180,
                    "routing": {"escalate": {"expert": 0.2}},
                },
                {"name": "expert", "role": "supervisor", "staff": 4, "handle_time": 480, "patience": 300},
            ],
        }
    )
    fig = blueprint(scenario)
    numbers = {s: c for t in fig.data for s, c in zip(t.text or [], t.customdata or [], strict=False)}
    assert numbers["desk"][3] == pytest.approx(0.2)
    assert numbers["desk"][2] == pytest.approx(240.0)
    assert numbers["expert"][2] == pytest.approx(480.0)


def test_sankey_flows_add_up_to_the_engines_arrivals(case):
    scenario, results = case
    fig = sankey(scenario, results)
    s = fig.data[0]
    labels = list(s.node.label)
    kinds = [c[0] for c in s.link.customdata]
    for stage in scenario.stage_names:
        node = labels.index(stage)
        inflow = sum(v for t, v in zip(s.link.target, s.link.value, strict=True) if t == node)
        outflow = sum(v for a, v in zip(s.link.source, s.link.value, strict=True) if a == node)
        # 0.5%: the engine's per-segment abandonment does not sum exactly to its stage totals (council:
        # 60.05 vs 60.66 abandoned at the front door), which shifts the segment mix of what goes on
        assert inflow == pytest.approx(results.value("arrivals", stage), rel=5e-3)
        assert outflow == pytest.approx(results.value("arrivals", stage), rel=1e-9)
        lost = [v for a, v, k in zip(s.link.source, s.link.value, kinds, strict=True) if a == node and k == "abandoned"]
        assert sum(lost) == pytest.approx(results.value("abandoned", stage), rel=1e-9)
    first = sum(v for v, k in zip(s.link.value, kinds, strict=True) if k == "first contact")
    assert first == pytest.approx(results.value("customers"), rel=1e-9)
    assert "contacts" in fig.layout.title.text


def test_flows_conserve_contacts_per_segment(case):
    scenario, results = case
    for segment in [g.name for g in scenario.segments]:
        f = chain_flows(scenario, results, segment=segment)
        out = (
            f.abandoned
            + f.resolved
            + f.escalated.sum(1)
            + f.transferred.sum(1)
            + f.repeats.sum(1)
            + f.followed_up.sum(1)
        )
        np.testing.assert_allclose(out, f.arrivals, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(f.inflow, f.arrivals, rtol=1e-6, atol=1e-6)  # within a segment: exact


def test_bottleneck_is_the_busiest_stage(case):
    scenario, results = case
    stage, table = bottleneck(results)
    occupancy = {s: results.value("occupancy", s) for s in scenario.stage_names}
    assert stage == max(occupancy, key=occupancy.get)
    assert list(table.index) == sorted(occupancy, key=occupancy.get, reverse=True)


@pytest.fixture(scope="module")
def bank_customers():
    scenario = sd.load_example("bank")
    return scenario, assess(scenario, sd.evaluate(scenario))


def test_journey_scores_are_the_experience_models(bank_customers):
    scenario, customers = bank_customers
    fig = journey(scenario, customers)
    lines = [t for t in fig.data if t.type == "scatter"]
    assert [t.name for t in lines] == [g.name for g in scenario.segments]
    for line in lines:
        touchpoints = list(line.x)
        assert set(scenario.stage_names) <= set(touchpoints) and touchpoints[-1] == "whole journey"
        for place, score, numbers in zip(touchpoints, line.y, line.customdata, strict=True):
            stage = "all" if place == "whole journey" else place
            assert score == customers.value("experience_index", stage, segment=line.name)
            assert numbers[2] == customers.value("disconfirmation", stage, segment=line.name)
            hurt = numbers[2] < 0
            assert (line.marker.color[touchpoints.index(place)] == "#d62728") == hurt
    assert "points, 0–10" in fig.layout.yaxis.title.text


def test_journey_rejects_unknown_segment_and_score(bank_customers):
    scenario, customers = bank_customers
    with pytest.raises(InputError, match="segment"):
        journey(scenario, customers, segment="nobody")
    with pytest.raises(InputError, match="score"):
        journey(scenario, customers, score="height")


def test_report_is_self_contained_and_lists_sources(tmp_path):
    scenario = sd.load_example("council_adult_social_care")
    cut = scenario.with_staff_change({"front door": -1}, name="one fewer at the front door")
    path = report(scenario, tmp_path / "review.html", options=[cut], progress=False)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<script src="http' not in text  # plotly.js is embedded: works offline
    assert text.count("Plotly.newPlot(") >= 4
    for stage in scenario.stage_names:
        assert stage in text
    hours = paid_hours(scenario.stage("front door"), scenario.demand.interval_minutes)
    fewer = hours - scenario.contract_hours()  # one person: one contract week of paid hours
    assert "one fewer at the front door" in text
    assert f"stages.front door: paid hours {hours:,.1f} → {fewer:,.1f} a week" in text
    assert "Assumptions used and their sources" in text
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]  # no temporary file left behind


def test_report_bad_path_writes_nothing(tmp_path):
    scenario = sd.load_example("bank")
    with pytest.raises(InputError, match="path"):
        report(scenario, tmp_path / "missing" / "r.html", progress=False)
    with pytest.raises(InputError, match="path"):
        report(scenario, tmp_path / "r.pdf", progress=False)
    assert list(tmp_path.iterdir()) == []


def test_report_compares_the_options_with_explore_compare(tmp_path):
    scenario = sd.load_example("bank")
    cut = scenario.with_overrides({"stages.representative.staff_adjustment": -2})
    text = report(scenario, tmp_path / "r.html", options={"two fewer": cut}, progress=False).read_text(encoding="utf-8")
    table = sd.compare(scenario, cut, names=["as described", "two fewer"]).table
    for column in table.columns:
        assert html.escape(column, quote=False) in text, column
    assert "<th>two fewer</th>" in text


def test_patience_figure_draws_the_calibrated_curves():
    from svcdesign.data import calibrate, read_contact_log
    from svcdesign.datasets import example_contact_log_path
    from svcdesign.present import patience_figure

    _, report = calibrate(read_contact_log(example_contact_log_path()))
    fig = patience_figure(report)
    assert [t.name for t in fig.data] == ["Kaplan–Meier", "Exponential (MLE)"]
    assert list(fig.data[0].y) == list(report.patience_curve["survival"])
    assert list(fig.data[1].y) == list(report.patience_curve["exponential_survival"])


def _cell(value: float) -> str:
    """A number as the report's tables write it."""
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


@pytest.mark.parametrize(
    ("example", "stage"), [("bank", "representative"), ("council_adult_social_care", "assessment")]
)
def test_report_leads_with_compares_net_effect_and_break_even(tmp_path, example, stage):
    scenario = sd.load_example(example)
    name = "two fewer <b>&</b>"  # user text: escaped
    cut = scenario.with_staff_change({stage: -2})
    text = report(scenario, tmp_path / "r.html", options={name: cut}, progress=False).read_text(encoding="utf-8")
    comparison = sd.compare(scenario, cut, names=["as described", name])
    row = comparison.net_effect.loc[name]
    first = text.index("<h2>")
    assert text.startswith("<h2>Net effect of each option against the scenario as described, per year</h2>", first)
    lead = text[first : text.index("<h2>", first + 1)]
    cells = [f"<td>{_cell(row[c])}</td>" for c in ("low", "central", "high", "p_pays")]
    for cell in cells:
        assert cell in lead, cell
    assert f"<th>{html.escape(name, quote=False)}</th>" in lead and "<b>&</b>" not in text
    assert html.escape(comparison.break_even.loc[name, "statement"]) in lead
    assert "as described</th>" not in lead  # the baseline's row, zero by definition, is left out
    if scenario.organisation.kind == "public":
        assert row["central"] < 0
