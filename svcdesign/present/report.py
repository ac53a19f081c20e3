"""Self-contained HTML reports: figures (plotly.js embedded once, so the file works offline), tables,
the assumptions behind the numbers and their sources.

``report(scenario, path, options={...})`` evaluates the scenario and each option (a what-if variant:
``scenario.with_overrides(...)``) with the analytic engine and the customer models, and writes one
HTML file a consultant can hand to a client: a comparison of the options, the per-stage summary,
service level across the week, the chain as a Sankey diagram, the service blueprint, the customer
journey, the scenario's own sources and the assumptions table rows the customer models used (each
with its kind — measured, published estimate, practitioner claim, modelling choice — and source).
The file is written atomically: on any error nothing is left half-written.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ..engines.analytic import evaluate
from .._files import write_atomic
from ..errors import InputError
from ..model import Scenario
from ..results import ALL, Results, metric_info
from .blueprint import blueprint
from .figures import timeline
from .journey import journey
from .sankey import sankey
from ..markup import html_text

COMPARE_METRICS = ("customers", "fcr", "p_abandon_any", "time_to_resolution", "contacts_per_resolution",
                   "staff_cost", "employment_cost", "satisfaction", "nps", "churn", "revenue_at_risk")
"""End-to-end figures compared across options (those the results hold)."""

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
h1{font-size:1.7em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.88em;margin:.6em 0} th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f4f4f4} td:first-child,th:first-child{text-align:left} .note{color:#555;font-size:.9em}
.warn{color:#b00} .claim{background:#fff4e0}
"""


def _options(scenario: Scenario, options: Mapping[str, Scenario] | Iterable[Scenario] | None) -> dict[str, Scenario]:
    out = {"as described": scenario}
    if options is None:
        return out
    items = options.items() if isinstance(options, Mapping) else ((o.name, o) for o in options)
    for name, option in items:
        if not isinstance(option, Scenario):
            raise InputError(f"options[{name!r}]", type(option).__name__, "a Scenario (e.g. scenario.with_overrides({...}))")
        if name in out:
            raise InputError("options", name, "option names that differ from each other and from 'as described'")
        out[str(name)] = option
    return out


def _table_html(frame: pd.DataFrame, classes: str = "") -> str:
    return frame.to_html(na_rep="", classes=classes, border=0, escape=True, float_format=lambda v: f"{v:,.3g}" if abs(v) < 1000 else f"{v:,.0f}")


def _comparison(runs: Mapping[str, Results], currency: str) -> pd.DataFrame:
    rows = {}
    for name, results in runs.items():
        h = results.horizon()
        row = h.xs(ALL, level="stage").iloc[0]
        rows[name] = row
    frame = pd.DataFrame(rows).T
    out = pd.DataFrame(index=frame.index)
    for metric in COMPARE_METRICS:
        if metric not in frame.columns:
            continue
        info = metric_info(metric)
        unit = "%" if info.unit == "share" else currency if info.unit == "currency" else \
            info.unit.replace("currency", currency)
        factor = 100.0 if info.unit == "share" else 1.0
        out[f"{info.label} ({unit})"] = frame[metric].astype(float) * factor
    if "churn" in frame.columns:
        out[f"{metric_info('churn').label} (%/year)"] = frame["churn"].astype(float) * 100.0
        out = out.drop(columns=[c for c in out.columns if c.startswith(metric_info("churn").label + " (share")])
    return out.round(3)


def _assumptions(runs: Mapping[str, Results]) -> pd.DataFrame:
    """Assumption rows behind the results (value as used, unit, kind, source), per option."""
    from ..response import assumptions_behind

    frames = [assumptions_behind(results) for results in runs.values()
              if "experience_index" in set(results.data["metric"].unique())]
    if not frames:
        return pd.DataFrame()
    frame = pd.concat(frames)
    frame = frame[~frame.index.duplicated(keep="first")]
    return frame[["value", "unit", "kind", "meaning", "source"]]


def report(scenario: Scenario, path: str | os.PathLike, *, options: Mapping[str, Scenario] | Iterable[Scenario] | None = None,
           title: str | None = None, intro: str = "", extra: Mapping[str, go.Figure | pd.DataFrame | str] | None = None,
           customers: bool = True, progress: bool = True) -> Path:
    """Write a self-contained HTML report on ``scenario`` (and what-if ``options``) to ``path``.

    Parameters
    ----------
    scenario:
        The service as described (the baseline).
    path:
        Output ``.html`` file (parent folders must exist). Written atomically.
    options:
        What-if variants to compare, ``{name: Scenario}`` or a list (named by ``Scenario.name``).
    title, intro:
        Heading and an introductory paragraph (plain text).
    extra:
        More sections, ``{heading: figure, table or plain text}``, added after the standard ones
        (e.g. a calibration table from a contact log). Tables and text are escaped; a figure is
        embedded as given (build its labels from user text with :func:`svcdesign.markup.plot_text`).
    customers:
        Also run the customer models (satisfaction, churn, employment cost); on by default.
    progress:
        Show a progress bar (tqdm) while evaluating the options.

    Returns
    -------
    Path
        The report file. It holds plotly.js once, inline: no network is needed to open it.
    """
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError("path", str(path), "a file name ending in .html")
    if not path.parent.is_dir():
        raise InputError("path", str(path), "a file in an existing folder")
    variants = _options(scenario, options)
    runs: dict[str, Results] = {}
    items = list(variants.items())
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(items) + 1, desc="Report", unit="step")
    for name, variant in items:
        results = evaluate(variant, staffing=False)
        if customers:
            from ..response import assess
            results = assess(variant, results)
        runs[name] = results
        if bar is not None:
            bar.update(1)
    base = runs["as described"]
    currency = scenario.organisation.currency
    figures: list[tuple[str, go.Figure | pd.DataFrame | str]] = []
    if len(runs) > 1:
        figures.append(("Options compared (whole week, end to end)", _comparison(runs, currency)))
    figures.append(("Per stage (as described)", base.summary()))
    figures.append(("Service level across the week", timeline(base, "service_level",
                                                              target=100 * scenario.targets.service_level
                                                              if scenario.targets.service_level else None)))
    figures.append(("Flows through the chain", sankey(scenario, base)))
    figures.append(("Service blueprint", blueprint(scenario, base)))
    if customers:
        figures.append(("Customer journey", journey(scenario, base)))
    for name, item in (extra or {}).items():
        figures.append((str(name), item))

    parts = [f"<h1>{html_text(title or f'Service review: {scenario.name}')}</h1>",
             f"<p class='note'>Generated by svcdesign on {_dt.date.today().isoformat()} with the analytic engine "
             "(SIPP Erlang A/C per 15-minute interval)" + (" and the customer models" if customers else "") + ".</p>"]
    if intro:
        parts.append(f"<p>{html_text(intro)}</p>")
    if scenario.notes:
        parts.append(f"<p class='note'>{html_text(scenario.notes)}</p>")
    for name, results in runs.items():
        for warning in results.warnings:
            parts.append(f"<p class='warn'>⚠ {html_text(name)}: {html_text(warning)}</p>")
    first_figure = True
    for heading, item in figures:
        parts.append(f"<h2>{html_text(heading)}</h2>")
        if isinstance(item, go.Figure):
            parts.append(pio.to_html(item, full_html=False, include_plotlyjs=True if first_figure else False,
                                     config={"displaylogo": False}))
            first_figure = False
        elif isinstance(item, pd.DataFrame):
            parts.append(_table_html(item))
        else:
            parts.append(f"<p>{html_text(str(item))}</p>")
    if len(runs) > 1:
        parts.append("<h2>The options</h2><ul>")
        for name, variant in variants.items():
            if name == "as described":
                continue
            changed = _changes(scenario, variant)
            parts.append(f"<li><b>{html_text(name)}</b>: {html_text(changed)}</li>")
        parts.append("</ul>")
    parts.append("<h2>Sources of the scenario's numbers</h2><ul>")
    parts.extend(f"<li>{html_text(s)}</li>" for s in scenario.sources)
    parts.append("</ul>" if scenario.sources else "<li>none given</li></ul>")
    table = _assumptions(runs)
    if not table.empty:
        parts.append("<h2>Assumptions used and their sources</h2><p class='note'>Rows of svcdesign's assumptions "
                     "table the customer models used (overridable per scenario). Practitioner claims are highlighted: "
                     "they are claims, not measurements.</p>")
        styled = table.copy()
        body = _table_html(styled)
        for claim in styled.index[styled["kind"] == "practitioner claim"]:
            body = body.replace(f"<th>{html_text(claim)}</th>", f"<th class='claim'>{html_text(claim)} (practitioner claim)</th>")
        parts.append(body)
    document = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html_text(title or scenario.name)}"
                f"</title><style>{_CSS}</style></head><body>{''.join(parts)}</body></html>")
    write_atomic(path, document)
    if bar is not None:
        bar.update(1)
        bar.close()
    return path


def _changes(base: Scenario, variant: Scenario) -> str:
    """The fields that differ between two scenarios, as dotted paths (for the options list)."""
    a, b = base.to_dict(), variant.to_dict()
    out: list[str] = []

    def walk(x, y, where: str) -> None:
        if isinstance(x, dict) and isinstance(y, dict):
            for key in sorted(set(x) | set(y)):
                if key in ("name",) and not where:
                    continue
                walk(x.get(key), y.get(key), f"{where}.{key}" if where else key)
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for i, (p, q) in enumerate(zip(x, y)):
                label = p.get("name", i) if isinstance(p, dict) else i
                walk(p, q, f"{where}.{label}")
        elif x != y:
            out.append(f"{where}: {'default' if x is None else repr(x)} → {'default' if y is None else repr(y)}")

    walk(a, b, "")
    return "; ".join(out) if out else "no change"


