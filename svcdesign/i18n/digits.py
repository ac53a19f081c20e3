"""Numbers written in any of svcdesign's languages, read back: Western, Arabic-Indic and Persian digits.

:mod:`.numbers` writes ``1,234.5`` in English, ``١٬٢٣٤٫٥`` in Arabic and ``۱٬۲۳۴٫۵`` in Persian; a reader
types numbers the same ways. :func:`read_number` reads them back, and reads each sign with one meaning only,
so that a number is never guessed at:

- **Digits**: Western (0–9), Arabic-Indic (٠–٩, U+0660–0669) or Persian, the extended Arabic-Indic digits
  (۰–۹, U+06F0–06F9) — one system in a number; ``'1۲3'`` is refused.
- **Decimal point**: ``.`` or the Arabic decimal separator ``٫`` (U+066B), at most one.
- **Thousands separators**: ``,``, the Arabic comma ``،`` (U+060C), the Arabic thousands separator ``٬``
  (U+066C) or a space (also no-break and narrow no-break), one kind in a number, before the decimal point
  only, splitting the whole part into groups of three digits after a first group of one to three that does
  not begin with 0. A comma is never a decimal comma here: ``'1,5'``, ``'0,25'`` and ``'1.234,5'`` could be
  read either way by a reader from a country that writes decimal commas, so they are refused with a message
  saying how to write the decimal (``1.5`` or ``١٫٥``), never read as 15 or 1.5.
- **Signs**: a minus sign ``-`` or ``−`` (U+2212), or ``+``, before the digits; a percent sign ``%`` or ``٪``
  (U+066A) before or after the number makes it a percentage (returned as written: ``'15%'`` is 15).
- **Direction marks** that Babel and right-to-left keyboards insert — left-to-right and right-to-left marks
  (U+200E, U+200F), the Arabic letter mark (U+061C), and the embeddings and isolates U+202A–202E,
  U+2066–2069 — are ignored, as are spaces around the number.

Everything :func:`svcdesign.i18n.numbers.number` and :func:`~svcdesign.i18n.numbers.percent` write, in
every language, is read back as the number shown (tests/test_i18n_digits.py).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping
from typing import Any

from ..errors import InputError

DIGIT_SYSTEMS: Mapping[str, str] = {
    "Western": "0123456789",
    "Arabic-Indic": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    "Persian": "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
}
"""The ten digits of each system :func:`read_number` reads, 0 to 9 (the Persian ones are Unicode's extended
Arabic-Indic digits, CLDR numbering system ``arabext``)."""
DIRECTION_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Invisible direction marks, embeddings and isolates (ignored wherever they stand)."""
MINUS_SIGNS = "-\u2212"
"""Hyphen-minus and the minus sign U+2212 (the Persian locale's minus)."""
PERCENT_SIGNS = "%\u066a"
"""``%`` and the Arabic percent sign ``٪``."""
DECIMAL_POINTS = ".\u066b"
"""``.`` and the Arabic decimal separator ``٫``."""
SPACES = " \u00a0\u202f\u2009"
"""Space, no-break space, narrow no-break space and thin space."""
THOUSANDS_SEPARATORS = ",\u060c\u066c" + SPACES
"""``,``, the Arabic comma ``،``, the Arabic thousands separator ``٬`` and the spaces."""

_ALLOWED = (
    "a number in Western (0-9), Arabic-Indic (٠-٩) or Persian (۰-۹) digits, one system only, with at most one "
    "decimal point '.' or '٫', thousands separated by ',' '٬' '،' or a space in groups of three, an optional "
    "sign before it and an optional percent sign '%' or '٪', e.g. '1,234.5', '١٬٢٣٤٫٥', '۱۲٫۵٪'"
)
_HOW_TO_WRITE_DECIMALS = (
    "thousands separators (',' '٬' '،' or a space) only between groups of three digits before the decimal "
    "point, as in 1,500 or ١٬٥٠٠, and a decimal written with '.' or '٫', as in 1.5 or ١٫٥ (a comma is never "
    "read as a decimal comma)"
)
_TO_WESTERN = {ord(d): str(i) for digits in DIGIT_SYSTEMS.values() for i, d in enumerate(digits)}
_UNMARKED = dict.fromkeys(map(ord, DIRECTION_MARKS))
_BODY = re.compile("[0-9" + re.escape(DECIMAL_POINTS + THOUSANDS_SEPARATORS) + "]+")


def digit_systems(text: str) -> list[str]:
    """The names of the digit systems (keys of :data:`DIGIT_SYSTEMS`) whose digits ``text`` holds, in that order."""
    return [name for name, digits in DIGIT_SYSTEMS.items() if any(d in text for d in digits)]


def western(text: str, field: str = "number") -> str:
    """``text`` with its digits written 0–9 and its direction marks (:data:`DIRECTION_MARKS`) removed.

    Raises
    ------
    InputError
        On ``field`` when ``text`` mixes digits of two systems (``'1۲3'``): which is meant cannot be told.
    """
    systems = digit_systems(text)
    if len(systems) > 1:
        raise InputError(
            field, text, f"digits of one system only (this has {' and '.join(systems)} digits): {_ALLOWED}"
        )
    return text.translate(_TO_WESTERN).translate(_UNMARKED)


def _whole_digits(whole: str, text: str, field: str) -> str:
    """The digits of the whole part ``whole`` once its thousands separators are checked and removed."""
    used = {" " if c in SPACES else c for c in whole if c in THOUSANDS_SEPARATORS}
    if not used:
        return whole
    if len(used) > 1:
        raise InputError(field, text, f"one kind of thousands separator, {_HOW_TO_WRITE_DECIMALS}")
    groups = re.split("[" + re.escape(THOUSANDS_SEPARATORS) + "]", whole)
    if not 1 <= len(groups[0]) <= 3 or groups[0].startswith("0") or any(len(g) != 3 for g in groups[1:]):
        raise InputError(field, text, _HOW_TO_WRITE_DECIMALS)
    return "".join(groups)


def _split_signs(body: str, text: str, field: str) -> tuple[str, str, bool]:
    """``body`` (digits made Western, marks removed) as its sign (``""``, ``"-"``), the rest, and whether a
    percent sign came before or after it."""
    body = body.strip(SPACES)
    percent = bool(body) and (body[0] in PERCENT_SIGNS or body[-1] in PERCENT_SIGNS)
    if percent:
        body = (body[1:] if body[0] in PERCENT_SIGNS else body[:-1]).strip(SPACES)
    sign = ""
    if body and body[0] in MINUS_SIGNS + "+":
        sign, body = ("-" if body[0] in MINUS_SIGNS else ""), body[1:].strip(SPACES)
    if not body or not _BODY.fullmatch(body) or not any(c.isdigit() for c in body):
        raise InputError(field, text, _ALLOWED)
    return sign, body, percent


def read_number(text: Any, field: str = "number") -> tuple[float, bool]:
    """A number written in Western, Arabic-Indic or Persian digits, by the rules of this module.

    Parameters
    ----------
    text:
        The written number: ``'1,234.5'``, ``'-١٢٫٥'``, ``'۱۵٫۳٪'``, or anything :mod:`.numbers` writes.
    field:
        The name of the input, for the error message.

    Returns
    -------
    (value, percent):
        The number as written (``'15%'`` gives 15.0) and whether a percent sign came with it.

    Raises
    ------
    InputError
        On ``field``, naming the text and what is allowed, when it is not a number by these rules: mixed digit
        systems, a comma that could be a decimal comma (``'1,5'``), two decimal points, a number too large for
        a float.
    """
    if not isinstance(text, str):
        raise InputError(field, text, f"text: {_ALLOWED}")
    sign, body, percent = _split_signs(western(text, field), text, field)
    points = [c for c in body if c in DECIMAL_POINTS]
    if len(points) > 1:
        raise InputError(field, text, f"at most one decimal point, {_HOW_TO_WRITE_DECIMALS}")
    whole, fraction = re.split("[" + re.escape(DECIMAL_POINTS) + "]", body) if points else (body, "")
    if any(c in THOUSANDS_SEPARATORS for c in fraction):
        raise InputError(field, text, _HOW_TO_WRITE_DECIMALS)
    value = float(f"{sign}{_whole_digits(whole, text, field) or '0'}.{fraction or '0'}")
    if not math.isfinite(value):
        raise InputError(field, text, f"a number no larger than {sys.float_info.max:.4g} (the largest float)")
    return value, percent
