"""Griffe extension: the reStructuredText habits of svcdesign's docstrings, read as Markdown.

The docstrings follow numpydoc and also work in Jupyter's ``help()``, so they write Sphinx roles
(``:func:`compare```, ``:class:`~svcdesign.results.Results```) and literal blocks introduced by ``::``.
MkDocs renders Markdown: a role becomes inline code of the name as it would show (``~`` keeps the last
part), and ``::`` at the end of a line becomes ``:`` (the indented block after it is a code block in
Markdown as well). A simple table (columns framed by lines of ``=``) becomes a Markdown table: a row
whose first cell is empty continues the row above. Some Parameters and Attributes sections write an
item on one line as ``name: what it is``; numpydoc reads the text after the colon as a type, so it moves
to the next line as the item's description (``name : type`` is left alone).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:func|class|mod|meth|attr|data|exc|obj):`(?P<tilde>~?)(?P<target>[^`]+)`")
LITERAL = re.compile(r"::$", re.MULTILINE)
ONE_LINE_ITEM = re.compile(r"(?P<name>[\w*](?:[\w, *]*[\w*])?):\s+(?P<text>\S.*)")
ITEM_SECTIONS = {"Parameters", "Other Parameters", "Attributes"}
TABLE_BORDER = re.compile(r"=+(?: +=+)+")


def _role(match: re.Match[str]) -> str:
    target = match["target"]
    return f"`{target.rsplit('.', 1)[-1] if match['tilde'] else target}`"


def _items(text: str) -> str:
    lines = text.splitlines()
    section = None
    out: list[str] = []
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and re.fullmatch(r"-{3,}", lines[i + 1].strip()):
            section = line.strip()
        item = ONE_LINE_ITEM.fullmatch(line) if section in ITEM_SECTIONS else None
        out.extend([item["name"], "    " + item["text"]] if item else [line])
    return "\n".join(out)


def _cells(line: str, spans: list[tuple[int, int]]) -> list[str]:
    starts = [start for start, _ in spans] + [len(line) + 1]
    return [line[starts[i] : starts[i + 1]].strip() for i in range(len(spans))]


def _padded_role(match: re.Match[str]) -> str:
    name = _role(match).strip("`")
    return name + " " * (len(match[0]) - len(name))


def _table(block: list[str], headed: bool) -> list[str]:
    """A reStructuredText simple table (its lines, border to border) as Markdown table lines; a table
    whose text crosses a column gap is kept as preformatted text."""
    spans = [m.span() for m in re.finditer(r"=+", block[0])]
    gaps = [(spans[k][1], spans[k + 1][0]) for k in range(len(spans) - 1)]
    if any(line[a:b].strip() for line in block for a, b in gaps):
        return ["```text", *(ROLE.sub(_padded_role, line) for line in block), "```"]
    rows: list[list[str]] = []
    for line in block[1:-1]:
        if TABLE_BORDER.fullmatch(line) or not line.strip():
            continue
        cells = _cells(line, spans)
        if rows and not cells[0]:
            rows[-1] = [f"{old} {new}".strip() for old, new in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    header, body = (rows[0], rows[1:]) if headed else ([""] * len(spans), rows)
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(spans)]
    return out + ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]


def _tables(text: str) -> str:
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        is_border = TABLE_BORDER.fullmatch(lines[i]) is not None
        borders = [j for j in range(i + 1, len(lines)) if TABLE_BORDER.fullmatch(lines[j])] if is_border else []
        if borders:
            headed = borders[0] == i + 2 and len(borders) >= 2  # one header line, then a border
            end = borders[1] if headed else borders[0]
            out += ["", *_table(lines[i : end + 1], headed), ""]
            i = end + 1
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def markdown(text: str) -> str:
    """The docstring text as Markdown and numpydoc: roles, ``::`` openers, simple tables and one-line
    items rewritten."""
    return _items(LITERAL.sub(":", ROLE.sub(_role, _tables(text))))


class RstToMarkdown(griffe.Extension):
    """Rewrites every docstring as it is loaded: the top package's and every object's below it."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self.on_object(obj=pkg)

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)
