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


def test_import_does_not_load_heavy_packages():
    code = (
        "import sys, svcdesign; "
        "print(sorted(m for m in sys.modules if m.startswith(('svcdesign.explore', 'svcdesign.engines.dynamics'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
