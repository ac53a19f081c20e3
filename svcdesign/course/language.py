"""The course in a learner's language: English (the source), Arabic or Persian.

A lesson's text is written in English and marked with :func:`tr` where it is defined (so Babel's extractor
finds it, tests/test_i18n_catalogues.py); it is translated only when shown, in the language the learner
chose (``course.lesson("3.1", language="fa")``), from the catalogues ``svcdesign/i18n/locale/<language>/course.po``.
Figures from the model fill the translated text's placeholders; in Arabic and Persian they are written in the
language's digits and separators (:mod:`svcdesign.i18n.numbers`): ``{level:.1%}`` gives ``۸۵٫۳٪`` in Persian.
English output is exactly the English text filled by :meth:`str.format`.
"""

from __future__ import annotations

import numbers
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType, SimpleNamespace
from typing import Any

from ..errors import InputError
from ..i18n import DEFAULT, Translator, check_language
from ..i18n.numbers import local_digits, number, percent


def tr(text: str) -> str:
    """Mark ``text`` (a literal English string) for translation and return it unchanged: it is translated
    when shown (:func:`fill`), in the learner's language."""
    return text


@dataclass(frozen=True)
class Text:
    """Marked English text and the values of its own placeholders (a feedback computed for one answer)."""

    text: str
    values: Mapping[str, Any] = field(default_factory=dict)


_FIXED = re.compile(r"^(\+?)(,?)\.(\d+)([f%])$")
"""Format specs written in a language's own way: ``.1f``, ``,.0f``, ``.0%``, ``+.2f`` (a change, signed)."""


class _LocalFormatter(string.Formatter):
    """:meth:`str.format` whose numbers are written in ``language``'s digits and separators."""

    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        fixed = _FIXED.match(format_spec)
        if fixed and isinstance(value, numbers.Real) and not isinstance(value, bool):
            decimals, real = int(fixed.group(3)), float(value)
            if fixed.group(4) == "%":
                text = percent(real, self.language, decimals)
            else:
                text = number(real, self.language, decimals)
            return "+" + text if fixed.group(1) and real >= 0 else text
        return local_digits(super().format_field(value, format_spec), self.language)


def fill(text: str, values: Mapping[str, Any], language: str = DEFAULT) -> str:
    """``text`` (marked English) in ``language``, its placeholders filled from ``values``."""
    if check_language(language) == DEFAULT:
        return text.format(**values)
    return _LocalFormatter(language).vformat(Translator(language)(text), (), values)


def say(text: str, language: str = DEFAULT) -> str:
    """``text`` (marked English, no placeholders) in ``language``."""
    return Translator(language)(text)


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
