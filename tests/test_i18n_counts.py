"""Counts in the report, the dashboard and the course agree with their number: Arabic's six plural forms, Persian's
single one, English's singular for one.

The categories are those of the CLDR language plural rules chart
(https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html): Arabic zero 0; one 1; two 2;
few 3–10 (n % 100 = 3..10); many 11–99 (n % 100 = 11..99); other 100–102 and decimals such as 2.5; Persian and
English one 1, other 2 …. Each sample below is a counted text as the product writes it (the report's review, the
dashboard's status line, a lesson's text); the expected text is the catalogue's form for the count's category,
its count in the language's digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcdesign.course.language import PAID_HOURS, SOCIAL_WORKERS_COUNTED, Count, fill
from svcdesign.course.q3_02_financial_constraints import EXTRA_BED_DAYS, EXTRA_FAILED
from svcdesign.course.q3_03_service_chain import WEEKLY_CALLERS
from svcdesign.explore.review import CUSTOMERS, INTERVALS, MORE_CUSTOMERS, TIMES, Wording, _people
from svcdesign.i18n import ntr, plural_categories, plurals
from svcdesign.i18n.numbers import UNITS, number
from svcdesign.present.dashboard_status import Alert, alert_text, when_words

COUNTS = {0: "zero", 1: "one", 2: "two", 3: "few", 11: "many", 100: "other"}
"""A count of each of Arabic's plural categories (CLDR's chart)."""


def cldr_arabic(n: int) -> str:
    """CLDR's Arabic plural category of a whole number ``n`` ≥ 0, written from the rules chart."""
    if n in (0, 1, 2):
        return ("zero", "one", "two")[n]
    if 3 <= n % 100 <= 10:
        return "few"
    if 11 <= n % 100 <= 99:
        return "many"
    return "other"


def form(forms: tuple[str, str], count: int, language: str, **values: str) -> str:
    """The catalogue's form of ``forms`` for ``count``'s category (Arabic: :data:`COUNTS` or :func:`cldr_arabic`;
    Persian and English one for 1), filled with ``values``."""
    if language == "en":
        text = forms[0] if count == 1 else forms[1]
    else:
        category = cldr_arabic(count) if language == "ar" else ("one" if count in (0, 1) else "other")
        text = plurals(language)[forms][plural_categories(language).index(category)]
    return text.format(**values)


def _customers(count: int, language: str) -> str:
    return Wording(language).count(CUSTOMERS, count)


def _more_customers(count: int, language: str) -> str:
    return Wording(language).count(MORE_CUSTOMERS, count)


def _intervals(count: int, language: str) -> str:
    return Wording(language).count(INTERVALS, count)


def _times(count: int, language: str) -> str:
    return Wording(language).count(TIMES, count)


def _hours_course(count: int, language: str) -> str:
    return fill("{promise}", {"promise": Count(UNITS["hours"], count)}, language)


def _social_workers(count: int, language: str) -> str:
    return fill("{team}", {"team": Count(SOCIAL_WORKERS_COUNTED, count, "g")}, language)


def _paid_hours(count: int, language: str) -> str:
    return Count(PAID_HOURS, count, ",g").text(language)


def _counted(forms: tuple[str, str], spec: str = ".0f"):
    def write(count: int, language: str) -> str:
        return Count(forms, count, spec).text(language)

    return write


SAMPLES = {
    "customers (report)": (CUSTOMERS, _customers, "n"),
    "more customers (report)": (MORE_CUSTOMERS, _more_customers, "n"),
    "intervals (report)": (INTERVALS, _intervals, "n"),
    "times (report)": (TIMES, _times, "n"),
    "hours (course 3.4)": (UNITS["hours"], _hours_course, "n"),
    "social workers (course 3.2, 3.3)": (SOCIAL_WORKERS_COUNTED, _social_workers, "n"),
    "paid hours (course 3.3, 3.6–3.8)": (PAID_HOURS, _paid_hours, "n"),
    "failed cases (course 3.2)": (EXTRA_FAILED, _counted(EXTRA_FAILED), "n"),
    "bed-days (course 3.2)": (EXTRA_BED_DAYS, _counted(EXTRA_BED_DAYS, ",.0f"), "n"),
    "weekly callers (course 3.3)": (WEEKLY_CALLERS, _counted(WEEKLY_CALLERS), "n"),
}
"""Counted texts as the product writes them: (their English forms, how a count is written, the count's placeholder)."""


@pytest.mark.parametrize("sample", sorted(SAMPLES))
@pytest.mark.parametrize("language", ["ar", "fa", "en"])
def test_a_count_takes_the_form_of_its_cldr_category(sample, language):
    forms, write, name = SAMPLES[sample]
    for count in COUNTS:
        expected = form(forms, count, language, **{name: number(count, language)})
        assert write(count, language) == expected, (sample, count)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_arabic_few_and_many_are_different_words_and_persian_has_one_form(sample):
    """The form for 3–10 (a plural: ساعات) and the form for 11–99 (the singular, accusative: ساعةً) differ; Persian
    writes the singular after every number (one form for one and other)."""
    forms = SAMPLES[sample][0]
    arabic = plurals("ar")[forms]
    few, many = (arabic[plural_categories("ar").index(c)] for c in ("few", "many"))
    assert few.replace("{n}", "").split() != many.replace("{n}", "").split(), (few, many)
    persian = plurals("fa")[forms]
    assert len(set(persian)) == 1 and "{n}" in persian[0]


@given(st.integers(min_value=0, max_value=10**6))
def test_any_whole_count_of_customers_reads_as_cldr_says(count):
    """Hundreds (100–102, 200 …: other), their few and many (103–110, 111–199 …) as well as the small counts."""
    expected = form(CUSTOMERS, count, "ar", n=number(count, "ar"))
    assert Wording("ar").count(CUSTOMERS, count) == expected


def test_a_fraction_is_other_in_arabic_and_plural_in_english():
    """CLDR: 2.5 is ``other`` in Arabic (the singular: ٢٫٥ ساعة) and plural in English; 1.0 is plural in English."""
    other = plurals("ar")[UNITS["hours"]][plural_categories("ar").index("other")]
    assert Count(UNITS["hours"], 2.5, ".1f").text("ar") == other.format(n="٢٫٥")
    assert Count(UNITS["hours"], 1.0, ".1f").text("en") == "1.0 hours"
    assert Count(UNITS["hours"], 1.0, ".0f").text("en") == "1 hour"


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_options_in_words_agree_with_the_people_added(language):
    """The report's "one more person on duty …": 0 to 10 people more or fewer, then 11 and 100 written with two
    decimals (as the English writes them)."""
    say = Wording(language)
    for count in (1, 2, 3, 7, 10):
        more = form(ntr("{n} more person", "{n} more people"), count, language, n=say.number(count))
        fewer = form(ntr("{n} fewer person", "{n} fewer people"), count, language, n=say.number(count))
        assert _people(count, say) == more and _people(-count, say) == fewer


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_dashboards_open_hours_and_more_hours_agree(language):
    say = Wording(language)
    for count in COUNTS:
        if count == 0:
            continue  # a stage with no open hours has no alert
        alert = Alert("front door", "overloaded", 1.0, float(count), f"Mon 09:00, and {count} more hours")
        share = form(
            ntr("{hours} of {open_hours} open hour", "{hours} of {open_hours} open hours"),
            count,
            language,
            hours=number(1, language),
            open_hours=number(count, language),
        )
        more = form(
            ntr("and {hours} more hour", "and {hours} more hours"), count, language, hours=number(count, language)
        )
        assert share in alert_text(alert, say)
        assert when_words(alert.when, say).endswith(more)
