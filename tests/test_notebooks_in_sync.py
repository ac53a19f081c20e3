"""Committed notebooks match their reviewable sources in notebooks/src and carry no outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from make_notebook import build  # noqa: E402

SOURCES = sorted((ROOT / "notebooks" / "src").rglob("*.py"))


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_notebook_matches_source(source):
    relative = source.relative_to(ROOT / "notebooks" / "src").with_suffix(".ipynb")
    notebook = ROOT / "notebooks" / relative
    committed = json.loads(notebook.read_text(encoding="utf-8"))
    expected = build(source.read_text(encoding="utf-8"))
    assert [(c["cell_type"], "".join(c["source"])) for c in committed["cells"]] == [
        (c.cell_type, c.source) for c in expected.cells
    ], f"{notebook} is out of date: run python tools/make_notebook.py {source} {notebook}"


def test_notebooks_have_no_outputs():
    for notebook in (ROOT / "notebooks").rglob("*.ipynb"):
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        assert not any(c.get("outputs") or c.get("execution_count") for c in cells if c["cell_type"] == "code"), (
            notebook
        )
