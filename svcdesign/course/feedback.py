"""What a learner sees after ``exercise.check(answer)``: a :class:`Feedback`.

A feedback is one of four states — ``unanswered`` (no answer yet: the question again, as a prompt),
``invalid`` (the answer is not of the kind asked for: what to type instead), ``correct`` and
``wrong`` (why, and a hint). It shows itself as Markdown in Jupyter and as plain text elsewhere,
and is truthy only when correct, so ``assert exercise.check(x)`` works in tests.

Each state is marked with a plain text symbol (✎ ⚠ ✓ ✗) and a word: they are ordinary characters,
not emoji, so they render in any common font (DejaVu, Liberation, Arial…) without an emoji font.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..i18n import DEFAULT, direction
from .language import say, tr

Status = Literal["unanswered", "invalid", "correct", "wrong"]

MARKS: dict[str, str] = {"unanswered": "\u270e", "invalid": "\u26a0", "correct": "\u2713", "wrong": "\u2717"}
"""The mark of each state: ✎ (U+270E), ⚠ (U+26A0, without the emoji variation selector), ✓ (U+2713) and
✗ (U+2717) — text symbols that DejaVu Sans and other common fonts draw."""
RIGHT_TO_LEFT_FONTS = '"Noto Naskh Arabic","Noto Sans Arabic","Vazirmatn","DejaVu Sans",Tahoma,sans-serif'
"""The fonts of Arabic and Persian feedback, first found first: Noto Naskh Arabic (SIL Open Font License; Debian's
``fonts-noto-core``, which ``make browser`` installs) draws both scripts and their digits; the marks fall back to
DejaVu Sans, a text font, never an emoji font."""
_TITLE = {
    "unanswered": tr("Not answered yet"),
    "invalid": tr("Not an answer of the right kind"),
    "correct": tr("Correct"),
    "wrong": tr("Not yet"),
}
_HINT = tr("Hint:")


def right_to_left(markdown: str, language: str) -> str:
    """``markdown`` as Jupyter shows it in ``language``: in Arabic and Persian inside a right-to-left block marked
    with the language (screen readers, the browser's choice of font) in :data:`RIGHT_TO_LEFT_FONTS`; blank lines
    around it, so Jupyter still reads the Markdown inside. Other languages: as it is."""
    if direction(language) != "rtl":
        return markdown
    return f'<div dir="rtl" lang="{language}" style=\'font-family:{RIGHT_TO_LEFT_FONTS}\'>\n\n{markdown}\n\n</div>'


@dataclass(frozen=True)
class Feedback:
    """The outcome of checking one answer.

    ``mistake`` names the typical mistake recognised in a wrong answer (``None`` if none was);
    ``language`` is the one its title and "Hint:" are written in (the message and hint come written in it).
    """

    exercise: str
    status: Status
    message: str
    hint: str = ""
    mistake: str | None = None
    language: str = DEFAULT

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        lines = [f"{MARKS[self.status]} {self.exercise} — {say(_TITLE[self.status], self.language)}", self.message]
        if self.hint:
            lines.append(f"{say(_HINT, self.language)} {self.hint}")
        return "\n".join(line for line in lines if line)

    def _repr_markdown_(self) -> str:
        parts = [f"**{MARKS[self.status]} {self.exercise} — {say(_TITLE[self.status], self.language)}**", self.message]
        if self.hint:
            parts.append(f"*{say(_HINT, self.language)}* {self.hint}")
        text = "\n\n".join(part for part in parts if part)
        return right_to_left(text, self.language)

    def __repr__(self) -> str:
        return str(self)
