"""The report in Arabic and Persian: right to left, its fixed words from the catalogue, local digits in its
tables, and user text still escaped. The English report is covered, unchanged, by test_present_views.py."""

from __future__ import annotations

import html
import importlib
import json
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


@pytest.fixture(scope="module")
def bank_pages(tmp_path_factory):
    """The bank example (a chain of four stages, customer models, a Friday peak) with one more agent."""
    bank = load_example("bank")
    more = bank.with_staff_change({bank.stage_names[0]: 1}, name="one more agent")
    out = {}
    for language in ("ar", "fa"):
        path = tmp_path_factory.mktemp(f"bank-{language}") / "report.html"
        out[language] = (bank, [more], report(bank, path, options=[more], progress=False, language=language))
    return {k: (s, o, p.read_text("utf-8")) for k, (s, o, p) in out.items()}


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


# ------------------------------------------------------------------ no English left, page and figures
FIGURE_KEYS = {"text", "name", "hovertemplate", "hovertext", "ticktext", "label", "customdata"}
"""Keys of a plotly figure's data and layout whose strings a reader sees (titles are ``{"text": …}``)."""


def _figure_strings(page: str) -> list[str]:
    """Every string a reader sees in the page's plotly figures (decoded from their ``Plotly.newPlot`` calls)."""
    decoder, out = json.JSONDecoder(), []
    calls = list(re.finditer(r"Plotly\.newPlot\(\s*", page))
    for call in calls:
        _, pos = decoder.raw_decode(page, call.end())  # the figure's element id
        for _ in ("data", "layout"):
            pos = re.compile(r"\s*,\s*").match(page, pos).end()
            value, pos = decoder.raw_decode(page, pos)
            out += list(_walk(value, None))
    return out


def _walk(value, key):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, key)
    elif isinstance(value, str) and key in FIGURE_KEYS:
        yield value


def _user_words(scenario, options) -> list[str]:
    """The user's own words in a report: names of the scenario, its options, stages, segments, channels,
    peaks and desk, its currency code, notes and sources."""
    desk = scenario.service_desk
    words = [scenario.name, *(o.name for o in options), *scenario.stage_names, *(s.name for s in scenario.segments)]
    words += [c.name for c in scenario.demand.channels or []] + [p.name for p in scenario.demand.peaks or []]
    words += [] if desk is None else [*(t.name for t in desk.contact_types), *(g.name for g in desk.groups)]
    words += [scenario.organisation.currency, scenario.notes or "", *scenario.sources, "svcdesign"]
    return sorted({w for w in words if w}, key=len, reverse=True)


def _english_left(page: str, user: list[str]) -> list[str]:
    """Runs of English words in what a reader sees (text and figures), the user's own words and the text
    marked as English (``lang='en'``: the engines' notes) left out, and the assumptions' sources (the last
    cell of their rows: the table's data, in English)."""
    body = re.sub(
        r"<script\b.*?</script>|<style\b.*?</style>|<span lang='en' dir='ltr'>.*?</span>", " ", page, flags=re.S
    )
    body = re.sub(r"<td class='words'>[^<]*</td></tr>", "</tr>", body)
    figures = [re.sub(r"%\{[^}]*\}|<[^>]+>", " ", text) for text in _figure_strings(page)]
    left: set[str] = set()
    for text in [*re.split(r"<[^>]+>", body), *figures]:
        text = re.sub(r"\s+", " ", html.unescape(text))
        for word in user:
            text = text.replace(word, " ")
        left.update(re.findall(r"[A-Za-z]{2,}(?:[' -]+[A-Za-z]{2,})*", text))
    return sorted(left)


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_no_english_left_but_the_users_words_and_the_engines_notes(pages, bank_pages, language):
    """Every fixed word of the page and of its figures (titles, axes, lanes, nodes, hover text) is in the
    language: a check that fails on any English word the report writes itself, marked or not."""
    desk = load_example("omnichannel_phone_chat_email").with_overrides({}, name="Desk <b>bold</b>")
    fewer = desk.with_staff_change({"phone agents": -2}, name="two fewer <i>agents</i>")
    assert _english_left(pages[language], _user_words(desk, [fewer])) == []
    bank, options, page = bank_pages[language]
    assert len(_figure_strings(page)) > 100  # the four figures were read: service level, flows, blueprint, journey
    assert _english_left(page, _user_words(bank, options)) == []
    # the option in words: who changed, by how many full-time equivalents, in the language's digits
    described = re.search(r"<ul class='options'>.*?</ul></li></ul>", page, flags=re.S)
    assert described and re.search(rf"[{DIGITS[language]}]", described.group(0))
    assert not re.search(r"[0-9]", re.sub(r"<[^>]+>|one more agent", "", described.group(0)))


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_engines_notes_and_the_desk_methods_are_in_the_language(pages, language):
    """The engines mark their warnings and the desk's method labels for translation: the page shows them in its
    language, with nothing left in English and no note saying some is."""
    page, table = pages[language], catalogue(language)
    assert not re.search(r"<span lang='en' dir='ltr'>[^<]*(approximate|exact)", page)
    assert html.escape(table["approximate: independent groups, pooled Erlang A waits"], quote=False) in page
    notes = table[
        "The calculation engines' technical notes (under “Points to check”, and the names of the queueing "
        "methods above) are written in English: the engines write them as they compute, and they are not "
        "translated yet."
    ]
    assert html.escape(notes, quote=False) not in page


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_desk_settings_in_words_in_the_language(language):
    """Each desk setting an option may change (test_review_desk.py has them in English), in the language:
    the groups' and types' names as the user wrote them, every other word and digit the language's."""
    from svcdesign.explore import review as review_module
    from svcdesign.formulas.customers.params import customer_table

    desk = load_example("omnichannel_phone_chat_email")
    variant = desk.with_overrides(
        {
            ("service_desk", "groups", 1, "concurrency", "slowdown"): [1.0, 1.3],
            ("service_desk", "groups", 1, "skills", 0, "handle_time_multiplier"): 1.3,
            ("service_desk", "groups", 2, "blending", "idle_above"): 1,
            ("service_desk", "contact_types", 0, "callback", "offer_above"): 180,
            ("service_desk", "contact_types", 1, "router", "overflow_after"): [20],
            ("service_desk", "contact_types", 2, "share"): 0.5,
            ("service_desk", "contact_types", 3, "share"): 0.5,
            ("demand", "scale"): 1.1,
            ("targets", "service_level"): 0.9,
        }
    ).with_staff_change({"phone agents": -2})
    say = review_module.Wording(language)
    text = review_module._describe(desk, variant, customer_table(desk, None), "USD", say)
    assert len(text) == 10, text
    names = _user_words(desk, [])
    left = _english_left("<p>" + html.escape("\n".join(text)) + "</p>", names)
    assert left == [], left
    joined = "\n".join(text)
    assert not re.search(r"[0-9]", joined.replace("USD", "")) and re.search(rf"[{DIGITS[language]}]", joined)
    assert "←" in joined and "→" not in joined  # a change reads right to left: before ← after


def test_the_calibration_section_in_persian(tmp_path):
    """A contact log's calibration put in the report: its words and digits Persian, its staffing method, the
    reasons rows were left out and the calibration's warnings too (none is left in English)."""
    from svcdesign.data import calibrate, read_contact_log
    from svcdesign.datasets import example_contact_log_path

    calibration = calibrate(read_contact_log(example_contact_log_path()), 15)
    front = calibration.scenario
    page = report(
        front, tmp_path / "r.html", extra={"Calibration": calibration.report}, customers=False, language="fa"
    ).read_text("utf-8")
    section = re.search(r"<section id='extra-1'.*?</section>", page, flags=re.S)
    assert section, "the calibration section"
    user = [*_user_words(front, []), "Calibration", "contact_log_example.csv"]
    assert _english_left(section.group(0), user) == []
    assert "<span lang='en'" not in section.group(0)
    assert not re.search(
        r"[0-9]", re.sub(r"<span lang='en'.*?</span>|<[^>]+>|contact_log_example\.csv", "", section.group(0))
    )


@pytest.mark.parametrize("example", ["council_adult_social_care", "telecom_shop_and_phone"])
def test_the_other_examples_leave_no_english_either(example, tmp_path):
    """A public service (the cost of failure, assumptions the scenario sets) and a chain with peak weeks,
    in Arabic: the page and its figures in the language but for the user's words."""
    scenario = load_example(example)
    options = [
        scenario.with_staff_change({scenario.stage_names[0]: 1}, name="one more"),
        scenario.with_overrides({"demand.scale": 0.9}, name="less demand"),
    ]
    page = report(scenario, tmp_path / "r.html", options=options, progress=False, language="ar").read_text("utf-8")
    assert _english_left(page, _user_words(scenario, options)) == []


def test_the_report_is_dated_in_the_readers_calendar(pages, tmp_path):
    """Persian: today in the Solar Hijri calendar (jdatetime's own month name and year) with the Gregorian day
    beside it; Arabic: the Gregorian day with its Hijri equivalent (hijridate); a chosen calendar comes first."""
    import datetime as dt

    import jdatetime
    from hijridate import Gregorian

    from svcdesign.i18n.numbers import local_digits

    today = dt.date.today()
    persian = jdatetime.date.fromgregorian(date=today)
    solar = local_digits(f"{persian.day} {jdatetime.date.j_months_fa[persian.month - 1]} {persian.year}", "fa")
    hijri = Gregorian(today.year, today.month, today.day).to_hijri()
    lunar = local_digits(f"{hijri.day} {hijri.month_name('ar')} {hijri.year}", "ar")
    assert re.search(rf"{solar} \(.*{local_digits(str(today.year), 'fa')}\)", pages["fa"])
    assert f"({lunar})" in pages["ar"]
    desk = load_example("omnichannel_phone_chat_email")
    chosen = report(desk, tmp_path / "r.html", progress=False, customers=False, language="ar", calendar="solar_hijri")
    assert local_digits(f"{persian.day} {jdatetime.date.j_months_fa[persian.month - 1]}", "ar") in chosen.read_text(
        "utf-8"
    )
    with pytest.raises(InputError, match="calendar"):
        report(desk, tmp_path / "x.html", progress=False, language="fa", calendar="julian")
