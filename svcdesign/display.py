"""One way of writing each kind of number for people, wherever a view, a report or a sentence shows it.

A wait is written in seconds below ten minutes, in minutes below three hours and in hours above
(:func:`wait_text`: the blueprint, the report's tables and the report's sentences alike); a share in
percent with one decimal (:func:`percent`); counts and money in whole units with thousands separators
(:func:`number`); a change with its sign (:func:`signed`); never ``-0``. The layers above import these
rather than format numbers themselves, so two parts of the product never write the same number two ways.
"""

from __future__ import annotations

import math


def number(value: float, digits: int = 0) -> str:
    """``value`` with thousands separators and ``digits`` decimals; never ``-0`` (a value that rounds
    to zero is written without its sign); ``"–"`` for a missing value."""
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{value:,.{digits}f}"
    return text[1:] if text.startswith("-") and float(text[1:].replace(",", "")) == 0 else text


def signed(value: float, digits: int = 0) -> str:
    """``value`` with its sign (``+1,234``, ``−56``; ``0`` unsigned), thousands separators, ``digits`` decimals."""
    text = number(value, digits)
    if text in ("–",) or float(text.replace(",", "")) == 0:
        return text
    return "+" + text if value > 0 else "−" + text[1:]


def percent(share: float, digits: int = 1) -> str:
    """A share (0–1) in percent: ``0.2961`` → ``"29.6%"``."""
    return "–" if share is None or not math.isfinite(share) else number(100.0 * share, digits) + "%"


def wait_text(seconds: float, digits: int = 0) -> str:
    """A mean wait or another duration for display: whole seconds below 10 minutes, minutes below 3 hours,
    else hours (``∞ (overloaded)`` when the queue has no steady state). Minutes carry ``digits`` decimals
    and hours ``max(digits, 1)``: a result shows whole minutes, a setting typed by a user one decimal."""
    if seconds is None or math.isnan(seconds):
        return "–"
    if not math.isfinite(seconds):
        return "∞ (overloaded)"
    if seconds < 600:
        return f"{number(seconds)} s"
    if seconds < 3 * 3600:
        return f"{number(seconds / 60, digits)} min"
    return f"{number(seconds / 3600, max(digits, 1))} h"


def duration_text(seconds: float) -> str:
    """A handle time for display: minutes with one decimal below two hours, else hours."""
    if seconds is None or not math.isfinite(seconds):
        return "n/a"
    return f"{number(seconds / 60, 1)} min" if seconds < 7200 else f"{number(seconds / 3600, 1)} h"


__all__ = ["duration_text", "number", "percent", "signed", "wait_text"]
