"""The language a review is written in: its translator and its way of writing numbers (:class:`Wording`).

Shared by the review (:mod:`.review`), the desk's changes in words (:mod:`.desk_review`) and the report's
figures (:mod:`svcdesign.present`): in English every number is written as :mod:`svcdesign.display` writes
it, in Arabic and Persian with the language's digits and signs (:mod:`svcdesign.i18n.numbers`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache

from ..display import number, signed, wait_text
from ..display import percent as display_percent
from ..engines.analytic_desk import method_label
from ..i18n import DEFAULT, Translator
from ..i18n import numbers as local
from ..i18n.phrases import DAYS


@cache
def _symbols(language: str) -> dict[int, str]:
    """The table that writes an English number's symbols and digits (``"1,234.5"``, ``"15%"``, ``"-3"``) in
    ``language``'s: its group and decimal signs, percent sign, a true minus and its digits."""
    sample = local.number(1000.5, language, 1)  # "1,000.5" in the language: its group and decimal signs
    sign = local.percent(0.01, language, 0).strip(local.DIGITS[language])
    symbols = {
        ",": sample[1],
        ".": sample[-2],
        "%": sign,
        "-": "−",
        **dict(zip("0123456789", local.DIGITS[language], strict=True)),
    }
    return {ord(western): written for western, written in symbols.items()}


def _money(value: float) -> str:
    """Whole currency units with thousands separators and a true minus sign, never ``-0``."""
    return number(value).replace("-", "−")


class Wording:
    """The language a review is written in: its translator (``.tr``) and its way of writing numbers.

    In English every number is written exactly as :mod:`svcdesign.display` writes it (the review's and the
    report's English text is the source text); in Arabic and Persian with the language's digits,
    separators and percent sign (:mod:`svcdesign.i18n.numbers`), a minus as U+2212, never ``-0``.
    """

    def __init__(self, language: str = DEFAULT) -> None:
        self.tr = Translator(language)
        self.language = self.tr.language
        self.english = self.language == DEFAULT

    def number(self, value: float, digits: int = 0) -> str:
        """Like :func:`svcdesign.display.number` (``"–"`` when missing), in the language's digits."""
        if self.english or value is None or not math.isfinite(value):
            return number(value, digits)
        if round(abs(float(value)), digits) == 0:
            value = 0.0  # never -0
        text = local.number(abs(float(value)), self.language, digits)
        return local.minus_sign(self.language) + text if value < 0 else text  # CLDR's, with its direction mark

    def count(self, forms: tuple[str, str], value: float, digits: int = 0) -> str:
        """``value`` written as :meth:`number` writes it, in the text of ``forms`` (its English singular and plural,
        ``ntr("{n} customer", "{n} customers")``) that agrees with the count as shown: Arabic ``٤ عملاء``, ``١١ عميلًا``
        (:meth:`svcdesign.i18n.Translator.ntr`)."""
        shown = number(abs(value), digits).replace(",", "")  # the count as shown decides the form, not its sign
        return self.tr.ntr(*forms, shown, n=self.number(value, digits))

    def signed(self, value: float, digits: int = 0) -> str:
        """Like :func:`svcdesign.display.signed`: ``+1,234``, ``−56``, ``0`` unsigned."""
        if self.english:
            return signed(value, digits)
        text = self.number(value, digits)
        return "+" + text if text[0] not in "−–" and value > 0 and round(value, digits) != 0 else text

    def money(self, value: float) -> str:
        """Whole currency units with a true minus sign, never ``-0``."""
        return _money(value) if self.english else self.number(value)

    def percent(self, share: float, digits: int = 1) -> str:
        """Like :func:`svcdesign.display.percent`: a share (0–1) in percent."""
        if self.english or share is None or not math.isfinite(share):
            return display_percent(share, digits)
        return local.percent(round(float(share), digits + 2) or 0.0, self.language, digits)

    def local(self, text: str) -> str:
        """A number already written in English (``"1,234.5"``, ``"15%"``) in the language's symbols and digits."""
        return text if self.english else text.translate(_symbols(self.language))

    def wait(self, seconds: float, digits: int = 0) -> str:
        """Like :func:`svcdesign.display.wait_text`, its units in the language."""
        if self.english:
            return wait_text(seconds, digits)
        tr = self.tr
        if seconds is None or math.isnan(seconds):
            return "–"
        if not math.isfinite(seconds):
            return tr("∞ (overloaded)")
        if seconds < 600:
            return tr("{n} s", n=self.number(seconds))
        if seconds < 3 * 3600:
            return tr("{n} min", n=self.number(seconds / 60, digits))
        return tr("{n} h", n=self.number(seconds / 3600, max(digits, 1)))

    def per(self, currency: str, period: str) -> str:
        """``"USD a year"``: money per period."""
        if period == "year":
            return self.tr("{currency} a year", currency=currency)
        if period == "week":
            return self.tr("{currency} a week", currency=currency)
        return f"{currency} a {period}"

    def period(self, period: str) -> str:
        """The period money is counted over, in words (``"year"``)."""
        return {"year": self.tr("year"), "week": self.tr("week")}.get(period, period)

    def a_period(self, period: str) -> str:
        """``"a year"``: how often, in words."""
        return {"year": self.tr("a year"), "week": self.tr("a week")}.get(period, f"a {period}")

    def unit(self, unit: str) -> str:
        """A unit of the assumptions table in words (the few a report shows; others as written)."""
        tr = self.tr
        known = {
            "s": tr("s"),
            "week": tr("weeks"),
            "contacts": tr("contacts"),
            "multiplier": tr("times"),
            "points (0-10)": tr("points (0–10)"),
            "GBP/case": tr("GBP a case"),
            "GBP/bed-day": tr("GBP a bed-day"),
            "customers/year": tr("customers a year"),
            "hour/week": tr("hours a week"),
            "fraction of handle time": tr("of the mean handle time"),
        }
        return unit if self.english else known.get(unit, unit)

    def method(self, label: str) -> str:
        """A service desk's method label (``meta["methods"]``) in the language, as it is where the catalogues lack
        it (:func:`svcdesign.engines.analytic_desk.method_label`)."""
        return method_label(label, self.language)

    def join(self, items: Iterable[str], separator: str = ", ") -> str:
        """Items joined with the language's comma or semicolon (Arabic and Persian write ، and ؛)."""
        if not self.english:
            separator = separator.replace(",", "،").replace(";", "؛")
        return separator.join(items)

    def days(self) -> dict[str, str]:
        """The weekdays' names in the language, by the short English names period labels use (``"Mon"``)."""
        return {short: self.tr(name) for short, name in DAYS.items()}

    def when(self, label: str) -> str:
        """A period label (``"Mon 08:15"``, ``"week 3"``) in the language: its weekday's name and digits."""
        if self.english:
            return label
        days = self.days()
        words = [days.get(w, w) for w in label.replace("week", self.tr("week")).split(" ")]
        return self.local(" ".join(words))
