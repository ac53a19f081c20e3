"""Small plotly figures the lessons share: side-by-side bars and lines over time, titled with units.

Row, column and line names are drawn as literal text (:func:`svcdesign.markup.plot_text`);
titles are the lessons' own text. A panel's unit is the bracketed end of its column name — "(%)",
"(GBP)", "(USD a year)", "(hours)" — and sets how its numbers are written (:func:`value_text`):
percentages with a % sign, money with its currency and thousands separators, never in e-notation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..i18n import DEFAULT, check_language
from ..i18n.numbers import local_digits
from ..markup import plot_text
from .language import fill, say, tr

COLOURS = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2")
CURRENCY_SIGNS = {"GBP": "£", "EUR": "€", "USD": "$"}
"""Currencies written with their sign; any other three-letter code is written after the amount."""
OVERLOADED = tr("∞ overloaded")
"""The label of an option whose queue grows without limit (an infinite value)."""
OVERLOADED_SHARE = tr("overloaded")
"""The label of a share a queue has none of because it is overloaded (within a target: no steady state)."""
_UNIT = re.compile(r"\(([^()]*)\)\s*$")
_CODE = re.compile(r"^([A-Z]{3})\b")


def unit_of(name: str) -> str:
    """The unit in the bracketed end of a column name: ``"Staff cost a week (GBP)"`` → ``"GBP"``."""
    found = _UNIT.search(name)
    return found.group(1).strip() if found else ""


def currency_of(unit: str) -> str | None:
    """The currency code a unit starts with (``"USD a year"`` → ``"USD"``), or None."""
    found = _CODE.match(unit)
    return found.group(1) if found else None


_SIGNS = str.maketrans({".": "\u066b", ",": "\u066c", "%": "\u066a"})
"""Decimal point, thousands separator and percent sign as Arabic and Persian write them (٫ ٬ ٪)."""


def local_text(text: str, language: str = DEFAULT) -> str:
    """A number written by :func:`value_text` (``85.3%``, ``£30,805``) in ``language``'s digits, decimal point,
    thousands separator and percent sign (``۸۵٫۳٪``); English text unchanged."""
    if check_language(language) == DEFAULT:
        return text
    return local_digits(text.translate(_SIGNS), language)


def value_text(value: float, unit: str = "", language: str = DEFAULT) -> str:
    """A number as a learner reads it, in ``unit``: ``85.3%``, ``£30,805``, ``1,234``, ``12.2``, ``0.25``
    (a value that rounds to zero without a sign, never ``−0.00``); an infinite value (an overloaded queue) as
    "∞ overloaded", a missing one as "not defined". In Arabic and Persian, in their digits and signs
    (:func:`local_text`)."""
    if check_language(language) != DEFAULT:
        if math.isnan(value) or math.isinf(value):
            return say(tr("not defined") if math.isnan(value) else OVERLOADED, language)
        return local_text(value_text(value, unit), language)
    if math.isnan(value):
        return "not defined"
    if math.isinf(value):
        return OVERLOADED
    size = abs(value)
    if unit == "%":
        amount, written = f"{size:.1f}", "{minus}{amount}%"
    elif code := currency_of(unit):
        amount = f"{size:,.0f}" if size >= 100 else f"{size:,.2f}"
        sign = CURRENCY_SIGNS.get(code)
        written = f"{{minus}}{sign}{{amount}}" if sign else f"{{minus}}{{amount}} {code}"
    elif size == 0:
        return "0"
    else:
        amount, written = f"{size:,.{0 if size >= 100 else 1 if size >= 10 else 2}f}", "{minus}{amount}"
    minus = "−" if value < 0 and any(digit in amount for digit in "123456789") else ""  # never −0
    return written.format(minus=minus, amount=amount)


def _axis_format(unit: str) -> dict[str, str]:
    """Tick prefix and suffix of a panel's value axis."""
    if unit == "%":
        return {"ticksuffix": "%"}
    code = currency_of(unit)
    if code in CURRENCY_SIGNS:
        return {"tickprefix": plot_text(CURRENCY_SIGNS[code]), "tickformat": ",.0f"}
    return {}


def panels(
    values: pd.DataFrame,
    title: str,
    *,
    targets: Mapping[str, float] | None = None,
    columns: int | None = None,
    language: str = DEFAULT,
    overloaded: pd.DataFrame | None = None,
) -> go.Figure:
    """One small bar chart per column of ``values`` (its name carries the unit), one bar per row
    (e.g. "today" and "with the change"); a dashed line marks a target where given.

    Every option draws: a value of 0 shows as "0" on the axis; an infinite value (a queue without
    steady state) as a hatched bar to the top of its panel labelled "∞ overloaded"; a cell that
    ``overloaded`` (booleans, labelled as ``values``; missing cells are False) marks — a share within a
    target of a queue the engine flags overloaded, which has no such share — as a hatched bar at 0
    labelled "overloaded". A row with either is named "(overloaded)" in every panel. A missing value
    shows as "not defined". A panel's axis always includes 0 and never runs below it unless a value does.
    Names and the title come in ``language``; the numbers and the target's label are written in it.
    """
    names = list(values.columns)
    columns = columns or len(names)
    rows = -(-len(names) // columns)
    data = values.astype(float)
    flagged = (
        np.zeros(data.shape, dtype=bool)
        if overloaded is None
        else overloaded.reindex(index=data.index, columns=data.columns, fill_value=False).to_numpy(dtype=bool)
    )
    overloaded_rows = (np.isinf(data.to_numpy()) | flagged).any(axis=1)
    labels = [
        plot_text(fill(tr("{name} (overloaded)"), {"name": x}, language) if over else x)
        for x, over in zip(values.index, overloaded_rows, strict=True)
    ]
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[plot_text(n) for n in names],
        horizontal_spacing=0.08,
        vertical_spacing=0.22,
    )
    for i, name in enumerate(names):
        r, c = divmod(i, columns)
        cell = (r + 1, c + 1)
        _panel(fig, cell, name, data[name].to_numpy(), flagged[:, i], labels, (targets or {}).get(name), language)
    fig.update_layout(title=title, height=300 * rows + 60, margin=dict(t=90, l=50, r=20, b=40))
    fig.update_annotations(font_size=12)
    return fig


def _panel(
    fig: go.Figure,
    cell: tuple[int, int],
    name: str,
    column: np.ndarray,
    shares: np.ndarray,
    labels: list[str],
    target: float | None,
    language: str,
) -> None:
    """One panel of :func:`panels` at ``cell`` (row, column): the bars of ``column`` (``shares``: the cells
    drawn as an overloaded queue's share), its axis and its target line."""
    unit = unit_of(name)
    finite = column[np.isfinite(column) & ~shares]
    reach = [*finite, 0.0, *([target] if target is not None else [])]
    high, low = max(reach), min(reach)
    top = 1.4 * (high if high > 0 else max(-low, 1.0))  # an overloaded option's bar: well above the rest
    heights = [
        0.0 if share else v if np.isfinite(v) else math.copysign(top, v) if np.isinf(v) else 0.0
        for v, share in zip(column, shares, strict=True)
    ]
    texts = [
        say(OVERLOADED_SHARE, language) if share else value_text(v, unit, language)
        for v, share in zip(column, shares, strict=True)
    ]
    fig.add_trace(
        go.Bar(
            x=labels,
            y=heights,
            marker=dict(
                color=list(COLOURS[: len(column)]),
                pattern=dict(
                    shape=["/" if np.isinf(v) or share else "" for v, share in zip(column, shares, strict=True)],
                    solidity=0.4,
                ),
            ),
            showlegend=False,
            text=[plot_text(text) for text in texts],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra>" + plot_text(name) + "</extra>",
        ),
        row=cell[0],
        col=cell[1],
    )
    upper, lower = max(high, top if np.isinf(column).any() else 0.0), min(low, 0.0)
    upper = upper if upper or lower else 1.0  # all zero: an axis from 0 to 1, not −1 to 1
    pad = 0.15 * (upper - lower)  # room for the labels above (and below) the bars
    fig.update_yaxes(
        range=[lower - pad if lower < 0 else 0.0, upper + pad], **_axis_format(unit), row=cell[0], col=cell[1]
    )
    if target is not None:
        _target_line(fig, target, unit, cell, language)


def _target_line(fig: go.Figure, target: float, unit: str, cell: tuple[int, int], language: str) -> None:
    """A dashed line at ``target`` in the panel at ``cell`` (row, column), labelled "target …" in ``language``."""
    fig.add_hline(
        y=target,
        line_dash="dash",
        line_color="#444",
        row=cell[0],
        col=cell[1],
        annotation_text=plot_text(fill(tr("target {value}"), {"value": value_text(target, unit, language)}, language)),
        annotation_position="top left",
    )


def lines(
    frame: pd.DataFrame, title: str, *, x_title: str, y_title: str, marks: Sequence[tuple[float, str]] = ()
) -> go.Figure:
    """One line per column of ``frame`` against its index; vertical dotted lines at ``marks``."""
    fig = go.Figure()
    for i, name in enumerate(frame.columns):
        fig.add_trace(
            go.Scatter(
                x=frame.index,
                y=frame[name],
                mode="lines",
                name=plot_text(name),
                line=dict(color=COLOURS[i % len(COLOURS)]),
            )
        )
    for x, label in marks:
        fig.add_vline(x=x, line_dash="dot", line_color="#444", annotation_text=label)
    fig.update_layout(
        title=title,
        xaxis_title=x_title,
        yaxis_title=y_title,
        height=420,
        legend=dict(orientation="h", y=-0.2),
        margin=dict(t=70, l=60, r=20, b=40),
    )
    return fig
