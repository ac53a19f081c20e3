"""Presentation: plotly figures, the ipywidgets staffing explorer and self-contained HTML reports.

- :func:`timeline` — one metric per period across the horizon;
- :func:`sankey` — contacts through the chain (resolved, escalated, transferred, abandoned, repeats);
- :func:`blueprint` — a service blueprint annotated with the engine's figures;
- :func:`journey` — a segment's touchpoints in order with the experience model's score at each;
- :class:`StaffingExplorer` — the manager's staffing explorer (ipywidgets; also a Voila dashboard);
- :func:`report` — a self-contained HTML report (plotly.js embedded, works offline).

Every view shows the text of a scenario (names, notes, sources, currency) as text, never as markup or
script: :mod:`.text` holds the escaping for HTML (``html_text``) and for plotly (``plot_text``).
"""

from .blueprint import blueprint
from .figures import timeline
from .flows import ChainFlows, bottleneck, chain_flows
from .journey import journey
from .report import report
from .sankey import sankey


def __getattr__(name: str):
    # the explorer needs ipywidgets (a notebook extra): import it only when asked for
    if name == "StaffingExplorer":
        from .dashboard import StaffingExplorer
        return StaffingExplorer
    raise AttributeError(name)


__all__ = ["ChainFlows", "StaffingExplorer", "blueprint", "bottleneck", "chain_flows", "journey", "report", "sankey", "timeline"]
