"""The languages a user reads svcdesign in: English, Arabic and Persian.

Every string a user reads is written in English in the source, marked with a :class:`Translator`
(``tr("Service level")``, placeholders in braces: ``tr("{n} agents", n=3)``), and looked up in the
language's gettext catalogues (``svcdesign/i18n/locale/<language>/<area>.po``, read with Babel). English
is the source language: its text is the marked string itself. Each area of the product keeps its own
catalogue file (the report, the dashboard, the course …); a language's catalogues are merged when read,
so one string has one translation wherever it appears (tests/test_i18n_catalogues.py checks that every
marked string is translated in every language, with the same placeholders, and that no string has two).

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
    English text shows (and the catalogue test fails)."""
    check_language(language)
    out: dict[str, str] = {}
    if language == DEFAULT:
        return out
    from babel.messages.pofile import read_po  # Babel's catalogue reader (~14 ms) loads only for a translation

    for path in sorted((LOCALE / language).glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and message.string and not message.fuzzy and isinstance(message.id, str):
                    out[message.id] = str(message.string)
    return out


class Translator:
    """The text of one language: ``tr("Service level")`` or, with placeholders, ``tr("{n} agents", n=3)``.

    Placeholders are filled after translation with :meth:`str.format`, so a translation may move them;
    the values are inserted as given (format numbers with :mod:`.numbers` first).
    """

    def __init__(self, language: str = DEFAULT) -> None:
        self.language = check_language(language)
        self.direction = direction(language)
        self._table = catalogue(language)

    def __call__(self, text: str, **values: Any) -> str:
        out = self._table.get(text, text)
        return out.format(**values) if values else out

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"


def glossary(language: str | None = None) -> Any:
    """The model's terms in English, Arabic and Persian (:func:`.terms.glossary`; loaded on first use, so
    ``import svcdesign`` does not load pandas)."""
    from .terms import glossary as read

    return read() if language is None else read(language)
