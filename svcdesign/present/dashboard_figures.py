"""The staffing explorer's figures: empty plotly figures whose values the explorer fills in.

Each figure stacks its panels vertically (a panel's title above it, never beside another), keeps its
legend in a row above the plot and sizes to its container's width (``autosize``), so it reads the same
in a 390-pixel phone and a wide window. Every line and bar takes its colour from :data:`PALETTE`
(Okabe & Ito's palette, told apart by the common forms of colour blindness); the scenario as described
is grey, the what-if blue. Numbers follow one precision: percentages to one decimal, satisfaction
points to two, money whole with thousands separators.

Names and the currency come as the scenario holds them; each figure draws them through
:func:`~svcdesign.markup.plot_text`.

**Arabic and Persian.** Every word comes from the dashboard's catalogue and every number a reader sees is in
the language's digits: plotly.js has no digit system (``layout.separators`` sets only the decimal and
thousands marks), so a right-to-left figure carries its tick labels as explicit ``tickvals``/``ticktext`` and
its hover text as ``customdata`` written by :func:`local_numbers` (with :mod:`svcdesign.i18n.numbers`' digits),
which the explorer calls whenever it sets a figure's values. Titles and legends sit at the right. Axes: a
category axis (customer segments, the cost bars) is mirrored, read from the right as the text is; a time axis
(the week's days and hours, the weeks of the next 12 months) keeps time running left to right, the convention
of Arabic and Persian business and statistical charts (and of the report's figures: the blueprint lays its
stages out right to left because it is a diagram read like text, not a time axis).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.review import Wording
from ..markup import plot_text
from ..results import period_label
from .targets import target_digits

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
"""Okabe & Ito (2008), "Color universal design": blue, vermillion, bluish green, reddish purple, orange,
sky blue, black (their yellow is left out: it is unreadable on white)."""

AS_DESCRIBED_COLOUR = "#8c8c8c"
"""The scenario as described, in every figure (grey)."""
CHANGED_COLOUR = PALETTE[0]
"""The scenario with the user's changes, in every figure (blue)."""

AS_DESCRIBED = "scenario as described"
WITH_CHANGES = "with your changes"
_ENGLISH = Wording()


def _states(say: Wording) -> tuple[str, str]:
    """The two states every figure compares, in the language: as described, and with the changes."""
    tr = say.tr
    return tr("scenario as described"), tr("with your changes")


def _hover(say: Wording, english: str, line: str, spec: str, *, sign: str = "", x: Any = None, extra: str = ""):
    """A trace's hover: plotly's template ``english`` in English; in Arabic and Persian the ``line`` (``{x}``,
    ``{y}``) that :func:`local_numbers` writes per point in the language's digits (``spec``: the value's format,
    ``sign`` after it; ``x``: the points' labels, ``"number"``, or ``None`` for a category)."""
    if say.english:
        return {"hovertemplate": english}
    meta = {"hover": line, "y": spec, "sign": sign, "x": x}
    return {"hovertemplate": "%{customdata}<extra>" + extra + "</extra>", "meta": meta}


_FONT = {"family": "Open Sans, Arial, sans-serif", "size": 12}


def _panels(rows: int, titles: tuple[str, ...], spacing: float, shared: bool = False, rtl: bool = False) -> go.Figure:
    """A figure of ``rows`` panels stacked vertically, each titled above its left corner (right, ``rtl``)."""
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=shared, vertical_spacing=spacing, subplot_titles=titles)
    for annotation in fig.layout.annotations:  # the panel titles (the only annotations yet)
        annotation.update(x=1.0 if rtl else 0.0, xanchor="right" if rtl else "left", font={"size": 13})
    return fig


def _layout(fig: go.Figure, title: str, height: int, rtl: bool = False) -> None:
    """The layout every explorer figure shares: the title, then the legend in a row (or two, on a phone)
    under it, then the panels; sized to its container's width. Right to left (``rtl``): title and legend at the
    right; the axes keep their direction (see :mod:`.dashboard`)."""
    side = {"x": 1.0, "xanchor": "right"} if rtl else {"x": 0.0, "xanchor": "left"}
    fig.update_layout(
        title={"text": title, **side, "y": 1 - 8 / height, "yanchor": "top", "font": {"size": 15}},
        template="plotly_white",
        height=height,
        autosize=True,
        font=_FONT,
        legend={
            "orientation": "h",
            **side,
            "yref": "container",
            "y": 1 - 36 / height,
            "yanchor": "top",
            "title": None,
        },
        margin={"l": 64, "r": 16, "t": 112, "b": 56},
        hoverlabel={"namelength": -1},
    )


def _within(target: tuple[float, float | None] | None, say: Wording = _ENGLISH) -> str:
    """What the service-level panel counts: answered within the shared time, or each line's own."""
    tr = say.tr
    if target is None:
        return tr("answered in time")
    if target[1] is None:
        return tr("answered within target time")
    return tr("answered within {seconds} s", seconds=say.local(f"{target[1]:g}"))


def _target_lines(
    fig: go.Figure, target: tuple[float, float | None] | None, most_abandon: float | None, say: Wording
) -> None:
    """The service-level target (top panel) and the most abandonment allowed (bottom panel), dashed."""
    tr, rtl = say.tr, say.tr.direction == "rtl"
    if target:
        fig.add_hline(
            y=100 * target[0],
            line_dash="dash",
            line_color="#444",
            annotation_text=tr("target {share}", share=say.percent(target[0], target_digits(target[0]))),
            annotation_position="bottom left" if rtl else "bottom right",
            row=1,
            col=1,
        )
    if most_abandon is not None:
        fig.add_hline(
            y=100 * most_abandon,
            line_dash="dash",
            line_color="#444",
            annotation_text=tr("most {share}", share=say.percent(most_abandon, target_digits(most_abandon))),
            annotation_position="top left" if rtl else "top right",
            row=2,
            col=1,
        )


def service_figure(
    stages: list[str],
    periods: int,
    period_minutes: float,
    target: tuple[float, float | None] | None,
    most_abandon: float | None,
    *,
    desk: bool = False,
    say: Wording = _ENGLISH,
) -> go.Figure:
    """Service level and abandonment per interval, one line per stage that answers live.

    Parameters
    ----------
    stages:
        The stages answering live, in the chain's order (with a service desk, its live contact types first).
    periods, period_minutes:
        Number of intervals and their length (minutes).
    target:
        The front stage's service-level target ``(share, seconds)``, drawn as a dashed line; seconds
        ``None``: the lines' targets share the share but not the time (each within its own target time);
        ``None``: none.
    most_abandon:
        The front stage's largest acceptable abandonment (share), drawn as a dashed line; ``None``: none.
    desk:
        The lines are a service desk's contact types (then any live stages of the chain), named in the title.
    say:
        The language (default English).
    """
    tr, rtl = say.tr, say.tr.direction == "rtl"
    x = np.arange(periods)
    labels = [period_label(int(p), period_minutes) for p in x]
    per_day = max(1, int(1440 // period_minutes))
    ticks = list(range(0, periods, per_day))
    within = _within(target, say)
    titles = (tr("Service level: % {within}", within=within), tr("Abandonment: % of callers who give up"))
    fig = _panels(2, titles, 0.16, True, rtl)
    shown = labels if say.english else [say.when(label) for label in labels]
    hover = _hover(
        say,
        "%{customdata}: %{y:.1f}%<extra>%{fullData.name}</extra>",
        "{x}: {y}",
        ".1f",
        sign="%",
        x=shown,
        extra="%{fullData.name}",
    )
    for i, name in enumerate(stages):
        colour = PALETTE[i % len(PALETTE)]
        for row in (1, 2):
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=np.zeros(periods),
                    mode="lines",
                    name=plot_text(name),
                    legendgroup=plot_text(name),
                    showlegend=row == 1,
                    line={"color": colour, "width": 1.6, "dash": ("solid", "dot", "dash", "dashdot")[i % 4]},
                    customdata=labels if say.english else None,
                    **hover,
                ),
                row=row,
                col=1,
            )
    _target_lines(fig, target, most_abandon, say)
    fig.update_xaxes(tickvals=ticks, ticktext=[say.when(labels[t].rsplit(" ", 1)[0]) for t in ticks])
    fig.update_xaxes(title_text=tr("Day of the week (each tick: midnight)"), row=2, col=1)
    sign = say.local("%")
    fig.update_yaxes(title_text=sign, range=[0, 101], tickformat=".0f", row=1, col=1)
    fig.update_yaxes(title_text=sign, rangemode="tozero", tickformat=".0f", row=2, col=1)
    title = (
        tr("Service level and abandonment by contact type") if desk else tr("Service level and abandonment by stage")
    )
    _layout(fig, title, 520, rtl)
    local_numbers(fig, say)
    return fig


def customers_figure(segments: list[str], churn: bool = True, say: Wording = _ENGLISH) -> go.Figure:
    """Satisfaction and (unless ``churn`` is false: a public service) churn per segment, as described and
    with the changes (values set by the explorer), in ``say``'s language."""
    tr, rtl = say.tr, say.tr.direction == "rtl"
    titles = (tr("Satisfaction by segment (points, 0–10)"), tr("Churn by segment (% of customers per year)"))
    rows = 2 if churn else 1
    segments = [plot_text(name) for name in segments]
    fig = _panels(rows, titles[:rows], 0.2, rtl=rtl)
    hovers = [
        ("%{x}: %{y:.2f} " + tr("points"), "{x}: {y} " + tr("points"), ".2f", ""),
        ("%{x}: %{y:.1f}% " + tr("of customers per year"), "{x}: {y} " + tr("of customers per year"), ".1f", "%"),
    ][:rows]
    described, changed = _states(say)
    for label, colour in ((described, AS_DESCRIBED_COLOUR), (changed, CHANGED_COLOUR)):
        for row, (english, line, spec, sign) in enumerate(hovers, start=1):
            fig.add_trace(
                go.Bar(
                    x=segments,
                    y=np.zeros(len(segments)),
                    name=label,
                    marker_color=colour,
                    legendgroup=label,
                    showlegend=None if row == 1 else False,  # one legend entry per bar colour
                    **_hover(say, english + "<extra>" + label + "</extra>", line, spec, sign=sign, extra=label),
                ),
                row=row,
                col=1,
            )
    fig.update_yaxes(title_text=tr("points"), range=[0, 10], tickformat=".0f", row=1, col=1)
    if churn:
        fig.update_yaxes(title_text=tr("% per year"), rangemode="tozero", tickformat=".1f", row=2, col=1)
    fig.update_xaxes(title_text=tr("Customer segment"), row=rows, col=1)
    fig.update_layout(barmode="group")
    if rtl:  # categories, not time: read from the right
        fig.update_xaxes(autorange="reversed")
    title = tr("Customers: satisfaction and churn") if churn else tr("Customers: satisfaction")
    _layout(fig, title, 520 if churn else 380, rtl)
    local_numbers(fig, say)
    return fig


def _per_week_panel(fig: go.Figure, per_week: str, say: Wording) -> None:
    """The top panel of :func:`cost_figure`: employment cost as described and with the changes, and the budget
    (``per_week``: the unit in words)."""
    tr, staffing = say.tr, list(_states(say))
    fig.add_trace(
        go.Bar(
            x=staffing,
            y=[0, 0],
            marker_color=[AS_DESCRIBED_COLOUR, CHANGED_COLOUR],
            name=tr("employment cost"),
            showlegend=False,
            **_hover(say, "%{x}: %{y:,.0f} " + per_week + "<extra></extra>", "{x}: {y} " + per_week, ",.0f"),
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=staffing,
            y=[None, None],
            mode="lines",
            line={"dash": "dash", "color": "#000000", "width": 2},
            name=tr("weekly budget"),
            showlegend=False,  # shown only when a budget is set
            **_hover(
                say,
                tr("budget") + " %{y:,.0f} " + per_week + "<extra></extra>",
                tr("budget") + " {y} " + per_week,
                ",.0f",
            ),
        ),
        row=1,
        col=1,
    )


def cost_figure(currency: str, public: bool = False, say: Wording = _ENGLISH) -> go.Figure:
    """Employment cost against the budget (per week), and the change's staff cost saved, customer cost and
    net effect over a year with its plausible range (values set by the explorer), in ``say``'s language."""
    tr, rtl = say.tr, say.tr.direction == "rtl"
    currency = plot_text(currency)
    fig = _panels(
        2,
        (
            tr("Employment cost ({currency} per week)", currency=currency),
            tr("What your changes save and cost ({currency} per year; + = better)", currency=currency),
        ),
        0.22,
        rtl=rtl,
    )
    per_week, per_year = tr("{currency} per week", currency=currency), tr("{currency} per year", currency=currency)
    _per_week_panel(fig, per_week, say)
    customer = tr("cost of failure added") if public else tr("customers lost (lifetime margin)")
    net = tr("net effect")
    fig.add_trace(
        go.Bar(
            x=[tr("staff cost saved"), customer, net],
            y=[0, 0, 0],
            name=tr("per year"),
            marker_color=[PALETTE[2], PALETTE[1], PALETTE[0]],
            showlegend=False,
            **_hover(say, "%{x}: %{y:,.0f} " + per_year + "<extra></extra>", "{x}: {y} " + per_year, ",.0f"),
        ),
        row=2,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[net, net],
            y=[None, None],
            mode="lines+markers",
            line={"color": "#000000"},
            marker={"symbol": "line-ew-open", "size": 16, "line": {"width": 2}},
            name=tr("plausible range of the net effect ({low}–{high})", low=say.local("5%"), high=say.local("95%")),
            **_hover(
                say,
                "%{y:,.0f} " + per_year + "<extra>" + tr("plausible range") + "</extra>",
                "{y} " + per_year,
                ",.0f",
                extra=tr("plausible range"),
            ),
        ),
        row=2,
        col=1,
    )
    fig.update_yaxes(
        title_text=tr("{currency}/week", currency=currency), rangemode="tozero", tickformat=",.0f", row=1, col=1
    )
    fig.update_yaxes(
        title_text=tr("{currency}/year", currency=currency), tickformat=",.0f", zeroline=True, row=2, col=1
    )
    fig.update_xaxes(title_text=tr("Effect of your changes over a year"), row=2, col=1)
    if rtl:  # categories, not time: read from the right
        fig.update_xaxes(autorange="reversed")
    _layout(fig, tr("Cost against savings"), 540, rtl)
    local_numbers(fig, say)
    return fig


def months_figure(currency: str, change_week: int, say: Wording = _ENGLISH) -> go.Figure:
    """The next 12 months: cumulative net saving, and staff with and without the change (values set later), in
    ``say``'s language; the weeks run left to right in every language (a time axis)."""
    tr, rtl = say.tr, say.tr.direction == "rtl"
    currency = plot_text(currency)
    titles = (tr("Cumulative net saving ({currency})", currency=currency), tr("Staff (full-time equivalents)"))
    fig = _panels(2, titles, 0.16, True, rtl)
    week = tr("week") + " %{x}: "
    fte = _hover(
        say,
        week + "%{y:.1f} " + tr("FTE") + "<extra>%{fullData.name}</extra>",
        tr("week") + " {x}: {y} " + tr("FTE"),
        ".1f",
        x="number",
        extra="%{fullData.name}",
    )
    net = _hover(
        say,
        week + "%{y:,.0f} " + currency + "<extra></extra>",
        tr("week") + " {x}: {y} " + currency,
        ",.0f",
        x="number",
    )
    traces: tuple[tuple[str, dict[str, Any], dict[str, Any], int], ...] = (
        (tr("net saving (cumulative)"), {"color": PALETTE[2]}, net, 1),
        (tr("staff, as described"), {"color": AS_DESCRIBED_COLOUR, "dash": "dash"}, fte, 2),
        (tr("staff, with your changes"), {"color": CHANGED_COLOUR}, fte, 2),
    )
    for name, line, hover, row in traces:
        fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name=name, line=line, **hover), row=row, col=1)
    fig.add_hline(y=0, line_color="#888", row=1, col=1)
    fig.add_vline(x=change_week, line_dash="dot", line_color="#444", annotation_text=tr("change made"))
    fig.update_xaxes(dtick=4, tickformat="d")
    fig.update_xaxes(title_text=tr("Week from now"), row=2, col=1)
    fig.update_yaxes(title_text=currency, tickformat=",.0f", row=1, col=1)
    fig.update_yaxes(title_text=tr("FTE"), row=2, col=1)
    _layout(fig, tr("The next 12 months"), 520, rtl)
    local_numbers(fig, say)
    return fig


def _nice_ticks(low: float, high: float) -> np.ndarray:
    """About five round tick values (steps of 1, 2, 2.5 or 5 × a power of ten) covering ``low``–``high``."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        high = low + 1.0 if math.isfinite(low) else 1.0
        low = low if math.isfinite(low) else 0.0
    raw = (high - low) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw)
    first, last = math.floor(low / step) * step, math.ceil(high / step) * step
    return np.round(np.arange(first, last + step / 2, step), 10)


def _axis_values(fig: go.Figure, axis: str) -> list[float]:
    """Every finite value the traces on y-axis ``axis`` (``"y"``, ``"y2"``) draw, and 0 when it starts at zero."""
    values: list[float] = []
    for trace in fig.data:
        if (trace.yaxis or "y") == axis and trace.y is not None:
            values.extend(float(v) for v in trace.y if v is not None and math.isfinite(float(v)))
    for shape in fig.layout.shapes:  # the dashed target lines (add_hline): plotly's autorange includes them
        if (shape.yref or "y") == axis and shape.y0 is not None:
            values.append(float(shape.y0))
    if fig.layout[axis.replace("y", "yaxis", 1)].rangemode == "tozero":
        values.append(0.0)
    return values


def _tick_spec(ticks: np.ndarray, tickformat: str | None) -> str:
    """The format of an axis's tick labels: its ``tickformat``'s grouping and decimals, with more decimals
    where the ticks' step needs them (a step of 0.2 on a whole-number axis)."""
    fmt = tickformat or ",.0f"
    decimals = int(fmt.split(".")[-1].rstrip("f") or 0) if "." in fmt else 0
    while decimals < 6 and not np.allclose(np.round(ticks, decimals), ticks, rtol=0, atol=1e-9):
        decimals += 1
    return f"{',' if ',' in fmt else ''}.{decimals}f"


def local_numbers(fig: go.Figure, say: Wording) -> None:
    """Write ``fig``'s tick labels and hover text in ``say``'s digits (nothing in English: plotly's own
    formats are the English text). Y-axes: round ticks over the axis's fixed range, or else over the values its
    traces draw; x-axes of whole numbers (weeks): every ``dtick`` up to the last value drawn. Traces whose
    ``meta`` holds a ``"hover"`` line (``{x}`` and ``{y}`` placeholders), the value's format ``"y"`` (a Python
    format spec, and ``"sign"`` after it) and ``"x"`` (the points' labels, ``"number"`` or ``None`` for a
    category) get that line per point as ``customdata`` (their hover template shows it)."""
    if say.english:
        return
    for axis in fig.select_yaxes():
        values = list(axis.range) if axis.range else _axis_values(fig, axis.plotly_name.replace("yaxis", "y", 1))
        if not values:
            continue
        ticks = _nice_ticks(min(values), max(values))
        if axis.range:
            ticks = ticks[(ticks >= axis.range[0]) & (ticks <= axis.range[1])]
        spec = _tick_spec(ticks, axis.tickformat)
        _set_ticks(axis, [float(t) for t in ticks], [say.local(format(float(t), spec)) for t in ticks])
    last = max((max(t.x) for t in fig.data if t.x is not None and len(t.x)), default=None)
    for axis in fig.select_xaxes():
        if axis.dtick and axis.tickformat == "d" and last is not None:  # whole numbers along x (weeks)
            weeks = list(range(0, int(last) + 1, int(axis.dtick)))
            _set_ticks(axis, weeks, [say.local(str(t)) for t in weeks])
    for trace in fig.data:
        meta = trace.meta if isinstance(trace.meta, dict) else None
        if meta and "hover" in meta and trace.y is not None:
            lines = _hover_lines(trace, meta, say)
            if trace.customdata is None or tuple(trace.customdata) != tuple(lines):
                trace.customdata = np.array(lines, dtype=object)  # an array: plotly copies it, not walks it


def _set_ticks(axis: Any, values: list, labels: list[str]) -> None:
    """Set an axis's explicit ticks, only when they change (every change is sent to the browser)."""
    if axis.tickvals is None or list(axis.tickvals) != values or list(axis.ticktext) != labels:
        axis.update(tickvals=values, ticktext=labels)


def _hover_lines(trace: Any, meta: dict[str, Any], say: Wording) -> list[str]:
    """A trace's hover line per point in the language's digits (see :func:`local_numbers`)."""
    ys = [None if y is None else float(y) for y in trace.y]
    xs = list(trace.x) if trace.x is not None else [""] * len(ys)
    spec, sign = meta["y"], meta.get("sign", "")
    # every value written in English, then all of them put in the language's symbols and digits at once
    values = say.local("\n".join("" if y is None or not math.isfinite(y) else format(y, spec) + sign for y in ys))
    labels = meta.get("x")
    if isinstance(labels, (list, tuple)):
        x_texts = [labels[int(x)] if 0 <= int(x) < len(labels) else "" for x in xs]
    elif labels == "number":
        x_texts = say.local("\n".join(str(int(x)) for x in xs)).split("\n")
    else:
        x_texts = [str(x) for x in xs]
    line = meta["hover"]
    return [
        line.replace("{x}", x_text).replace("{y}", value or "–")
        for x_text, value in zip(x_texts, values.split("\n"), strict=True)
    ]


__all__ = [
    "AS_DESCRIBED_COLOUR",
    "CHANGED_COLOUR",
    "PALETTE",
    "cost_figure",
    "customers_figure",
    "local_numbers",
    "months_figure",
    "service_figure",
]
