"""The ten course lessons: every exercise's model-computed answer passes its own check, every typical
mistake gets its own hint, the experiments draw, and the answers respond to the model."""

from __future__ import annotations

import inspect
import math
import re

import plotly.graph_objects as go
import pytest

from svcdesign import course
from svcdesign.course import Choice, Share
from svcdesign.course import q3_01_meeting_expectations as q31
from svcdesign.course import q3_02_financial_constraints as q32
from svcdesign.course import q3_03_service_chain as q33
from svcdesign.course import q3_04_forming_expectations as q34
from svcdesign.course import q3_05_teamwork as q35
from svcdesign.course import q3_06_best_value as q36
from svcdesign.course import q3_07_competitive_advantage as q37
from svcdesign.course import q3_08_restricting_service as q38
from svcdesign.course import q3_10_communication as q310
from svcdesign.course.council import council
from svcdesign.course.lesson_runs import evaluate
from svcdesign.course.staffing import paid_hours
from svcdesign.i18n.numbers import percent

QUESTIONS = list(course.LESSONS)
PLACEHOLDER = re.compile(r"\{[a-z_0-9]+(:[^{}]*)?\}")
"""A fact name left unfilled in a text shown to learners."""


@pytest.fixture(scope="module", params=QUESTIONS)
def lesson(request):
    return course.lesson(request.param)


def test_every_lesson_is_complete(lesson):
    assert lesson.QUESTION in course.LESSONS and lesson.TITLE and "source document 002" in lesson.SOURCE
    assert 2 <= len(lesson.EXERCISES) <= 4 and "?" in lesson.REFLECTION
    keys = [ex.key for ex in lesson.EXERCISES]
    assert keys == [f"{lesson.QUESTION} ({c})" for c in "abcd"[: len(keys)]]
    assert [getattr(lesson, c) for c in "abcd"[: len(keys)]] == list(lesson.EXERCISES)


def test_model_answers_pass_and_mistakes_get_their_own_hints(lesson):
    table = course.self_test(lesson)
    assert list(table["self-test"]) == ["pass"] * len(lesson.EXERCISES)
    for ex in lesson.EXERCISES:
        assert ex.check(ex.expected).correct
        assert ex.mistakes, f"{ex.key} recognises no typical mistake"
        for mistake in ex.mistakes:
            feedback = ex.check(mistake.answer(ex.solution))
            assert feedback.status == "wrong" and feedback.mistake == mistake.name
            assert feedback.message and feedback.hint and not PLACEHOLDER.search(feedback.message + feedback.hint)


def test_unanswered_and_invalid_answers_never_raise(lesson):
    for ex in lesson.EXERCISES:
        prompt = ex.check(None)
        assert prompt.status == "unanswered" and ex.key in prompt.message and not PLACEHOLDER.search(prompt.message)
        assert ex.check(object()).status == "invalid"
        other = "z" if isinstance(ex.kind, Choice) else "not a number"
        assert ex.check(other).status == "invalid"


def test_other_wrong_answers_are_wrong_with_a_hint(lesson):
    for ex in lesson.EXERCISES:
        if isinstance(ex.kind, Choice):
            wrong = [k for k in ex.kind.options if k != ex.expected]
        else:
            wrong = [ex.expected * 3 + 7]
        for answer in wrong:
            feedback = ex.check(answer)
            assert feedback.status == "wrong" and feedback.message and feedback.hint


def test_worked_answers_give_answer_and_working(lesson):
    text = course.worked_answers(lesson).text
    for ex in lesson.EXERCISES:
        assert ex.key in text and ex.solution.working in text
    assert "**Answer:" in text and not PLACEHOLDER.search(text)


def test_experiment_draws_a_figure_at_its_defaults(lesson):
    figure = lesson.experiment()
    assert isinstance(figure, go.Figure) and figure.data and figure.layout.title.text
    defaults = {k: p.default for k, p in inspect.signature(lesson.experiment).parameters.items()}
    assert all(v is not inspect.Parameter.empty for v in defaults.values()), "sliders start at the defaults"


# ----------------------------------------------------------------- answers follow the model, not typed values
def test_threshold_feedback_evaluates_the_learners_answer():
    target = q31.a.solution.facts["target"]
    below = q31.a.check(q31.a.expected - 2 * q31.STEP) if q31.a.expected >= 2 * q31.STEP else q31.a.check(0.01)
    assert below.status == "wrong" and f"{target:.0%}" in below.message
    above = q31.a.check(q31.a.expected + 0.2)
    assert "smaller share already does" in above.message


def test_lesson_answers_are_consistent_with_the_engines():
    from svcdesign.engines.dynamics import staff_cut_story

    story = q32.story()
    engine = staff_cut_story(q32.default_story_scenario(), cut=story.cut_staff, weeks=q32.WEEKS)
    assert story.failure_measure == engine.failure_measure == "cost_of_failure"  # the council is a public service
    assert q32.b.expected == pytest.approx(engine.total_net_saving) == story.weekly["net_saving"].sum()
    assert q32.a.expected == pytest.approx(story.weekly["wage_saving"].sum())
    facts = q32.a.solution.facts  # contract wages and overtime (the engine's own costs) make up the wage saving
    assert facts["contract"] - facts["overtime"] == pytest.approx(q32.a.expected) and facts["overtime"] > 0
    facts = q32.c.solution.facts  # failed cases × failure cost + bed-days × bed-day cost = the engine's cost
    assert facts["failed_cost"] + facts["bed_cost"] == pytest.approx(story.weekly["failure_cost"].sum())
    # more lost hand-offs never help: the wait for assessment grows as record coverage falls
    waits = [q35.outcomes(record_coverage=c)["Mean wait for assessment (hours)"] for c in (1.0, 0.8, 0.6)]
    assert waits == sorted(waits)
    # confirming for longer than the break-even makes representatives busier than today
    assert (
        q310._load(q310.PREVENTED_TO, q310.b.expected + 1)
        > q310._load(q310.TODAY_REPEAT, 0)
        >= q310._load(q310.PREVENTED_TO, q310.b.expected)
    )


def test_32_the_backlog_panel_says_it_measures_the_time_to_clear_not_the_mean_wait():
    """3.2 runs the same council as 3.1, 3.3 and 3.5, whose mean wait for an assessment (Erlang C) is about a day;
    the dynamics engine's backlog ÷ weekly assessments starts at the 7-day target by construction. The lesson names
    that figure for what it is (time to clear the backlog), not a "wait", and says why the two differ."""
    assert q32.default_story_scenario().model_dump_json() == council().model_dump_json()  # the same service
    wait = evaluate(council()).value("asa", "assessment") / 3600
    start = float(q32.story().weekly["baseline_delivery_delay"].iloc[0]) * q32.DAYS_PER_WEEK
    target = council().target_for("assessment").answer_within / 86400
    assert 20 < wait < 30 and start == pytest.approx(target) == pytest.approx(7.0)
    table = q32.monthly(q32.story())
    assert "time to clear the backlog with cut (days)" in table.columns
    assert not [c for c in table.columns if "wait" in c]
    figure = q32.experiment()
    named = [t.name for t in figure.data] + [a.text for a in figure.layout.annotations]
    named += [figure.layout[k].title.text for k in figure.layout if k.startswith("yaxis")]
    assert not [n for n in named if n and "wait" in n], named
    note = q32.clearing_note()
    assert "Before the cut it is 7.0 days" in note and "within 7 days" in note and f"({wait:.1f} h" in note
    for language in ("ar", "fa"):
        assert "{" not in q32.clearing_note(language) and "7" not in q32.clearing_note(language)


def test_33_a_change_that_rounds_to_zero_is_written_without_a_sign():
    """3.3 (c): care provision's wait falls by 0.27% — shown as 0%, never "-0%" (nor the front door's "+0%")."""
    care = q33.c.solution.facts["care"]
    assert -0.005 < care < 0
    working, feedback = q33.c.solution.working, q33.c.check("c").message
    assert "front-door wait 0%" in working and "care-provision wait 0%" in working
    assert "changes by 0%" in feedback
    for language in ("ar", "fa"):
        translated = q33.c.in_language(language)
        shown = translated.working + translated.check("c").message
        assert percent(0.0, language, 0) in shown and percent(-0.0027, language, 0) not in shown  # not "−0%"


def test_34_b_a_gap_of_zero_is_written_0_00():
    """3.4 (b): the model's gap is −2e-16 (rounding), written 0.00 in the worked answer and the tutor's guide."""
    gap = q34.b.solution.facts["gap"]
    assert gap < 0 and abs(gap) < 1e-9
    assert "perceived − expected = **0.00**" in q34.b.solution.working
    assert q34.b.kind.show(q34.b.expected) == "0.00 points"
    assert "**۰٫۰۰**" in q34.b.in_language("fa").working and "**٠٫٠٠**" in q34.b.in_language("ar").working


def test_38_council_staff_cost_counts_only_the_councils_own_stages():
    """The partners (role ``partner``) are other organisations: their staff are not the council's cost."""
    r, scenario = evaluate(council()), council()
    roles = {s.name: s.role for s in scenario.stages}
    assert roles["partners"] == "partner"
    own = sum(r.value("staff_cost", name) for name, role in roles.items() if role != "partner")
    assert q38.outcomes()[q38.COST] == pytest.approx(own) == pytest.approx(27992.5)
    partners = r.value("staff_cost", "partners")
    assert partners > 0 and r.value("staff_cost") - own == pytest.approx(partners)


def test_38_an_overloaded_stage_is_said_to_be_overloaded_not_0_percent_on_time():
    """After the cut, care provision is overloaded (no steady state): its share within 14 days is not 0.0% but
    "overloaded" — in the panel, the question, the worked answer and the feedback; so are the partners' when the
    moved cases overload them."""
    after = q38.outcomes(0.0, 0.0, q38.CARE_CUT)
    assert math.isnan(after[q38.CARE_LEVEL]) and math.isinf(after[q38.WAIT])
    bars = [t for t in q38.experiment().data if isinstance(t, go.Bar)]
    assert list(bars[0].text) == ["100.0&#37;", "overloaded"] and bars[0].marker.pattern.shape[1] == "/"
    question = q38.a.check(None).message
    assert "care provision is then overloaded" in question and "0.0%" not in question
    assert "0% → overloaded" in q38.a.solution.working and "→ 0.0%" not in q38.a.solution.working
    assert "still overloaded" in q38.a.check(0.03).message
    moved = [t for t in q38.experiment(0.2, 1.0, q38.CARE_CUT).data if isinstance(t, go.Bar)]
    assert math.isnan(q38.outcomes(0.2, 1.0, q38.CARE_CUT)[q38.PARTNERS_LEVEL])
    assert moved[1].text[1] == "overloaded" and list(moved[3].text) == ["0", "0"]  # nobody refused: 0, not −0.00
    for language in ("ar", "fa"):
        translated = q38.a.in_language(language)
        assert "{" not in translated.check(None).message + translated.working


def test_month_of_counts_from_one():
    assert q32.month_of(0) == 1 and q32.month_of(4) == 1 and q32.month_of(5) == 2 and q32.month_of(52) == 13


def test_staff_cut_verdict_holds_across_the_published_unit_costs():
    """3.2 (d): at every corner of the unit costs' plausible ranges the cut costs the public purse more than it
    saves, the low ends are the case most favourable to it, and the engine run at the break-even bed-day cost
    the lesson reports nets zero."""
    f, b = q32.FAILURE_COST, q32.BED_DAY_COST
    net = {
        (x, y): q32.story(failure_cost=x, bed_day_cost=y).total_net_saving
        for x in (f.low, f.high)
        for y in (b.low, b.high)
    }
    facts = q32.d.solution.facts
    assert max(net.values()) == net[(f.low, b.low)] == pytest.approx(q32.d.expected) and q32.d.expected < 0
    assert min(net.values()) == net[(f.high, b.high)] == facts["high"] < facts["central"] < q32.d.expected
    assert 0 < facts["break_even"] < b.low
    even = q32.story(failure_cost=f.low, bed_day_cost=facts["break_even"]).total_net_saving
    assert even == pytest.approx(0.0, abs=1e-6 * facts["wages"])


def test_staff_cut_sliders_keep_the_unit_costs_in_their_published_range():
    from svcdesign.errors import InputError

    defaults = inspect.signature(q32.experiment).parameters
    for name, row in (("failure_cost", q32.FAILURE_COST), ("bed_day_cost", q32.BED_DAY_COST)):
        slider = q32.SLIDERS[name]
        low, high, step = slider.low, slider.high, slider.step
        assert (low, high) == (row.low, row.high) and low < defaults[name].default == row.value < high
        assert slider.unit == "GBP" and slider.show(row.value) == f"{row.value:,.0f}"
        assert ((row.value - low) / step).is_integer(), f"{name}: the default lies on the slider's steps"
    with pytest.raises(InputError, match="public.failure_cost"):
        q32.story(failure_cost=-1.0)


def test_levers_reject_values_outside_their_range():
    with pytest.raises(ValueError, match="self-service"):
        q31.with_self_service(q31.council(), 1.0)
    with pytest.raises(ValueError, match="record_coverage"):
        q35.stalled_share(0.05, 1.5)


def test_unknown_lesson_and_lever_are_clear_errors():
    with pytest.raises(KeyError, match="3.11"):
        course.lesson("3.11")
    with pytest.raises(TypeError, match="no argument"):
        course.explore(q31.experiment, staff=(0, 1, 1))


def test_explore_builds_sliders_that_start_at_the_defaults():
    pytest.importorskip("ipywidgets")
    shown = course.explorer(q31.experiment, **q31.SLIDERS)
    controls = {w.description: w for w in shown.controls.values()}
    service, rule = (
        controls["Callers who use online self-assessment (%)"],
        controls["Handled calls passed on to assessment (%)"],
    )
    assert service.value == 0.0 and rule.value == pytest.approx(q31.TODAY_ESCALATED)
    assert not rule.continuous_update and rule.readout_format == ".0%" and service.readout_format == ".0%"
    assert shown.output.outputs, "the experiment's figure is in the output from the start"


def test_claims_are_labelled():
    text = course.claim("loyalty.claim_churn_one_bad")
    assert text.startswith("50%") and "practitioner claim" in text and "003" in text
    assert all("published estimate" in text and "Plausible range" in text for text in q32.UNIT_COSTS)
    assert course.cite("002", "3.2") == (
        "source document 002 (NVQ unit F3 'Demonstrate understanding of customer "
        "service', a candidate's answers from UK adult social care), question 3.2"
    )


# ------------------------------------------------------------------ staff levers are counted in people (FTE)
STAFF_LEVERS = {
    "3.3-assessment": (q33.scenario, "assessment_people", "assessment"),
    "3.6-front-door": (q36.scenario, "front_door_people", "front door"),
    "3.6-assessment": (q36.scenario, "assessment_people", "assessment"),
    "3.7-representative": (q37.scenario, "representative_people", "representative"),
    "3.8-care": (q38.scenario, "care_people", "care provision"),
}


@pytest.mark.parametrize(("scenario", "lever", "stage"), STAFF_LEVERS.values(), ids=STAFF_LEVERS.keys())
@pytest.mark.parametrize("people", [-1.0, 0.5, 2.0])
def test_staff_levers_move_contract_hours_not_seats(scenario, lever, stage, people):
    """N people = N × the contract hours a week (costs.contract_hours), spread over the roster: no lesson adds
    seats to every staffed interval (``staff_adjustment``), which on a round-the-clock roster is many more hours."""
    base, changed = scenario(), scenario(**{lever: people})
    assert paid_hours(changed, stage) - paid_hours(base, stage) == pytest.approx(people * base.contract_hours())
    assert all(s.staff_adjustment == 0 for s in changed.stages)


def test_paid_hours_the_lessons_quote_come_from_the_rosters():
    contract = q33.council().contract_hours()
    facts = q33.c.solution.facts
    assert facts["hours"] == pytest.approx(facts["lost"] * contract)
    assert facts["team"] * contract == pytest.approx(facts["team_hours"])
    assert q36.c.solution.facts["hours"] == pytest.approx(q36.b.expected * contract)
    facts = q38.a.solution.facts
    assert facts["cut_hours"] == pytest.approx(-q38.CARE_CUT * contract) and facts["staff"] * contract == facts["hours"]
    assert "full-time equivalents" in q37.b.question and "paid hours a week" in q37.experiment().layout.title.text


def test_one_person_fewer_overloads_assessment_and_the_feedback_says_so():
    """3.3 (c): the council's social workers are nearly fully busy, so losing one person (FTE) overloads
    assessment while half a person does not; the feedback names the overload instead of an infinite rise."""
    cut = evaluate(q33.scenario(assessment_people=q33.LOST))
    half = evaluate(q33.scenario(assessment_people=q33.LOST / 2))
    assert cut.value("overloaded", "assessment") == 1 and half.value("overloaded", "assessment") == 0
    assert q33.c.expected == "b" and q33.c.solution.facts["overloaded"]
    text = q33.c.check("b").message + q33.c.solution.working
    assert "overloaded" in text and "inf%" not in text


# ------------------------------------------------------------- 3.7: the best staffing depends on the evidence
def _yearly_total_by_assess(change: int, evidence: str) -> float:
    """Staff cost + customer cost a year of one staffing, brute force: each option assessed on its own and its
    typical week counted over a year (the bank's calendar has no peak weeks) — not through ``compare``."""
    from svcdesign.course.lesson_runs import assess
    from svcdesign.model.units import WEEKS_PER_YEAR

    r = assess(q37.scenario(change, evidence))
    return WEEKS_PER_YEAR * (r.value("staff_cost") + r.value("revenue_at_risk"))


@pytest.mark.parametrize("evidence", q37.BASES)
def test_37_best_staffing_is_the_brute_force_minimum_over_the_grid(evidence):
    totals = {change: _yearly_total_by_assess(change, evidence) for change in q37.CHANGES}
    assert q37.best_staffing(evidence) == min(totals, key=totals.__getitem__)
    shown = q37.year(evidence)[q37.COLUMNS["total"]]
    assert shown.to_dict() == pytest.approx(totals, rel=1e-9)


def test_37_the_answers_name_each_evidences_best_staffing():
    assert q37.b.expected == q37.best_staffing(q37.REVEALED)
    facts = q37.b.solution.facts
    assert (facts["survey"], facts["claims"]) == (q37.best_staffing(q37.SURVEY), q37.best_staffing(q37.CLAIMED))


def test_37_stated_intentions_ask_for_at_least_the_staff_revealed_behaviour_does():
    """Survey intentions and practitioner claims make customers leave more readily than revealed behaviour, so
    their best staffing is never smaller; each best lies inside the grid (not an artefact of its edges)."""
    best = [q37.best_staffing(e) for e in (q37.REVEALED, q37.SURVEY, q37.CLAIMED)]
    assert best == sorted(best)
    assert all(q37.LOW < b < q37.HIGH for b in best)
    lost_today = [q37.year(e)[q37.COLUMNS["lost"]].loc[0] for e in (q37.REVEALED, q37.SURVEY, q37.CLAIMED)]
    assert lost_today == sorted(lost_today)


@pytest.mark.parametrize("evidence", q37.BASES)
def test_37_net_effect_is_todays_total_less_the_options(evidence):
    year = q37.year(evidence)
    total, columns = year[q37.COLUMNS["total"]], q37.COLUMNS
    assert (total.loc[0] - total).to_numpy() == pytest.approx(year[columns["central"]].to_numpy(), abs=1e-3)
    inside = year.drop(index=0)
    assert (inside[columns["low"]] <= inside[columns["central"]]).all()
    assert (inside[columns["central"]] <= inside[columns["high"]]).all()
    assert inside[columns["p_pays"]].between(0, 1).all()


def test_37_break_even_is_the_wages_over_a_customers_lifetime_margin():
    """c: the customers 4 added people must keep = their wages a year ÷ the lifetime margin of a customer,
    CLV = m·r/(1 + i − r) (Gupta & Lehmann 2003) from the table's rows, averaged over the segments by their share
    of customers (each segment's customers are its share of first contacts)."""
    from svcdesign.assumptions import load_assumptions
    from svcdesign.model.units import WEEKS_PER_YEAR

    table, bank = load_assumptions(), q37.scenario()
    r, i = 1 - table.value("loyalty.base_churn"), table.value("loyalty.discount_rate")
    clv = sum(g.share * table.value("loyalty.margin_share") * g.annual_value * r / (1 + i - r) for g in bank.segments)
    wages = q37.ADDED * bank.contract_hours() * bank.stage(q37.REPRESENTATIVE).hourly_wage * WEEKS_PER_YEAR
    assert q37.c.expected == pytest.approx(wages / clv, rel=1e-6)
    assert q37.c.solution.facts["cost"] == pytest.approx(wages, rel=1e-6)
    row = q37.break_even(q37.ADDED)
    assert row["saving"] < 0 and row["break_even_customers"] == pytest.approx(-q37.c.expected)
    kept, need = q37.c.solution.facts["kept"], q37.c.expected
    assert ("not enough" in q37.c.solution.facts["because"]) == (kept <= need)


def test_37_feedback_evaluates_the_learners_staffing_and_quotes_no_typed_figures():
    other = next(c for c in q37.CHANGES if c not in q37.b.mistake_answers().values() and c != q37.b.expected)
    message = q37.b.check(other).message
    total = q37.year()[q37.COLUMNS["total"]].loc[other]
    assert f"{other:+d}" in message and f"{total:,.0f}" in message
    assert "Choose one of the changes" in q37.b.check(q37.b.expected + 1).message
    title = q37.experiment(q37.b.expected, q37.SURVEY).layout.title.text
    assert q37.SURVEY in title and "extra customers a year leave" in title


def test_37_customers_lost_a_year_are_the_typical_week_counted_over_the_bank_calendar():
    """a: compare's year (churn over the calendar) against assess's typical week × weeks a year — the bank's
    calendar has no peak weeks, so the two paths must agree; the per-week mistake is the week itself."""
    from svcdesign.model.units import WEEKS_PER_YEAR

    assert q37.a.expected == pytest.approx(q37.a.mistake_answers()["per week"] * WEEKS_PER_YEAR, rel=1e-6)


def test_37_rejects_unknown_evidence_and_staffing_off_the_grid():
    from svcdesign.errors import InputError

    with pytest.raises(InputError, match="evidence"):
        q37.scenario(0, "gut feeling")
    with pytest.raises(InputError, match="representative_people"):
        q37.experiment(q37.STEP + 1)
    with pytest.raises(InputError, match="change"):
        q37.break_even(0)


# ------------------------------------------------------------------ one question never gives away another's answer
def _answer_forms(exercise) -> set[str]:
    """How an exercise's answer could appear in a text: as the check shows it, as a whole percentage for a share,
    and as a plain number when it has two or more digits or a decimal point."""
    value = exercise.kind.parse(exercise.expected)
    forms = {exercise.kind.show(value)}
    if isinstance(exercise.kind, Share):
        forms.add(f"{value:.0%}")
    plain = f"{value:g}"
    if "." in plain or len(plain.lstrip("-")) >= 2:
        forms |= {plain, f"{value:,.0f}" if abs(value) >= 1000 else plain}
    return forms


def test_no_question_gives_away_another_questions_answer(lesson):
    """The prompts are all on the page at once (each unanswered cell shows its question): 3.2 (c) must not show the
    overtime that answers (a), 3.8 (b) and (c) not the restriction that answers (a), 3.6 (c) not (b)'s staffing."""
    for answered in lesson.EXERCISES:
        if isinstance(answered.kind, Choice):
            continue
        forms = _answer_forms(answered)
        for other in lesson.EXERCISES:
            if other is answered:
                continue
            prompt = other.check(None).message
            shown = [f for f in forms if re.search(r"(?<![\d.,])" + re.escape(f) + r"(?![\d]|\.\d)", prompt)]
            assert not shown, f"{other.key} shows the answer to {answered.key}: {shown}"
    if lesson.QUESTION == "3.2":
        assert "overtime" not in lesson.c.check(None).message
