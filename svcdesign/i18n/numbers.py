"""Numbers, percentages and money in a language's own way: Babel's locale data, then its digits.

Babel (CLDR) gives each locale its separators, signs and patterns but writes Western digits; Arabic and
Persian readers expect their own: Arabic-Indic (٠١٢٣٤٥٦٧٨٩, CLDR numbering system ``arab``) and extended
Arabic-Indic (۰۱۲۳۴۵۶۷۸۹, ``arabext``, Persian). :data:`DIGITS` says which each language writes; the
separators are those of the same numbering system (Arabic ٫ and ٬ with Arabic-Indic digits).
"""

from __future__ import annotations

import copy
import math
from functools import cache

from babel import Locale
from babel.numbers import NumberPattern

from ..errors import InputError
from . import Translator, check_language, ntr

LOCALES = {"en": "en", "ar": "ar_EG", "fa": "fa_IR"}
"""The CLDR locale each language is formatted with (Arabic: Egypt's conventions, which write Arabic-Indic
digits; Persian: Iran's)."""
NUMBERING = {"en": "latn", "ar": "arab", "fa": "arabext"}
"""The CLDR numbering system each language writes."""
DIGITS = {"en": "0123456789", "ar": "٠١٢٣٤٥٦٧٨٩", "fa": "۰۱۲۳۴۵۶۷۸۹"}
"""The ten digits each language writes."""
_TO_LOCAL = {lang: str.maketrans("0123456789", digits) for lang, digits in DIGITS.items()}


def local_digits(text: str, language: str) -> str:
    """``text`` with its Western digits written in ``language``'s digits."""
    return text.translate(_TO_LOCAL[check_language(language)])


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(LOCALES[check_language(language)])


def minus_sign(language: str) -> str:
    """The minus sign ``language`` writes before a negative number: CLDR's ``minusSign`` of its numbering system.

    English ``-``; Arabic (``arab``) the Arabic letter mark U+061C then ``-``; Persian (``arabext``) a left-to-right
    mark U+200E then the minus sign U+2212. The marks fix where the sign is drawn inside right-to-left text, whatever
    stands around the number (Unicode bidirectional algorithm, UAX #9): after the left-to-right mark, Persian digits
    and their sign form a left-to-right run (rule W7), drawn ``−۱۲`` with the sign at the number's left as in a
    formula; the Arabic letter mark keeps the sign in the right-to-left run, at the number's right, where an Arabic
    reader begins (tests/test_i18n_messages.py measures both in Chromium).
    """
    lang = check_language(language)
    return str(_locale(lang).number_symbols[NUMBERING[lang]].get("minusSign", "-"))


def _pattern(language: str, kind: str, decimals: int) -> NumberPattern:
    """The locale's standard ``kind`` pattern (decimal, percent, currency) with exactly ``decimals`` decimals."""
    loc = _locale(language)
    formats = {"decimal": loc.decimal_formats, "percent": loc.percent_formats, "currency": loc.currency_formats}
    pattern = copy.copy(formats[kind][None if kind != "currency" else "standard"])
    pattern.frac_prec = (decimals, decimals)
    return pattern


def _apply(value: float, language: str, kind: str, decimals: int, **options) -> str:
    lang = check_language(language)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 12:
        raise InputError("decimals", decimals, "a whole number of decimals from 0 to 12")
    system = NUMBERING[lang]
    text = _pattern(lang, kind, decimals).apply(value, _locale(lang), numbering_system=system, **options)
    if kind == "percent":  # Babel keeps the pattern's ASCII sign; CLDR gives each numbering system its own
        text = text.replace("%", _locale(lang).number_symbols[system].get("percentSign", "%"))
    if (
        math.copysign(1.0, value) < 0
    ):  # … and its ASCII minus, which CLDR writes with a direction mark in Arabic and Persian
        text = text.replace("-", minus_sign(lang), 1)
    return local_digits(text, lang)


def number(value: float, language: str, decimals: int = 0) -> str:
    """``value`` with ``decimals`` decimals, grouped, in ``language``'s separators and digits."""
    return _apply(value, language, "decimal", decimals)


def percent(share: float, language: str, decimals: int = 0) -> str:
    """A share (0.153) as a percentage ("15%", "١٥٪", "۱۵٪") in ``language``'s way."""
    return _apply(share, language, "percent", decimals)


def money(value: float, currency: str, language: str, decimals: int = 0) -> str:
    """An amount of ``currency`` (ISO 4217 code) in ``language``'s pattern, separators and digits."""
    return _apply(value, language, "currency", decimals, currency=currency, currency_digits=False)


UNITS = {
    "hours": ntr("{n} hour", "{n} hours"),
    "minutes": ntr("{n} minute", "{n} minutes"),
    "seconds": ntr("{n} second", "{n} seconds"),
    "days": ntr("{n} day", "{n} days"),
    "weeks": ntr("{n} week", "{n} weeks"),
    "agents": ntr("{n} agent", "{n} agents"),
    "people": ntr("{n} person", "{n} people"),
    "calls": ntr("{n} call", "{n} calls"),
    "contacts": ntr("{n} contact", "{n} contacts"),
}
"""The units :func:`quantity` counts, each as its English singular and plural (marked: each language's catalogue
gives a form for each of its plural categories)."""


def quantity(value: float, unit: str, language: str, decimals: int = 0) -> str:
    """``value`` ``unit`` in ``language``, the unit in the form that agrees with the count as shown.

    Parameters
    ----------
    value:
        The count (hours, agents …).
    unit:
        A key of :data:`UNITS`.
    language:
        ``en``, ``ar`` or ``fa``.
    decimals:
        Decimals shown; the plural form is the one of the number shown (CLDR: ``1`` hour, ``1.0`` hours).

    Returns
    -------
    str
        ``"4 hours"``, ``"٤ ساعات"`` (Arabic: 3 to 10 take the plural), ``"١١ ساعة"`` (11 to 99 the singular),
        ``"ساعتان"`` (two: the dual), ``"۴ ساعت"`` (Persian: the singular after every number).
    """
    if unit not in UNITS:
        raise InputError("unit", unit, f"one of {', '.join(UNITS)}")
    text = number(value, language, decimals)
    shown = f"{abs(float(value)):.{decimals}f}"  # the count as shown decides the form (its sign does not)
    return Translator(language).ntr(*UNITS[unit], shown, n=text)
