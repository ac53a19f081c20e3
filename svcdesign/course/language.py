"""The course in a learner's language: English (the source), Arabic or Persian.

A lesson's text is written in English and marked with :func:`tr` where it is defined (so Babel's extractor
finds it, tests/test_i18n_catalogues.py); it is translated only when shown, in the language the learner
chose (``course.lesson("3.1", language="fa")``), from the catalogues ``svcdesign/i18n/locale/<language>/course.po``.
Figures from the model fill the translated text's placeholders; in Arabic and Persian they are written in the
language's digits and separators (:mod:`svcdesign.i18n.numbers`): ``{level:.1%}`` gives ``۸۵٫۳٪`` in Persian.
English output is the English text filled as :meth:`str.format` fills it, except that a figure which rounds to
zero is written as an unsigned 0, never ``-0`` (nor ``+0``), in every language, as :func:`svcdesign.display.signed`
writes it.
"""

from __future__ import annotations

import functools
import math
import numbers
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType, SimpleNamespace
from typing import Any

from ..errors import InputError
from ..i18n import DEFAULT, Translator, check_language, ntr
from ..i18n.numbers import local_digits, minus_sign, number, percent


def tr(text: str) -> str:
    """Mark ``text`` (a literal English string) for translation and return it unchanged: it is translated
    when shown (:func:`fill`), in the learner's language."""
    return text


class Written(str):
    """Text already written in the reader's language (a translated title, a name with its own digits such as
    "F3"): :func:`fill` puts it in as it is, without writing its digits in the language's digits."""


@dataclass(frozen=True)
class Text:
    """Marked English text and the values of its own placeholders (a feedback computed for one answer)."""

    text: str
    values: Mapping[str, Any] = field(default_factory=dict)


_FIXED = re.compile(r"^(\+?)(,?)\.(\d+)([f%])$")
"""Format specs written in a language's own way: ``.1f``, ``,.0f``, ``.0%``, ``+.2f`` (a change, signed)."""
_SIGNS = str.maketrans({".": "\u066b", ",": "\u066c", "%": "\u066a"})
"""Decimal point, thousands separator and percent sign of a number in any other format, as Arabic and Persian write
them (٫ ٬ ٪)."""


_SIGN = re.compile(r"^((?:.?[<>=^])?)[+ ]")
"""The sign option of a format spec (``+`` or a space, after any fill and alignment)."""


def unsigned_zero(value: Any, format_spec: str) -> tuple[Any, str]:
    """``value`` and ``format_spec`` as a figure is written: a real number that ``format_spec`` rounds to zero
    (``-0.0027`` with ``+.0%``, ``-2e-16`` with ``.2f``) becomes ``0.0`` and loses the spec's sign option, so it
    is written ``0%``, ``0.00`` — never ``-0`` nor ``+0``; anything else is returned as it is."""
    if not isinstance(value, numbers.Real) or isinstance(value, numbers.Integral) or not math.isfinite(value):
        return value, format_spec
    unsigned = _SIGN.sub(r"\1", format_spec)
    try:
        shown = format(abs(float(value)), unsigned)
    except ValueError:  # a spec for another kind of value: str.format reports it
        return value, format_spec
    if any(digit in shown for digit in "123456789"):
        return value, format_spec
    return 0.0, unsigned


class _Formatter(string.Formatter):
    """:meth:`str.format` that never writes ``-0`` (:func:`unsigned_zero`): the English text's formatter."""

    def format_field(self, value: Any, format_spec: str) -> str:
        return super().format_field(*unsigned_zero(value, format_spec))


class _LocalFormatter(_Formatter):
    """:meth:`str.format` whose numbers are written in ``language``'s digits and separators."""

    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        value, format_spec = unsigned_zero(value, format_spec)
        fixed = _FIXED.match(format_spec)
        if fixed and isinstance(value, numbers.Real) and not isinstance(value, bool):
            decimals, real = int(fixed.group(3)), float(value)
            if fixed.group(4) == "%":
                text = percent(real, self.language, decimals)
            else:
                text = number(real, self.language, decimals)
            return "+" + text if fixed.group(1) and real >= 0 else text
        if isinstance(value, Written) or (isinstance(value, str) and len(value) > 1 and value[0] == value[-1] == "`"):
            return value  # written text, or a code span (what the learner typed, Python), stays as it is
        text = super().format_field(value, format_spec)
        if isinstance(value, numbers.Real) and not isinstance(value, bool):  # e.g. ``{hours:+,.4g}``: its signs too
            text = text.translate(_SIGNS)
            body = text.lstrip()
            if body.startswith("-"):  # the language's minus sign, as number() writes it (not the ASCII hyphen)
                text = text[: len(text) - len(body)] + minus_sign(self.language) + body[1:]
        return local_digits(text, self.language)


@dataclass(frozen=True)
class Steps:
    """Figures listed in a text, step by step (a worked answer's search): each item fills ``pattern`` (figures and
    signs only, no words) and the items are joined by a comma, written in the language's digits and comma."""

    pattern: str
    items: tuple[Mapping[str, Any], ...]

    def text(self, language: str = DEFAULT) -> str:
        """The filled items in ``language``, joined."""
        comma = ", " if language == DEFAULT else "\u060c "  # the Arabic comma, which Persian writes too
        return comma.join(fill(self.pattern, item, language) for item in self.items)


PAID_HOURS = ntr("{n} paid hour", "{n} paid hours")
SOCIAL_WORKERS_COUNTED = ntr("{n} social worker", "{n} social workers")
"""Paid hours (of a change in staff, a week) and social workers, counted (:class:`Count`)."""


@dataclass(frozen=True)
class Count:
    """A count and its noun: ``Count(ntr("{n} hour", "{n} hours"), 4.0, ".0f")`` fills a placeholder with "4 hours",
    Arabic "٤ ساعات", "١١ ساعةً", "ساعتان", Persian "۴ ساعت": the number written as ``spec`` writes it (in the language's
    digits), in the form of the text that agrees with the count as shown (CLDR's plural category of ``"4"``,
    ``"2.5"``: :meth:`svcdesign.i18n.Translator.ntr`)."""

    forms: tuple[str, str]
    value: float
    spec: str = ".0f"

    def text(self, language: str = DEFAULT) -> str:
        """The count and its noun in ``language``."""
        if language == DEFAULT:
            written = _Formatter().format_field(self.value, self.spec)
        else:
            written = _LocalFormatter(language).format_field(self.value, self.spec)
        if not math.isfinite(float(self.value)):
            return Written(written)  # no count for a noun to agree with (a figure the model finds unbounded)
        shown = format(abs(float(self.value)), self.spec.replace("+", "").replace(",", ""))  # as shown, unsigned
        return Written(Translator(language).ntr(*self.forms, shown, n=written))


def fill(text: str, values: Mapping[str, Any], language: str = DEFAULT) -> str:
    """``text`` (marked English) in ``language``, its placeholders filled from ``values``: :class:`Steps` listed, and
    a value that is itself a :class:`Text` (a phrase chosen by the model's figures, e.g. "without limit (overloaded)")
    said in ``language`` first, filled from its own values and the other, plain ones."""
    values = {
        name: value.text(language) if isinstance(value, Steps | Count) else value for name, value in values.items()
    }
    plain = {name: value for name, value in values.items() if not isinstance(value, Text)}
    if len(plain) < len(values):
        values = {
            name: fill(value.text, {**plain, **value.values}, language) if isinstance(value, Text) else value
            for name, value in values.items()
        }
    if check_language(language) == DEFAULT:
        return _Formatter().vformat(text, (), values)
    return _LocalFormatter(language).vformat(Translator(language)(text), (), values)


def say(text: str, language: str = DEFAULT) -> str:
    """``text`` (marked English, no placeholders) in ``language``."""
    return Translator(language)(text)


def drawn_in(figure: Callable[..., Any], experiment: Callable[..., Any], language: str) -> Callable[..., Any]:
    """A lesson's ``experiment`` drawn in ``language``: ``figure`` (its levers as keywords, and ``language``) with the
    language fixed, named as the experiment (the sliders' messages name it); the same levers and defaults."""
    drawn = functools.partial(figure, language=language)
    drawn.__name__ = experiment.__name__  # type: ignore[attr-defined]
    return drawn


def in_language(lesson: ModuleType, language: str) -> Any:
    """``lesson`` as a learner in ``language`` reads it: its title, sliders, experiment, exercises and
    reflection translated (the same module for English). The lesson says which languages it has in
    ``LANGUAGES`` (English only when it does not) and gives its experiment in a language with
    ``experiment_in(language)``."""
    check_language(language)
    if language == DEFAULT:
        return lesson
    offered = getattr(lesson, "LANGUAGES", (DEFAULT,))
    if language not in offered:
        raise InputError("language", language, f"one of {', '.join(offered)} (lesson {lesson.QUESTION} so far)")
    exercises = tuple(exercise.in_language(language) for exercise in lesson.EXERCISES)
    view = SimpleNamespace(**{name: getattr(lesson, name) for name in dir(lesson) if not name.startswith("__")})
    view.LANGUAGE = language
    view.TITLE = say(lesson.TITLE, language)
    view.REFLECTION = say(lesson.REFLECTION, language)
    view.SLIDERS = {name: slider.in_language(language) for name, slider in lesson.SLIDERS.items()}
    view.experiment = lesson.experiment_in(language)
    if hasattr(lesson, "customers_in"):  # a second experiment with its own levers (3.7)
        view.customers = lesson.customers_in(language)
        view.CUSTOMER_SLIDERS = {name: slider.in_language(language) for name, slider in lesson.CUSTOMER_SLIDERS.items()}
    view.EXERCISES = exercises
    for exercise, translated in zip(lesson.EXERCISES, exercises, strict=True):
        for name in dir(lesson):
            if getattr(lesson, name) is exercise:
                setattr(view, name, translated)
    return view
