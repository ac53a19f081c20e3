"""The flat public API: every advertised name resolves, and lazy ones load on first use."""

from __future__ import annotations

import subprocess
import sys

import svcdesign


def test_every_public_name_resolves():
    for name in svcdesign.__all__:
        assert getattr(svcdesign, name) is not None, name
    assert set(svcdesign._LAZY) <= set(dir(svcdesign))


def test_unknown_attribute_is_an_attribute_error():
    try:
        svcdesign.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_lazy_names_are_the_defining_modules_objects():
    from svcdesign.engines.analytic import evaluate
    from svcdesign.results import Results

    assert svcdesign.evaluate is evaluate
    assert svcdesign.Results is Results
    assert {"evaluate", "Results"} <= set(svcdesign.__all__)


def test_star_import_gives_every_public_name():
    namespace: dict[str, object] = {}
    exec("from svcdesign import *", namespace)
    assert set(svcdesign.__all__) <= set(namespace)


HEAVY = ("numba", "scipy", "pandas", "plotly", "ipywidgets", "dask")
"""Third-party packages that ``import svcdesign`` must leave for first use (issue 16: import time)."""
ENGINE_LAYERS = (
    "svcdesign.engines",
    "svcdesign.formulas",
    "svcdesign.results",
    "svcdesign.explore",
    "svcdesign.present",
)


def test_import_does_not_load_heavy_packages():
    code = (
        "import sys, svcdesign; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m.startswith({ENGINE_LAYERS!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_first_use_loads_what_it_needs():
    code = (
        "import sys, svcdesign as sd; "
        "frame = sd.evaluate(sd.load_example('bank')).data; "
        "print(len(frame) > 0, 'svcdesign.engines.analytic' in sys.modules, 'svcdesign.explore' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True", "False"]
