"""Messages in Arabic and Persian: the course's answers of the wrong kind, the command line's lines and errors, the
engines' warnings, counts with units in each language's plural forms (CLDR), the minus sign CLDR gives each
language and how Chromium draws it, and the font the right-to-left pages are drawn in.

Plural categories are checked against the examples of the CLDR language plural rules chart
(https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html: Arabic zero 0; one 1; two 2;
few 3–10, 103–110; many 11–26, 111–126; other 100–102, 200 and decimals such as 0.5; Persian one 0 and 1, other 2–17;
English one 1, other 0, 2 and 1.0). Property tests draw derandomised examples (tests/conftest.py)."""

from __future__ import annotations

import math
import pickle
import re
import shutil
import subprocess

import pytest
from babel import Locale
from browser_helpers import chromium, needs_chromium
from helpers import one_stage
from hypothesis import given
from hypothesis import strategies as st

from svcdesign import course
from svcdesign.cli import LANGUAGE_VARIABLE, main
from svcdesign.course import AnswerError, Choice, Number, Share, Whole
from svcdesign.engines.analytic import evaluate
from svcdesign.errors import InputError
from svcdesign.explore.review import Wording
from svcdesign.i18n import Translator, plural_categories, plural_category, plurals
from svcdesign.i18n.digits import read_number
from svcdesign.i18n.numbers import LOCALES, NUMBERING, UNITS, minus_sign, number, quantity
from svcdesign.i18n.phrases import Counted, Figure, Phrase, When, ntr, show, tr
from svcdesign.markup import html_text
from svcdesign.present.dashboard_status import status_html

TRANSLATED = ("ar", "fa")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CODE = re.compile(r"`[^`]*`")


OPTIONS = ("svcdesign", "staff", "STAGE", "what", "if", "FILE")
"""Latin words of the command line's own: its name, options and their arguments."""


def english_left(text: str, kept: tuple[str, ...] = ()) -> set[str]:
    """Latin words of ``text`` outside code spans (what a learner types) and apart from ``kept`` (names)."""
    return set(LATIN_WORD.findall(CODE.sub("", text))) - set(kept)


# ------------------------------------------------------------------------------------ answers of the wrong kind
WRONG_KIND = [
    (Number("hours"), "1,000"),  # a comma that could be either
    (Number("hours"), "twelve"),
    (Number(), "1۲3"),  # mixed digit systems
    (Number(), "١۲"),
    (Number(), "12,34,567"),
    (Number(), "1/4"),
    (Number(), "1٫2٫3"),
    (Number(), (0, 1)),  # answer = 0,1 without quotes
    (Number(), [1]),
    (Number(), float("inf")),
    (Whole(), "2.5"),
    (Share(), "150%"),  # a share out of range
    (Share(), "abc"),
    (Choice({"a": "yes", "b": "no"}), "z"),  # an unknown option
]


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize(("kind", "typed"), WRONG_KIND, ids=[repr(t) for _, t in WRONG_KIND])
def test_a_wrong_kind_of_answer_is_refused_in_the_language_naming_the_value_typed(kind, typed, language):
    with pytest.raises(AnswerError) as caught:
        kind.parse(typed)
    error = caught.value
    message = error.in_language(language)
    assert not english_left(message), message
    assert error.phrase.values["typed"] in message  # what was typed, as typed (a code span)
    assert message != str(error) and error.in_language("en") == str(error)


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_lesson_in_the_language_refuses_a_wrong_kind_of_answer_in_it(language):
    exercise = course.lesson("3.1", language=language).EXERCISES[0]
    feedback = exercise.check("twelve")
    assert feedback.status == "invalid"
    assert "'twelve'" in feedback.message and not english_left(feedback.message, ("twelve",)), feedback.message


def test_a_comma_that_could_be_either_shows_both_readings_in_the_language_digits():
    with pytest.raises(AnswerError) as caught:
        Number().parse("1,000")
    persian = caught.value.in_language("fa")
    assert "۱۰۰۰" in persian and "۱٫۰۰۰" in persian  # the two readings, in Persian digits and decimal separator
    assert "`answer = 1000`" in persian and "`answer = 1.000`" in persian  # the code to type stays Python


# ------------------------------------------------------------------------------------------------------ plurals
CLDR_EXAMPLES = {
    "ar": {
        "zero": [0],
        "one": [1],
        "two": [2],
        "few": [3, 7, 10, 103, 110, 1003],
        "many": [11, 26, 99, 111, 126, 1011],
        "other": [100, 101, 102, 200, "0.5", "2.5"],
    },
    "fa": {"one": [0, 1], "other": [2, 3, 17, 100, "1.5"]},
    "en": {"one": [1], "other": [0, 2, 17, "1.0", "0.5"]},
}
"""Counts of each plural category, from the examples of CLDR's language plural rules chart."""


@pytest.mark.parametrize("language", sorted(CLDR_EXAMPLES))
def test_plural_categories_follow_cldr(language):
    assert set(plural_categories(language)) == set(CLDR_EXAMPLES[language])
    for category, counts in CLDR_EXAMPLES[language].items():
        for count in counts:
            assert plural_category(count, language) == category, (language, count)


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("unit", sorted(UNITS))
def test_counts_with_units_take_the_form_of_their_category(unit, language):
    """Arabic: ``ساعتان`` for two, ``٤ ساعات`` for four, ``١١ ساعةً`` for eleven …: each count shows the catalogue's
    form for its CLDR category, no two of Arabic's six forms alike."""
    forms = plurals(language)[UNITS[unit]]
    categories = plural_categories(language)
    if language == "ar":  # one, two, few, many and other differ (zero may read as other: ٠ ساعة)
        assert len(set(forms[1:])) == 5, forms
    for category, counts in CLDR_EXAMPLES[language].items():
        for count in (c for c in counts if isinstance(c, int)):
            expected = forms[categories.index(category)].format(n=number(count, language))
            assert quantity(count, unit, language) == expected


def test_a_count_is_shown_in_the_form_of_the_number_shown():
    assert quantity(1, "hours", "en") == "1 hour" and quantity(1, "hours", "en", 1) == "1.0 hours"
    assert quantity(2.5, "hours", "ar", 1) == plurals("ar")[UNITS["hours"]][-1].format(n="٢٫٥")  # other
    assert quantity(-2, "hours", "ar") == plurals("ar")[UNITS["hours"]][2].format(n=number(-2, "ar"))  # the dual
    with pytest.raises(InputError, match="unit"):
        quantity(3, "fortnights", "ar")


def test_a_text_without_a_translation_falls_back_to_english_singular_and_plural():
    say = Translator("ar")
    assert say.ntr("{n} widget", "{n} widgets", 1, n="1") == "1 widget"
    assert say.ntr("{n} widget", "{n} widgets", 3, n="3") == "3 widgets"


# ------------------------------------------------------------------------------------------------ minus sign
@pytest.mark.parametrize("language", ("en", *TRANSLATED))
@given(x=st.floats(min_value=-1e12, max_value=-1e-3, allow_nan=False), decimals=st.integers(0, 4))
def test_a_negative_number_has_the_minus_sign_cldr_gives_the_language_and_reads_back(language, x, decimals):
    text = number(x, language, decimals)
    sign = Locale.parse(LOCALES[language]).number_symbols[NUMBERING[language]]["minusSign"]
    assert minus_sign(language) == sign and text.startswith(sign) and text.count(sign) == 1
    value, percent = read_number(text)
    assert not percent and abs(value - x) <= 0.5 * 10.0**-decimals + 4 * math.ulp(x)


def test_the_signs_are_the_direction_marks_cldr_writes():
    assert minus_sign("en") == "-" and minus_sign("ar") == "\u061c-" and minus_sign("fa") == "\u200e\u2212"


# ------------------------------------------------------------------------------------------- engines' warnings
@pytest.fixture(scope="module")
def overloaded():
    return evaluate(one_stage(calls_per_interval=80, staff=10, patience=None))


def test_the_engine_marks_its_warnings_for_translation_keeping_the_english(overloaded):
    assert overloaded.warnings and all(isinstance(w, Phrase) for w in overloaded.warnings)
    for warning in overloaded.warnings:
        assert warning.in_language("en") == str(warning) and "'desk'" in warning
        restored = pickle.loads(pickle.dumps(warning))
        assert restored == warning and restored.in_language("fa") == warning.in_language("fa")


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_engine_warnings_read_in_the_language_on_the_dashboard(overloaded, language):
    for warning in overloaded.warnings:
        text = warning.in_language(language)
        assert not english_left(text, ("desk",)), text
        assert "'desk'" in text  # the user's name, as written
    html = status_html([], overloaded.warnings, say=Wording(language))
    assert html_text(overloaded.warnings[0].in_language(language)) in html


def test_periods_in_a_warning_read_with_the_language_weekdays_digits_and_counts():
    when = When("Mon 09:00–Mon 12:00, Sat 08:00, and 3 more periods")
    persian = show(when, "fa")
    assert not english_left(persian) and "۰۹:۰۰" in persian and "۳" in persian
    assert show(when, "en") == when


def test_a_counted_phrase_agrees_with_its_count_in_english_and_arabic():
    forms = ntr("{n} interval compared", "{n} intervals compared")
    one, eleven = Counted(forms, 1, n=Figure("1")), Counted(forms, 11, n=Figure("11"))
    assert (one, eleven) == ("1 interval compared", "11 intervals compared")
    arabic = plurals("ar")[forms]
    assert one.in_language("ar") == arabic[1] and eleven.in_language("ar") == arabic[4].format(n="١١")


def test_a_phrase_value_may_be_named_text():
    assert Phrase(tr("svcdesign: error: {text}"), text="x").in_language("fa").endswith("x")


# ---------------------------------------------------------------------------------------------- command line
@pytest.fixture(scope="module")
def overloaded_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("messages") / "overloaded.yaml"
    one_stage(calls_per_interval=80, staff=10, patience=None).save(path)
    return path


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_command_prints_its_lines_and_the_warnings_in_the_language(overloaded_file, language, capsys):
    assert main(["evaluate", str(overloaded_file), "--language", language]) == 0
    lines = capsys.readouterr().out.splitlines()
    warning = Translator(language)("warning: {warning}").split("{")[0]
    ours = [line for line in lines if line.startswith(warning)]
    assert len(ours) >= 1 and lines[0].startswith(
        Translator(language)("Scenario: {name} (analytic engine, typical week)").split("{")[0]
    )
    for line in ours:
        assert not english_left(line, ("desk",)), line


def test_the_environment_variable_chooses_the_language_and_a_wrong_one_is_named(overloaded_file, capsys, monkeypatch):
    monkeypatch.setenv(LANGUAGE_VARIABLE, "fa")
    assert main(["compare", str(overloaded_file)]) == 1
    persian = capsys.readouterr().err
    assert persian.startswith("svcdesign: خطا: ") and not english_left(persian, OPTIONS)
    assert main(["compare", str(overloaded_file), "--language", "en"]) == 1  # the option wins
    assert "nothing to compare" in capsys.readouterr().err
    monkeypatch.setenv(LANGUAGE_VARIABLE, "de")
    assert main(["compare", str(overloaded_file)]) == 1
    assert f"{LANGUAGE_VARIABLE} = 'de' is not allowed" in capsys.readouterr().err


def test_every_command_takes_a_language(capsys):
    for command in ("calibrate", "evaluate", "report", "compare", "backtest", "forecast", "validate"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--language {en,ar,fa}" in capsys.readouterr().out, command


@pytest.mark.parametrize("language", TRANSLATED)
def test_an_input_error_is_framed_in_the_language_with_its_field_and_value_as_given(overloaded_file, language, capsys):
    english = ["evaluate", str(overloaded_file), "--staff", "desk=-80"]
    assert main(english) == 1
    error = capsys.readouterr().err
    assert main([*english, "--language", language]) == 1
    framed = capsys.readouterr().err
    field, value = "staff change of stage 'desk'", "-80.0"
    assert f"{field} = {value} is not allowed: expected" in error
    assert f"{field} = {value}" in framed and "is not allowed" not in framed
    assert framed.startswith(Translator(language)("svcdesign: error: {text}").split("{")[0])


# ------------------------------------------------------------------------------------------------------- fonts
@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's fc-list is not installed")
def test_the_right_to_left_font_draws_both_scripts_digits_and_signs():
    """Noto Naskh Arabic (Debian's fonts-noto-core, installed by make browser) has Arabic and Persian letters, both
    digit systems and the Arabic decimal, thousands and percent signs."""
    if (
        "Noto Naskh Arabic"
        not in subprocess.run(["fc-list", "Noto Naskh Arabic", "family"], capture_output=True, text=True).stdout
    ):
        pytest.skip("Noto Naskh Arabic is not installed (make browser installs it as root)")
    charset = " ".join(f"{ord(c):x}" for c in "پچژگی٠٩۰۹٫٬٪")
    found = subprocess.run(
        ["fc-list", f":family=Noto Naskh Arabic:charset={charset}", "family"], capture_output=True, text=True
    )
    assert "Noto Naskh Arabic" in found.stdout


def test_the_language_digits_in_a_phrase_are_local_and_code_is_not():
    text = Phrase(
        tr("--week {week}: a week of the horizon, 1 to --weeks {weeks}"), week=Figure("9"), weeks=Figure("-2")
    )
    assert text.in_language("fa").startswith("--week ۹:") and "\u2212۲" in text.in_language("fa")
    assert str(text) == "--week 9: a week of the horizon, 1 to --weeks -2"


# --------------------------------------------------------------------------------------------- in a browser
_POSITIONS = """() => [...document.querySelectorAll('p.n')].map(p => {
  const text = p.firstChild, s = text.textContent, at = (i) => {
    const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect().left;
  };
  const sign = [...s].findIndex(c => c === '-' || c === '\\u2212');
  const digit = [...s].findIndex(c => /[\\u0660-\\u0669\\u06f0-\\u06f9]/.test(c));
  return [at(sign), at(digit)];
})"""


@needs_chromium
def test_chromium_draws_each_language_minus_on_its_side_and_the_text_in_the_chosen_font():
    """Inside right-to-left text, Chromium draws CLDR's Persian minus at the number's left (a left-to-right run)
    and the Arabic one at its right, where the reader begins; the text is drawn in Noto Naskh Arabic when it is
    installed and the feedback marks by a text font, never an emoji font."""
    from svcdesign.course.feedback import MARKS, RIGHT_TO_LEFT_FONTS

    rows = [f"مقدار {number(-12, 'fa')} است", f"القيمة {number(-12, 'ar')} هنا", " ".join(MARKS.values())]
    numbers = "".join(f"<p class='n'>{r}</p>" for r in rows[:2])
    page_html = f"<html><body dir='rtl' style='font-family:{RIGHT_TO_LEFT_FONTS}'>{numbers}<p>{rows[2]}</p>"
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(page_html + "</body></html>")
        (fa_sign, fa_digit), (ar_sign, ar_digit) = page.evaluate(_POSITIONS)
        assert fa_sign < fa_digit and ar_sign > ar_digit
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "p"})["nodeIds"]
        fonts = [
            {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": n})["fonts"]} for n in nodes
        ]
    assert not any("emoji" in family.lower() for family in fonts[2])
    installed = subprocess.run(["fc-list", "Noto Naskh Arabic", "family"], capture_output=True, text=True).stdout
    if "Noto Naskh Arabic" in installed:
        assert "Noto Naskh Arabic" in fonts[0] and "Noto Naskh Arabic" in fonts[1]


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize(
    "bounds", [dict(low=0, high=1, high_open=True), dict(low=0, low_open=True), dict(low=1, integer=True), {}]
)
def test_what_a_checked_number_allows_is_said_in_the_language(bounds, language):
    """An error of :func:`svcdesign.checks.number` is shown by the command line with no English but the field's code
    name and the value typed; its English is the message as before."""
    from svcdesign import checks
    from svcdesign.cli import _error_text

    with pytest.raises(InputError) as caught:
        checks.number("stages[0].shrinkage", "x", **bounds)
    text = _error_text(caught.value)
    assert text == str(caught.value)
    shown_text = show(text, language)
    assert shown_text.startswith("stages[0].shrinkage = 'x' ")
    assert not english_left(shown_text, ("stages", "shrinkage")), shown_text


def test_a_file_error_is_framed_in_the_language_with_its_place_in_the_file():
    from svcdesign.cli import _error_text
    from svcdesign.errors import FileError

    error = FileError("log.csv", "an unclosed quote", "a CSV file", line=1234, column=5)
    text = _error_text(error)
    assert text == str(error)
    assert show(text, "ar").startswith("log.csv: an unclosed quote (السطر ١٬٢٣٤، العمود ٥)")
    assert show(text, "fa").startswith("log.csv: an unclosed quote (سطر ۱٬۲۳۴، ستون ۵)")
