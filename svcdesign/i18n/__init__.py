"""The languages a user reads svcdesign in: English, Arabic and Persian.

Every string a user reads is written in English in the source, marked with a :class:`Translator`
(``tr("Service level")``, placeholders in braces: ``tr("{n} agents", n=3)``), and looked up in the
language's gettext catalogues (``svcdesign/i18n/locale/<language>/<area>.po``, read with Babel). English
is the source language: its text is the marked string itself. Each area of the product keeps its own
catalogue file (the report, the dashboard, the course …); a language's catalogues are merged when read,
so one string has one translation wherever it appears (tests/test_i18n_catalogues.py checks that every
marked string is translated in every language, with the same placeholders, and that no string has two).

A text with a count has a form for each of the language's plural categories (CLDR: English and Persian two,
Arabic six — zero, one, two, few, many, other): ``tr.ntr("{n} hour", "{n} hours", count, n=...)``, kept in the
catalogues as gettext ``msgid_plural`` entries.

Numbers, percentages and money are formatted by :mod:`.numbers` (Babel's locale data: separators, signs,
the percent and currency patterns, then the language's own digits); Arabic and Persian read right to left
(:func:`direction`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import InputError

LANGUAGES: tuple[str, ...] = ("en", "ar", "fa")
"""The languages svcdesign speaks (ISO 639-1 codes): English (the source), Arabic and Persian."""
NAMES: Mapping[str, str] = {"en": "English", "ar": "العربية", "fa": "فارسی"}
"""Each language's name in itself (what a language picker shows)."""
RIGHT_TO_LEFT = frozenset({"ar", "fa"})
"""Languages written right to left."""
DEFAULT = "en"
"""The source language: marked strings are written in it."""
LOCALE = Path(__file__).resolve().parent / "locale"
"""The catalogues: ``LOCALE/<language>/<area>.po`` (shipped inside the package)."""


def check_language(language: Any, field: str = "language") -> str:
    """``language`` if it is one of :data:`LANGUAGES`, else an :class:`~svcdesign.errors.InputError` on ``field``."""
    if not isinstance(language, str) or language not in LANGUAGES:
        raise InputError(field, language, f"one of {', '.join(LANGUAGES)} (English, Arabic, Persian)")
    return language


def direction(language: str) -> str:
    """``"rtl"`` for a language written right to left, else ``"ltr"`` (the HTML ``dir`` attribute)."""
    return "rtl" if check_language(language) in RIGHT_TO_LEFT else "ltr"


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """All translations of ``language`` (English text → translated text), merged from its ``.po`` files.

    Empty for English. An entry without a translation (``msgstr ""``) or marked fuzzy is left out, so the
    English text shows (and the catalogue test fails). Entries with plural forms are in :func:`plurals`."""
    return {text: forms for text, forms in _read(language).items() if isinstance(forms, str)}


@cache
def plurals(language: str) -> Mapping[tuple[str, str], tuple[str, ...]]:
    """The translations of ``language`` that have plural forms: (English singular, English plural) → the forms,
    one for each of the language's plural categories in :func:`plural_categories` order (gettext's
    ``msgid_plural`` / ``msgstr[i]`` entries). Empty for English."""
    return {text: forms for text, forms in _read(language).items() if isinstance(text, tuple)}


@cache
def _read(language: str) -> dict[Any, Any]:
    check_language(language)
    out: dict[Any, Any] = {}
    if language == DEFAULT:
        return out
    from babel.messages.pofile import read_po  # Babel's catalogue reader (~14 ms) loads only for a translation

    for path in sorted((LOCALE / language).glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if not message.id or message.fuzzy:
                    continue
                if isinstance(message.id, str) and message.string:
                    out[message.id] = str(message.string)
                elif isinstance(message.id, (tuple, list)) and isinstance(message.string, (tuple, list)):
                    forms = [str(form) for form in message.string]
                    if all(forms):  # every form translated, else the English shows
                        out[tuple(message.id)] = tuple(forms)
    return out


def ntr(singular: str, plural: str) -> tuple[str, str]:
    """Mark a text with a count (its English singular and plural, literal strings) for translation, where it is
    defined; returns them for :meth:`Translator.ntr` or :class:`.phrases.Counted`."""
    return singular, plural


CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories, in the order gettext catalogues list a language's forms."""


@cache
def plural_categories(language: str) -> tuple[str, ...]:
    """The plural categories ``language`` distinguishes (CLDR, through Babel), in :data:`CATEGORIES` order:
    English and Persian ``one``, ``other``; Arabic all six."""
    from babel import Locale

    rule = Locale.parse(check_language(language)).plural_form
    return tuple(tag for tag in CATEGORIES if tag in rule.tags or tag == "other")


def plural_category(count: Any, language: str) -> str:
    """CLDR's plural category of ``count`` as it is shown (``"2"``, ``"2.5"``: a number or its text in Western
    digits) in ``language``: Arabic ``zero`` (0), ``one`` (1), ``two`` (2), ``few`` (3–10, 103…), ``many``
    (11–99, 111…), ``other`` (100, 2.5…)."""
    from decimal import Decimal, InvalidOperation

    from babel import Locale

    try:
        shown = Decimal(str(count))
    except InvalidOperation:
        raise InputError("count", count, "a number (as shown, in Western digits)") from None
    if not shown.is_finite():
        raise InputError("count", count, "a finite number")
    return str(Locale.parse(check_language(language)).plural_form(abs(shown)))


class Translator:
    """The text of one language: ``tr("Service level")`` or, with placeholders, ``tr("{n} agents", n=3)``.

    Placeholders are filled after translation with :meth:`str.format`, so a translation may move them;
    the values are inserted as given (format numbers with :mod:`.numbers` first).
    """

    def __init__(self, language: str = DEFAULT) -> None:
        self.language = check_language(language)
        self.direction = direction(language)
        self._table = catalogue(language)

    def __call__(self, text: str, /, **values: Any) -> str:
        out = self._table.get(text, text)
        return out.format(**values) if values else out

    def ntr(self, singular: str, plural: str, count: Any, /, **values: Any) -> str:
        """The form of a text with a count that agrees with ``count``: ``tr.ntr("{n} hour", "{n} hours", 4, n="٤")``.

        ``count`` is the number as shown (a number, or its text in Western digits: ``"2.5"``), which decides the
        plural category (:func:`plural_category`); the placeholders, the count's own included, are filled from
        ``values`` (format the count with :mod:`.numbers` first). English: ``singular`` for one (1, not 1.0),
        else ``plural``; a language without this entry in its catalogues shows the English."""
        category = plural_category(count, self.language)
        forms = plurals(self.language).get((singular, plural))
        if forms is None:
            out = singular if plural_category(count, DEFAULT) == "one" else plural
        else:
            out = forms[min(plural_categories(self.language).index(category), len(forms) - 1)]
        return out.format(**values) if values else out

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"


def glossary(language: str | None = None) -> Any:
    """The model's terms in English, Arabic and Persian (:func:`.terms.glossary`; loaded on first use, so
    ``import svcdesign`` does not load pandas)."""
    from .terms import glossary as read

    return read() if language is None else read(language)
