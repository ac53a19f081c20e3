"""The ten course lessons: every exercise's model-computed answer passes its own check, every typical
mistake gets its own hint, the experiments draw, and the answers respond to the model."""

from __future__ import annotations

import inspect
import re

import plotly.graph_objects as go
import pytest

from svcdesign import course
from svcdesign.course import Choice
from svcdesign.course import q3_01_meeting_expectations as q31
from svcdesign.course import q3_02_financial_constraints as q32
from svcdesign.course import q3_05_teamwork as q35
from svcdesign.course import q3_10_communication as q310

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
    assert q32.a.expected == q32.month_of(story.turns_negative_week)
    assert (
        story.turns_negative_week
        == staff_cut_story(q32.default_story_scenario(), cut=story.cut_staff, weeks=q32.WEEKS).turns_negative_week
    )
    assert q32.b.expected == pytest.approx(story.weekly["net_saving"].sum())
    # more lost hand-offs never help: the wait for assessment grows as record coverage falls
    waits = [q35.outcomes(record_coverage=c)["Mean wait for assessment (hours)"] for c in (1.0, 0.8, 0.6)]
    assert waits == sorted(waits)
    # confirming for longer than the break-even makes representatives busier than today
    assert (
        q310._load(q310.PREVENTED_TO, q310.b.expected + 1)
        > q310._load(q310.TODAY_REPEAT, 0)
        >= q310._load(q310.PREVENTED_TO, q310.b.expected)
    )


def test_month_of_counts_from_one():
    assert q32.month_of(0) == 1 and q32.month_of(4) == 1 and q32.month_of(5) == 2 and q32.month_of(52) == 13


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
    widgets = pytest.importorskip("ipywidgets")
    shown = course.explore(q31.experiment, self_service=(0.0, 0.5, 0.05), escalated=(0.10, 0.30, 0.01))
    controls = {w.description: w for w in shown.widget.children if isinstance(w, widgets.FloatSlider)}
    assert controls["self service"].value == 0.0 and controls["escalated"].value == pytest.approx(q31.TODAY_ESCALATED)
    assert not controls["escalated"].continuous_update


def test_claims_are_labelled():
    text = course.claim("loyalty.claim_churn_one_bad")
    assert text.startswith("50%") and "practitioner claim" in text and "003" in text
    assert "practitioner claim" in q32.CLAIMS[0]
    assert course.cite("002", "3.2") == (
        "source document 002 (NVQ unit F3 'Demonstrate understanding of customer "
        "service', a candidate's answers from UK adult social care), question 3.2"
    )
