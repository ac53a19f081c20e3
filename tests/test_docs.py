"""The reference documentation builds with warnings as errors and lists the public API exactly once.

The site is built once per session (``mkdocs build --strict``, about 15 s) into a temporary folder.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS / "_hooks"))
from api_pages import object_path, reference_pages  # noqa: E402

LAYERS = [
    "svcdesign.model",
    "svcdesign.formulas",
    "svcdesign.results",
    "svcdesign.data",
    "svcdesign.forecast",
    "svcdesign.response",
    "svcdesign.engines",
    "svcdesign.explore",
    "svcdesign.present",
    "svcdesign.course",
]
"""The layer packages; each has a reference page of its own name."""
FOUNDATIONS = [
    "svcdesign.assumptions",
    "svcdesign.calendars",
    "svcdesign.datasets",
    "svcdesign.display",
    "svcdesign.markup",
]
"""Public modules below the layers (reference/foundations.md)."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.stdout}\n{build.stderr}"
    return out


def exported() -> dict[str, list[str]]:
    """Package → its ``__all__``: svcdesign, every layer package and its sub-packages, the foundations."""
    packages = ["svcdesign", *LAYERS, *FOUNDATIONS]
    for layer in LAYERS:
        folder = ROOT / layer.replace(".", "/")
        packages += [f"{layer}.{p.parent.name}" for p in sorted(folder.glob("*/__init__.py"))]
    return {p: list(getattr(importlib.import_module(p), "__all__", [])) for p in packages}


def anchors(html: str) -> list[str]:
    return re.findall(r'<h\d id="([^"]+)" class="doc doc-heading"', html)


def test_site_builds_without_warnings(site: Path) -> None:
    assert (site / "index.html").is_file()
    for layer in LAYERS:
        assert (site / "reference" / f"{layer.split('.')[-1]}.html").is_file(), layer


def test_every_public_name_is_documented_on_exactly_one_page(site: Path) -> None:
    rendered = {
        page: anchors((site / page).with_suffix(".html").read_text(encoding="utf-8")) for page in reference_pages(DOCS)
    }
    problems = []
    for package, names in exported().items():
        for name in names:
            path = object_path(package, name)
            times = sum(ids.count(path) for ids in rendered.values())
            if times != 1:
                pages = [page for page, ids in rendered.items() if path in ids]
                problems.append(f"{package}.{name} ({path}) is rendered {times} times, on {pages}")
    assert not problems, "\n".join(problems)


def test_no_docstring_points_outside_the_repository() -> None:
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in sorted((ROOT / "svcdesign").rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if "models.md" in line
    ]
    assert not offenders, offenders
