"""Locate the data files that ship with svcdesign.

The repository keeps its data in the top-level ``datasets/`` folder; a built wheel carries the same
folder as ``svcdesign/_datasets`` (see ``pyproject.toml``). An editable install reads the repository
folder directly.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def dataset_path(*parts: str) -> Path:
    """Path of a shipped data file, e.g. ``dataset_path("scenarios", "bank.yaml")``."""
    packaged = Path(str(files("svcdesign"))) / "_datasets"
    root = packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "datasets"
    return root.joinpath(*parts)
