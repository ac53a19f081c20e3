"""Kinds of answer an exercise accepts: a number, a whole number, a share, or one of several options.

Each kind reads what a learner typed (``parse``), says whether two answers are the same (``same``)
and formats a value for feedback (``show``). A wrong kind of answer raises :class:`AnswerError`
whose message says what to type instead — never a traceback.
"""

from __future__ import annotations

import math
import numbers
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..markup import markdown_code


class AnswerError(ValueError):
    """The answer is not of the kind the exercise asks for; the message says what to type."""


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80


def _shown(answer: Any) -> str:
    """What the learner typed, for a message shown as Markdown: a bounded repr in a code span, so
    the text shows as typed and never acts as Markdown or HTML in the notebook."""
    return markdown_code(_REPR.repr(answer))


def _as_float(answer: Any, what: str, example: str = "12.5") -> float:
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, str)):
        raise AnswerError(
            f"Type {what}, for example `answer = {example}` (got {markdown_code(type(answer).__name__)})."
        )
    if isinstance(answer, str):
        text = answer.strip().replace(",", "")
        try:
            value = float(text.rstrip("%")) / (100.0 if text.endswith("%") else 1.0)
        except ValueError:
            raise AnswerError(
                f"Type {what} as a number, for example `answer = {example}` (got {_shown(answer)})."
            ) from None
    else:
        value = float(answer)
    if not math.isfinite(value):
        raise AnswerError(f"Type {what} as a finite number (got {_shown(answer)}).")
    return value


@dataclass(frozen=True)
class Number:
    """A real number in ``unit``; answers within ``rel`` (relative) or ``abs`` (absolute) of the
    expected value count as the same. Tolerances are teaching choices: wide enough for reading a
    figure off a chart, narrow enough to tell the typical mistakes apart."""

    unit: str = ""
    rel: float = 0.02
    abs: float = 0.0
    digits: int = 1

    def parse(self, answer: Any) -> float:
        return _as_float(answer, f"a number{f' in {self.unit}' if self.unit else ''}")

    def same(self, value: float, target: float) -> bool:
        return math.isclose(value, target, rel_tol=self.rel, abs_tol=self.abs)

    def show(self, value: float) -> str:
        return f"{value:,.{self.digits}f}{f' {self.unit}' if self.unit else ''}"


@dataclass(frozen=True)
class Whole(Number):
    """A whole number (staff, weeks, months): exactly the expected value."""

    rel: float = 0.0
    abs: float = 0.0
    digits: int = 0

    def parse(self, answer: Any) -> float:
        value = _as_float(answer, f"a whole number{f' of {self.unit}' if self.unit else ''}", "7")
        if value != round(value):
            raise AnswerError(
                f"Type a whole number{f' of {self.unit}' if self.unit else ''}, "
                f"e.g. `answer = 7` (got {_shown(answer)})."
            )
        return float(round(value))

    def same(self, value: float, target: float) -> bool:
        return round(value) == round(target)


@dataclass(frozen=True)
class Share(Number):
    """A share: ``0.35``, ``"35%"`` or ``35`` (a number above 1 is read as a percentage).
    Tolerance ``abs`` is in share points (0.01 = one percentage point)."""

    rel: float = 0.0
    abs: float = 0.01
    digits: int = 1

    def parse(self, answer: Any) -> float:
        value = _as_float(answer, "a share", "0.35` or `answer = '35%'")
        if 1.0 < value <= 100.0 and not (isinstance(answer, str) and answer.strip().endswith("%")):
            value /= 100.0
        if not 0.0 <= value <= 1.0:
            raise AnswerError(f"Type a share between 0 and 1 (or a percentage such as '35%'); got {_shown(answer)}.")
        return value

    def show(self, value: float) -> str:
        return f"{100 * value:.{self.digits}f}%"


@dataclass(frozen=True)
class Choice:
    """One of several options, answered by its key (``"b"``) or its exact label."""

    options: Mapping[str, str] = field(default_factory=dict)

    def parse(self, answer: Any) -> str:
        keys = {str(k).lower(): k for k in self.options}
        labels = {str(v).strip().lower(): k for k, v in self.options.items()}
        text = (
            str(answer).strip().lower()
            if isinstance(answer, (str, numbers.Integral)) and not isinstance(answer, bool)
            else None
        )
        if text in keys:
            return keys[text]
        if text in labels:
            return labels[text]
        listed = ", ".join(f"'{k}'" for k in self.options)
        raise AnswerError(
            f"Answer with one of the option letters {listed}, "
            f"e.g. `answer = '{next(iter(self.options))}'` (got {_shown(answer)})."
        )

    def same(self, value: str, target: str) -> bool:
        return value == target

    def show(self, value: str) -> str:
        return f"({value}) {self.options[value]}"

    def listing(self) -> str:
        return "\n".join(f"- **{k}**: {v}" for k, v in self.options.items())


AnswerKind = Number | Choice
