"""Service-design views reflect the scenario and the engine: blueprint lanes and figures, Sankey flows,
journey scores, the bottleneck, and the self-contained report."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

import svcdesign as sd
from svcdesign.display import number, percent, signed, wait_text
from svcdesign.errors import InputError
from svcdesign.explore import bottleneck, chain_flows
from svcdesign.explore.review import review
from svcdesign.model.compiled import expand
from svcdesign.model.roster import paid_hours
from svcdesign.present import blueprint, comparison_figure, journey, report, sankey
from svcdesign.present.blueprint import LANE_LABELS, LANE_Y, ROLE_LANE
from svcdesign.present.journey import HURT, TICKS
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
            assert (line.marker.color[touchpoints.index(place)] == HURT) == hurt
    assert "points, 0–10" in fig.layout.yaxis.title.text
    # round ticks on both axes, lined up: 0, 2, … 10 points and the reach in TICKS round steps
    assert (fig.layout.yaxis.dtick, list(fig.layout.yaxis.range)) == (2, [0, 10])
    step = fig.layout.yaxis2.dtick
    assert list(fig.layout.yaxis2.range) == [0, TICKS * step]
    mantissa = step / 10 ** np.floor(np.log10(step))
    assert any(np.isclose(mantissa, m) for m in (1, 2, 2.5, 5, 10)), step
    reach = max(v for t in fig.data if t.type == "bar" for v in t.y)
    assert (TICKS - 1) * step < reach <= TICKS * step or reach <= step


def test_journey_rejects_unknown_segment_and_score(bank_customers):
    scenario, customers = bank_customers
    with pytest.raises(InputError, match="segment"):
        journey(scenario, customers, segment="nobody")
    with pytest.raises(InputError, match="score"):
        journey(scenario, customers, score="height")


def _sections(text: str) -> list[str]:
    """The report's section headings (h2), in order."""
    return [html.unescape(h) for h in re.findall(r"<h2 id='[^']+'>(.*?)</h2>", text)]


def test_report_is_self_contained_and_reads_findings_first(tmp_path):
    scenario = sd.load_example("council_adult_social_care")
    cut = scenario.with_staff_change({"front door": -1}, name="one fewer at the front door")
    path = report(scenario, tmp_path / "review.html", options=[cut], progress=False)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<script src="http' not in text  # plotly.js is embedded: works offline
    assert text.count("Plotly.newPlot(") >= 4
    for stage in scenario.stage_names:
        assert stage in text
    # a consultant's order: findings, the options in words, tables, figures, then the appendix
    assert _sections(text) == [
        "Findings",
        "The options",
        "Options compared",
        "Per stage, as described",
        "Figures",
        "Appendix: method and assumptions",
    ]
    for anchor in ("findings", "options", "comparison", "stages", "figures", "appendix"):
        assert f"<a href='#{anchor}'>" in text and f"<section id='{anchor}'" in text
    # the interval length is the scenario's (30 minutes for the council), not a fixed 15
    assert scenario.demand.interval_minutes == 30
    assert "each 30-minute interval" in text and "15-minute" not in text
    hours = paid_hours(scenario.stage("front door"), scenario.demand.interval_minutes)
    fewer = hours - scenario.contract_hours()  # one person: one contract week of paid hours
    assert "one fewer at the front door" in text
    assert f"paid hours {hours:,.1f} → {fewer:,.1f} a week" in text
    assert "Sources of the scenario's numbers" in text
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]  # no temporary file left behind


def test_report_bad_path_writes_nothing(tmp_path):
    scenario = sd.load_example("bank")
    with pytest.raises(InputError, match="path"):
        report(scenario, tmp_path / "missing" / "r.html", progress=False)
    with pytest.raises(InputError, match="path"):
        report(scenario, tmp_path / "r.pdf", progress=False)
    with pytest.raises(InputError, match="descriptions"):
        report(scenario, tmp_path / "r.html", descriptions={"nobody": "words"}, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_report_compares_the_options_outcome_by_outcome(tmp_path):
    scenario = sd.load_example("bank")
    cut = scenario.with_overrides({"stages.representative.staff_adjustment": -2})
    text = report(scenario, tmp_path / "r.html", options={"two fewer": cut}, progress=False).read_text(encoding="utf-8")
    values = sd.compare(scenario, cut, names=["as described", "two fewer"]).values
    table = text[text.index("<section id='comparison'") : text.index("<section id='stages'")]
    assert "<th scope='col'>as described</th><th scope='col'>two fewer</th>" in table
    # one row per outcome, its unit in its label, one precision per row
    rows = {
        "Staff cost (USD/week)": [number(v) for v in values["staff_cost"]],
        "Service level, all stages (%)": [number(100 * v, 1) for v in values["service_level"]],
        "Satisfaction (points, 0–10)": [number(v, 2) for v in values["satisfaction"]],
        "Churn (% of customers a year)": [number(100 * v, 2) for v in values["churn"]],
        "Revenue effect: − margin of customers lost (USD/year)": [signed(v) for v in values["revenue_effect"]],
    }
    for name, cells in rows.items():
        expected = f"<th scope='row'>{html.escape(name)}</th>" + "".join(f"<td>{c}</td>" for c in cells)
        assert expected in table, name
    assert "-0<" not in text and ">-0" not in text


def _cell(value: float) -> str:
    """A number as the report's net-effect table writes it."""
    return signed(value)


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
    lead = text[text.index("<section id='findings'") : text.index("<section id='options'")]
    assert text.index("<section id='findings'") < text.index("<section id='figures'")
    cells = [f"<td>{_cell(row[c])}</td>" for c in ("low", "central", "high")] + [
        f"<td>{percent(row['p_pays'], 0)}</td>"
    ]
    for cell in cells:
        assert cell in lead, cell
    assert f"<th scope='row'>{html.escape(name)}</th>" in lead and "<b>&</b>" not in text
    assert "as described</th>" not in lead  # the baseline's row, zero by definition, is left out
    statement = review(scenario, {name: cut}).findings.loc[name, "statement"]
    assert html.escape(statement) in lead
    assert "plausible range" in statement and "loyalty." not in statement and "public." not in statement
    if scenario.organisation.kind == "public":
        assert row["central"] < 0


def test_options_are_described_in_words():
    bank = sd.load_example("bank")
    options = {
        "seat": bank.with_staff_change({"representative": 1}, unit="seats"),
        "early": bank.with_staff_change({"representative": 1}, shift="early"),
        "pro rata": bank.with_staff_change({"representative": -2}),
        "online": bank.with_overrides({"demand.scale": 0.85}),
        "empower": bank.with_overrides(
            {"stages.representative.routing.escalate.coordinator": 0.06, "stages.representative.hourly_wage": 15}
        ),
        "premium": bank.with_overrides({"segments.premium.annual_value": 2000, "targets.answer_within": 30}),
    }
    said = review(bank, options).descriptions
    assert said["seat"][0].startswith("At representative: one more person on duty in every staffed interval")
    assert said["early"][0].startswith("At representative: one more person on the early shift (07:00–15:00, Mon–Fri)")
    assert said["pro rata"][0].startswith("At representative: two fewer full-time equivalents spread pro rata")
    assert said["online"] == ["All demand × 0.85 (15% fewer contacts)"]
    assert said["empower"] == [
        "Hourly wage at representative: 13.55 → 15.00 USD",
        "Share of the contacts answered at representative escalated to coordinator: 12% → 6%",
    ]
    assert said["premium"] == [
        "Segment premium: yearly value per customer (USD) 1,500 → 2,000",
        "Target answer time 20 s → 30 s",
    ]
    for text in (t for sentences in said.values() for t in sentences):
        assert not re.search(r"stages\.|\.staff\.|demand\.|segments\.|targets\.|_", text), text


def test_an_option_that_moves_no_figure_is_said_so_in_words(tmp_path):
    bank = sd.load_example("bank")
    # the overtime cover is a costing assumption the comparison's staff cost does not read
    idle = bank.with_overrides({"assumptions": {"costs.overtime_cover": 1.0}})
    done = review(bank, {"idle": idle})
    assert list(done.unchanged) == ["idle"]
    text = report(bank, tmp_path / "r.html", options={"idle": idle}, progress=False).read_text(encoding="utf-8")
    assert html.escape(done.unchanged["idle"]) in text
    assert "costs.overtime" not in text and "overtime_cover" not in text
    assert done.descriptions["idle"][0].startswith("Assumption changed — share of the gap between required")


def test_waits_are_written_alike_in_the_table_and_the_blueprint():
    bank = sd.load_example("bank")
    results = sd.evaluate(bank)
    done = review(bank)
    long_wait = results.value("asa", "back office")
    assert long_wait > 3 * 3600  # hours: 15.5 h
    shown = wait_text(long_wait)
    assert shown.endswith(" h") and shown == f"{long_wait / 3600:.1f} h"
    box = next(a.text for a in blueprint(bank, results).layout.annotations if a.text.startswith("<b>back office</b>"))
    assert f"wait {shown}" in box
    assert done.stages.loc["back office", "asa"] == long_wait


def test_text_sections_keep_their_paragraphs_and_line_breaks(tmp_path):
    bank = sd.load_example("bank")
    text = "Line one\n  indented line two\n\nSecond <paragraph>"
    out = report(bank, tmp_path / "r.html", extra={"Notes": text}, customers=False, progress=False)
    page = out.read_text(encoding="utf-8")
    assert (
        "<p class='text-block'>Line one\n  indented line two</p><p class='text-block'>Second &lt;paragraph&gt;</p>"
        in page
    )
    assert ".text-block{white-space:pre-wrap}" in page
    assert _sections(page)[-2:] == ["Notes", "Appendix: method and assumptions"]


@pytest.mark.parametrize("value", [-0.4, -0.0, 0.0, 0.3, -1e-9])
def test_numbers_never_read_minus_zero(value):
    assert number(value) == "0" and signed(value) == "0"


def test_wages_shown_when_set_and_not_given_when_unknown(tmp_path):
    bank = sd.load_example("bank")
    text = report(bank, tmp_path / "a.html", customers=False, progress=False).read_text(encoding="utf-8")
    assert (
        "Hourly wage per paid hour (USD): representative 13.55; coordinator 16.26; supervisor 19.65; back office 14.90."
        in text
    )
    unpaid = bank.with_overrides({f"stages.{s}.hourly_wage": 0.0 for s in bank.stage_names})
    text = report(unpaid, tmp_path / "b.html", customers=False, progress=False).read_text(encoding="utf-8")
    assert "The wages are not given" in text and "(0)" not in re.sub(r"<script.*?</script>", "", text, flags=re.S)
    stages = text[text.index("<section id='stages'") : text.index("<section id='figures'")]
    assert stages.count("<td>not given</td>") == len(bank.stage_names) + 1  # every stage and the whole chain


def test_comparison_figure_fits_a_notebook_and_draws_churn_in_percent():
    bank = sd.load_example("bank")
    comparison = sd.compare(bank, bank.with_staff_change({"representative": -2}, name="cut"))
    fig = comparison_figure(comparison)
    assert fig.layout.width is None  # as wide as the notebook, no wider
    panels = [t for t in fig.data if t.type == "bar"]
    columns = {t.xaxis for t in panels}
    assert len(columns) == len(panels) and max(int(t.xaxis[1:] or 1) for t in panels) == len(panels)
    assert all(t.orientation == "h" for t in panels)
    titles = [a.text for a in fig.layout.annotations]
    assert all(len(line) <= 30 for t in titles for line in t.split("<br>")), titles
    churn = next(t for t, a in zip(panels, titles, strict=False) if a.startswith("Churn"))
    assert list(churn.x) == pytest.approx([100 * v for v in comparison.values["churn"]])


def test_patience_figure_draws_the_calibrated_curves():
    from svcdesign.data import calibrate, read_contact_log
    from svcdesign.datasets import example_contact_log_path
    from svcdesign.present import patience_figure

    _, report = calibrate(read_contact_log(example_contact_log_path()))
    fig = patience_figure(report)
    assert [t.name for t in fig.data] == ["Kaplan–Meier", "Exponential (MLE)"]
    assert list(fig.data[0].y) == list(report.patience_curve["survival"])
    assert list(fig.data[1].y) == list(report.patience_curve["exponential_survival"])


@pytest.mark.parametrize("horizon, weeks", [("1d", None), ("2w", 2.0)])
def test_flows_of_a_simulation_start_from_the_first_contacts_of_its_horizon(horizon, weeks):
    """The flows' first contacts are the scenario's expected demand over the horizon the simulation ran (a day:
    Monday's intervals of the typical week; two weeks: twice the week), not always one week; and the simulated
    arrivals at the entry stages are those plus at most the repeats and follow-ups (which may arrive after the
    horizon), within sampling error."""
    scenario = sd.load_example("bank")
    results = sd.simulate(scenario, horizon=horizon, replications=2, seed=3)
    x = expand(scenario)
    day = int(round(24 * 60 / x.period_minutes))
    expected = x.arrivals.sum() * weeks if weeks else x.arrivals[:, :day].sum()
    f = chain_flows(scenario, results)
    assert f.external.sum() == pytest.approx(expected, rel=1e-9)
    entry = sorted(set(f.entry.tolist()))
    simulated = f.arrivals[entry].sum() - f.escalated[:, entry].sum() - f.transferred[:, entry].sum()
    delayed = f.repeats[:, entry].sum() + f.followed_up[:, entry].sum()  # some arrive after the horizon ends
    error = 5 * np.sqrt((expected + delayed) / 2)  # 5 standard errors of the mean of 2 replications (Poisson)
    assert expected - error < simulated < expected + delayed + error


def test_the_blueprints_key_says_what_each_share_in_a_box_is_a_share_of():
    """A box's abandonment is the metric ``p_abandon``, a share of the stage's arriving contacts; its escalated
    and transferred shares are of the contacts answered: the key says which (it had said every % was of the
    answered contacts)."""
    bank = sd.load_example("bank")
    results = sd.evaluate(bank, staffing=False)
    fig = blueprint(bank, results)
    key = fig.layout.annotations[-1].text
    assert "abandon: share of the stage's arriving contacts" in key
    assert "other %: share of the stage's answered contacts" in key
    shown = f"{100 * results.value('p_abandon', 'representative'):.1f}% abandon"
    assert any(shown in a.text for a in fig.layout.annotations if a.text and "representative" in a.text)


def test_the_mean_wait_is_labelled_as_what_it_is_the_mean_over_all_contacts(tmp_path):
    """``asa`` is the mean wait over all arriving contacts, those who give up counted until they leave (the
    catalogue's meaning): every view that spells it out calls it the mean wait of all contacts, none a wait "to
    answer" (which reads as the wait of those answered)."""
    from svcdesign.explore.outcomes import label
    from svcdesign.present import timeline
    from svcdesign.present.forecast_figures import COVER_METRICS
    from svcdesign.results import metric_info

    assert "over all arriving contacts" in metric_info("asa").meaning
    bank = sd.load_example("bank")
    results = sd.evaluate(bank, staffing=False)
    fig = blueprint(bank, results)
    hovers = [h for t in fig.data if t.hovertext is not None for h in t.hovertext if "back office" in h]
    wait = wait_text(results.value("asa", "back office"))
    assert any(f"mean wait of all contacts {wait}; target answer time 48.0 h" in h for h in hovers)
    key = fig.layout.annotations[-1].text
    assert "wait: mean wait of all contacts, those who give up counted until they leave" in key
    shown = timeline(results, "asa")
    assert shown.layout.title.text.startswith("Mean wait of all contacts by period")
    assert shown.layout.yaxis.title.text == "Mean wait of all contacts (s)"
    assert COVER_METRICS["asa"][0] == "Mean wait of all contacts at the front stage (s)"
    assert COVER_METRICS["service_level"][0] == label("service_level")  # the cover's is the all-stages outcome
    page = report(bank, tmp_path / "bank.html", customers=False, progress=False).read_text(encoding="utf-8")
    assert "Mean wait of all contacts" in page
    for text in (page, key, *hovers, shown.layout.title.text):
        assert "wait to answer" not in text.lower() and "time to answer" not in text.lower()
