"""What a learner sees after ``exercise.check(answer)``: a :class:`Feedback`.

A feedback is one of four states — ``unanswered`` (no answer yet: the question again, as a prompt),
``invalid`` (the answer is not of the kind asked for: what to type instead), ``correct`` and
``wrong`` (why, and a hint). It shows itself as Markdown in Jupyter and as plain text elsewhere,
and is truthy only when correct, so ``assert exercise.check(x)`` works in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["unanswered", "invalid", "correct", "wrong"]

_ICON = {"unanswered": "✏️", "invalid": "⚠️", "correct": "✅", "wrong": "❌"}
_TITLE = {
    "unanswered": "Not answered yet",
    "invalid": "Not an answer of the right kind",
    "correct": "Correct",
    "wrong": "Not quite",
}


@dataclass(frozen=True)
class Feedback:
    """The outcome of checking one answer.

    ``mistake`` names the typical mistake recognised in a wrong answer (``None`` if none was).
    """

    exercise: str
    status: Status
    message: str
    hint: str = ""
    mistake: str | None = None

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        lines = [f"{_ICON[self.status]} {self.exercise} — {_TITLE[self.status]}", self.message]
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(line for line in lines if line)

    def _repr_markdown_(self) -> str:
        parts = [f"**{_ICON[self.status]} {self.exercise} — {_TITLE[self.status]}**", self.message]
        if self.hint:
            parts.append(f"*Hint:* {self.hint}")
        return "\n\n".join(part for part in parts if part)

    def __repr__(self) -> str:
        return str(self)
