"""Worked answers for tutors, computed by the model (kept out of the students' notebooks).

A lesson as a reader of Arabic or Persian sees it (``course.lesson("3.1", language="fa")``) gives its worked
answers in that language: the fixed headings, the questions, answers, working and feedback translated
(:mod:`.language`), and numbers in the language's digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import DEFAULT
from ..i18n.numbers import local_digits
from .answers import Choice
from .feedback import right_to_left
from .language import say, tr
from .sources import cite

SOURCE, ANSWER = tr("Source:"), tr("Answer:")
MISTAKES, REFLECTION = tr("Typical mistakes the check recognises:"), tr("Reflection prompt.")
DOCUMENT = "002"
"""The source document every lesson's question comes from (the NVQ unit's questions 3.1–3.10)."""


@dataclass(frozen=True)
class Markdown:
    """Markdown text that Jupyter renders (and prints as itself elsewhere)."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def worked_answers(lesson: Any) -> Markdown:
    """Every exercise of ``lesson``: the question, the model's answer and working, and the typical
    mistakes with the wrong answers they produce — in the lesson's language (``lesson.LANGUAGE`` of a
    translated lesson, English otherwise)."""
    language = getattr(lesson, "LANGUAGE", DEFAULT)
    source = lesson.SOURCE if language == DEFAULT else cite(DOCUMENT, lesson.QUESTION, language)
    parts = [
        f"## {local_digits(lesson.QUESTION, language)} {lesson.TITLE}",
        f"*{say(SOURCE, language)}* {source}.",
    ]
    for exercise in lesson.EXERCISES:
        kind = exercise.kind
        shown = kind.show(kind.parse(exercise.expected), language)
        parts.append(f"### {exercise.label}\n\n{exercise.question}")
        if isinstance(kind, Choice):
            parts.append(kind.listing(language))
        parts.append(f"**{say(ANSWER, language)} {shown}.** {exercise.working}")
        if exercise.mistakes:
            lines = [
                f"- *{say(m.name, language)}* → {kind.show(kind.parse(m.answer(exercise.solution)), language)}: "
                f"{exercise.check(m.answer(exercise.solution)).message}"
                for m in exercise.mistakes
            ]
            parts.append(f"{say(MISTAKES, language)}\n\n" + "\n".join(lines))
    parts.append(f"**{say(REFLECTION, language)}** {lesson.REFLECTION}")
    text = "\n\n".join(parts)
    return Markdown(right_to_left(text, language))
