"""MkDocs hook: a CSV table of the repository shown on a page, read when the site is built.

``<!-- csv: datasets/assumptions.csv -->`` becomes a Markdown table of that file (path from the
repository root, every column, every row), so tables that are data of the package — the assumptions
table, the metric catalogue — are documented from the file itself and never copied by hand.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

MARKER = re.compile(r"<!--\s*csv:\s*(?P<path>\S+)\s*-->")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(path: Path) -> str:
    """The CSV file at ``path`` as a Markdown table (header row first).

    Parameters
    ----------
    path : pathlib.Path
        A CSV file with a header row.

    Returns
    -------
    str
    """
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    header, body = rows[0], rows[1:]
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace each CSV marker by its table (MkDocs event)."""
    root = Path(config["config_file_path"]).parent
    return MARKER.sub(lambda match: table(root / match["path"]), markdown)
