"""Reading numbers written in Western, Arabic-Indic and Persian digits (svcdesign.i18n.digits): everything
svcdesign.i18n.numbers writes reads back as the number shown, the signs CLDR gives each language are read, and
a string that mixes digit systems or whose comma could be a decimal comma is refused, never guessed at.
Property tests draw derandomised examples (tests/conftest.py)."""

from __future__ import annotations

import math

import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from svcdesign.course import AnswerError, Number
from svcdesign.errors import InputError
from svcdesign.i18n import LANGUAGES
from svcdesign.i18n.digits import DIGIT_SYSTEMS, read_number, western
from svcdesign.i18n.numbers import LOCALES, NUMBERING, number, percent

FLOATS = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)
DECIMALS = st.integers(0, 6)


def _close_to_shown(value: float, x: float, decimals: int) -> bool:
    """``value`` is ``x`` rounded to ``decimals`` decimals, to within the float error of writing it."""
    return abs(value - x) <= 0.5 * 10.0**-decimals + 4 * math.ulp(max(abs(x), 1.0))


def _exact(x: float, decimals: int) -> bool:
    """Whether ``x`` shown with ``decimals`` decimals has at most 15 significant digits, which a float holds
    exactly: then the number read back is shown the same way again."""
    return abs(x) * 10.0**decimals < 1e15


@given(x=FLOATS, decimals=DECIMALS)
def test_every_number_written_in_any_language_reads_back_as_shown(x, decimals):
    for language in LANGUAGES:
        text = number(x, language, decimals)
        value, is_percent = read_number(text)
        assert not is_percent and _close_to_shown(value, x, decimals), (language, text, value)
        if _exact(x, decimals):
            assert number(value, language, decimals) == text


@given(x=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False), decimals=DECIMALS)
def test_every_percentage_written_in_any_language_reads_back_as_shown(x, decimals):
    for language in LANGUAGES:
        text = percent(x, language, decimals)
        value, is_percent = read_number(text)
        assert is_percent and _close_to_shown(value, 100 * x, decimals), (language, text, value)
        if _exact(100 * x, decimals):  # the percentage is the number read, then the sign
            assert text.startswith(number(value, language, decimals))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_signs_cldr_gives_each_language_are_read(language):
    """Minus, decimal, group and percent signs from the CLDR locale data (through Babel), direction marks included:
    Arabic writes ``؜-`` (Arabic letter mark, hyphen-minus) and ``٪؜``, Persian ``‎−`` (left-to-right mark, U+2212)."""
    symbols = Locale.parse(LOCALES[language]).number_symbols[NUMBERING[language]]
    digits = DIGIT_SYSTEMS[{"en": "Western", "ar": "Arabic-Indic", "fa": "Persian"}[language]]
    one, two, three, five = digits[1], digits[2], digits[3], digits[5]
    text = f"{symbols['minusSign']}{one}{symbols['group']}{two}{three}{five}{symbols['decimal']}{five}"
    assert read_number(text) == (-1235.5, False)
    assert read_number(f"{one}{two}{symbols['decimal']}{five}{symbols['percentSign']}") == (12.5, True)
    assert read_number(f"{symbols['plusSign']}{three}") == (3.0, False)


@pytest.mark.parametrize(
    ("text", "value", "is_percent"),
    [
        ("١٢٫٥", 12.5, False),  # Arabic-Indic digits, Arabic decimal separator
        ("۱٬۲۳۴٫۵", 1234.5, False),  # Persian digits, Arabic thousands and decimal separators
        ("١،٢٣٤", 1234.0, False),  # the Arabic comma between thousands
        ("۱ ۲۳۴", 1234.0, False),  # a space between thousands
        ("٪۱۰", 10.0, True),  # the percent sign first, as a right-to-left keyboard may put it
        ("\u200f۲۵٪\u200f", 25.0, True),  # right-to-left marks around the number
        ("−۲٫۵", -2.5, False),  # the minus sign U+2212
        ("١.٥", 1.5, False),  # Arabic-Indic digits with a dot
        (".5", 0.5, False),
        ("1,234,567.25", 1234567.25, False),
    ],
)
def test_local_forms_read_as_the_numbers_they_write(text, value, is_percent):
    assert read_number(text) == (value, is_percent)


@given(n=st.integers(1000, 10**15))
def test_thousands_separators_of_each_kind_read_back(n):
    grouped = f"{n:,}"
    for separator in (",", "\u066c", "\u060c", " ", "\u202f"):
        assert read_number(grouped.replace(",", separator)) == (float(n), False)


@given(
    digits=st.text("0123456789", min_size=2, max_size=12),
    at=st.integers(0, 11),
    system=st.sampled_from(["Arabic-Indic", "Persian"]),
)
def test_a_number_mixing_digit_systems_is_refused(digits, at, system):
    """One digit of a Western number written in another system (at least one Western digit stays)."""
    at %= len(digits)
    mixed = digits[:at] + DIGIT_SYSTEMS[system][int(digits[at])] + digits[at + 1 :]
    with pytest.raises(InputError, match="one system only") as error:
        read_number(mixed)
    assert error.value.value == mixed and system in str(error.value)
    with pytest.raises(InputError, match="one system only"):
        western(mixed)


@pytest.mark.parametrize(
    "text",
    [
        "1,5",  # a decimal comma, or a thousands separator with digits missing?
        "0,25",
        "12,5%",
        "1.234,5",  # a continental decimal comma after a dot
        "١٬٢٣٤,٥",
        "12,34,567",
        "01,234",
        "1.2.3",  # a dot is a decimal point: two of them are not a number
        "١٫٢٫٣",
        "1.5٫5",
        "1,234 567",  # two kinds of thousands separator
    ],
)
def test_a_separator_whose_role_is_not_clear_is_refused_with_what_is_allowed(text):
    with pytest.raises(InputError) as error:
        read_number(text, field="answer")
    message = str(error.value)
    assert error.value.field == "answer" and error.value.value == text
    assert repr(text) in message and "decimal" in message and "'٫'" in message


@pytest.mark.parametrize(
    "text", ["", " ", "%", "٪", "-", "--1", "+-1", "1e5", "nan", "inf", "1/4", "۲/۵", "twelve", "%5%", "1 -", "1" * 400]
)
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(InputError) as error:
        read_number(text)
    assert error.value.field == "number" and error.value.value == text


@pytest.mark.parametrize("value", [5, 2.5, None, b"12", ["1"]])
def test_only_text_is_read(value):
    with pytest.raises(InputError, match="text"):
        read_number(value)


@pytest.mark.parametrize("typed", ["1۲3", "١٢3٫5", "۱٢"])
def test_the_course_refuses_a_typed_answer_mixing_digit_systems(typed):
    """The course's answer boxes read local digits through svcdesign.i18n.digits.western."""
    with pytest.raises(AnswerError, match="digits: type every digit in one of them") as error:
        Number().parse(typed)
    assert "Type a number" in str(error.value)
