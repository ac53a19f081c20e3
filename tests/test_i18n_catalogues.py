"""The catalogues are complete: every string marked for translation (``tr("…")`` anywhere in the package,
found by Babel's own extractor) has an Arabic and a Persian translation with the same placeholders, every text
with a count (``ntr("…", "…")``) a form for each of the language's CLDR plural categories, and no string has two
translations in one language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from svcdesign.errors import InputError
from svcdesign.i18n import (
    LANGUAGES,
    LOCALE,
    RIGHT_TO_LEFT,
    Translator,
    catalogue,
    check_language,
    direction,
    plural_categories,
    plurals,
)

PACKAGE = Path(__file__).resolve().parent.parent / "svcdesign"
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?:[:!][^}]*)?\}")


def marked() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Every marked string in the package → where it is (file:line); every marked text with a count (its English
    singular and plural) → where it is."""
    out: dict[str, str] = {}
    counted: dict[tuple[str, str], str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords={"tr": None, "ntr": (1, 2)}
    ):
        if isinstance(message, str):
            out.setdefault(message, f"{filename}:{line}")
        elif isinstance(message, tuple) and len(message) == 2 and all(isinstance(m, str) for m in message):
            counted.setdefault((message[0], message[1]), f"{filename}:{line}")
    return out, counted


MARKED, COUNTED = marked()


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_marked_string_is_translated_with_the_same_placeholders(language):
    table = catalogue(language)
    missing = [f"{where}: {text!r}" for text, where in MARKED.items() if text not in table]
    assert not missing, f"{len(missing)} strings lack a {language} translation:\n" + "\n".join(missing[:40])
    differ = [
        f"{MARKED[text]}: {text!r} → {table[text]!r}"
        for text in MARKED
        if placeholders(text) != placeholders(table[text])
    ]
    assert not differ, "placeholders differ:\n" + "\n".join(differ[:40])


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_text_with_a_count_has_a_form_for_each_plural_category(language):
    """A form per CLDR category (Arabic six, Persian two); each form's placeholders among the English ones, and
    the ``other`` form (many of each) naming them all — the forms for one or two may say the count in words."""
    table, categories = plurals(language), plural_categories(language)
    assert COUNTED, "no text with a count is marked"
    missing = [f"{where}: {texts!r}" for texts, where in COUNTED.items() if texts not in table]
    assert not missing, f"{len(missing)} texts with a count lack a {language} translation:\n" + "\n".join(missing)
    wrong = []
    for texts, where in COUNTED.items():
        forms, english = table[texts], placeholders(texts[1])
        if len(forms) != len(categories):
            wrong.append(f"{where}: {len(forms)} forms, {language} has {len(categories)} ({categories})")
        elif placeholders(forms[-1]) != english or any(not placeholders(f) <= english for f in forms):
            wrong.append(f"{where}: {texts!r} → {forms!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_no_string_has_two_translations(language):
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in sorted((LOCALE / language).glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if not message.id or not message.string:
                    continue
                before = seen.get(message.id)
                if before is not None and before[1] != message.string:
                    clashes.append(f"{message.id!r}: {before[0]} and {path.name} differ")
                seen[message.id] = (path.name, message.string)
    assert not clashes, "\n".join(clashes)


def test_the_translator_falls_back_to_english_and_fills_placeholders():
    assert Translator("en")("{n} agents", n=3) == "3 agents"
    assert direction("en") == "ltr" and {direction(lang) for lang in RIGHT_TO_LEFT} == {"rtl"}
    with pytest.raises(InputError, match="language"):
        check_language("de")


def _stem(text: str, language: str) -> str:
    """A rendering without the Arabic article on its words (Arabic drops it in an indefinite phrase)."""
    return " ".join(re.sub("^ال", "", w) for w in text.split()) if language == "ar" else text


INFLECTED = {"العميل": ("العملاء",), "مهارة": ("مهارات",)}
"""Arabic broken plurals of glossary terms (customer → customers, skill → skills): the same word inflected."""


def _joined(text: str | tuple[str, ...]) -> str:
    """A catalogue entry's text; a plural entry's forms joined by a space."""
    return text if isinstance(text, str) else " ".join(text)


def _says(term: str, english: str) -> bool:
    """``english`` names ``term`` (a placeholder such as ``{channel}`` is a value, not the term)."""
    return bool(re.search(rf"\b{re.escape(term)}\b", re.sub(r"\{\w+\}", "", english), re.IGNORECASE))


@pytest.mark.parametrize(
    "language, area", [(lang, p.stem) for lang in ("ar", "fa") for p in sorted((LOCALE / lang).glob("*.po"))]
)
def test_every_catalogue_uses_the_glossary_rendering_of_each_term(language, area):
    """Every catalogue (report, dashboard, each lesson's, messages…) writes each model term as the glossary
    does: one rendering per term across the product. Where a longer term of the glossary holds it ("customer
    service representative"), the longer term's rendering applies."""
    from svcdesign.i18n import glossary

    with (LOCALE / language / f"{area}.po").open("rb") as handle:
        table = {  # a plural entry: its English forms → its forms in the language, each joined
            _joined(m.id): _joined(m.string)
            for m in read_po(handle, locale=language)
            if m.id and m.string and not m.fuzzy
        }
    terms, differ = glossary(), []
    for row in terms.itertuples():
        rendering = getattr(row, language)
        forms = [_stem(f, language) for f in (rendering, *INFLECTED.get(rendering, ()))]
        longer = [t for t in terms["en"] if t != row.en and row.en in t]
        for english, text in table.items():
            term = _says(row.en, english) and not any(_says(t, english) for t in longer)
            if term and not any(form in _stem(text, language) for form in forms):
                differ.append(f"{row.en!r} → {rendering!r} not in {text!r}")
    assert table
    assert not differ, "\n".join(differ)
