"""The manager's staffing explorer: sliders and pickers driving live plotly figures and KPI read-outs.

``StaffingExplorer(scenario)`` builds an ipywidgets interface around a scenario. Moving a control
calls :meth:`StaffingExplorer.update`, which turns the controls into a what-if variant of the
scenario (:mod:`svcdesign.explore.levers`) and refreshes everything in three phases, each computed
in :mod:`svcdesign.explore.staff_change` and pushed to the browser as soon as it is drawn:

1. **operations** — the analytic engine (:func:`~svcdesign.explore.staff_change.operations`, about
   60 ms for a week of 15-minute intervals): service level and abandonment per interval across the
   week, the KPI read-outs for waits, abandonment, first-contact resolution and staff cost;
2. **customers and money** — the customer models on those results
   (:func:`~svcdesign.explore.staff_change.customer_effects`): satisfaction and churn per segment
   (a public service: satisfaction only), employment cost and the budget; then the first read-out,
   the **net effect** of the current settings against the scenario as described over a year of its
   calendar, with its range, the probability it pays and its break-even, exactly as
   :func:`svcdesign.compare` gives it for the two scenarios
   (:func:`~svcdesign.explore.staff_change.net_effect`), and the staff cost saved against the customer
   cost added (lifetime margin of customers lost; a public service: the cost of failure);
3. **the next 12 months** — the dynamics engine (:func:`~svcdesign.explore.staff_change.twelve_months`):
   the variant run for 52 weeks with the staff change made as a management decision in week
   :data:`~svcdesign.explore.staff_change.CHANGE_WEEK` (cuts held, additions as a headcount target),
   against the same variant without it. Computed when its tab is open (it is the slowest part),
   otherwise on opening the tab.

The levers (:class:`~svcdesign.explore.levers.Levers`; all relative to the scenario as described, so
the starting position reproduces it): staff per stage (people, in full-time equivalents, spread over
the stage's roster pro rata), demand growth, peak size, handle time and patience (% of the scenario's means), front-line
escalations (% of the entry stages' escalation shares — an empowered front line resolves more at
first contact), the ISO week whose seasonal peaks apply, and a weekly staff budget. Under Voila it
runs as a standalone dashboard
(``voila notebooks/02_staffing_explorer.ipynb``; ``make dashboard``, README "Sharing the dashboard safely").

The scenario's text — names, notes, currency — is shown as text: escaped with
:func:`~svcdesign.markup.html_text` in HTML read-outs and :func:`~svcdesign.markup.plot_text`
in figures, and kept out of widget descriptions (ipywidgets typesets those as LaTeX).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from copy import deepcopy
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..errors import InputError
from ..explore.levers import Levers, entry_escalations, lever_overrides, staff_limits
from ..explore.staff_change import (
    CHANGE_WEEK,
    CustomerEffects,
    NetEffect,
    Operations,
    TwelveMonths,
    customer_effects,
    front_stage,
    net_effect,
    operations,
    twelve_months,
)
from ..markup import html_text, plot_text
from ..model import Scenario
from ..model.examples import example_names, load_example
from ..results import Results, period_label

PERCENT_LEVERS = {
    "growth": ("Demand growth", -30, 60, 0, "% more contacts than the scenario's demand"),
    "handle": ("Handle time", 50, 150, 100, "% of the scenario's mean handle times (all stages)"),
    "escalation": (
        "Front-line escalations",
        0,
        150,
        100,
        "% of today's share the front line escalates (lower = an empowered front line resolves more at first contact)",
    ),
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


def _scenario_choices(
    scenario: Scenario | str, examples: list[str] | None
) -> tuple[list[str], str, dict[str, Scenario]]:
    """The names the scenario picker offers, the one shown first, and the custom scenarios by name
    (``scenario`` when it is a Scenario rather than an example's name)."""
    custom: dict[str, Scenario] = {}
    names = list(examples if examples is not None else example_names())
    if isinstance(scenario, Scenario):
        custom[scenario.name] = scenario
        names = [scenario.name] + [n for n in names if n != scenario.name]
        first = scenario.name
    elif isinstance(scenario, str):
        if scenario not in example_names():
            raise InputError("scenario", scenario, f"a Scenario or one of the example scenarios {example_names()}")
        first = scenario
        names = names if scenario in names else [scenario] + names
    else:
        raise InputError("scenario", type(scenario).__name__, "a Scenario or the name of an example scenario")
    return names, first, custom


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
        Most people (full-time equivalents) the staff sliders add or remove per stage (a slider
        removes at most the people the stage has).

    Attributes
    ----------
    widget:
        The whole interface (display it, or let the explorer display itself).
    controls:
        Control widgets by name: ``scenario``, ``week``, ``staff:<stage>``, ``growth``, ``peak``,
        ``handle``, ``escalation``, ``patience``, ``budget``.
    headline:
        The first read-out (``ipywidgets.HTML``): the net effect of the current settings against the
        scenario as described, its range, the probability it pays and the break-even statement.
    kpis:
        KPI read-outs (``ipywidgets.HTML``) by name; :meth:`kpi_value` gives their numbers (and those of
        the headline: ``net_effect``, ``net_effect_low``, ``net_effect_high``, ``p_pays``).
    figures:
        ``plotly`` FigureWidgets: ``service`` (service level and abandonment per interval),
        ``customers`` (satisfaction and churn per segment), ``cost`` (cost against savings) and
        ``months`` (the next 12 months).
    results, customers, money, months:
        The latest analytic results, customer results, net effect
        (:class:`~svcdesign.explore.staff_change.NetEffect`, holding the
        :class:`~svcdesign.explore.compare.Comparison` it reads) and 12-month comparison
        (:class:`~svcdesign.explore.staff_change.TwelveMonths`) behind the display.
    timings:
        Seconds each phase of the last :meth:`update` took (``variant``, ``evaluate``,
        ``operations_display``, ``customers``, ``money``, ``customers_display``, ``months``, ``total``).
    """

    def __init__(
        self, scenario: Scenario | str = "bank", *, examples: list[str] | None = None, staff_range: int = 10
    ) -> None:
        widgets = _widgets()
        self._w = widgets
        self.staff_range = int(staff_range)
        names, first, self._custom = _scenario_choices(scenario, examples)
        self.controls: dict[str, Any] = {}
        self.kpis: dict[str, Any] = {}
        self.figures: dict[str, go.FigureWidget] = {}
        self.timings: dict[str, float] = {}
        self.results: Results | None = None
        self.customers: Results | None = None
        self.money: NetEffect | None = None
        self.months: TwelveMonths | None = None
        self._months_stale = True
        self._updating = False

        self._build_controls(names, first)
        self._kpi_box = widgets.GridBox(
            layout=widgets.Layout(grid_template_columns="repeat(5, 1fr)", grid_gap="6px", width="100%")
        )
        self._tabs = widgets.Tab()
        self._tabs.observe(self._on_tab, names="selected_index")
        levers = self._levers_panel()
        self.headline = widgets.HTML(layout=widgets.Layout(border="1px solid #bbb", padding="4px 10px"))
        self.headline.add_class("svcdesign-net-effect")
        right = widgets.VBox(
            [self.headline, self._kpi_box, self.status, self._tabs], layout=widgets.Layout(width="100%")
        )
        self.widget = widgets.VBox([self._header, widgets.HBox([levers, right])], layout=widgets.Layout(width="100%"))
        self.widget.add_class("svcdesign-explorer")
        self._load(self._scenario_named(first))

    def _build_controls(self, names: list[str], first: str) -> None:
        """The scenario and week pickers, the lever sliders, the budget box and the read-outs beside them,
        observed for changes (the staff sliders come with each scenario, in :meth:`_load`)."""
        widgets = self._w
        style = {"description_width": "190px"}
        layout = widgets.Layout(width="430px")
        self.controls["scenario"] = widgets.Dropdown(
            options=names, value=first, description="Example scenario", style=style, layout=layout
        )
        self.controls["week"] = widgets.Dropdown(description="Week of the year", style=style, layout=layout)
        for key, (label, lo, hi, start, help_text) in PERCENT_LEVERS.items():
            self.controls[key] = widgets.IntSlider(
                value=start,
                min=lo,
                max=hi,
                step=5,
                description=f"{label} (%)",
                continuous_update=False,
                style=style,
                layout=layout,
                tooltip=help_text,
            )
        self.controls["peak"] = widgets.FloatSlider(
            value=1.0,
            min=0.0,
            max=3.0,
            step=0.25,
            description="Peak size (× scenario's)",
            readout_format=".2f",
            continuous_update=False,
            style=style,
            layout=layout,
        )
        self.controls["budget"] = widgets.BoundedFloatText(
            value=0.0, min=0.0, max=1e9, step=1000.0, description="Weekly budget (0 = none)", style=style, layout=layout
        )
        self._staff_box = widgets.VBox()
        self._peak_note = widgets.HTML()
        self.status = widgets.HTML()
        self._header = widgets.HTML()
        for name in ("growth", "peak", "handle", "escalation", "patience", "budget", "week"):
            self.controls[name].observe(self._on_change, names="value")
        self.controls["scenario"].observe(self._on_scenario, names="value")

    def _levers_panel(self) -> Any:
        """The left-hand column: the controls under their headings, and what the levers mean."""
        widgets = self._w
        help_lines = "<br>".join(f"<b>{label}</b>: {text}" for label, _, _, _, text in PERCENT_LEVERS.values())
        return widgets.VBox(
            [
                widgets.HTML("<b>Scenario</b>"),
                self.controls["scenario"],
                self.controls["week"],
                widgets.HTML(
                    "<b>Staff per stage</b> (people, full-time equivalents, added (+) or removed (−); "
                    "spread over the stage's roster, opening hours unchanged)"
                ),
                self._staff_box,
                widgets.HTML("<b>Demand</b>"),
                self.controls["growth"],
                self.controls["peak"],
                self._peak_note,
                widgets.HTML("<b>Service</b>"),
                self.controls["handle"],
                self.controls["escalation"],
                self.controls["patience"],
                widgets.HTML("<b>Money</b>"),
                self.controls["budget"],
                widgets.HTML(f"<details><summary>What the levers mean</summary><small>{help_lines}</small></details>"),
            ],
            layout=widgets.Layout(width="450px", min_width="450px"),
        )

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
            weeks = sorted({wk for p in scenario.demand.peaks for wk in (p.weeks or [])})
            options = [("typical week", 0)] + [
                (f"week {wk}: " + ", ".join(p.name for p in scenario.demand.peaks if p.weeks and wk in p.weeks), wk)
                for wk in weeks
            ]
            self.controls["week"].options = options
            self.controls["week"].value = 0
            for old in [k for k in self.controls if k.startswith("staff:")]:
                self.controls.pop(old).unobserve(self._on_change, names="value")
            rows = []
            limits = staff_limits(scenario, self.staff_range)
            for stage in scenario.stages:
                # the stage's name beside its slider, not as the slider's description: ipywidgets
                # typesets descriptions as LaTeX ("$…$" would turn into maths); HTML content is not
                name = html_text(stage.name)
                label = w.HTML(
                    f"<div title='{name}' style='width:182px;text-align:right;padding-right:8px;"
                    f"overflow:hidden;text-overflow:ellipsis;white-space:nowrap'>{name}</div>",
                    layout=w.Layout(width="190px", min_width="190px", overflow="hidden"),
                )
                slider = w.IntSlider(
                    value=0,
                    min=limits[stage.name][0],
                    max=limits[stage.name][1],
                    step=1,
                    continuous_update=False,
                    layout=w.Layout(width="240px"),
                )
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
            self.controls["escalation"].disabled = not any(entry_escalations(scenario).values())
            self._header.value = (
                f"<h3 style='margin:4px 0'>Staffing explorer — {html_text(scenario.name)}</h3>"
                f"<div style='max-width:1100px;font-size:90%;color:#444'>{html_text(scenario.notes)}</div>"
            )
            self._baseline = operations(scenario)
            self._baseline_effects = customer_effects(self._baseline)
            self._public = scenario.organisation.kind == "public"
            self._build_figures()
            self._build_kpis()
        finally:
            self._updating = False
        self.update()

    # ------------------------------------------------------------------------------ levers
    def levers(self) -> Levers:
        """The controls' settings, relative to the base scenario."""
        c = self.controls
        return Levers(
            staff={s.name: c[f"staff:{s.name}"].value for s in self.base.stages},
            growth=c["growth"].value,
            peak=c["peak"].value,
            handle=c["handle"].value,
            escalation=c["escalation"].value,
            patience=c["patience"].value,
            budget=float(c["budget"].value or 0.0),
        )

    def overrides(self) -> dict[str | tuple, Any]:
        """The controls as overrides of the base scenario (paths of :meth:`Scenario.with_overrides`)."""
        return lever_overrides(self.base, self.levers())

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

    def update(self, change: Mapping[str, Any] | None = None) -> None:
        """Recompute the variant the controls describe and refresh read-outs and figures.

        Phase by phase (see the module docstring); :attr:`timings` records each phase's seconds.
        """
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        try:
            scenario = self.variant()
        except InputError as error:
            self.status.value = f"<span style='color:#b00'>⚠ {html_text(error)}</span>"
            return
        week = self.controls["week"].value or None
        t1 = time.perf_counter()
        done = operations(scenario, week=week)
        t2 = time.perf_counter()
        self.scenario, self.results, self._operations = scenario, done.results, done
        self._show_operations(done)
        t3 = time.perf_counter()
        effects = customer_effects(done)  # the read-outs use whole-week figures
        t4 = time.perf_counter()
        money = net_effect(scenario, self.base)  # svcdesign.compare on the two scenarios, over a year
        t5 = time.perf_counter()
        self.customers, self._effects, self.money = effects.customers, effects, money
        self._show_customers(effects, money)
        t6 = time.perf_counter()
        timings.update(
            variant=t1 - t0,
            evaluate=t2 - t1,
            operations_display=t3 - t2,
            customers=t4 - t3,
            money=t5 - t4,
            customers_display=t6 - t5,
        )
        warnings = done.results.warnings
        self.status.value = (
            "".join(f"<div style='color:#b00'>⚠ {html_text(w)}</div>" for w in warnings)
            or "<span style='color:#2a7'>✓ no stage is overloaded</span>"
        )
        self._months_stale = True
        if self._tabs.selected_index == 3:
            t7 = time.perf_counter()
            self._update_months()
            timings["months"] = time.perf_counter() - t7
        else:
            self._mark_months_stale()
        timings["total"] = time.perf_counter() - t0
        self.timings = timings

    # ------------------------------------------------------------------------------ reading
    @staticmethod
    def _readings(
        done: Operations, effects: CustomerEffects | None, money: NetEffect | None = None
    ) -> dict[str, float]:
        """The numbers behind the read-outs: operational, then customers and money once computed."""
        values = dict(done.readings)
        if effects is not None:
            values.update(effects.readings)
        if money is not None:
            values.update(money.readings)
        return values

    def kpi_value(self, name: str) -> float:
        """The number behind a read-out (e.g. ``"service_level"`` as a share, ``"staff_cost"`` per week,
        ``"net_effect"`` per year as :func:`svcdesign.compare` gives it)."""
        values = self._readings(self._operations, self._effects, self.money)
        if name not in values:
            raise InputError("name", name, f"one of {sorted(values)}")
        return float(values[name])

    # ------------------------------------------------------------------------------ KPIs
    def _kpi_specs(self) -> list[tuple[str, str, str]]:
        front = front_stage(self.base)
        target = self.base.target_for(front)
        cur = self._currency
        sl = f"answered within {target.answer_within:g} s at {front}"
        customers = (
            ("cost_of_failure", "Cost of failure (failed cases and bed-days, over a year)", f"{cur}/year")
            if self._public
            else ("churn", "Customer churn", "%/year")
        )
        return [
            ("service_level", f"Service level ({sl})", "%"),
            ("asa", f"Mean wait to answer at {front} (ASA)", "s"),
            ("p_abandon_any", "Customers abandoning (any stage)", "%"),
            ("fcr", "First-contact resolution", "%"),
            ("staff_cost", "Staff wages", f"{cur}/week"),
            ("employment_cost", "Employment cost (wages, overtime, turnover)", f"{cur}/week"),
            ("staff_saving", "Staff cost saved against the scenario as described", f"{cur}/year"),
            ("budget_gap", "Budget slack (budget − employment cost)", f"{cur}/week"),
            ("satisfaction", "Customer satisfaction", "points (0–10)"),
            customers,
        ]

    def _build_kpis(self) -> None:
        w = self._w
        self._baseline_readings = self._readings(self._baseline, self._baseline_effects)
        # the year's cost of failure or churn as described: compare's, like the what-if's
        key = "cost_of_failure" if self._public else "churn"
        self._baseline_readings[key] = net_effect(self.base, self.base).readings[key]
        self.kpis = {}
        for key, _, _ in self._kpi_specs():
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
            if (
                key not in ("staff_saving", "budget_gap")
                and np.isfinite(value)
                and np.isfinite(ref)
                and abs(value - ref) > 1e-12
            ):
                delta = f"<span style='color:#666'> (scenario: {_format(ref, unit)})</span>"
            self.kpis[key].value = (
                f"<div style='font-size:80%;line-height:1.25;color:#555'>{html_text(label)}</div>"
                f"<div style='font-size:140%;line-height:1.3'><b class='kpi-value'>{text}</b> "
                f"<small>{html_text(unit)}</small></div>{delta}"
            )

    # ----------------------------------------------------------------------------- figures
    def _build_figures(self) -> None:
        cur = plot_text(self._currency)
        self.figures = {
            "service": _figure_widget(_service_figure(self.base, self._baseline)),
            "customers": _figure_widget(
                _customers_figure([plot_text(g.name) for g in self.base.segments], churn=not self._public)
            ),
            "cost": _figure_widget(_cost_figure(cur, public=self._public)),
            "months": _figure_widget(_months_figure(cur)),
        }
        self._months_note = self._w.HTML()
        keep = self._tabs.selected_index or 0
        self._tabs.children = [
            self.figures["service"],
            self.figures["customers"],
            self.figures["cost"],
            self._w.VBox([self._months_note, self.figures["months"]]),
        ]
        for i, title in enumerate(
            (
                "Service level & abandonment",
                "Satisfaction" if self._public else "Satisfaction & churn",
                "Cost & savings",
                "Next 12 months",
            )
        ):
            self._tabs.set_title(i, title)
        self._tabs.selected_index = keep
        self._show_customer_bars(self._baseline_effects, 0)

    def _show_operations(self, done: Operations) -> None:
        if done.live:
            sl = done.per_interval["service_level"] * 100.0
            ab = done.per_interval["p_abandon"] * 100.0
            fig = self.figures["service"]
            with fig.batch_update():
                for i in range(len(done.live)):
                    fig.data[2 * i].y = sl[i]
                    fig.data[2 * i + 1].y = ab[i]
            _sync(fig)
        self._show_kpis(self._readings(done, None))

    def _show_customer_bars(self, effects: CustomerEffects, which: int) -> None:
        fig = self.figures["customers"]
        per_option = len(fig.data) // 2  # traces per option: satisfaction, and churn (not for a public service)
        with fig.batch_update():
            fig.data[per_option * which].y = effects.by_segment["satisfaction"]
            if per_option == 2:
                fig.data[2 * which + 1].y = [100.0 * v for v in effects.by_segment["churn"]]
        _sync(fig)

    def _show_customers(self, effects: CustomerEffects, money: NetEffect) -> None:
        self.headline.value = _headline(money, self._currency)
        self._show_customer_bars(effects, 1)
        self._show_kpis(self._readings(self._operations, effects, money))
        fig = self.figures["cost"]
        budget = self.controls["budget"].value or None
        r = money.readings
        with fig.batch_update():
            fig.data[0].y = [self._baseline_effects.readings["employment_cost"], effects.readings["employment_cost"]]
            fig.data[1].y = [budget, budget] if budget else [None, None]
            fig.data[2].y = [r["staff_saving"], -r["customer_cost"], r["net_effect"]]
            fig.data[3].y = [r["net_effect_low"], r["net_effect_high"]]
        _sync(fig)

    # ---------------------------------------------------------------------------- 12 months
    def _mark_months_stale(self) -> None:
        self._months_note.value = "<i>Open this tab to compute the next 12 months for the current settings.</i>"

    def _update_months(self) -> None:
        """Run the dynamics engine for the variant with and without the staff change (two runs)."""
        self._months_note.value = "<i>Computing the next 12 months (two 52-week runs)…</i>"
        months = twelve_months(self.scenario, self.base)
        fig = self.figures["months"]
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = months.weeks, months.net_saving.to_numpy()
            fig.data[1].x, fig.data[1].y = months.weeks, months.staff_baseline
            fig.data[2].x, fig.data[2].y = months.weeks, months.staff_changed
        _sync(fig)
        self.months = months
        self._months_stale = False
        self._months_note.value = (
            f"Staff change made in week {months.change_week} as a management decision (cuts held; additions as a "
            f"headcount target). Net saving after 12 months: <b>{months.net_saving.iloc[-1]:,.0f} "
            f"{html_text(self._currency)}</b> (wages, overtime and hiring saved, minus revenue from customers lost). "
            "Oliva & Sterman (2001) service-quality dynamics, coupled to customers: a path through the year "
            "(overtime, hiring, word of mouth, the change made in week "
            f"{months.change_week}), not the steady year of the net effect above."
        )


def _service_figure(base: Scenario, baseline: Operations) -> go.Figure:
    """Service level and abandonment per interval, a line per live stage (values set by the callback)."""
    results = baseline.results
    periods = baseline.per_interval["service_level"].shape[1] if baseline.live else 0
    x = np.arange(periods)
    labels = [period_label(int(p), results.period_minutes) for p in x]
    ticks = list(range(0, periods, int(1440 // results.period_minutes)))
    service = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=("Service level per interval (%)", "Abandonment per interval (%)"),
    )
    for i, name in enumerate(baseline.live):
        colour = _COLOURS[i % len(_COLOURS)]
        for row in (1, 2):
            service.add_trace(
                go.Scatter(
                    x=x,
                    y=np.zeros(periods),
                    mode="lines",
                    name=plot_text(name),
                    legendgroup=plot_text(name),
                    showlegend=row == 1,
                    line={"color": colour, "width": 1.4},
                    customdata=labels,
                    hovertemplate="%{customdata}: %{y:.1f}%<extra>%{fullData.name}</extra>",
                ),
                row=row,
                col=1,
            )
    front = baseline.live[0] if baseline.live else None
    level = base.target_for(front).service_level if front else None
    if level:
        service.add_hline(
            y=100 * level,
            line_dash="dash",
            row=1,
            col=1,
            annotation_text="target",
            line_color="#888",
        )
    service.update_xaxes(
        tickvals=ticks,
        ticktext=[labels[t] for t in ticks],
        row=2,
        col=1,
        title_text="Time of the week (weekday and hour)",
    )
    service.update_yaxes(title_text="Service level (%)", range=[0, 101], row=1, col=1)
    service.update_yaxes(title_text="Abandoned (%)", rangemode="tozero", row=2, col=1)
    service.update_layout(
        title="Service level and abandonment across the week, by stage",
        template="plotly_white",
        height=480,
        legend={"title": "Stage"},
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
    )
    return service


def _customers_figure(segments: list[str], churn: bool = True) -> go.Figure:
    """Satisfaction and (unless ``churn`` is false: a public service) churn per segment, as described and
    with the changes (values set by the callback)."""
    titles = ("Satisfaction (points, 0–10)", "Churn (% of customers per year)")
    customers = make_subplots(rows=1, cols=2 if churn else 1, subplot_titles=titles if churn else titles[:1])
    for label, colour in (("scenario as described", "#bbbbbb"), ("with your changes", "#1f77b4")):
        customers.add_trace(
            go.Bar(
                x=segments,
                y=np.zeros(len(segments)),
                name=label,
                marker_color=colour,
                legendgroup=label,
                hovertemplate="%{x}: %{y:.2f}<extra>" + label + "</extra>",
            ),
            row=1,
            col=1,
        )
        if not churn:
            continue
        customers.add_trace(
            go.Bar(
                x=segments,
                y=np.zeros(len(segments)),
                name=label,
                marker_color=colour,
                legendgroup=label,
                showlegend=False,
                hovertemplate="%{x}: %{y:.1f}%/year<extra>" + label + "</extra>",
            ),
            row=1,
            col=2,
        )
    customers.update_yaxes(title_text="Satisfaction (0–10)", range=[0, 10], row=1, col=1)
    shown = "satisfaction and churn" if churn else "satisfaction"
    if churn:
        customers.update_yaxes(title_text="Churn (%/year)", rangemode="tozero", row=1, col=2)
    customers.update_xaxes(title_text="Customer segment")
    customers.update_layout(
        title=f"Customers: {shown} by segment (svcdesign.response.assess)",
        template="plotly_white",
        barmode="group",
        height=420,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
    )
    return customers


def _cost_figure(cur: str, public: bool = False) -> go.Figure:
    """Employment cost against the budget, and the change's staff saving, customer cost and net effect over a
    year with its range, as :func:`svcdesign.compare` gives them (values set by the callback)."""
    cost = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.45, 0.55],
        subplot_titles=(f"Employment cost ({cur}/week)", f"What the change saves and costs ({cur}/year)"),
    )
    cost.add_trace(
        go.Bar(
            x=["scenario as described", "with your changes"],
            y=[0, 0],
            marker_color=["#bbbbbb", "#1f77b4"],
            name="employment cost",
            showlegend=False,
            hovertemplate="%{x}: %{y:,.0f} " + cur + "/week<extra></extra>",
        ),
        row=1,
        col=1,
    )
    cost.add_trace(
        go.Scatter(
            x=["scenario as described", "with your changes"],
            y=[None, None],
            mode="lines",
            line={"dash": "dash", "color": "#d62728"},
            name="weekly budget",
            hovertemplate="budget %{y:,.0f} " + cur + "/week<extra></extra>",
        ),
        row=1,
        col=1,
    )
    customer = "extra cost of failure" if public else "lifetime margin of customers lost"
    cost.add_trace(
        go.Bar(
            x=["staff cost saved", customer, "net effect"],
            y=[0, 0, 0],
            name="per year",
            marker_color=["#2ca02c", "#d62728", "#1f77b4"],
            showlegend=False,
            hovertemplate="%{x}: %{y:,.0f} " + cur + "/year<extra></extra>",
        ),
        row=1,
        col=2,
    )
    cost.add_trace(
        go.Scatter(
            x=["net effect", "net effect"],
            y=[None, None],
            mode="lines+markers",
            line={"color": "#333"},
            marker={"symbol": "line-ew-open", "size": 14},
            name="plausible range (5%–95%)",
            hovertemplate="%{y:,.0f} " + cur + "/year<extra>plausible range</extra>",
        ),
        row=1,
        col=2,
    )
    cost.update_xaxes(title_text="Staffing", row=1, col=1)
    cost.update_xaxes(title_text="Effect of your changes", row=1, col=2)
    cost.update_yaxes(title_text=f"{cur} per week", row=1, col=1, rangemode="tozero")
    cost.update_yaxes(title_text=f"{cur} per year (+ = better)", row=1, col=2)
    cost.update_layout(
        title="Cost against savings: staff cost saved versus customer cost added (svcdesign.compare)",
        template="plotly_white",
        height=420,
        margin={"l": 70, "r": 20, "t": 70, "b": 50},
    )
    return cost


def _months_figure(cur: str) -> go.Figure:
    """The next 12 months: cumulative net saving and staff with and without the change (values set later)."""
    months = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.1,
        subplot_titles=(f"Cumulative net saving ({cur})", "Staff (full-time equivalents)"),
    )
    fte = "week %{x}: %{y:.1f} FTE<extra></extra>"
    traces = (  # (name, line style, hover template, row)
        ("net saving (cumulative)", None, "week %{x}: %{y:,.0f} " + cur + "<extra></extra>", 1),
        ("staff, as described", {"color": "#999"}, fte, 2),
        ("staff, with your changes", {"color": "#1f77b4"}, fte, 2),
    )
    for name, line, hover, row in traces:
        months.add_trace(
            go.Scatter(x=[], y=[], mode="lines", name=name, line=line, hovertemplate=hover), row=row, col=1
        )
    months.add_hline(y=0, line_color="#888", row=1, col=1)
    months.add_vline(x=CHANGE_WEEK, line_dash="dot", line_color="#888", annotation_text="change made")
    months.update_xaxes(title_text="Week", row=2, col=1)
    months.update_yaxes(title_text=cur, row=1, col=1)
    months.update_yaxes(title_text="FTE", row=2, col=1)
    months.update_layout(
        title="The next 12 months: what the staff change does over time (dynamics engine)",
        template="plotly_white",
        height=480,
        margin={"l": 70, "r": 20, "t": 70, "b": 50},
    )
    return months


def _money(value: float, currency: str, sign: bool = True) -> str:
    """A sum of money to three significant figures, its sign shown (− for a loss), and its currency."""
    if not np.isfinite(value):
        return "—"
    rounded = float(f"{value:.3g}")
    mark = ("+" if rounded > 0 else "−" if rounded < 0 else "") if sign else ("−" if rounded < 0 else "")
    return f"{mark}{abs(rounded):,.0f} {html_text(currency)}"


def _headline(money: NetEffect, currency: str) -> str:
    """The first read-out: the net effect against the scenario as described, its range, the probability
    it pays, what it is made of, and the break-even statement (numbers as :func:`svcdesign.compare` gives)."""
    r = money.readings
    period = money.comparison.period
    if not money.changed:
        return (
            f"<b>Net effect over a {period}</b>: none — every lever is at the scenario as described. Move a lever "
            "to see what the change saves, what it costs in customers, and whether it pays."
        )
    if not np.isfinite(r["net_effect"]):
        return "<b>Net effect</b>: needs the shipped customer model (svcdesign.response), which is not available."
    customer = (
        "extra cost of failure (failed cases and bed-days)"
        if money.public
        else "lifetime margin of the extra customers lost"
    )
    return (
        f"<div style='font-size:125%'><b>Net effect over a {period}: "
        f"<span class='net-central'>{_money(r['net_effect'], currency)}</span></b> "
        f"(range <span class='net-low'>{_money(r['net_effect_low'], currency)}</span> to "
        f"<span class='net-high'>{_money(r['net_effect_high'], currency)}</span>; pays in "
        f"<span class='net-p-pays'>{100.0 * r['p_pays']:.0f}%</span> of plausible cases)</div>"
        f"<div style='font-size:90%;color:#444'>Your changes against the scenario as described: staff cost saved "
        f"{_money(r['staff_saving'], currency, sign=False)} a {period}; {customer} "
        f"{_money(r['customer_cost'], currency, sign=False)} a {period}.</div>"
        f"<div style='font-size:90%;color:#444' class='net-statement'>{html_text(money.statement)}</div>"
    )


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
