"""The shape the project promises of its own code (DEVELOPERS.md, docs/architecture.md).

- No function over :data:`MAX_LINES` lines outside the compiled (numba) kernels: long entry points
  read as validate → build → compute → package in small named steps.
- Inside the package, modules import other svcdesign modules at the top, where import-linter sees
  them; the few imports inside functions are deferred on purpose and listed in :data:`DEFERRED`.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "svcdesign"
MAX_LINES = 80
KERNEL_DECORATORS = ("njit", "jit", "_jit")

DEFERRED = {
    "svcdesign/cli.py": "each subcommand imports its layer when it runs, so `svcdesign --help` starts at once",
    "svcdesign/warmup.py": "each step imports and compiles one engine, timed on its own",
    "svcdesign/present/__init__.py": "the staffing explorer (ipywidgets) loads only when asked for",
    "svcdesign/engines/analytic_desk.py": "the simulation (numba) loads only for desk types no formula covers",
    "svcdesign/i18n/__init__.py": "the glossary (pandas) loads only when read, since the model imports i18n",
    "svcdesign/i18n/phrases.py": "Babel's number formats load only when a phrase is shown in Arabic or Persian",
}
"""Modules allowed svcdesign imports inside functions, and why."""


def _functions():
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield path.relative_to(ROOT).as_posix(), node


def _is_kernel(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in KERNEL_DECORATORS:
            return True
    return False


def test_no_function_over_80_lines_outside_kernels():
    long = [
        f"{path}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path, node in _functions()
        if node.end_lineno - node.lineno + 1 > MAX_LINES and not _is_kernel(node)
    ]
    assert long == []


def test_svcdesign_imports_inside_functions_are_only_the_listed_deferred_ones():
    found = set()
    for path, node in _functions():
        for inner in ast.walk(node):
            relative = isinstance(inner, ast.ImportFrom) and inner.level > 0
            absolute = isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("svcdesign")
            plain = isinstance(inner, ast.Import) and any(a.name.startswith("svcdesign") for a in inner.names)
            if relative or absolute or plain:
                found.add(path)
    assert found <= set(DEFERRED), sorted(found - set(DEFERRED))
