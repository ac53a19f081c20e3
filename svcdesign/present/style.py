"""The look the views share: a colour-blind-safe palette.

**Palette.** Okabe, M. and Ito, K. (2008), "Color universal design (CUD): how to make figures and
presentations that are friendly to colorblind people" (J*Fly, jfly.uni-koeln.de/color): eight colours
told apart with every common colour-vision deficiency. The report's figures draw their lines, bars and
flows in them; vermillion marks what fails or hurts, blue what holds.

**Numbers** are written by :mod:`svcdesign.display`, one way for each kind, in every layer.
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
    "nice_step",
    "rgba",
]
