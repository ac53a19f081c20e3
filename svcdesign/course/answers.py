"""Kinds of answer an exercise accepts: a number, a whole number, a share, or one of several options.

Each kind reads what a learner typed (``parse``), says whether two answers are the same (``same``)
and formats a value for feedback (``show``). A wrong kind of answer raises :class:`AnswerError`
whose message says what to type instead — never a traceback.

How a typed number is read
--------------------------
A number typed without quotes (``answer = 0.25``) is a Python number and is read as it is. A number
typed as text (``answer = '0,25'``) is read by :func:`read_number`, by these rules:

1. Arabic-Indic (٠–٩), Persian (۰–۹) and full-width digits read as 0–9, through
   :func:`svcdesign.i18n.digits.western` — one system in a number: ``'1۲3'`` is refused; spaces, direction marks,
   a currency sign (£ $ €) and the exercise's own unit at the end (``'34594 GBP'``) are ignored;
   ``−`` is a minus sign. A percent sign, ``%`` or the Arabic ``٪``, before or after the number makes
   it a percentage (``'۱۰٪'`` is 10%).
2. The Arabic decimal separator ``٫`` is always a decimal point and the Arabic thousands separator
   ``٬`` always separates thousands; so does a space between digits (``'1 000'``).
3. With both a dot and a comma, the later one is the decimal point and the other separates
   thousands: ``'1,234.5'`` and ``'1.234,5'`` are both 1234.5.
4. A single comma is a decimal comma — ``'0,1'`` is 0.1 and ``'12,5'`` is 12.5 — except when one to
   three digits (not a leading 0) come before it and exactly three after it (``'1,000'``,
   ``'34,594'``): that could be a thousands separator or a decimal comma, so the answer is refused
   with a message asking for it without the comma (``34594``) or with a decimal point (``34.594``).
   ``'0,125'`` is a decimal (no number is written with a leading 0 before a thousands separator).
5. A single dot is a decimal point, as in Python: ``'1.000'`` is 1. Several dots or several commas
   separate thousands: ``'1,234,567'`` and ``'1.234.567'`` are 1234567.
6. Thousands separators must split the digits before the decimal point into groups of three after the
   first (``'12,34,567'`` is refused rather than guessed at).

``answer = 0,1`` without quotes is a pair of numbers to Python, ``(0, 1)``: the message says to type
``0.1`` or ``'0,1'``.

These rules read a learner's decimal comma (rule 4), so ``'1,000'`` is refused here;
:func:`svcdesign.i18n.digits.read_number`, which reads numbers as svcdesign writes them and never a decimal
comma, reads it as one thousand and refuses ``'0,1'``.
"""

from __future__ import annotations

import math
import numbers
import re
import reprlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..i18n import DEFAULT
from ..i18n.digits import DIGIT_SYSTEMS, DIRECTION_MARKS, PERCENT_SIGNS, SPACES, digit_systems, western
from ..i18n.numbers import number, percent
from ..i18n.phrases import Figure, Listing, Phrase, Word
from ..markup import markdown_code
from .language import say, tr, unsigned_zero


class AnswerError(ValueError):
    """The answer is not of the kind the exercise asks for; the message says what to type.

    The message is a :class:`~svcdesign.i18n.phrases.Phrase`: ``str(error)`` is English, :meth:`in_language` the
    learner's language."""

    def __init__(self, text: str, /, **values: Any) -> None:
        self.phrase = Phrase(text, **values)
        super().__init__(str(self.phrase))

    def in_language(self, language: str) -> str:
        """The message in ``language``: no English left but the code to type, naming the value typed as typed."""
        return self.phrase.in_language(language)


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80


def _shown(answer: Any) -> str:
    """What the learner typed, for a message shown as Markdown: a bounded repr in a code span, so
    the text shows as typed and never acts as Markdown or HTML in the notebook."""
    return markdown_code(_REPR.repr(answer))


_TRANSLATE = str.maketrans(
    {d: str(i) for digits in DIGIT_SYSTEMS.values() for i, d in enumerate(digits)}
    | {"\u2212": "-", "\u060c": ","}  # − minus; ، Arabic comma
    | dict.fromkeys(DIRECTION_MARKS)
)
"""Local digits → 0–9, the minus sign and the Arabic comma → ASCII, direction marks removed."""
DECIMAL_SIGN = "\u066b"  # ٫ Arabic decimal separator
THOUSANDS_SIGN = "\u066c"  # ٬ Arabic thousands separator
_SPACES = SPACES  # space, no-break space, thin space, narrow no-break space
_CURRENCY = "£$€"
_BODY = re.compile(r"[0-9.,\u066b\u066c \u00a0\u2009\u202f]+")
_SCIENTIFIC = re.compile(r"(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")


def _groups(whole: str, separators: str) -> str:
    """The digits of ``whole`` (the part before the decimal point) without thousands separators, after
    checking that they split it into groups of three; raises ValueError with what is wrong."""
    used = {c for c in whole if c in separators}
    if not used:
        return whole
    if len(used) > 1:
        raise _Unreadable(tr("mixes thousands separators"))
    groups = re.split("[" + re.escape("".join(used)) + "]", whole)
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise _Unreadable(tr("has thousands separators that do not split the digits into groups of three"))
    return "".join(groups)


def read_number(text: str, unit: str = "") -> tuple[float, bool]:
    """A number typed as text, by the rules in this module's documentation.

    Parameters
    ----------
    text:
        What the learner typed, e.g. ``'0,25'``, ``'۱۰٪'``, ``'1 234,5'``.
    unit:
        The exercise's unit (``'GBP'``, ``'hours'``); a trailing copy of it is ignored.

    Returns
    -------
    (value, percent):
        The number as written (``'25%'`` gives 25.0) and whether a percent sign came with it.

    Raises
    ------
    ValueError
        With a message for the learner when the text is not a number or is ambiguous: English, and in the
        learner's language from its ``phrase``
        (a :class:`~svcdesign.i18n.phrases.Phrase`).
    """
    t = unicodedata.normalize("NFKC", text)
    try:
        t = western(t)
    except InputError:
        raise _Unreadable(_MIXED[tuple(digit_systems(t))]) from None
    t = t.translate(_TRANSLATE).strip(_SPACES + "\t\n")
    if unit and t.lower().endswith(unit.lower()):
        t = t[: -len(unit)].rstrip(_SPACES)
    percent = bool(t) and (t[0] in PERCENT_SIGNS or t[-1] in PERCENT_SIGNS)
    if percent:
        t = t.strip(PERCENT_SIGNS).strip(_SPACES)
    t = t.strip(_CURRENCY + _SPACES)
    sign = t[0] if t[:1] in ("+", "-") else ""
    t = t[len(sign) :].strip(_CURRENCY + _SPACES)
    if "/" in t:
        raise _Unreadable(tr("uses '/': type a decimal point instead"))
    if _SCIENTIFIC.fullmatch(t):
        return float(sign + t), percent
    if not _BODY.fullmatch(t) or not any(c.isdigit() for c in t):
        raise _Unreadable(tr("is not a number"))
    if t.count(DECIMAL_SIGN) > 1:
        raise _Unreadable(tr("has more than one decimal separator"))
    if DECIMAL_SIGN in t:
        point = DECIMAL_SIGN
    elif "." in t and "," in t:
        point = "." if t.rindex(".") > t.rindex(",") else ","
    elif t.count(",") == 1:
        point = ","
        whole, fraction = t.split(",")
        if len(fraction) == 3 and whole.isdigit() and len(whole) <= 3 and not whole.startswith("0"):
            raise _Ambiguous(whole, fraction, sign, percent)
    elif t.count(".") == 1:
        point = "."
    else:
        point = ""
    whole, fraction = t.split(point) if point else (t, "")
    if fraction and not fraction.isdigit():
        raise _Unreadable(tr("has a separator after the decimal point"))
    digits = _groups(whole, "".join(c for c in ".," + THOUSANDS_SIGN + _SPACES if c != point)) or "0"
    return float(f"{sign}{digits}.{fraction or '0'}"), percent


class _Unreadable(ValueError):
    """Typed text that is not a number: what is wrong with it, as a :class:`Phrase` (``str``: English)."""

    def __init__(self, text: str, /, **values: Any) -> None:
        self.phrase = Phrase(text, **values)
        super().__init__(str(self.phrase))


_MIXED = {
    ("Western", "Arabic-Indic"): tr("mixes Western and Arabic-Indic digits: type every digit in one of them"),
    ("Western", "Persian"): tr("mixes Western and Persian digits: type every digit in one of them"),
    ("Arabic-Indic", "Persian"): tr("mixes Arabic-Indic and Persian digits: type every digit in one of them"),
    ("Western", "Arabic-Indic", "Persian"): tr(
        "mixes Western and Arabic-Indic and Persian digits: type every digit in one of them"
    ),
}
"""What is wrong with a number typed in two or three digit systems (:data:`DIGIT_SYSTEMS`, in its order)."""


class _Ambiguous(_Unreadable):
    """``'1,000'``: a thousands separator or a decimal comma."""

    def __init__(self, whole: str, fraction: str, sign: str, percent: bool) -> None:
        self.thousands = f"{sign}{whole}{fraction}"
        self.decimal = f"{sign}{whole}.{fraction}"
        mark = "%" if percent else ""
        super().__init__(
            tr(
                "could be {thousands} (a comma between thousands) or {decimal} (a decimal comma). Type it without "
                "the comma, `answer = {thousands_code}`, or with a decimal point, `answer = {decimal_code}`"
            ),
            thousands=Figure(self.thousands + mark),
            decimal=Figure(self.decimal + mark),
            thousands_code=self.thousands,
            decimal_code=self.decimal,
        )


def _pair_message(answer: tuple[Any, ...], what: Phrase) -> AnswerError:
    """``answer = 0,1`` without quotes: Python made a tuple of numbers."""
    typed = ",".join(str(x) for x in answer)
    return AnswerError(
        tr(
            "`answer = {typed}` gives Python {count} numbers, {shown}, not one. Type {what} with a decimal point, "
            "e.g. `answer = {dotted}`, or in quotes, `answer = '{typed}'`."
        ),
        typed=typed,
        count=Figure(str(len(answer))),
        shown=_shown(answer),
        what=what,
        dotted=typed.replace(",", ".", 1),
    )


def _as_number(answer: Any, what: Phrase, example: str = "12.5", unit: str = "") -> tuple[float, bool]:
    """A learner's answer as a finite number, and whether it was typed as a percentage."""
    if isinstance(answer, tuple) and answer and all(isinstance(x, numbers.Integral) for x in answer):
        raise _pair_message(answer, what)
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, str)):
        raise AnswerError(
            tr("Type {what}, for example `answer = {example}` (got {typed})."),
            what=what,
            example=example,
            typed=markdown_code(type(answer).__name__),
        )
    percent = False
    if isinstance(answer, str):
        try:
            value, percent = read_number(answer, unit)
        except _Ambiguous as error:
            raise AnswerError(tr("{typed} {reason}."), typed=_shown(answer), reason=error.phrase) from None
        except _Unreadable as error:
            raise AnswerError(
                tr("Type {what}, for example `answer = {example}` (got {typed}, which {reason})."),
                what=what,
                example=example,
                typed=_shown(answer),
                reason=error.phrase,
            ) from None
    else:
        value = float(answer)
    if not math.isfinite(value):
        raise AnswerError(tr("Type {what} as a finite number (got {typed})."), what=what, typed=_shown(answer))
    return value, percent


def _as_float(answer: Any, what: Phrase, example: str = "12.5", unit: str = "") -> float:
    """A learner's answer as a finite number; a percentage (``'25%'``) is divided by 100."""
    value, percent = _as_number(answer, what, example, unit)
    return value / 100.0 if percent else value


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
        what = Phrase(tr("a number in {unit}"), unit=Word(self.unit)) if self.unit else Phrase(tr("a number"))
        return _as_float(answer, what, unit=self.unit)

    def same(self, value: float, target: float) -> bool:
        return math.isclose(value, target, rel_tol=self.rel, abs_tol=self.abs)

    def show(self, value: float, language: str = DEFAULT) -> str:
        """``value`` with its unit, as a reader of ``language`` writes it (a value that rounds to zero as 0,
        never ``-0``)."""
        value, spec = unsigned_zero(value, f",.{self.digits}f")
        if language == DEFAULT:
            return f"{value:{spec}}{f' {self.unit}' if self.unit else ''}"
        return number(value, language, self.digits) + (f" {say(self.unit, language)}" if self.unit else "")


@dataclass(frozen=True)
class Whole(Number):
    """A whole number (staff, weeks, months): exactly the expected value."""

    rel: float = 0.0
    abs: float = 0.0
    digits: int = 0

    def parse(self, answer: Any) -> float:
        what = (
            Phrase(tr("a whole number of {unit}"), unit=Word(self.unit)) if self.unit else Phrase(tr("a whole number"))
        )
        value = _as_float(answer, what, "7", self.unit)
        if value != round(value):
            raise AnswerError(tr("Type {what}, e.g. `answer = 7` (got {typed})."), what=what, typed=_shown(answer))
        return float(round(value))

    def same(self, value: float, target: float) -> bool:
        return round(value) == round(target)


@dataclass(frozen=True)
class Share(Number):
    """A share: ``0.35``, ``"35%"``, ``"۳۵٪"``, ``"0,35"`` or ``35`` (a number above 1 without a percent
    sign is read as a percentage). Tolerance ``abs`` is in share points (0.01 = one percentage point)."""

    rel: float = 0.0
    abs: float = 0.01
    digits: int = 1

    def parse(self, answer: Any) -> float:
        # the example is two: a share and a percentage, each in its code span (the word between them translated)
        value, percent = _as_number(answer, Phrase(tr("a share")), Phrase(tr("0.35` or `answer = '35%'")))
        if percent or 1.0 < value <= 100.0:
            value /= 100.0
        if not 0.0 <= value <= 1.0:
            raise AnswerError(
                tr("Type a share between 0 and 1 (or a percentage such as '35%'); got {typed}."), typed=_shown(answer)
            )
        return value

    def show(self, value: float, language: str = DEFAULT) -> str:
        """``value`` as a percentage, as a reader of ``language`` writes it."""
        if language == DEFAULT:
            return f"{100 * value:.{self.digits}f}%"
        return percent(value, language, self.digits)


@dataclass(frozen=True)
class Choice:
    """One of several options, answered by its key (``"b"``, ``"(b)"``, ``"B"``) or its exact label."""

    options: Mapping[str, str] = field(default_factory=dict)

    def parse(self, answer: Any) -> str:
        keys = {str(k).lower(): k for k in self.options}
        labels = {str(v).strip().lower(): k for k, v in self.options.items()}
        text = (
            unicodedata.normalize("NFKC", str(answer)).translate(_TRANSLATE).strip().lower()
            if isinstance(answer, (str, numbers.Integral)) and not isinstance(answer, bool)
            else None
        )
        if text in labels:
            return labels[text]
        if text is not None and text.strip("().").strip() in keys:  # 'b', '(b)', 'b)' or 'b.'
            return keys[text.strip("().").strip()]
        raise AnswerError(
            tr("Answer with one of the option letters {listed}, e.g. `answer = '{first}'` (got {typed})."),
            listed=Listing(f"'{k}'" for k in self.options),
            first=next(iter(self.options)),
            typed=_shown(answer),
        )

    def same(self, value: str, target: str) -> bool:
        return value == target

    def show(self, value: str, language: str = DEFAULT) -> str:
        """The option and its label (marked English) in ``language``."""
        return f"({value}) {say(self.options[value], language)}"

    def listing(self, language: str = DEFAULT) -> str:
        """The options as a Markdown list, labelled in ``language``."""
        return "\n".join(f"- **{k}**: {say(v, language)}" for k, v in self.options.items())


AnswerKind = Number | Choice
