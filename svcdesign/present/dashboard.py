"""The manager's staffing explorer: sliders and pickers driving live plotly figures and KPI read-outs.

``StaffingExplorer(scenario)`` builds an ipywidgets interface around a scenario. Moving a control
calls :meth:`StaffingExplorer.update`, which turns the controls into a what-if variant of the
scenario (:meth:`Scenario.with_overrides`), evaluates it and refreshes everything in three phases,
each pushed to the browser as soon as it is done:

1. **operations** — the analytic engine (:func:`svcdesign.evaluate`, about 60 ms for a week of
   15-minute intervals): service level and abandonment per interval across the week, the KPI
   read-outs for waits, abandonment, first-contact resolution and staff cost;
2. **customers** — :func:`svcdesign.response.assess` on those results: satisfaction and churn per
   segment, employment cost against savings, revenue at risk and the budget;
3. **the next 12 months** — :func:`svcdesign.engines.dynamics.run_dynamics`: the scenario run for
   52 weeks with the staff change made as a management decision in week
   :data:`CHANGE_WEEK` (cuts held, additions as a headcount target), against the same scenario
   without it. Computed when its tab is open (it is the slowest part), otherwise on opening the tab.

The levers (all relative to the scenario as described, so the starting position reproduces it):
staff per stage (people added to or removed from every staffed interval: ``staff_adjustment``), demand
growth (``demand.scale``), peak size (each peak's extra demand scaled), handle time and patience
(% of the scenario's means), front-line escalations (% of the entry stages' escalation shares —
an empowered front line resolves more at first contact), the ISO week whose seasonal peaks apply,
and a weekly staff budget. Under Voila it runs as a standalone dashboard
(``voila notebooks/02_staffing_explorer.ipynb``; ``make dashboard``, README "Sharing the dashboard safely").

The scenario's text — names, notes, currency — is shown as text: escaped with
:func:`~svcdesign.markup.html_text` in HTML read-outs and :func:`~svcdesign.markup.plot_text`
in figures, and kept out of widget descriptions (ipywidgets typesets those as LaTeX).
"""

from __future__ import annotations

import time
from copy import deepcopy
from typing import Any, Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..engines.analytic import evaluate
from ..errors import InputError
from ..model.examples import example_names, load_example
from ..model import Scenario
from ..results import ALL, Results, period_label
from ..markup import html_text, plot_text

CHANGE_WEEK = 4
"""Week (0-based) of the 12-month view in which the staff change is made: a month of the current
position first, so the change's effect is visible against it (a presentation choice)."""

MONTHS_WEEKS = 52
"""Length of the 12-month view in weeks."""

PERCENT_LEVERS = {
    "growth": ("Demand growth", -30, 60, 0, "% more contacts than the scenario's demand"),
    "handle": ("Handle time", 50, 150, 100, "% of the scenario's mean handle times (all stages)"),
    "escalation": ("Front-line escalations", 0, 150, 100,
                   "% of today's share the front line escalates (lower = an empowered front line resolves more at first contact)"),
    "patience": ("Customer patience", 30, 200, 100, "% of the scenario's mean patience (time before giving up)"),
}

_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def _widgets():
    try:
        import ipywidgets as widgets
    except ImportError as error:  # pragma: no cover - a notebook extra
        raise ImportError("the staffing explorer needs ipywidgets: pip install 'svcdesign[notebooks]'") from error
    return widgets


def _sync(fig: go.FigureWidget) -> None:
    """Keep a FigureWidget's synced state current, not only its transient restyle messages.

    plotly refreshes the state a new view starts from (``_widget_data``/``_widget_layout``) only when
    the figure itself is displayed; inside a Tab, or when the page connects after the kernel has
    run (Voila), the last restyle would otherwise be lost and a view would show the initial traces.
    """
    fig._widget_data = deepcopy(fig._data)
    fig._widget_layout = deepcopy(fig._layout_obj._props)


def _figure_widget(fig: go.Figure) -> go.FigureWidget:
    try:
        return go.FigureWidget(fig)
    except ImportError as error:  # pragma: no cover - a notebook extra
        raise ImportError("live figures need anywidget (plotly's FigureWidget): pip install anywidget") from error


class StaffingExplorer:
    """Interactive staffing what-ifs for one scenario (or any of the shipped examples).

    Parameters
    ----------
    scenario:
        A :class:`Scenario` or the name of a shipped example (default ``"bank"``).
    examples:
        Names offered in the scenario picker (default: every shipped example; a custom scenario is
        added to them).
    staff_range:
        Largest number of staff the staff sliders add or remove per interval.

    Attributes
    ----------
    widget:
        The whole interface (display it, or let the explorer display itself).
    controls:
        Control widgets by name: ``scenario``, ``week``, ``staff:<stage>``, ``growth``, ``peak``,
        ``handle``, ``escalation``, ``patience``, ``budget``.
    kpis:
        KPI read-outs (``ipywidgets.HTML``) by name; :meth:`kpi_value` gives their numbers.
    figures:
        ``plotly`` FigureWidgets: ``service`` (service level and abandonment per interval),
        ``customers`` (satisfaction and churn per segment), ``cost`` (cost against savings) and
        ``months`` (the next 12 months).
    results, customers, months:
        The latest analytic results, customer results and 12-month comparison behind the display.
    timings:
        Seconds each phase of the last :meth:`update` took (``variant``, ``evaluate``,
        ``operations_display``, ``customers``, ``customers_display``, ``months``, ``total``).
    """

    def __init__(self, scenario: Scenario | str = "bank", *, examples: list[str] | None = None,
                 staff_range: int = 10) -> None:
        widgets = _widgets()
        self._w = widgets
        self.staff_range = int(staff_range)
        self._custom: dict[str, Scenario] = {}
        names = list(examples if examples is not None else example_names())
        if isinstance(scenario, Scenario):
            self._custom[scenario.name] = scenario
            names = [scenario.name] + [n for n in names if n != scenario.name]
            first = scenario.name
        elif isinstance(scenario, str):
            if scenario not in example_names():
                raise InputError("scenario", scenario, f"a Scenario or one of the example scenarios {example_names()}")
            first = scenario
            names = names if scenario in names else [scenario] + names
        else:
            raise InputError("scenario", type(scenario).__name__, "a Scenario or the name of an example scenario")
        self.controls: dict[str, Any] = {}
        self.kpis: dict[str, Any] = {}
        self.figures: dict[str, go.FigureWidget] = {}
        self.timings: dict[str, float] = {}
        self.results: Results | None = None
        self.customers: Results | None = None
        self.months: dict[str, Any] | None = None
        self._months_stale = True
        self._updating = False

        style = {"description_width": "190px"}
        layout = widgets.Layout(width="430px")
        self.controls["scenario"] = widgets.Dropdown(options=names, value=first, description="Example scenario",
                                                     style=style, layout=layout)
        self.controls["week"] = widgets.Dropdown(description="Week of the year", style=style, layout=layout)
        for key, (label, lo, hi, start, help_text) in PERCENT_LEVERS.items():
            self.controls[key] = widgets.IntSlider(value=start, min=lo, max=hi, step=5, description=f"{label} (%)",
                                                   continuous_update=False, style=style, layout=layout,
                                                   tooltip=help_text)
        self.controls["peak"] = widgets.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.25,
                                                    description="Peak size (× scenario's)", readout_format=".2f",
                                                    continuous_update=False, style=style, layout=layout)
        self.controls["budget"] = widgets.BoundedFloatText(value=0.0, min=0.0, max=1e9, step=1000.0,
                                                           description="Weekly budget (0 = none)", style=style,
                                                           layout=layout)
        self._staff_box = widgets.VBox()
        self._peak_note = widgets.HTML()
        self.status = widgets.HTML()
        self._header = widgets.HTML()
        for name in ("growth", "peak", "handle", "escalation", "patience", "budget", "week"):
            self.controls[name].observe(self._on_change, names="value")
        self.controls["scenario"].observe(self._on_scenario, names="value")

        self._kpi_box = widgets.GridBox(layout=widgets.Layout(grid_template_columns="repeat(5, 1fr)",
                                                              grid_gap="6px", width="100%"))
        self._tabs = widgets.Tab()
        self._tabs.observe(self._on_tab, names="selected_index")
        help_lines = "<br>".join(f"<b>{label}</b>: {text}" for label, _, _, _, text in PERCENT_LEVERS.values())
        levers = widgets.VBox([
            widgets.HTML("<b>Scenario</b>"), self.controls["scenario"], self.controls["week"],
            widgets.HTML("<b>Staff per stage</b> (people added to (+) or removed from (−) every staffed interval)"),
            self._staff_box,
            widgets.HTML("<b>Demand</b>"), self.controls["growth"], self.controls["peak"], self._peak_note,
            widgets.HTML("<b>Service</b>"), self.controls["handle"], self.controls["escalation"], self.controls["patience"],
            widgets.HTML("<b>Money</b>"), self.controls["budget"],
            widgets.HTML(f"<details><summary>What the levers mean</summary><small>{help_lines}</small></details>"),
        ], layout=widgets.Layout(width="450px", min_width="450px"))
        right = widgets.VBox([self._kpi_box, self.status, self._tabs], layout=widgets.Layout(width="100%"))
        self.widget = widgets.VBox([self._header, widgets.HBox([levers, right])],
                                   layout=widgets.Layout(width="100%"))
        self.widget.add_class("svcdesign-explorer")
        self._load(self._scenario_named(first))

    # ----------------------------------------------------------------------------- display
    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:  # pragma: no cover - exercised in notebooks
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------------------ set-up
    def _scenario_named(self, name: str) -> Scenario:
        return self._custom[name] if name in self._custom else load_example(name)

    def _load(self, scenario: Scenario) -> None:
        """Rebuild the stage sliders, week picker, read-outs and figures for a new base scenario."""
        w = self._w
        self._updating = True
        try:
            self.base = scenario
            self._currency = scenario.organisation.currency
            self._live = [s.name for s in scenario.stages if not s.deferred]
            weeks = sorted({wk for p in scenario.demand.peaks for wk in (p.weeks or [])})
            options = [("typical week", 0)] + [(f"week {wk}: " + ", ".join(p.name for p in scenario.demand.peaks
                                                                        if p.weeks and wk in p.weeks), wk)
                                               for wk in weeks]
            self.controls["week"].options = options
            self.controls["week"].value = 0
            for old in [k for k in self.controls if k.startswith("staff:")]:
                self.controls.pop(old).unobserve(self._on_change, names="value")
            rows = []
            for stage in scenario.stages:
                # the stage's name beside its slider, not as the slider's description: ipywidgets
                # typesets descriptions as LaTeX ("$…$" would turn into maths); HTML content is not
                name = html_text(stage.name)
                label = w.HTML(f"<div title='{name}' style='width:182px;text-align:right;padding-right:8px;"
                               f"overflow:hidden;text-overflow:ellipsis;white-space:nowrap'>{name}</div>",
                               layout=w.Layout(width="190px", min_width="190px", overflow="hidden"))
                slider = w.IntSlider(value=0, min=-self.staff_range, max=self.staff_range, step=1,
                                     continuous_update=False, layout=w.Layout(width="240px"))
                slider.observe(self._on_change, names="value")
                self.controls[f"staff:{stage.name}"] = slider
                row = w.HBox([label, slider], layout=w.Layout(width="430px"))
                row.add_class("svcdesign-staff")
                rows.append(row)
            self._staff_box.children = rows
            for key, (_, _, _, start, _) in PERCENT_LEVERS.items():
                self.controls[key].value = start
            self.controls["peak"].value = 1.0
            self.controls["peak"].disabled = not scenario.demand.peaks
            self.controls["budget"].value = float(scenario.organisation.weekly_budget or 0.0)
            self.controls["escalation"].disabled = not any(self._entry_escalations(scenario).values())
            self._header.value = (f"<h3 style='margin:4px 0'>Staffing explorer — {html_text(scenario.name)}</h3>"
                                  f"<div style='max-width:1100px;font-size:90%;color:#444'>{html_text(scenario.notes)}</div>")
            self._baseline = self._compute(scenario, None)
            self._build_figures()
            self._build_kpis()
        finally:
            self._updating = False
        self.update()

    def _entry_escalations(self, scenario: Scenario) -> dict[tuple[str, str], float]:
        entries = {c.entry_stage or scenario.stage_names[0] for c in scenario.demand.channels}
        return {(s.name, target): p for s in scenario.stages if s.name in entries
                for target, p in s.routing.escalate.items()}

    # ------------------------------------------------------------------------------ levers
    def overrides(self) -> dict[str, Any]:
        """The controls as overrides of the base scenario (dotted paths, :meth:`Scenario.with_overrides`)."""
        c, base = self.controls, self.base
        out: dict[str, Any] = {}
        for stage in base.stages:
            delta = c[f"staff:{stage.name}"].value
            if delta:
                out[f"stages.{stage.name}.staff_adjustment"] = stage.staff_adjustment + delta
            if c["handle"].value != 100:
                out[f"stages.{stage.name}.handle_time.mean"] = stage.handle_time.mean * c["handle"].value / 100.0
            if c["patience"].value != 100 and stage.patience is not None:
                out[f"stages.{stage.name}.patience.mean"] = stage.patience.mean * c["patience"].value / 100.0
        if c["escalation"].value != 100:
            for (stage, target), p in self._entry_escalations(base).items():
                out[f"stages.{stage}.routing.escalate.{target}"] = p * c["escalation"].value / 100.0
        if c["growth"].value:
            out["demand.scale"] = base.demand.scale * (1.0 + c["growth"].value / 100.0)
        if c["peak"].value != 1.0:
            for peak in base.demand.peaks:
                out[f"demand.peaks.{peak.name}.factor"] = max(1e-6, 1.0 + c["peak"].value * (peak.factor - 1.0))
        budget = float(c["budget"].value or 0.0)
        if budget != float(base.organisation.weekly_budget or 0.0):
            out["organisation.weekly_budget"] = budget if budget > 0 else None
        return out

    def variant(self) -> Scenario:
        """The scenario the controls describe (the base scenario when nothing has moved)."""
        overrides = self.overrides()
        if not overrides:
            return self.base
        return self.base.with_overrides(overrides, name=f"{self.base.name} (your changes)")

    def set(self, **values: Any) -> None:
        """Set controls by name (``staff:<stage>`` may be given as ``staff={"<stage>": n}``), then update once.

        Example: ``explorer.set(staff={"representative": -2}, growth=10)``.
        """
        staff = values.pop("staff", {}) or {}
        unknown = [k for k in list(values) + [f"staff:{s}" for s in staff] if k not in self.controls]
        if unknown:
            raise InputError("control", unknown, f"names of controls: {sorted(self.controls)}")
        self._updating = True
        try:
            if "scenario" in values:
                self.controls["scenario"].value = values.pop("scenario")
            for name, value in values.items():
                self.controls[name].value = value
            for stage, value in staff.items():
                self.controls[f"staff:{stage}"].value = value
        finally:
            self._updating = False
        self.update()

    # ---------------------------------------------------------------------------- callbacks
    def _on_change(self, change: Mapping[str, Any]) -> None:
        if not self._updating:
            self.update()

    def _on_scenario(self, change: Mapping[str, Any]) -> None:
        self.status.value = "<i>Loading scenario…</i>"
        self._load(self._scenario_named(change["new"]))

    def _on_tab(self, change: Mapping[str, Any]) -> None:
        if change["new"] == 3 and self._months_stale and not self._updating:
            self._update_months()

    def _compute(self, scenario: Scenario, week: int | None) -> dict[str, Any]:
        from ..response import assess

        results = evaluate(scenario, week=week, staffing=False)
        return {"scenario": scenario, "results": results, "customers": assess(scenario, results, detail="horizon")}

    def update(self, change: Mapping[str, Any] | None = None) -> None:
        """Recompute the variant the controls describe and refresh read-outs and figures.

        Phase by phase (see the module docstring); :attr:`timings` records each phase's seconds.
        """
        from ..response import assess

        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        try:
            scenario = self.variant()
        except InputError as error:
            self.status.value = f"<span style='color:#b00'>⚠ {html_text(error)}</span>"
            return
        week = self.controls["week"].value or None
        t1 = time.perf_counter()
        results = evaluate(scenario, week=week, staffing=False)
        t2 = time.perf_counter()
        self.scenario, self.results = scenario, results
        self._show_operations(results)
        t3 = time.perf_counter()
        customers = assess(scenario, results, detail="horizon")  # the read-outs use whole-week figures
        t4 = time.perf_counter()
        self.customers = customers
        self._show_customers(customers)
        t5 = time.perf_counter()
        timings.update(variant=t1 - t0, evaluate=t2 - t1, operations_display=t3 - t2, customers=t4 - t3,
                       customers_display=t5 - t4)
        warnings = results.warnings
        self.status.value = ("".join(f"<div style='color:#b00'>⚠ {html_text(w)}</div>" for w in warnings)
                             or "<span style='color:#2a7'>✓ no stage is overloaded</span>")
        self._months_stale = True
        if self._tabs.selected_index == 3:
            t6 = time.perf_counter()
            self._update_months()
            timings["months"] = time.perf_counter() - t6
        else:
            self._mark_months_stale()
        timings["total"] = time.perf_counter() - t0
        self.timings = timings

    # ------------------------------------------------------------------------------ reading
    def _matrix(self, results: Results, metric: str) -> np.ndarray:
        """Per-period values [live stage, period] of one metric (all customers)."""
        return _Table.of(results).matrix(metric, self._live)

    @staticmethod
    def _value(results: Results, metric: str, stage: str = ALL, segment: str = ALL) -> float:
        try:
            return results.value(metric, stage, segment=segment)  # indexed once per Results
        except InputError:
            return float("nan")  # a figure the engine does not report (no budget: no budget gap): "—"

    def _readings(self, results: Results, customers: Results | None) -> dict[str, float]:
        front = self._live[0] if self._live else self.base.stage_names[0]
        out = {
            "service_level": self._value(results, "service_level", front),
            "asa": self._value(results, "asa", front),
            "p_abandon_any": self._value(results, "p_abandon_any"),
            "fcr": self._value(results, "fcr"),
            "staff_cost": self._value(results, "staff_cost"),
        }
        if customers is not None:
            out.update({
                "employment_cost": self._value(customers, "employment_cost"),
                "satisfaction": self._value(customers, "satisfaction"),
                "churn": self._value(customers, "churn"),
                "revenue_at_risk": self._value(customers, "revenue_at_risk"),
                "budget_gap": self._value(customers, "budget_gap"),
            })
        return out

    def kpi_value(self, name: str) -> float:
        """The number behind a KPI read-out (e.g. ``"service_level"`` as a share, ``"staff_cost"`` per week)."""
        values = self._readings(self.results, self.customers)
        values["saving"] = self._baseline_readings["employment_cost"] - values.get("employment_cost", np.nan)
        if name not in values:
            raise InputError("name", name, f"one of {sorted(values)}")
        return float(values[name])

    # ------------------------------------------------------------------------------ KPIs
    def _kpi_specs(self) -> list[tuple[str, str, str]]:
        front = self._live[0] if self._live else self.base.stage_names[0]
        target = self.base.target_for(front)
        cur = self._currency
        sl = f"answered within {target.answer_within:g} s at {front}"
        return [
            ("service_level", f"Service level ({sl})", "%"),
            ("asa", f"Mean wait to answer at {front} (ASA)", "s"),
            ("p_abandon_any", "Customers abandoning (any stage)", "%"),
            ("fcr", "First-contact resolution", "%"),
            ("staff_cost", "Staff wages", f"{cur}/week"),
            ("employment_cost", "Employment cost (wages, overtime, turnover)", f"{cur}/week"),
            ("saving", "Saving against the scenario as described", f"{cur}/week"),
            ("budget_gap", "Budget slack (budget − employment cost)", f"{cur}/week"),
            ("satisfaction", "Customer satisfaction", "points (0–10)"),
            ("churn", "Customer churn", "%/year"),
        ]

    def _build_kpis(self) -> None:
        w = self._w
        self._baseline_readings = self._readings(self._baseline["results"], self._baseline["customers"])
        self.kpis = {}
        for key, label, unit in self._kpi_specs():
            box = w.HTML(layout=w.Layout(border="1px solid #ddd", padding="2px 8px"))
            box.add_class(f"kpi-{key.replace('_', '-')}")
            box.add_class("svcdesign-kpi")
            self.kpis[key] = box
        self._kpi_box.children = list(self.kpis.values())

    def _show_kpis(self, values: Mapping[str, float]) -> None:
        base = self._baseline_readings
        for key, label, unit in self._kpi_specs():
            if key not in values:
                continue
            value, ref = values[key], base.get(key, np.nan)
            text, delta = _format(value, unit), ""
            if key not in ("saving", "budget_gap") and np.isfinite(value) and np.isfinite(ref) and abs(value - ref) > 1e-12:
                delta = f"<span style='color:#666'> (scenario: {_format(ref, unit)})</span>"
            self.kpis[key].value = (f"<div style='font-size:80%;line-height:1.25;color:#555'>{html_text(label)}</div>"
                                    f"<div style='font-size:140%;line-height:1.3'><b class='kpi-value'>{text}</b> "
                                    f"<small>{html_text(unit)}</small></div>{delta}")

    # ----------------------------------------------------------------------------- figures
    def _build_figures(self) -> None:
        results = self._baseline["results"]
        periods = self._matrix(results, "service_level").shape[1] if self._live else 0
        x = np.arange(periods)
        labels = [period_label(int(p), results.period_minutes) for p in x]
        step = int(1440 // results.period_minutes)
        ticks = list(range(0, periods, step))
        service = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                                subplot_titles=("Service level per interval (%)", "Abandonment per interval (%)"))
        for i, name in enumerate(self._live):
            colour = _COLOURS[i % len(_COLOURS)]
            for row in (1, 2):
                service.add_trace(go.Scatter(x=x, y=np.zeros(periods), mode="lines", name=plot_text(name),
                                             legendgroup=plot_text(name), showlegend=row == 1,
                                             line={"color": colour, "width": 1.4}, customdata=labels,
                                             hovertemplate="%{customdata}: %{y:.1f}%<extra>%{fullData.name}</extra>"),
                                  row=row, col=1)
        front = self._live[0] if self._live else None
        if front and self.base.target_for(front).service_level:
            service.add_hline(y=100 * self.base.target_for(front).service_level, line_dash="dash", row=1, col=1,
                              annotation_text="target", line_color="#888")
        service.update_xaxes(tickvals=ticks, ticktext=[labels[t] for t in ticks], row=2, col=1,
                             title_text="Time of the week (weekday and hour)")
        service.update_yaxes(title_text="Service level (%)", range=[0, 101], row=1, col=1)
        service.update_yaxes(title_text="Abandoned (%)", rangemode="tozero", row=2, col=1)
        service.update_layout(title="Service level and abandonment across the week, by stage",
                              template="plotly_white", height=480, legend={"title": "Stage"},
                              margin={"l": 60, "r": 20, "t": 70, "b": 50})

        segments = [plot_text(g.name) for g in self.base.segments]
        customers = make_subplots(rows=1, cols=2, subplot_titles=("Satisfaction (points, 0–10)", "Churn (% of customers per year)"))
        for label, colour in (("scenario as described", "#bbbbbb"), ("with your changes", "#1f77b4")):
            customers.add_trace(go.Bar(x=segments, y=np.zeros(len(segments)), name=label, marker_color=colour,
                                       legendgroup=label, hovertemplate="%{x}: %{y:.2f}<extra>" + label + "</extra>"), row=1, col=1)
            customers.add_trace(go.Bar(x=segments, y=np.zeros(len(segments)), name=label, marker_color=colour,
                                       legendgroup=label, showlegend=False,
                                       hovertemplate="%{x}: %{y:.1f}%/year<extra>" + label + "</extra>"), row=1, col=2)
        customers.update_yaxes(title_text="Satisfaction (0–10)", range=[0, 10], row=1, col=1)
        customers.update_yaxes(title_text="Churn (%/year)", rangemode="tozero", row=1, col=2)
        customers.update_xaxes(title_text="Customer segment")
        customers.update_layout(title="Customers: satisfaction and churn by segment (svcdesign.response.assess)",
                                template="plotly_white", barmode="group", height=420,
                                margin={"l": 60, "r": 20, "t": 70, "b": 50})

        cur = plot_text(self._currency)
        cost = make_subplots(rows=1, cols=2, column_widths=[0.45, 0.55],
                             subplot_titles=(f"Employment cost ({cur}/week)", f"What the change saves and risks ({cur}/week)"))
        cost.add_trace(go.Bar(x=["scenario as described", "with your changes"], y=[0, 0], marker_color=["#bbbbbb", "#1f77b4"],
                              name="employment cost", showlegend=False,
                              hovertemplate="%{x}: %{y:,.0f} " + cur + "/week<extra></extra>"), row=1, col=1)
        cost.add_trace(go.Scatter(x=["scenario as described", "with your changes"], y=[None, None], mode="lines",
                                  line={"dash": "dash", "color": "#d62728"}, name="weekly budget",
                                  hovertemplate="budget %{y:,.0f} " + cur + "/week<extra></extra>"), row=1, col=1)
        cost.add_trace(go.Bar(x=["saving on staff", "revenue put at risk", "net"], y=[0, 0, 0], name="per week",
                              marker_color=["#2ca02c", "#d62728", "#1f77b4"], showlegend=False,
                              hovertemplate="%{x}: %{y:,.0f} " + cur + "/week<extra></extra>"), row=1, col=2)
        cost.update_xaxes(title_text="Staffing", row=1, col=1)
        cost.update_xaxes(title_text="Effect of your changes", row=1, col=2)
        cost.update_yaxes(title_text=f"{cur} per week", row=1, col=1, rangemode="tozero")
        cost.update_yaxes(title_text=f"{cur} per week (+ = better)", row=1, col=2)
        cost.update_layout(title="Cost against savings: staff cost saved versus customer value put at risk",
                           template="plotly_white", height=420, margin={"l": 70, "r": 20, "t": 70, "b": 50})

        months = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1,
                               subplot_titles=(f"Cumulative net saving ({cur})", "Staff (full-time equivalents)"))
        months.add_trace(go.Scatter(x=[], y=[], mode="lines", name="net saving (cumulative)",
                                    hovertemplate="week %{x}: %{y:,.0f} " + cur + "<extra></extra>"), row=1, col=1)
        months.add_trace(go.Scatter(x=[], y=[], mode="lines", name="staff, as described", line={"color": "#999"},
                                    hovertemplate="week %{x}: %{y:.1f} FTE<extra></extra>"), row=2, col=1)
        months.add_trace(go.Scatter(x=[], y=[], mode="lines", name="staff, with your changes", line={"color": "#1f77b4"},
                                    hovertemplate="week %{x}: %{y:.1f} FTE<extra></extra>"), row=2, col=1)
        months.add_hline(y=0, line_color="#888", row=1, col=1)
        months.add_vline(x=CHANGE_WEEK, line_dash="dot", line_color="#888", annotation_text="change made")
        months.update_xaxes(title_text="Week", row=2, col=1)
        months.update_yaxes(title_text=cur, row=1, col=1)
        months.update_yaxes(title_text="FTE", row=2, col=1)
        months.update_layout(title="The next 12 months: what the staff change does over time (dynamics engine)",
                             template="plotly_white", height=480, margin={"l": 70, "r": 20, "t": 70, "b": 50})

        self.figures = {"service": _figure_widget(service), "customers": _figure_widget(customers),
                        "cost": _figure_widget(cost), "months": _figure_widget(months)}
        self._months_note = self._w.HTML()
        keep = self._tabs.selected_index or 0
        self._tabs.children = [self.figures["service"], self.figures["customers"], self.figures["cost"],
                               self._w.VBox([self._months_note, self.figures["months"]])]
        for i, title in enumerate(("Service level & abandonment", "Satisfaction & churn", "Cost & savings",
                                   "Next 12 months")):
            self._tabs.set_title(i, title)
        self._tabs.selected_index = keep
        self._show_customer_bars(self._baseline["customers"], 0)

    def _show_operations(self, results: Results) -> None:
        if self._live:
            sl = self._matrix(results, "service_level") * 100.0
            ab = self._matrix(results, "p_abandon") * 100.0
            fig = self.figures["service"]
            with fig.batch_update():
                n = len(self._live)
                for i in range(n):
                    fig.data[2 * i].y = sl[i]
                    fig.data[2 * i + 1].y = ab[i]
            _sync(fig)
        self._show_kpis(self._readings(results, None))

    def _show_customer_bars(self, customers: Results, which: int) -> None:
        segments = [g.name for g in self.base.segments]
        sat = [self._value(customers, "satisfaction", ALL, s) for s in segments]
        churn = [100.0 * self._value(customers, "churn", ALL, s) for s in segments]
        fig = self.figures["customers"]
        with fig.batch_update():
            fig.data[2 * which].y = sat
            fig.data[2 * which + 1].y = churn
        _sync(fig)

    def _show_customers(self, customers: Results) -> None:
        self._show_customer_bars(customers, 1)
        values = self._readings(self.results, customers)
        base = self._baseline_readings
        values["saving"] = base["employment_cost"] - values["employment_cost"]
        self._show_kpis(values)
        risk = (values["revenue_at_risk"] - base["revenue_at_risk"]) / 52.0
        fig = self.figures["cost"]
        budget = self.controls["budget"].value or None
        with fig.batch_update():
            fig.data[0].y = [base["employment_cost"], values["employment_cost"]]
            fig.data[1].y = [budget, budget] if budget else [None, None]
            fig.data[2].y = [values["saving"], -risk, values["saving"] - risk]
        _sync(fig)

    # ---------------------------------------------------------------------------- 12 months
    def _mark_months_stale(self) -> None:
        self._months_note.value = "<i>Open this tab to compute the next 12 months for the current settings.</i>"

    def _update_months(self) -> None:
        """Run the dynamics engine for the variant with and without the staff change (two runs)."""
        from ..engines.dynamics.coupled import run_dynamics

        self._months_note.value = "<i>Computing the next 12 months (two 52-week runs)…</i>"
        scenario = self.scenario
        staff_change = {s.name: self.controls[f"staff:{s.name}"].value for s in self.base.stages}
        no_change = {f"stages.{n}.staff_adjustment": self.base.stage(n).staff_adjustment for n, v in staff_change.items() if v}
        before = scenario.with_overrides(no_change, name=f"{self.base.name} (no staff change)") if no_change else scenario
        start = run_dynamics(before, weeks=MONTHS_WEEKS)
        weekly = start.meta["weekly"]
        decisions = self._decisions(before, scenario, weekly)
        after = run_dynamics(before, weeks=MONTHS_WEEKS, decisions=decisions) if decisions else start
        w0, w1 = weekly, after.meta["weekly"]
        net = ((w0[("total", "total_cost")] - w1[("total", "total_cost")])
               - (w0[("total", "revenue")] - w1[("total", "revenue")])).cumsum()
        weeks = np.arange(MONTHS_WEEKS)
        fig = self.figures["months"]
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = weeks, net.to_numpy()
            fig.data[1].x, fig.data[1].y = weeks, w0[("total", "staff")].to_numpy()
            fig.data[2].x, fig.data[2].y = weeks, w1[("total", "staff")].to_numpy()
        _sync(fig)
        self.months = {"baseline": start, "changed": after, "net_saving": net}
        self._months_stale = False
        cur = self._currency
        self._months_note.value = (
            f"Staff change made in week {CHANGE_WEEK} as a management decision (cuts held; additions as a "
            f"headcount target). Net saving after 12 months: <b>{net.iloc[-1]:,.0f} {html_text(cur)}</b> "
            "(wages, overtime and hiring saved, minus revenue from customers lost). "
            "Oliva & Sterman (2001) service-quality dynamics, coupled to customers.")

    def _decisions(self, before: Scenario, after: Scenario, weekly) -> dict[str, Any]:
        """Each stage's staff change as a decision in full-time equivalents (paid hours ÷ standard week)."""
        from ..engines.dynamics import StaffingDecisions
        from ..model.compiled import expand

        x0, x1 = expand(before), expand(after)
        out = {}
        for s, name in enumerate(x0.stages):
            hours0, hours1 = x0.staff[s].sum(), x1.staff[s].sum()
            if hours0 == hours1:
                continue
            fte0 = float(weekly[(name, "staff")].iloc[0])
            fte1 = fte0 * hours1 / hours0 if hours0 > 0 else 0.0
            if fte1 < fte0:
                out[name] = StaffingDecisions(cuts={CHANGE_WEEK: fte0 - fte1}, hold_cuts=True)
            else:
                target = np.full(MONTHS_WEEKS, np.nan)
                target[CHANGE_WEEK:] = fte1
                out[name] = StaffingDecisions(headcount_target=target)
        return out


class _Table:
    """Per-period matrices from one Results for the callback, its columns read once as numpy
    arrays (faster than pivoting the long table for every figure)."""

    _cache: dict[int, "_Table"] = {}

    def __init__(self, results: Results) -> None:
        self._data = results.data
        self.whole = self._data["period"].isna().to_numpy()
        self._columns: dict[str, np.ndarray] | None = None

    def _per_period(self) -> dict[str, np.ndarray]:
        if self._columns is None:
            d = self._data
            self._columns = {"metric": d["metric"].to_numpy(dtype=object), "stage": d["stage"].to_numpy(dtype=object),
                             "segment": d["segment"].to_numpy(dtype=object),
                             "period": d["period"].fillna(-1).to_numpy(dtype=np.int64),
                             "value": d["value"].to_numpy(dtype=float)}
        return self._columns

    @classmethod
    def of(cls, results: Results) -> "_Table":
        key = id(results)
        table = cls._cache.get(key)
        if table is None or table._results is not results:
            table = cls(results)
            table._results = results
            cls._cache.clear() if len(cls._cache) > 8 else None
            cls._cache[key] = table
        return table

    def matrix(self, metric: str, stages: list[str]) -> np.ndarray:
        c = self._per_period()
        rows = np.flatnonzero((c["metric"] == metric) & (c["segment"] == ALL) & ~self.whole)
        stage, period, values = c["stage"][rows], c["period"][rows], c["value"][rows]
        out = []
        for name in stages:
            sel = stage == name
            out.append(values[sel][np.argsort(period[sel], kind="stable")])
        return np.array(out, dtype=float)


def _format(value: float, unit: str) -> str:
    if value is None or not np.isfinite(value):
        return "∞" if value == float("inf") else "—"
    if unit in ("%", "%/year"):
        return f"{100.0 * value:.1f}"
    if unit == "s":
        return f"{value:.0f}"
    if unit.startswith("points"):
        return f"{value:.2f}"
    return f"{value:,.0f}"

