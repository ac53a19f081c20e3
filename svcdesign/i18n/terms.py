"""The model's terms in English, Arabic and Persian: one rendering each, wherever svcdesign shows them.

``glossary.csv`` (shipped with the package) holds about thirty terms — service level, abandonment, occupancy,
Erlang, full-time equivalent, the roles of source document 000, the ideas of source document 002's questions —
each with its Arabic and Persian rendering, where that rendering comes from (the source document's own word,
a standard term of the trade, or ours) and a one-sentence definition in each language. The translations of
every area (the course, the dashboard, the report) use these renderings; tests/test_course_languages.py checks
the course's catalogues against them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from . import DEFAULT, LANGUAGES, Translator, check_language

FILE = Path(__file__).resolve().parent / "glossary.csv"
"""The glossary: one row a term, indexed by ``term`` (a short English key)."""
ORIGINS = ("document 000", "document 002", "document 004", "standard", "ours")
"""Where a rendering comes from: a source document's own word (000 roles, 002 the NVQ unit, in Arabic; 004
the fifteen skills, in Persian), a standard term of customer-service and call-centre work, or ours."""
COLUMNS = ("en", "ar", "ar_origin", "fa", "fa_origin", "en_definition", "ar_definition", "fa_definition")
"""The glossary's columns after ``term``."""


@cache
def _read() -> pd.DataFrame:
    table = pd.read_csv(FILE, dtype=str, keep_default_na=False, encoding="utf-8").set_index("term")
    if tuple(table.columns) != COLUMNS:
        raise ValueError(f"{FILE.name}: columns {list(table.columns)}, expected {['term', *COLUMNS]}")
    return table


def glossary(language: str | None = None) -> pd.DataFrame:
    """The model's terms: all languages (``language=None``), or as a reader of ``language`` sees them.

    Parameters
    ----------
    language:
        ``None`` for the whole table (columns :data:`COLUMNS`, index ``term``); ``"en"``, ``"ar"`` or ``"fa"``
        for that language's term and definition, with headings in it, and for Arabic and Persian the English
        term and where the rendering comes from (:data:`ORIGINS`, in words).

    Returns
    -------
    pandas.DataFrame
        One row a term, in the file's order.
    """
    table = _read()
    if language is None:
        return table.copy()
    lang = check_language(language)
    tr = Translator(lang)
    if lang == DEFAULT:
        return pd.DataFrame({tr("Term"): table["en"], tr("Definition"): table["en_definition"]})
    origins = {
        "document 000": tr("the word of source document 000"),
        "document 002": tr("the word of source document 002"),
        "document 004": tr("the word of source document 004"),
        "standard": tr("a standard term"),
        "ours": tr("our rendering"),
    }
    return pd.DataFrame(
        {
            tr("Term"): table[lang],
            tr("Definition"): table[f"{lang}_definition"],
            tr("English"): table["en"],
            tr("Where the term comes from"): table[f"{lang}_origin"].map(origins),
        }
    )


__all__ = ["COLUMNS", "FILE", "LANGUAGES", "ORIGINS", "glossary"]
