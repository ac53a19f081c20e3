"""The course: NVQ unit F3 "Demonstrate understanding of customer service", questions 3.1–3.10.

One module per question (source document 002) holds the lesson's experiments — plain functions that
run svcdesign's engines and return a figure or a table — and its exercises. Exercises check
themselves: their expected answers are computed by the model when first needed, never typed in.

- :class:`Exercise`, :class:`Mistake`, :class:`Solution`, :class:`Feedback` — the framework;
- :class:`Number`, :class:`Whole`, :class:`Share`, :class:`Choice` — kinds of answer;
- :func:`explore` — an experiment's results under its sliders (:class:`Slider` and :class:`Options` label each
  lever in words with its unit); :func:`explorer` builds the same widget without showing it;
- :func:`lesson` — a question's module by number (``lesson("3.2")``), or the lesson as a reader of Arabic or
  Persian sees it (``lesson("3.1", language="fa")``, for the lessons translated so far); :data:`LESSONS` — all of them;
- :func:`self_test` — every exercise of a lesson passes its own model-computed answer;
- :func:`cite`, :func:`claim` — source documents and labelled figures from the assumptions table;
- :func:`worked_answers` — a lesson's questions, model-computed answers, working and typical mistakes (tutors).

Typical use in a notebook::

    from svcdesign import course
    lesson = course.lesson("3.1")
    course.explore(lesson.experiment, **lesson.SLIDERS)
    answer = None
    lesson.a.check(answer)
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any

from .answers import AnswerError, Choice, Number, Share, Whole
from .controls import Options, Slider, explore, explorer
from .exercise import Exercise, Mistake, Solution
from .feedback import Feedback
from .language import in_language
from .selftest import check_exercise, self_test
from .sources import DOCUMENTS, cite, claim
from .tutor import worked_answers

LESSONS: dict[str, str] = {
    "3.1": "q3_01_meeting_expectations",
    "3.2": "q3_02_financial_constraints",
    "3.3": "q3_03_service_chain",
    "3.4": "q3_04_forming_expectations",
    "3.5": "q3_05_teamwork",
    "3.6": "q3_06_best_value",
    "3.7": "q3_07_competitive_advantage",
    "3.8": "q3_08_restricting_service",
    "3.9": "q3_09_behaviours",
    "3.10": "q3_10_communication",
}
"""Question number → module name (the notebook has the same name)."""


def lesson(question: str, language: str = "en") -> Any:
    """The module of one question, e.g. ``lesson("3.2")``; in another ``language`` (``"ar"``, ``"fa"``), the
    lesson with its title, sliders, experiment, exercises and reflection in that language (a lesson lists the
    languages it is written in as ``LANGUAGES``; asking for another raises :class:`~svcdesign.errors.InputError`)."""
    if question not in LESSONS:
        raise KeyError(f"no lesson for question {question!r}; the course has {list(LESSONS)}")
    module: ModuleType = import_module(f"{__name__}.{LESSONS[question]}")
    return in_language(module, language)


__all__ = [
    "AnswerError",
    "Choice",
    "DOCUMENTS",
    "Exercise",
    "Feedback",
    "LESSONS",
    "Mistake",
    "Number",
    "Options",
    "Share",
    "Slider",
    "Solution",
    "Whole",
    "check_exercise",
    "cite",
    "claim",
    "explore",
    "explorer",
    "lesson",
    "self_test",
    "worked_answers",
]
