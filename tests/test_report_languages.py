"""The report in Arabic and Persian: right to left, its fixed words from the catalogue, local digits in its
tables, and user text still escaped. The English report is covered, unchanged, by test_present_views.py."""

from __future__ import annotations

import html
import importlib
import re

import pytest
from babel.messages.extract import extract_from_file

import svcdesign as sd
from svcdesign.errors import InputError
from svcdesign.i18n import catalogue
from svcdesign.i18n.numbers import DIGITS
from svcdesign.model.examples import load_example
from svcdesign.present import report

REPORT_PY = importlib.import_module("svcdesign.present.report").__file__


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    desk = load_example("omnichannel_phone_chat_email").with_overrides({}, name="Desk <b>bold</b>")
    fewer = desk.with_staff_change({"phone agents": -2}, name="two fewer <i>agents</i>")
    out = {}
    for language in ("ar", "fa"):
        path = tmp_path_factory.mktemp(language) / "report.html"
        out[language] = report(desk, path, options=[fewer], progress=False, language=language).read_text("utf-8")
    return out


def _marked_fixed_words() -> set[str]:
    """Marked strings of report.py without placeholders: the page's fixed words."""
    found = {m for _, m, _, _ in extract_from_file("python", REPORT_PY, keywords={"tr": None})}
    return {m for m in found if isinstance(m, str) and "{" not in m and len(m) > 3 and "<" not in m}


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_page_reads_right_to_left_in_its_language(pages, language):
    page = pages[language]
    assert re.search(rf"<html lang='{language}' dir='rtl'>", page)
    assert "DejaVu Sans" in page  # a font with Arabic script, ✓ and ✗, no emoji font needed


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_no_marked_english_left_in_the_fixed_text(pages, language):
    page = re.sub(r"<script\b.*?</script>", "", pages[language], flags=re.S)
    # the scenario's own notes and sources are the user's text, shown as written: left out
    page = re.sub(r"<p class='note'>.*?</p>|<h3 id='sources'>.*?</ul>", "", page, flags=re.S)
    # the assumptions' sources (the last cell of their rows) are the table's data, in English: left out
    page = html.unescape(re.sub(r"<td class='words'>[^<]*</td></tr>", "</tr>", page))
    table = catalogue(language)
    words = _marked_fixed_words()
    assert len(words) > 60
    shown = [w for w in words if re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", page) and table[w] != w]
    assert shown == [], shown
    for heading in ("Findings", "Figures", "Appendix: method and assumptions"):
        assert table[heading] in page


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_tables_write_the_languages_digits(pages, language):
    page = pages[language]
    cells = re.findall(r"<td>([^<]*)</td>", page)
    numeric = [c for c in cells if re.search(rf"[{DIGITS[language]}0-9]", c)]
    assert len(numeric) > 20
    assert not [c for c in numeric if re.search(r"[0-9]", c)], [c for c in numeric if re.search(r"[0-9]", c)][:5]


def test_user_text_stays_escaped(pages):
    for page in pages.values():
        assert "<b>bold</b>" not in page and "<i>agents</i>" not in page
        assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_the_language_is_a_scenario_setting_saved_and_checked(tmp_path):
    desk = load_example("omnichannel_phone_chat_email")
    assert desk.language == "en"
    persian = sd.Scenario.from_dict({**desk.to_dict(), "language": "fa"})
    path = persian.save(tmp_path / "fa.yaml")
    assert sd.Scenario.load(path).language == "fa"
    with pytest.raises(InputError, match="language"):
        sd.Scenario.from_dict({**desk.to_dict(), "language": "de"})
    with pytest.raises(InputError, match="language"):
        report(desk, tmp_path / "x.html", language="de", progress=False)
