"""Presentation: plotly figures, the ipywidgets staffing explorer and self-contained HTML reports.

Present draws only: the numbers come from :mod:`svcdesign.explore` (flows, comparisons, journeys, the
staffing what-ifs, the review behind a report), never from an engine called here.

- :func:`timeline` — one metric per period across the horizon;
- :func:`sankey` — contacts through the chain (resolved, escalated, transferred, abandoned, repeats);
- :func:`blueprint` — a service blueprint annotated with the engine's figures;
- :func:`journey` — a segment's touchpoints in order with the experience model's score at each;
- :func:`comparison_figure` — options against a baseline (:func:`svcdesign.explore.compare`);
- :func:`backtest_figure` — predicted against observed per interval (:func:`svcdesign.explore.backtest`);
  :func:`dated_backtest_figure` — an out-of-sample backtest by hour with its error band;
- :func:`forecast_figure` — a demand forecast's fan chart; :func:`forecast_errors_figure` — a rolling-origin
  backtest's MASE and interval coverage by horizon; :func:`cover_figure` — plans staffed for quantiles of
  demand under demand at each quantile (:func:`svcdesign.explore.cover_for_forecast`);
- :func:`patience_figure` — a calibration's patience: Kaplan–Meier against the fitted exponential;
- :func:`frontier_figure`, :func:`sensitivity_figure`, :func:`schedule_figure` — an efficient frontier, a
  tornado or Sobol indices, a shift schedule (:mod:`svcdesign.explore`);
- :class:`StaffingExplorer` — the manager's staffing explorer (ipywidgets; also a Voila dashboard);
- :func:`report` — a self-contained HTML report (plotly.js embedded, works offline);
- :func:`tables_to_excel`, :func:`figure_to_image`, :func:`html_to_pdf` — exports: tables to an Excel
  workbook, a figure to PNG or SVG, a report to PDF (:mod:`.exports`).

Every view shows the text of a scenario (names, notes, sources, currency) as text, never as markup or
script: :mod:`svcdesign.markup` holds the escaping for HTML (``html_text``) and for plotly (``plot_text``).
"""

from .backtest import backtest_figure, dated_backtest_figure
from .blueprint import blueprint
from .calibration import patience_figure
from .comparison import comparison_figure
from .exports import figure_to_image, html_to_pdf, tables_to_excel
from .figures import timeline
from .forecast_figures import cover_figure, forecast_errors_figure, forecast_figure
from .frontier import frontier_figure
from .journey import journey
from .report import report
from .sankey import sankey
from .sensitivity import sensitivity_figure
from .shifts import schedule_figure


def __getattr__(name: str):
    # the explorer needs ipywidgets (a notebook extra): import it only when asked for
    if name == "StaffingExplorer":
        from .dashboard import StaffingExplorer

        return StaffingExplorer
    raise AttributeError(name)


__all__ = [
    "StaffingExplorer",
    "backtest_figure",
    "blueprint",
    "comparison_figure",
    "cover_figure",
    "dated_backtest_figure",
    "figure_to_image",
    "forecast_errors_figure",
    "forecast_figure",
    "frontier_figure",
    "html_to_pdf",
    "journey",
    "patience_figure",
    "report",
    "sankey",
    "schedule_figure",
    "sensitivity_figure",
    "tables_to_excel",
    "timeline",
]
