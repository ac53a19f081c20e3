"""Write a notebook from a compact text form: cells separated by lines '# %% [markdown]' or '# %%'.

Used to keep notebook sources reviewable; the committed .ipynb files carry no outputs.
Usage: python tools/make_notebook.py SOURCE.py OUT.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def build(source: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    kind, lines = None, []

    def flush() -> None:
        text = "\n".join(lines).strip("\n")
        if kind == "markdown":
            text = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in text.splitlines())
            nb.cells.append(nbformat.v4.new_markdown_cell(text))
        elif kind == "code" and text:
            nb.cells.append(nbformat.v4.new_code_cell(text))

    for line in source.splitlines():
        if line.startswith("# %%"):
            flush()
            kind, lines = ("markdown" if "[markdown]" in line else "code"), []
        else:
            lines.append(line)
    flush()
    for cell in nb.cells:
        cell.pop("id", None)
    nb.nbformat_minor = 4
    return nb


def main() -> None:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    nbformat.write(build(source.read_text(encoding="utf-8")), out)


if __name__ == "__main__":
    main()
