"""English text that keeps what it was made of, so that it can be shown in a reader's language later.

A message made where the reader's language is not known (an error raised deep in the model, a learner's answer
refused by its kind) is a :class:`Phrase`: a ``str`` holding the English text, as before, that also keeps its
marked template (``tr("a number {relation} {bound}")``, found by Babel's extractor) and its values. Where the message is
shown, :meth:`Phrase.in_language` writes it in the reader's language from the catalogues. A value is shown by its
kind: a :class:`Phrase` in the same language, a :class:`Figure` in the language's digits and signs, a :class:`Word`
(a unit, a name the catalogues may know) as they translate it, and anything else as it is (what a user typed, a
file's path, a field's code name, Python code).
"""

from __future__ import annotations

import re
from typing import Any, Self

from ..errors import FileError, InputError, shown
from . import DEFAULT, Translator, ntr


def tr(text: str) -> str:
    """Mark ``text`` (a literal English string) for translation and return it unchanged (it is translated when
    shown, :meth:`Phrase.in_language`)."""
    return text


class Phrase(str):
    """English text filled from a marked template and values; :meth:`in_language` writes it in another language.

    Parameters
    ----------
    template:
        The marked English text (``tr("…")``), placeholders in braces.
    **values:
        The placeholders' values (see the module's documentation for how each kind is shown).
    """

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, /, **values: Any) -> Self:
        self = super().__new__(cls, _fill(template, values, DEFAULT))
        self.template = template
        self.values = values
        return self

    def in_language(self, language: str = DEFAULT) -> str:
        """The text in ``language`` (English: the text itself), its placeholders filled in that language."""
        return _fill(self.template, self.values, language)

    def __reduce__(self) -> Any:  # str subclasses pickle by value; keep the template and values
        return (_rebuild, (self.template, self.values))


def _rebuild(template: str, values: dict[str, Any]) -> Phrase:
    return Phrase(template, **values)


class Counted(Phrase):
    """A :class:`Phrase` with a count, in the form that agrees with it: ``Counted(ntr("{n} hour", "{n} hours"), 4,
    n=Figure("4"))`` (:meth:`svcdesign.i18n.Translator.ntr`: Arabic has six forms)."""

    forms: tuple[str, str]
    amount: Any

    def __new__(cls, forms: tuple[str, str], count: Any, /, **values: Any) -> Self:
        singular, plural = forms
        self = super().__new__(cls, Translator(DEFAULT).ntr(singular, plural, count), **values)
        self.forms, self.amount = (singular, plural), count
        return self

    def in_language(self, language: str = DEFAULT) -> str:
        shown = {name: show(value, language) for name, value in self.values.items()}
        return Translator(language).ntr(*self.forms, self.amount, **shown)

    def __reduce__(self) -> Any:
        return (_rebuild_counted, (self.forms, self.amount, self.values))


def _rebuild_counted(forms: tuple[str, str], count: Any, values: dict[str, Any]) -> Counted:
    return Counted(forms, count, **values)


class Figure(str):
    """A number written with Western digits and ``.`` ``,`` ``-`` ``%`` (``'34.594'``, ``'-2'``), shown in a
    reader's digits, decimal and thousands separators, minus sign and percent sign."""


class Word(str):
    """A word or name that the catalogues may translate (an exercise's unit, ``'hours'``); shown as it is when
    they do not."""


class Digits(str):
    """Text whose Western digits are shown in a reader's digits and nothing else changed (a date ``2026-12-05``,
    a time ``09:00``)."""


class When(str):
    """Periods of a week as :func:`svcdesign.results.flags.period_ranges` writes them (``"Mon 09:00–Mon 12:00, Sat
    08:00, and 3 more periods"``, ``"weeks 3–5"``), shown with the weekdays' names, digits and commas of a
    reader's language."""


DAYS = {
    "Mon": tr("Monday"),
    "Tue": tr("Tuesday"),
    "Wed": tr("Wednesday"),
    "Thu": tr("Thursday"),
    "Fri": tr("Friday"),
    "Sat": tr("Saturday"),
    "Sun": tr("Sunday"),
}
"""The weekdays' names (marked English) by the short English names period labels use (``"Mon"``)."""
_DAY = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|weeks|week)\b")
_MORE = re.compile(r"and (\d+) more periods?")


def _when(text: str, language: str) -> str:
    from .numbers import local_digits

    say = Translator(language)
    words = {**DAYS, "weeks": tr("weeks"), "week": tr("week")}
    parts: list[str] = []
    for part in text.split(", "):
        more = _MORE.fullmatch(part)
        if more:
            n = int(more.group(1))
            parts.append(Counted(ntr("and {n} more period", "and {n} more periods"), n, n=Figure(more.group(1))))
        else:
            parts.append(local_digits(_DAY.sub(lambda m: say(words[m.group(1)]), part), language))
    return show(Listing(parts), language)


class Listing(tuple):
    """Items listed with the language's comma: ``'a', 'b'`` (the Arabic comma ``،`` in Arabic and Persian), or its
    semicolon (``Listing(items, "; ")``: ``؛``); each item shown by its kind."""

    separator: str

    def __new__(cls, items: Any = (), separator: str = ", ") -> Listing:
        self = super().__new__(cls, items)
        self.separator = separator
        return self

    def __reduce__(self) -> Any:
        return (Listing, (tuple(self), self.separator))


_RIGHT_TO_LEFT_SIGNS = str.maketrans(".,%", "\u066b\u066c\u066a")
"""``.`` ``,`` ``%`` → the Arabic decimal separator, thousands separator and percent sign (Arabic and Persian)."""


def show(value: Any, language: str) -> str:
    """``value`` as a reader of ``language`` sees it inside a phrase (by its kind; see the module)."""
    if isinstance(value, Phrase):
        return value.in_language(language)
    if isinstance(value, Listing):
        separator = (
            value.separator if language == DEFAULT else value.separator.replace(",", "\u060c").replace(";", "\u061b")
        )
        return separator.join(show(item, language) for item in value)
    if language == DEFAULT:
        return str(value)
    if isinstance(value, Figure):
        from .numbers import local_digits, minus_sign

        text = value.translate(_RIGHT_TO_LEFT_SIGNS).replace("-", minus_sign(language))
        return local_digits(text, language)
    if isinstance(value, When):
        return _when(value, language)
    if isinstance(value, Digits):
        from .numbers import local_digits

        return local_digits(value, language)
    if isinstance(value, Word):
        return Translator(language)(str(value))
    return str(value)


def _fill(template: str, values: dict[str, Any], language: str) -> str:
    shown = {name: show(value, language) for name, value in values.items()}
    if language == DEFAULT:
        return template.format(**shown) if shown else template
    say = Translator(language)
    return say(template, **shown) if shown else say(template)


def error_phrase(error: Exception) -> str:
    """An error's message as a :class:`Phrase` that can be shown in a reader's language (its English is
    ``str(error)``): an :class:`~svcdesign.errors.InputError`'s frame (field, value, what is allowed; a
    :class:`~svcdesign.errors.FileError`'s file, problem, line and column) with what is allowed and the problem
    translated where they are marked phrases or catalogued texts, field names and values as given. Any other error,
    or a message changed after it was made, is its text as it is."""
    if type(error) not in (InputError, FileError):
        return str(error)  # an error that writes its own message
    assert isinstance(error, InputError)
    allowed = error.allowed if isinstance(error.allowed, Phrase) else Word(error.allowed)
    if isinstance(error, FileError):
        where = Listing(
            part
            for part in (
                Phrase(tr("line {n}"), n=Figure(f"{error.line:,}")) if error.line else None,
                Phrase(tr("column {n}"), n=Figure(f"{error.column:,}")) if error.column else None,
            )
            if part is not None
        )
        template = (
            tr("{path}: {problem} ({where}); expected {allowed}")
            if where
            else tr("{path}: {problem}; expected {allowed}")
        )
        framed = Phrase(template, path=error.path, problem=Word(error.problem), where=where, allowed=allowed)
    else:
        framed = Phrase(
            tr("{where}{field} = {value} is not allowed: expected {allowed}"),
            where=f"{error.source}: " if error.source else "",
            field=error.field,
            value=shown(error.value),
            allowed=allowed,
        )
    return framed if framed == str(error) else str(error)


def error_text(error: Exception, language: str = DEFAULT) -> str:
    """An error's message in ``language`` (:func:`error_phrase`; English: ``str(error)``)."""
    return show(error_phrase(error), language)


__all__ = [
    "DAYS",
    "Counted",
    "Digits",
    "Figure",
    "Listing",
    "Phrase",
    "When",
    "Word",
    "error_phrase",
    "error_text",
    "ntr",
    "show",
    "tr",
]
