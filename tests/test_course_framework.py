"""The course's exercise framework: answer kinds, feedback and checks, on small hand-made exercises."""

from __future__ import annotations

import math

import pytest

from svcdesign.course import (
    AnswerError,
    Choice,
    Exercise,
    Feedback,
    Mistake,
    Number,
    Share,
    Solution,
    Whole,
    check_exercise,
)


def _area() -> Solution:
    width, height = 3.0, 4.5
    return Solution(width * height, "width × height", {"width": width, "height": height, "because": "3 × 4.5."})


def make_exercise(**options) -> Exercise:
    return Exercise(
        "T (a)",
        "A room is {width:g} m by {height:g} m: its area?",
        Number("m²", rel=0.01),
        _area,
        mistakes=[
            Mistake(
                "perimeter",
                lambda s: 2 * (s.facts["width"] + s.facts["height"]),
                "That is the perimeter ({width:g} + {height:g}) × 2.",
                "Multiply, do not add.",
            )
        ],
        hint="Area = width × height.",
        **options,
    )


def test_correct_answer_within_tolerance_passes():
    ex = make_exercise()
    for answer in (13.5, 13.6, "13.5", 13):
        if math.isclose(float(answer), 13.5, rel_tol=0.01):
            assert ex.check(answer).correct
    assert not ex.check(13.0).correct
    feedback = ex.check(13.5)
    assert feedback.status == "correct" and "3 × 4.5" in feedback.message and bool(feedback)


def test_typical_mistake_gets_its_own_reason_and_hint():
    feedback = make_exercise().check(15)
    assert feedback.status == "wrong" and feedback.mistake == "perimeter"
    assert "perimeter (3 + 4.5)" in feedback.message and feedback.hint == "Multiply, do not add."
    assert not feedback


def test_other_wrong_answers_get_direction_or_judge_and_general_hint():
    low = make_exercise().check(2)
    assert low.message == "Your answer is too low." and low.hint == "Area = width × height." and low.mistake is None
    judged = make_exercise(
        judge=lambda value, s: f"{value:g} m² is not {s.facts['width']:g} × {s.facts['height']:g}"
    ).check(99)
    assert judged.message == "99 m² is not 3 × 4.5"


def test_unanswered_prompts_with_the_question_and_never_fails():
    feedback = make_exercise().check(None)
    assert feedback.status == "unanswered" and not feedback
    assert "A room is 3 m by 4.5 m" in feedback.message and "answer =" in feedback.message
    assert "A room is 3 m by 4.5 m" in feedback._repr_markdown_() and str(feedback).startswith("✎ T (a)")


@pytest.mark.parametrize("bad", ["twelve", [1, 2], {"a": 1}, True, float("nan"), float("inf")])
def test_wrong_kind_of_answer_says_what_to_type(bad):
    feedback = make_exercise().check(bad)
    assert feedback.status == "invalid" and "Type a number" in feedback.message


def test_solution_is_computed_once():
    calls = []

    def solve():
        calls.append(1)
        return _area()

    ex = Exercise("T (b)", "Area?", Number(), solve)
    ex.check(1), ex.check(2), ex.expected, ex.question
    assert len(calls) == 1


def test_share_reads_fractions_percentages_and_strings():
    kind = Share(abs=0.005)
    assert (
        kind.parse(0.25) == 0.25 and kind.parse("25%") == 0.25 and kind.parse(25) == 0.25 and kind.parse("25") == 0.25
    )
    assert kind.parse(1) == 1.0 and kind.parse("0.5%") == pytest.approx(0.005)
    with pytest.raises(AnswerError, match="share between 0 and 1"):
        kind.parse(250)
    assert kind.show(0.125) == "12.5%"


def test_whole_numbers_are_exact():
    kind = Whole("months")
    assert kind.parse(14) == 14 and kind.parse("14") == 14 and kind.parse(14.0) == 14
    with pytest.raises(AnswerError, match="whole number of months"):
        kind.parse(13.5)
    assert kind.same(14, 14) and not kind.same(13, 14)


def test_choice_accepts_key_or_label_case_insensitively():
    kind = Choice({"a": "It rises", "b": "It falls"})
    assert kind.parse("A") == "a" and kind.parse(" it falls ") == "b"
    with pytest.raises(AnswerError, match="'a', 'b'"):
        kind.parse("c")
    with pytest.raises(AnswerError):
        kind.parse(None)
    assert kind.show("b") == "(b) It falls"


def test_check_exercise_finds_a_mistake_that_is_the_right_answer():
    ex = Exercise("T (c)", "Area?", Number(), _area, mistakes=[Mistake("same as answer", lambda s: s.answer, "", "")])
    problems = check_exercise(ex)
    assert problems and "same as answer" in problems[0]
    assert check_exercise(make_exercise()) == []


def test_a_text_naming_a_missing_fact_is_a_clear_error():
    ex = Exercise("T (d)", "Area of {depth}?", Number(), _area)
    with pytest.raises(ValueError, match="T \\(d\\).*depth"):
        _ = ex.question


def test_feedback_renders_for_people():
    fb = Feedback("X (a)", "wrong", "Too high.", "Try less.", "m")
    assert str(fb) == "✗ X (a) — Not yet\nToo high.\nHint: Try less."
    assert fb._repr_markdown_().startswith("**✗ X (a) — Not yet**")
    assert str(Feedback("X (a)", "correct", "Yes.")).startswith("✓ X (a) — Correct")
