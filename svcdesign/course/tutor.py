"""Worked answers for tutors, computed by the model (kept out of the students' notebooks)."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from .answers import Choice


@dataclass(frozen=True)
class Markdown:
    """Markdown text that Jupyter renders (and prints as itself elsewhere)."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def worked_answers(lesson: ModuleType) -> Markdown:
    """Every exercise of ``lesson``: the question, the model's answer and working, and the typical
    mistakes with the wrong answers they produce."""
    parts = [f"## {lesson.QUESTION} {lesson.TITLE}", f"*Source:* {lesson.SOURCE}."]
    for exercise in lesson.EXERCISES:
        kind = exercise.kind
        shown = kind.show(kind.parse(exercise.expected))
        parts.append(f"### {exercise.key}\n\n{exercise.question}")
        if isinstance(kind, Choice):
            parts.append(kind.listing())
        parts.append(f"**Answer: {shown}.** {exercise.solution.working}")
        if exercise.mistakes:
            lines = [
                f"- *{m.name}* → {kind.show(kind.parse(m.answer(exercise.solution)))}: "
                f"{exercise.check(m.answer(exercise.solution)).message}"
                for m in exercise.mistakes
            ]
            parts.append("Typical mistakes the check recognises:\n\n" + "\n".join(lines))
    parts.append(f"**Reflection prompt.** {lesson.REFLECTION}")
    return Markdown("\n\n".join(parts))
