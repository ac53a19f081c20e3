"""Self-tests: every exercise's model-computed answer passes its own check, and every typical
mistake it knows is recognised as that mistake (used by the notebooks' self-test cells and the tests)."""

from __future__ import annotations

from types import ModuleType

import pandas as pd

from ..i18n import DEFAULT
from ..i18n.numbers import number
from .exercise import Exercise
from .language import say, tr


def check_exercise(exercise: Exercise) -> list[str]:
    """Problems found with one exercise (empty when it works)."""
    problems = []
    if not exercise.check(exercise.expected).correct:
        problems.append(f"{exercise.key}: the model's own answer {exercise.expected!r} does not pass its check")
    if exercise.check(None).status != "unanswered":
        problems.append(f"{exercise.key}: an unanswered exercise does not prompt")
    for name, wrong in exercise.mistake_answers().items():
        feedback = exercise.check(wrong)
        if feedback.mistake != name:
            problems.append(
                f"{exercise.key}: mistake '{name}' (answer {wrong!r}) gives {feedback.status} "
                f"/ {feedback.mistake!r} instead of its own hint"
            )
    return problems


def self_test(lesson: ModuleType) -> pd.DataFrame:
    """Check every exercise of ``lesson``; raise AssertionError listing the problems, else return a
    table of exercises and how many typical mistakes each recognises (no answers shown), in the lesson's
    language (its headings and words translated, counts in the language's digits)."""
    language = getattr(lesson, "LANGUAGE", DEFAULT)
    problems, rows = [], []
    for exercise in lesson.EXERCISES:
        found = check_exercise(exercise)
        problems += found
        count = len(exercise.mistakes)
        rows.append(
            {
                say(tr("exercise"), language): exercise.key,
                say(tr("typical mistakes recognised"), language): count
                if language == DEFAULT
                else number(count, language),
                say(tr("self-test"), language): say(tr("fail") if found else tr("pass"), language),
            }
        )
    if problems:
        raise AssertionError("; ".join(problems))
    return pd.DataFrame(rows).set_index(say(tr("exercise"), language))
