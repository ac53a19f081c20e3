"""The course's sliders and figures: levers labelled in words with units, results that re-draw when a slider
moves (set by the kernel, so notebooks run headless), and panels where every option draws — overloaded ones
included — with money and percentages written as people read them."""

from __future__ import annotations

import inspect
import math
import re
from decimal import Decimal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from svcdesign import course
from svcdesign.course import Options, Slider
from svcdesign.course import q3_08_restricting_service as q38
from svcdesign.course.figures import OVERLOADED, panels, value_text

widgets = pytest.importorskip("ipywidgets")

QUESTIONS = list(course.LESSONS)
E_NOTATION = re.compile(r"\d[eE][+-]?\d")


def _experiments(lesson):
    """Each experiment of a lesson with its levers (3.7 has two)."""
    pairs = [(lesson.experiment, lesson.SLIDERS)]
    if hasattr(lesson, "CUSTOMER_SLIDERS"):
        pairs.append((lesson.customers, lesson.CUSTOMER_SLIDERS))
    return pairs


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_lever_is_labelled_in_words_with_its_unit_and_starts_on_its_scale(question):
    lesson = course.lesson(question)
    for function, levers in _experiments(lesson):
        parameters = inspect.signature(function).parameters
        assert set(levers) == set(parameters), f"{question}: every argument of {function.__name__} has a control"
        for name, spec in levers.items():
            assert isinstance(spec, (Slider, Options)), f"{question} {name}: a Slider or Options, not a bare tuple"
            label = spec.description if isinstance(spec, Slider) else spec.label
            assert "_" not in label and label[0].isupper(), f"{question} {name}: {label!r} is not in words"
            default = parameters[name].default
            if isinstance(spec, Options):
                assert default in spec.values
                continue
            assert re.search(r"\([^()]+\)$", label) or "ω" in label, f"{question} {name}: {label!r} has no unit"
            assert spec.low <= default <= spec.high, f"{question} {name}: default {default} off the slider"
            steps = (Decimal(str(default)) - Decimal(str(spec.low))) / Decimal(str(spec.step))
            assert steps == steps.to_integral_value(), f"{question} {name}: default {default} between steps"
            if spec.percent:
                assert spec.readout_format.endswith("%") and 0 <= spec.low < spec.high <= 1


def test_a_share_reads_as_a_percentage_and_a_change_carries_its_sign():
    cut = Slider(0.05, 0.30, 0.025, "Cut in social workers", percent=True)
    assert cut.description == "Cut in social workers (%)" and cut.readout_format == ".1%" and cut.show(0.125) == "12.5%"
    staff = Slider(-3.0, 1.0, 0.5, "Care-provision staff added", "people", signed=True)
    assert staff.description == "Care-provision staff added (people)" and staff.show(-2) == "-2.0"
    assert staff.show(0.5) == "+0.5"
    cost = Slider(273.0, 3500.0, 1.0, "Cost of a failed case", "GBP")
    assert cost.readout_format == ",.0f" and cost.show(1758) == "1,758"
    with pytest.raises(ValueError, match="low < high"):
        Slider(1.0, 0.0, 0.1, "backwards")


def test_explore_shows_the_widget_and_returns_nothing(monkeypatch):
    """The cell's value is None, so Jupyter echoes no ``<function …experiment(…)>`` under the figure."""
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objects, **_: shown.extend(objects))
    assert course.explore(q38.experiment, **q38.SLIDERS) is None
    assert len(shown) == 1 and isinstance(shown[0], widgets.VBox)
    text = shown[0]._repr_mimebundle_()["text/plain"]
    assert "Care referrals restricted (%) 0%" in text and "Care-provision staff added (people) -2.0" in text
    assert "<function" not in text


def test_moving_a_slider_redraws_the_results_from_the_kernel():
    """The results are the Output widget's own outputs (no ``with output:`` capture that a front end must echo back,
    which stalls nbclient); moving a slider replaces them, and a failure shows in their place."""
    calls = []

    def experiment(share: float = 0.1, people: float = 0.0):
        calls.append((share, people))
        if people < 0:
            raise ValueError("no one left")
        print(f"share {share:.0%}")
        return pd.DataFrame({"share": [share]})

    shown = course.explorer(
        experiment,
        share=Slider(0.0, 0.5, 0.1, "Share", percent=True),
        people=Slider(-1.0, 1.0, 0.5, "People", "people", signed=True),
    )
    first = shown.output.outputs
    assert calls == [(0.1, 0.0)] and first[0] == {"output_type": "stream", "name": "stdout", "text": "share 10%\n"}
    assert "text/html" in first[1]["data"]
    shown.controls["share"].value = 0.3
    assert calls[-1] == (0.3, 0.0) and shown.output.outputs[0]["text"] == "share 30%\n"
    shown.controls["people"].value = -1.0
    (error,) = shown.output.outputs
    assert error["name"] == "stderr" and "no one left" in error["text"]


def test_every_lesson_draws_its_results_in_the_explorer():
    for question in QUESTIONS:
        lesson = course.lesson(question)
        for function, levers in _experiments(lesson):
            outputs = course.explorer(function, **levers).output.outputs
            assert outputs and outputs[-1]["output_type"] == "display_data", question  # the figure, last
            text = " ".join(str(o.get("data", {}).get("text/plain", o.get("text", ""))) for o in outputs)
            assert "<function" not in text and "<br>" not in text, question


# --------------------------------------------------------------------------------------------------- panels
def _bars(figure: go.Figure) -> list[go.Bar]:
    return [trace for trace in figure.data if isinstance(trace, go.Bar)]


def test_an_overloaded_option_still_draws_its_bar():
    """3.8 at its defaults: care provision after the cut is overloaded. Its wait draws as a hatched bar labelled
    "∞ overloaded", the option is named "(overloaded)" in every panel, zero counts show as 0 on an axis from 0, and
    the staff cost reads as money."""
    figure = q38.experiment()
    bars = _bars(figure)
    assert len(bars) == 6
    for bar in bars:
        assert list(bar.x) == ["today", "your policy (overloaded)"]
        assert all(math.isfinite(y) for y in bar.y) and len(bar.text) == 2
    wait = next(b for b, name in zip(bars, q38.outcomes().index, strict=True) if "wait" in name)
    assert wait.text[1] == OVERLOADED and wait.y[1] > wait.y[0] > 0 and wait.marker.pattern.shape[1] == "/"
    cost = bars[list(q38.outcomes().index).index("Council staff cost a week (GBP)")]
    assert all(re.fullmatch(r"£\d{1,3}(,\d{3})+", text) for text in cost.text), cost.text
    for axis in [figure.layout[k] for k in figure.layout if k.startswith("yaxis")]:
        low, high = axis.range
        assert low == 0 and high > 0, "no panel runs from −1 to 1"


def test_value_text_writes_units_as_people_read_them():
    assert value_text(30805.0, "GBP") == "£30,805" and value_text(-1234.5, "USD a year") == "−$1,234"
    assert value_text(12.345, "GBP") == "£12.35" and value_text(99.904, "%") == "99.9%"
    assert value_text(1234567.0, "customers a year") == "1,234,567" and value_text(0.0) == "0"
    assert (
        value_text(12.24, "hours") == "12.2" and value_text(1.234) == "1.23" and value_text(500.0, "XYZ") == "500 XYZ"
    )
    assert value_text(float("inf"), "hours") == OVERLOADED and value_text(float("nan")) == "not defined"
    assert (
        value_text(-8.5e-10) == "0.00" and value_text(-0.0004, "%") == "0.0%" and value_text(-0.001, "GBP") == "£0.00"
    )


def test_panels_with_negative_values_keep_zero_on_the_axis():
    table = pd.DataFrame({"Gap (points)": [-0.4, -0.1], "Score (0-10)": [0.0, 0.0]}, index=["a", "b"])
    figure = panels(table, "t")
    gap, score = figure.layout.yaxis.range, figure.layout.yaxis2.range
    assert gap[0] < -0.4 and gap[1] >= 0 and score[0] == 0 and score[1] > 0


@pytest.mark.parametrize("question", QUESTIONS)
def test_figures_never_use_e_notation_and_every_option_draws_at_the_sliders_ends(question):
    lesson = course.lesson(question)
    for function, levers in _experiments(lesson):
        corners = [{}]
        sliders = {k: v for k, v in levers.items() if isinstance(v, Slider)}
        corners.append({k: (int(v.low) if v.whole else v.low) for k, v in sliders.items()})
        corners.append({k: (int(v.high) if v.whole else v.high) for k, v in sliders.items()})
        for settings in corners:
            figure = function(**settings)
            texts = [str(t) for bar in _bars(figure) for t in (bar.text or ())]
            assert not any(E_NOTATION.search(t) for t in texts), (question, settings, texts)
            for bar in _bars(figure):
                assert len(bar.y) == len(bar.x) and np.isfinite(np.asarray(bar.y, dtype=float)).all(), (
                    question,
                    settings,
                )
