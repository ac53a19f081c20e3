"""The catalogues are complete: every string marked for translation (``tr("…")`` anywhere in the package,
found by Babel's own extractor) has an Arabic and a Persian translation with the same placeholders, and no
string has two translations in one language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from svcdesign.errors import InputError
from svcdesign.i18n import LANGUAGES, LOCALE, RIGHT_TO_LEFT, Translator, catalogue, check_language, direction

PACKAGE = Path(__file__).resolve().parent.parent / "svcdesign"
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?:[:!][^}]*)?\}")


def marked() -> dict[str, str]:
    """Every marked string in the package → where it is (file:line)."""
    out: dict[str, str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords={"tr": None}
    ):
        if isinstance(message, str):
            out.setdefault(message, f"{filename}:{line}")
    return out


MARKED = marked()


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
