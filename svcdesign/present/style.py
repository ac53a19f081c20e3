"""The look the views share: a colour-blind-safe palette and one way of writing each kind of number.

**Palette.** Okabe, M. and Ito, K. (2008), "Color universal design (CUD): how to make figures and
presentations that are friendly to colorblind people" (J*Fly, jfly.uni-koeln.de/color): eight colours
told apart with every common colour-vision deficiency. The report's figures draw their lines, bars and
flows in them; vermillion marks what fails or hurts, blue what holds.

**Numbers.** A quantity is written the same way wherever a view shows it: a wait in seconds below ten
minutes, in minutes below three hours and in hours above (:func:`wait_text`, the blueprint and the
report's tables alike); shares in percent with one decimal; money in whole currency units with
thousands separators; never ``-0``.
"""

from __future__ import annotations

import math

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
"""The Okabe–Ito palette (Okabe & Ito 2008), in the order lines and bars take it."""

BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW, BLACK = OKABE_ITO
GREY = "#6E6E6E"
"""A neutral grey for the baseline and for text that explains (contrast 5.1 : 1 on white)."""

LINE_COLOURS = (BLUE, GREEN, ORANGE, PURPLE, SKY, BLACK)
"""Colours for lines that must not be read as alarms (no vermillion: it marks what fails or hurts)."""


def rgba(colour: str, alpha: float) -> str:
    """``colour`` (``"#RRGGBB"``) with opacity ``alpha`` (0–1), as plotly's ``"rgba(r,g,b,a)"``."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"


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


def wait_text(seconds: float) -> str:
    """A mean wait for display: seconds below 10 minutes, minutes below 3 hours, else hours
    (``∞ (overloaded)`` when the queue has no steady state)."""
    if seconds is None or math.isnan(seconds):
        return "–"
    if not math.isfinite(seconds):
        return "∞ (overloaded)"
    if seconds < 600:
        return f"{number(seconds)} s"
    if seconds < 3 * 3600:
        return f"{number(seconds / 60)} min"
    return f"{number(seconds / 3600, 1)} h"


def duration_text(seconds: float) -> str:
    """A handle time for display: minutes with one decimal below two hours, else hours."""
    if seconds is None or not math.isfinite(seconds):
        return "n/a"
    return f"{number(seconds / 60, 1)} min" if seconds < 7200 else f"{number(seconds / 3600, 1)} h"


def nice_step(largest: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 × a power of ten) so that ``ticks`` steps cover ``largest``."""
    if not math.isfinite(largest) or largest <= 0:
        return 1.0
    raw = largest / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)


__all__ = [
    "BLACK",
    "BLUE",
    "GREEN",
    "GREY",
    "LINE_COLOURS",
    "OKABE_ITO",
    "ORANGE",
    "PURPLE",
    "SKY",
    "VERMILLION",
    "YELLOW",
    "duration_text",
    "nice_step",
    "number",
    "percent",
    "rgba",
    "signed",
    "wait_text",
]
