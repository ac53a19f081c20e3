"""Reading scenario files safely, whatever they hold.

A consultant opens a client's file, which may be malformed or hostile. :func:`read_scenario_file`
returns the plain data of a YAML or JSON file, or raises one :class:`~svcdesign.errors.FileError`
naming the file, the line where known, the problem and what is allowed. It refuses, before any of the
data is walked:

- other file types than ``.yaml``, ``.yml`` and ``.json``;
- files larger than :data:`MAX_FILE_BYTES` (checked before reading) and text that is not UTF-8;
- documents standing for more than :data:`MAX_VALUES` values once YAML aliases are expanded (a
  "billion laughs" file of a few hundred bytes stands for billions of values) and nesting deeper than
  :data:`MAX_DEPTH` levels (deep nesting exhausts Python's recursion in any later walk);
- duplicate keys in a YAML mapping or a JSON object (YAML and JSON parsers otherwise keep the last
  silently);
- syntax errors, reported with line and column.

YAML is parsed by libyaml's event parser when available (fast) and composed here, counting values and
depth as the document is built, so a hostile file is refused after work proportional to its size.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, Event, NodeEvent
from yaml.nodes import MappingNode, Node
from yaml.resolver import Resolver

from .._files import display_path
from ..errors import FileError, shown
from ..i18n.phrases import tr

SUFFIXES: tuple[str, ...] = (".yaml", ".yml", ".json")
"""File types a scenario may be read from (and saved to)."""

MAX_FILE_BYTES = 10 * 2**20
"""Largest scenario file read, bytes (10 MiB): a hundred times the largest real scenario, which is
dominated by empirical samples (:data:`~svcdesign.model.limits.MAX_SAMPLES` durations take about 2 MB)."""

MAX_VALUES = 1_000_000
"""Most values (mappings, lists, keys and scalars) a file may stand for, with every YAML alias
expanded: ten times a scenario holding the largest empirical sample the model accepts, while a file
at the limit still loads in a few seconds."""

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings, levels (a scenario needs about 6)."""

_SNIPPET = 200
"""Longest piece of a parser's message quoted in an error, characters."""


class _Refusal(Exception):
    """Raised inside the parser: a limit was crossed at ``mark`` (a YAML mark, 0-based line)."""

    def __init__(self, problem: str, allowed: str, mark: Any = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.allowed = allowed
        self.line = mark.line + 1 if mark is not None else None
        self.column = mark.column + 1 if mark is not None else None


def _too_many(alias: bool, mark: Any = None) -> _Refusal:
    problem = (
        f"YAML aliases expand to more than {MAX_VALUES:,} values"
        if alias
        else f"the file holds more than {MAX_VALUES:,} values"
    )
    return _Refusal(problem, f"at most {MAX_VALUES:,} values in all, every alias expanded", mark)


def _too_deep(mark: Any = None) -> _Refusal:
    return _Refusal(
        f"nesting deeper than {MAX_DEPTH} levels", f"lists and mappings nested at most {MAX_DEPTH} deep", mark
    )


# ------------------------------------------------------------------------------------- YAML
class _BoundedComposer(Composer):
    """PyYAML's composer, counting the values the document stands for (aliases expanded) and its depth.

    An alias adds the whole size and height of the node it names, known from when that node was
    composed, so a billion-laughs file is refused after a few hundred events.
    """

    peek_event: Callable[[], Event]  # from the parser this composer is mixed with

    def __init__(self) -> None:
        super().__init__()
        self._values = 0
        self._depth = 0
        self._deepest = 0
        self._extent: dict[str, tuple[int, int]] = {}  # anchor -> (values, height), once composed

    def compose_document(self) -> Node | None:
        node = super().compose_document()
        self._extent = {}
        return node

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        level = self._depth + 1
        event = cast(NodeEvent, self.peek_event())  # a node starts at an alias, scalar or collection start
        if isinstance(event, AliasEvent):
            extent = self._extent.get(event.anchor) if event.anchor is not None else None  # None: stubs only
            if extent is None and event.anchor in self.anchors:
                raise _Refusal(
                    f"the YAML alias *{shown(event.anchor)[1:-1]} lies inside the node it names "
                    "(a structure without end)",
                    "aliases to complete nodes only",
                    event.start_mark,
                )
            if extent is not None:
                self._count(extent[0], event.start_mark, alias=True)
                self._reach(level + extent[1] - 1, event.start_mark)
            return super().compose_node(parent, index)  # an undefined alias is PyYAML's own error
        self._count(1, event.start_mark, alias=False)
        self._reach(level, event.start_mark)
        values_before, deepest_before = self._values, self._deepest
        self._deepest = self._depth = level
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth = level - 1
        height = self._deepest - level + 1
        self._deepest = max(deepest_before, self._deepest)
        if event.anchor is not None:
            self._extent[event.anchor] = (self._values - values_before + 1, height)
        return node

    def _count(self, values: int, mark: Any, alias: bool) -> None:
        self._values += values
        if self._values > MAX_VALUES:
            raise _too_many(alias, mark)

    def _reach(self, level: int, mark: Any) -> None:
        if level > MAX_DEPTH:
            raise _too_deep(mark)
        self._deepest = max(self._deepest, level)


class _StrictConstructor(SafeConstructor):
    """PyYAML's safe constructor, refusing duplicate keys and values that cannot be built."""

    def __init__(self) -> None:
        super().__init__()
        self._checked: set[int] = set()

    def flatten_mapping(self, node: MappingNode) -> None:
        if id(node) not in self._checked:  # a merged mapping is flattened again, with merged keys in it
            self._checked.add(id(node))
            seen: dict[Any, Node] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:  # an unhashable key: PyYAML's own error follows
                    continue
                if first is not key_node:
                    raise _Refusal(
                        f"duplicate key {shown(key)}, first at line {first.start_mark.line + 1:,}",
                        "each key at most once in a mapping",
                        key_node.start_mark,
                    )
        super().flatten_mapping(node)

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:  # e.g. 2024-02-30, an integer of 5,000 digits
            what = f"the value {shown(node.value)}" if isinstance(node.value, str) else "a value"
            raise _Refusal(
                f"{what} cannot be read ({_clip(str(error))})", "values YAML can represent", node.start_mark
            ) from None


def _loader_class(libyaml: bool) -> type:
    """A loader with libyaml's event parser (fast) or PyYAML's pure-Python one, and the bounded composer."""
    if libyaml:
        from yaml._yaml import CParser  # what yaml.cyaml uses (and does not export)

        class _FastLoader(_BoundedComposer, CParser, _StrictConstructor, Resolver):
            def __init__(self, text: str) -> None:
                CParser.__init__(self, text)
                _BoundedComposer.__init__(self)
                _StrictConstructor.__init__(self)
                Resolver.__init__(self)

        return _FastLoader

    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _PureLoader(_BoundedComposer, Reader, Scanner, Parser, _StrictConstructor, Resolver):
        def __init__(self, text: str) -> None:
            Reader.__init__(self, text)
            Scanner.__init__(self)
            Parser.__init__(self)
            _BoundedComposer.__init__(self)
            _StrictConstructor.__init__(self)
            Resolver.__init__(self)

    return _PureLoader


_LOADER = _loader_class(bool(getattr(yaml, "__with_libyaml__", False)))


def _read_yaml(text: str, name: str, loader: type = _LOADER) -> Any:
    reader = loader(text)
    try:
        return reader.get_single_data()
    except _Refusal as refusal:
        raise FileError(name, refusal.problem, refusal.allowed, line=refusal.line, column=refusal.column) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(part for part in (error.problem, error.context) if part) or "unreadable"
        raise FileError(
            name,
            f"not valid YAML: {_clip(problem)}",
            "a YAML mapping of scenario fields",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise FileError(name, f"not valid YAML: {_clip(str(error))}", "a YAML mapping of scenario fields") from None
    except RecursionError:  # last resort: the limits above should make this unreachable
        raise FileError(
            name, "nesting too deep to read", f"lists and mappings nested at most {MAX_DEPTH} deep"
        ) from None
    finally:
        reader.dispose()


# ------------------------------------------------------------------------------------- JSON
_JSON_TOKEN = re.compile(r'("(?:[^"\\]|\\.)*")(\s*:)?|[\[\]{}]|[^\s"\[\]{}:,]+', re.DOTALL)
"""A JSON token: a string (group 1; a key when followed by a colon, group 2), a bracket, or a literal
(number, true, false, null). Commas, colons and white space between tokens are skipped."""


def _scan_json(text: str) -> None:
    """Refuse JSON nested deeper than :data:`MAX_DEPTH`, holding more than :data:`MAX_VALUES` values, or
    repeating a key in an object, before :func:`json.loads` walks it. Syntax is left to the parser."""
    keys: list[dict[str, int] | None] = []  # per open bracket: the keys seen so far (None for a list)
    values = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "]}":
            if keys:
                keys.pop()
            continue
        if match.group(2) is None:  # a value: keys are counted with their values
            values += 1
            if values > MAX_VALUES:
                raise _at(text, match.start(), _too_many(alias=False))
        if token in "[{":
            keys.append({} if token == "{" else None)
            if len(keys) > MAX_DEPTH:
                raise _at(text, match.start(), _too_deep())
        elif match.group(2) is not None and keys and keys[-1] is not None:
            try:
                key = json.loads(match.group(1))
            except ValueError:  # a malformed string: the parser reports it
                continue
            first = keys[-1].setdefault(key, match.start())
            if first != match.start():
                line = text.count("\n", 0, first) + 1
                raise _at(
                    text,
                    match.start(),
                    _Refusal(
                        f"duplicate key {shown(key)}, first at line {line:,}", "each key at most once in an object"
                    ),
                )


def _at(text: str, offset: int, refusal: _Refusal) -> _Refusal:
    """``refusal`` placed at character ``offset`` of ``text`` (1-based line and column)."""
    refusal.line = text.count("\n", 0, offset) + 1
    refusal.column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return refusal


def _read_json(text: str, name: str) -> Any:
    try:
        _scan_json(text)
        return json.loads(text)
    except _Refusal as refusal:
        raise FileError(name, refusal.problem, refusal.allowed, line=refusal.line, column=refusal.column) from None
    except json.JSONDecodeError as error:
        raise FileError(
            name,
            f"not valid JSON: {_clip(error.msg)}",
            "a JSON object of scenario fields",
            line=error.lineno,
            column=error.colno,
        ) from None
    except RecursionError:  # last resort: the scan above should make this unreachable
        raise FileError(
            name, "nesting too deep to read", f"lists and objects nested at most {MAX_DEPTH} deep"
        ) from None
    except ValueError as error:  # e.g. an integer of 5,000 digits
        raise FileError(name, f"a value cannot be read ({_clip(str(error))})", "values JSON can represent") from None


# ------------------------------------------------------------------------------------- files
def _clip(text: str, limit: int = _SNIPPET) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_scenario_file(path: str | os.PathLike) -> Any:
    """The data of a scenario file (``.yaml``, ``.yml`` or ``.json``), read within the limits above.

    Parameters
    ----------
    path:
        The file.

    Returns
    -------
    Any
        Plain data (usually a mapping) for :meth:`svcdesign.model.Scenario.from_dict`.

    Raises
    ------
    FileError
        (an :class:`~svcdesign.errors.InputError`) naming the file, the line where known, the problem
        and what is allowed.
    """
    path = Path(path)
    name = display_path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileError(
            name,
            f"{shown(path.suffix or 'no suffix')} is not a scenario file type",
            "a scenario file ending in .yaml, .yml or .json",
            field="file type",
            value=path.suffix,
        )
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileError(name, tr("no such file"), tr("an existing .yaml, .yml or .json scenario file")) from None
    except (OSError, ValueError) as error:
        raise FileError(name, f"cannot be read ({_reason(error)})", tr("an existing, readable scenario file")) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileError(
            name,
            tr("not a regular file (a folder, device or pipe)"),
            tr("an existing .yaml, .yml or .json scenario file"),
        )
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large(name, f"{info.st_size:,} bytes")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat
    except OSError as error:
        raise FileError(name, f"cannot be read ({_reason(error)})", tr("an existing, readable scenario file")) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(name, "more bytes than that")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(
            name,
            f"byte {error.start:,} is not UTF-8 text ({error.reason}: {raw[error.start : error.start + 4]!r})",
            "a text file in UTF-8",
            field=f"byte {error.start}",
            value=raw[error.start : error.start + 4],
        ) from None
    return _read_json(text, name) if suffix == ".json" else _read_yaml(text, name)


def _too_large(name: str, size: str) -> FileError:
    return FileError(
        name, f"the file is too large ({size})", f"at most {MAX_FILE_BYTES:,} bytes (10 MiB)", field="size", value=size
    )


def _reason(error: BaseException) -> str:
    return _clip(getattr(error, "strerror", None) or str(error) or type(error).__name__)
