"""How the course reads typed answers: Arabic-Indic and Persian digits, the Arabic percent sign and decimal
separator, decimal commas, thousands separators — and a clear message, never a silent misread, when a comma could
be either (the rules are in svcdesign/course/answers.py's docstring). Property tests draw derandomised examples
(tests/conftest.py)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcdesign.course import AnswerError, Number, Share, Whole
from svcdesign.course.answers import read_number
from svcdesign.course.feedback import MARKS

ARABIC = str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")
PERSIAN = str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫")


@pytest.mark.parametrize(
    ("typed", "value", "percent"),
    [
        ("0,1", 0.1, False),  # a decimal comma, not 1 (or 1%)
        ("12,5", 12.5, False),
        ("0,125", 0.125, False),  # a leading 0 is never followed by a thousands separator
        ("1,2345", 1.2345, False),
        ("۱۰٪", 10.0, True),  # Persian digits, Arabic percent sign
        ("٪۱۰", 10.0, True),  # the sign before the number, as a right-to-left keyboard may put it
        ("١٢٫٥", 12.5, False),  # Arabic-Indic digits, Arabic decimal separator
        ("١٬٢٣٤٫٥", 1234.5, False),  # … and the Arabic thousands separator
        ("۳۵٬۰۰۰", 35000.0, False),
        ("\u200f۲۵٪\u200f", 25.0, True),  # right-to-left marks around the number
        ("１２．５", 12.5, False),  # full-width digits
        ("1,234.5", 1234.5, False),
        ("1.234,5", 1234.5, False),
        ("1,234,567", 1234567.0, False),
        ("1.234.567", 1234567.0, False),
        ("1 234 567", 1234567.0, False),
        ("1\u202f234,5", 1234.5, False),  # a narrow no-break space between thousands
        ("1.000", 1.0, False),  # a single dot is a decimal point, as in Python
        ("−2,5", -2.5, False),  # the minus sign U+2212
        ("-0.5", -0.5, False),
        ("£34594", 34594.0, False),
        ("1e5", 100000.0, False),
        (".5", 0.5, False),
    ],
)
def test_reads_numbers_as_written_around_the_world(typed, value, percent):
    assert read_number(typed) == (pytest.approx(value), percent)


@pytest.mark.parametrize("typed", ["1,000", "34,594", "-1,000", "999,999", "۱,۰۰۰"])
def test_a_comma_that_could_be_either_is_refused_with_both_readings(typed):
    with pytest.raises(AnswerError) as error:
        Number("GBP").parse(typed)
    message = str(error.value)
    assert "could be" in message and "without the comma" in message and "decimal point" in message


@pytest.mark.parametrize("typed", ["12,34,567", "1,2,3", "1.2.3", "1,234 567", "1/4", "۲/۵", "twelve", "", "%", "--1"])
def test_malformed_numbers_say_what_to_type(typed):
    with pytest.raises(AnswerError, match="Type a number"):
        Number().parse(typed)


def test_a_python_pair_from_a_decimal_comma_gets_its_own_message():
    """``answer = 0,1`` without quotes is the tuple (0, 1) to Python."""
    for kind in (Number(), Share(), Whole()):
        with pytest.raises(AnswerError) as error:
            kind.parse((0, 1))
        assert "`answer = 0.1`" in str(error.value) and "`answer = '0,1'`" in str(error.value)


def test_shares_read_percent_signs_and_decimal_commas():
    share = Share()
    assert share.parse("0,1") == pytest.approx(0.1) and share.parse("۱۰٪") == pytest.approx(0.1)
    assert share.parse("٪۱۲٫۵") == pytest.approx(0.125) and share.parse("12,5%") == pytest.approx(0.125)
    assert share.parse("۳۵") == pytest.approx(0.35)  # above 1 without a sign: a percentage, as for 35
    with pytest.raises(AnswerError, match="between 0 and 1"):
        share.parse("۱۵۰٪")


def test_the_exercise_unit_may_follow_the_number():
    assert Number("GBP").parse("34594 GBP") == 34594 and Whole("seconds").parse("۱۲ seconds") == 12


# ------------------------------------------------------------------------------------------------ properties
@given(whole=st.integers(0, 10**9), fraction=st.text("0123456789", min_size=1, max_size=6))
def test_a_decimal_comma_reads_as_a_decimal_unless_it_could_be_thousands(whole, fraction):
    typed = f"{whole},{fraction}"
    ambiguous = len(fraction) == 3 and 1 <= whole <= 999
    if ambiguous:
        with pytest.raises(ValueError, match="could be"):
            read_number(typed)
    else:
        assert read_number(typed) == (pytest.approx(float(f"{whole}.{fraction}")), False)


@given(number=st.integers(0, 10**12))
def test_thousands_commas_read_back_unless_a_single_group_makes_them_ambiguous(number):
    typed = f"{number:,}"
    if typed.count(",") == 1:
        with pytest.raises(ValueError, match="could be"):
            read_number(typed)
    else:
        assert read_number(typed) == (float(number), False)
        assert read_number(typed.replace(",", "\u066c")) == (float(number), False)  # Arabic thousands separator
        assert read_number(typed.replace(",", " ")) == (float(number), False)


@given(number=st.integers(1000, 10**12), fraction=st.text("0123456789", min_size=1, max_size=4))
def test_dot_and_comma_together_the_later_is_the_decimal_point(number, fraction):
    value = float(f"{number}.{fraction}")
    english = f"{number:,}.{fraction}"
    continental = english.translate(str.maketrans(",.", ".,"))
    assert read_number(english) == read_number(continental) == (pytest.approx(value), False)


@given(value=st.decimals(min_value=0, max_value=10**7, places=4, allow_nan=False, allow_infinity=False))
def test_arabic_indic_and_persian_digits_read_as_ascii(value):
    ascii_text = f"{value:f}"
    for table in (ARABIC, PERSIAN):
        native = ascii_text.translate(table)
        assert read_number(native) == (pytest.approx(float(value)), False)
        assert read_number(native + "٪") == (pytest.approx(float(value)), True)
        assert read_number("٪" + native) == (pytest.approx(float(value)), True)


@given(percent=st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False))
def test_a_share_typed_any_way_is_the_same_share(percent):
    share = Share()
    expected = float(percent) / 100
    text = f"{percent:f}"
    forms = [f"{text}%", text.replace(".", ",") + "%", f"{text.translate(PERSIAN)}٪", f"{text.translate(ARABIC)}٪"]
    for typed in forms:
        assert share.parse(typed) == pytest.approx(expected, abs=1e-12), typed


# ------------------------------------------------------------------------------------------------ feedback marks
def test_feedback_marks_are_text_symbols_not_emoji():
    """✎ ⚠ ✓ ✗: no emoji variation selector, none from the emoji blocks (Debian's Chromium without an emoji font
    drew ✅ and ❌ as boxes)."""
    for mark in MARKS.values():
        assert len(mark) == 1 and "\ufe0f" not in mark
        assert not (0x1F000 <= ord(mark) <= 0x1FAFF) and mark not in "\u2705\u274c\u270f"


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's fc-list is not installed")
def test_feedback_marks_are_in_dejavu_sans():
    """DejaVu Sans (Debian's default sans-serif font) has a glyph for every mark."""
    families = subprocess.run(["fc-list", ":family=DejaVu Sans", "family"], capture_output=True, text=True).stdout
    if "DejaVu Sans" not in families:
        pytest.skip("DejaVu Sans is not installed")
    charset = " ".join(f"{ord(mark):x}" for mark in MARKS.values())
    found = subprocess.run(
        ["fc-list", f":family=DejaVu Sans:charset={charset}", "family"], capture_output=True, text=True
    ).stdout
    assert "DejaVu Sans" in found
