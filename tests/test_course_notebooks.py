"""Every course lesson executes headless, as tutors batch-run them (``jupyter nbconvert --to notebook --execute``,
which is nbclient): within 60 s a lesson, with no stall after its sliders' cell, and with what a student should see —
the sliders and the experiment's figure (in the widgets' saved state), the questions, no ``<function …>`` echo.

Before the sliders set their results from the kernel (``svcdesign.course.controls``), six of the ten lessons
stalled after that cell for nbclient's whole cell timeout. This module runs the lessons in place of
``pytest --nbval-lax`` (``notebooks/course/conftest.py``), so ``make test`` executes each of them once.

The lessons run two at a time, one kernel per core of a two-core machine, as a tutor's batch may: each
test waits for its own lesson's run and judges it, so a failure still names the lesson and its cell.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "notebooks" / "course"
LESSONS = sorted(COURSE.glob("q3_*.ipynb")) + sorted(COURSE.glob("*/q3_*.ipynb"))
"""The lessons in English and in each language they are written in (``ar/``, ``fa/``)."""
RIGHT_TO_LEFT = re.compile(r'^<div dir="rtl"[^>]*>')
LIMIT = 60.0
"""Seconds a lesson may take headless, kernel start included (they take about 7–13 s on two cores)."""
STALL = 10.0
"""Seconds between one cell's reply and the next cell's start that mark a stall (they are milliseconds apart)."""
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
AT_ONCE = 2
"""Lessons executing at the same time (each in its own kernel process)."""


def _time(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _execute(path: Path) -> tuple[nbformat.NotebookNode, float]:
    """The lesson at ``path`` executed headless (nbclient, as ``jupyter nbconvert --execute``) and the
    seconds it took, kernel start included; raises if a cell fails, the self-test cell included."""
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=int(LIMIT),
        kernel_name="python3",
        record_timing=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.monotonic()
    client.execute()
    return notebook, time.monotonic() - start


@pytest.fixture(scope="module")
def executed(request: pytest.FixtureRequest) -> Iterator[dict[Path, Future]]:
    """The runs of the lessons whose tests were selected, :data:`AT_ONCE` at a time in the order of their
    tests, started together when the first of them asks."""
    chosen = [
        item.callspec.params["path"]
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.module is request.module and "path" in item.callspec.params
    ]
    with ThreadPoolExecutor(AT_ONCE) as pool:
        runs = {path: pool.submit(_execute, path) for path in chosen}
        yield runs
        for run in runs.values():
            run.cancel()


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=[p.relative_to(COURSE).with_suffix("").as_posix() for p in LESSONS])
def test_lesson_executes_headless_without_stalling(path, executed):
    notebook, elapsed = executed[path].result()
    assert elapsed < LIMIT, f"{path.name} took {elapsed:.0f} s headless (limit {LIMIT:.0f} s)"

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for before, after in zip(code, code[1:], strict=False):
        gap = _time(after.metadata.execution["iopub.execute_input"]) - _time(
            before.metadata.execution["shell.execute_reply"]
        )
        assert gap.total_seconds() < STALL, f"{path.name}: {gap.total_seconds():.0f} s stall after {before.source!r}"

    outputs = json.dumps([cell.outputs for cell in code], ensure_ascii=False)
    assert "<function" not in outputs, f"{path.name}: a cell echoes a function's repr"
    sliders = [cell for cell in code if "course.explore(" in cell.source]
    assert sliders and all(
        any("application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in cell.outputs)
        for cell in sliders
    ), f"{path.name}: the sliders' cell shows no widget"
    assert all(not any(out.output_type == "execute_result" for out in cell.outputs) for cell in sliders)

    state = notebook.metadata.widgets[WIDGET_STATE]["state"]
    figures = [
        out
        for model in state.values()
        if model["model_name"] == "OutputModel"
        for out in model["state"]["outputs"]
        if "application/vnd.plotly.v1+json" in out.get("data", {})
    ]
    assert len(figures) >= len(sliders), f"{path.name}: an experiment drew no figure"
    descriptions = [
        model["state"]["description"] for model in state.values() if model["model_name"].endswith("SliderModel")
    ]
    assert descriptions and all("_" not in d and d.endswith(")") for d in descriptions), descriptions

    prompts = [cell for cell in code if ".check(answer)" in cell.source]
    assert prompts and all(
        RIGHT_TO_LEFT.sub("", out.get("data", {}).get("text/markdown", "")).lstrip().startswith("**✎")
        for cell in prompts
        for out in cell.outputs
    ), f"{path.name}: an exercise cell does not show its question"
