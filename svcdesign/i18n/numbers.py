"""Numbers, percentages and money in a language's own way: Babel's locale data, then its digits.

Babel (CLDR) gives each locale its separators, signs and patterns but writes Western digits; Arabic and
Persian readers expect their own: Arabic-Indic (٠١٢٣٤٥٦٧٨٩, CLDR numbering system ``arab``) and extended
Arabic-Indic (۰۱۲۳۴۵۶۷۸۹, ``arabext``, Persian). :data:`DIGITS` says which each language writes; the
separators are those of the same numbering system (Arabic ٫ and ٬ with Arabic-Indic digits).
"""

from __future__ import annotations

import copy
from functools import cache

from babel import Locale
from babel.numbers import NumberPattern

from ..errors import InputError
from . import check_language

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
