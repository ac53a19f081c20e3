"""MkDocs hook: the reference pages list the public API from the code, each name once.

A reference page holds markers instead of hand-written mkdocstrings directives:

``<!-- api: svcdesign.explore -->``
    the package's docstring, then every name of its ``__all__`` (a module without ``__all__``: the
    classes and functions it defines whose names do not start with ``_``, except those a package between
    ``svcdesign`` and the module already exports in its ``__all__``);
``<!-- api: svcdesign load_example example_names -->``
    only the names given (no docstring);
``level=3`` in a marker sets the heading level of the objects (default 2).

Each name is documented where it is defined (``obj.__module__`` + ``obj.__qualname__`` for classes and
functions; constants under the package that exports them), found by importing the package when the
site is built. So the pages follow the code when modules move, and a function that shares its name
with its module (``svcdesign.explore.compare``, which static analysis takes for the module) is still
found. ``<!-- api-index -->`` (on a page in ``reference/``) becomes a table of ``svcdesign.__all__``: each
name, its first docstring line and a link to the one page that documents it. ``tests/test_docs.py`` uses
:func:`object_path` and :func:`reference_pages` to check that every public name is rendered on exactly one
page.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from typing import Any

from griffe_rst import markdown as rst_to_markdown

MARKER = re.compile(r"<!--\s*api:\s*(?P<spec>[^>]*?)\s*-->")
INDEX_MARKER = "<!-- api-index -->"
REFERENCE = "reference/"

_ROOT_OPTIONS = """    options:
      members: false
      show_root_heading: false
      show_root_toc_entry: false"""


def object_path(package: str, name: str) -> str:
    """The dotted path under which mkdocstrings documents ``package.name``.

    Parameters
    ----------
    package : str
        Dotted name of the package or module that exports the name.
    name : str
        The exported name.

    Returns
    -------
    str
        ``module.qualname`` of a class or function, else ``package.name``.
    """
    obj = getattr(importlib.import_module(package), name)
    if inspect.isclass(obj) or inspect.isfunction(obj):
        return f"{obj.__module__}.{obj.__qualname__}"
    return f"{package}.{name}"


def _exported_above(module: str) -> set[str]:
    """Documented paths of the names exported by the packages between ``svcdesign`` and ``module``."""
    parts = module.split(".")
    packages = [".".join(parts[:i]) for i in range(2, len(parts))]
    return {
        object_path(package, name)
        for package in packages
        for name in getattr(importlib.import_module(package), "__all__", [])
    }


def _names(module: Any) -> list[str]:
    exported = getattr(module, "__all__", None)
    if exported is not None:
        return list(exported)
    above = _exported_above(module.__name__)
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == module.__name__
        and f"{module.__name__}.{value.__qualname__}" not in above
    ]


def _parse(spec: str) -> tuple[str, list[str], int]:
    words = spec.split()
    level = 2
    names = []
    for word in words[1:]:
        if word.startswith("level="):
            level = int(word.removeprefix("level="))
        else:
            names.append(word)
    return words[0], names, level


def documented(spec: str) -> list[tuple[str, str]]:
    """The (exported name, documented path) pairs one marker stands for.

    Parameters
    ----------
    spec : str
        The marker's text after ``api:``.

    Returns
    -------
    list of tuple of str
        In the order they appear on the page: classes, then functions, then constants.
    """
    target, names, _ = _parse(spec)
    module = importlib.import_module(target)
    chosen = names or _names(module)

    def order(name: str) -> int:
        value = getattr(module, name)
        return 0 if inspect.isclass(value) else 1 if inspect.isfunction(value) else 2

    return [(name, object_path(target, name)) for name in sorted(chosen, key=order)]


def _expand(match: re.Match[str]) -> str:
    target, names, level = _parse(match["spec"])
    blocks = [] if names else [f"::: {target}\n{_ROOT_OPTIONS}"]
    blocks += [f"::: {path}\n    options:\n      heading_level: {level}" for _, path in documented(match["spec"])]
    return "\n\n".join(blocks)


def reference_pages(docs_dir: Path) -> dict[str, list[str]]:
    """Every reference page (path relative to ``docs_dir``) and the documented paths its markers give.

    Parameters
    ----------
    docs_dir : pathlib.Path
        The site's source folder.

    Returns
    -------
    dict of str to list of str
    """
    pages = {}
    for page in sorted((docs_dir / REFERENCE).glob("*.md")):
        specs = MARKER.findall(page.read_text(encoding="utf-8"))
        pages[page.relative_to(docs_dir).as_posix()] = [path for spec in specs for _, path in documented(spec)]
    return pages


def _summary(value: Any) -> str:
    if not (inspect.isclass(value) or inspect.isfunction(value)):
        return f"`{value!r}`" if isinstance(value, (str, int, float)) else ""
    doc = inspect.getdoc(value)
    return rst_to_markdown(doc.splitlines()[0]).replace("|", "\\|") if doc else ""


def _index(docs_dir: Path) -> str:
    import svcdesign

    where = {path: page for page, paths in reference_pages(docs_dir).items() for path in paths}
    rows = ["| name | what it is | documented in |", "|---|---|---|"]
    for name in svcdesign.__all__:
        path = object_path("svcdesign", name)
        page = where.get(path)
        if page is None:
            raise ValueError(f"svcdesign.{name} ({path}) is documented on no reference page: add it to a marker")
        rows.append(
            f"| [`{name}`]({Path(page).name}#{path}) | {_summary(getattr(svcdesign, name))} | {Path(page).stem} |"
        )
    return "\n".join(rows)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Expand the API markers of a page (MkDocs event)."""
    if INDEX_MARKER in markdown:
        markdown = markdown.replace(INDEX_MARKER, _index(Path(config["docs_dir"])))
    return MARKER.sub(_expand, markdown)
