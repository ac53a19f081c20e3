"""One benchmark's section of ``benchmarks/RESULTS.md``, written without touching the other sections.

Every ``benchmarks/*.py`` script writes its own section (from its ``## `` heading up to the next one)
through :func:`write_section`, so scripts can run in any order and ``make bench`` refreshes them all.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
"""The results file the benchmarks write."""


def write_section(heading: str, text: str, path: Path = RESULTS) -> None:
    """Replace the section of ``path`` that starts with the line ``heading`` by ``text`` (which starts
    with that heading), or append ``text`` when the file has no such section yet.

    Sections are separated by one blank line; the file ends with one line break.
    """
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    body = text.strip("\n") + "\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    found = pattern.search(old)
    if found is None:
        new = old.rstrip("\n") + "\n\n" + body
    else:
        rest = old[found.end() :]
        new = old[: found.start()] + body + ("\n" + rest if rest else "")
    path.write_text(new, encoding="utf-8")


def publish(heading: str, text: str, write: bool = True, path: Path = RESULTS) -> None:
    """Print a benchmark's section ``text`` (starting with ``heading``) and, unless ``write`` is false (a
    script's ``--no-write``), put it in ``path`` with :func:`write_section`."""
    print(text)
    if write:
        write_section(heading, text, path)


def cli(heading: str, description: str, report: Callable[[int, int], str], runs: int) -> None:
    """The command line of a benchmark that times a run of arrivals: ``report(arrivals, runs)`` gives its
    section (starting with ``heading``), 200,000 arrivals and ``runs`` runs, or with ``--quick`` a tenth of
    the arrivals and 3 runs (a smoke test); ``--no-write`` prints it only."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/RESULTS.md alone")
    parser.add_argument("--quick", action="store_true", help="a tenth of the arrivals, 3 runs (smoke test)")
    args = parser.parse_args()
    text = report(20_000 if args.quick else 200_000, 3 if args.quick else runs)
    publish(heading, text, write=not args.no_write)
