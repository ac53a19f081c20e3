"""Import time of svcdesign, and the first ``evaluate`` in a fresh process.

Run: ``.venv/bin/python benchmarks/bench_import.py`` (add ``--no-write`` to leave RESULTS.md alone).

Every figure comes from fresh Python processes (no warm ``sys.modules``), median of ``--repeats`` (5):

* whole-process wall time of ``python -c "<statement>"`` for ``pass`` (the interpreter's own start),
  ``import numpy``, ``import pandas``, ``import svcdesign`` and ``import svcdesign`` followed by the first
  ``evaluate`` of the bank example (the time to a first result); the import's own cost is the difference
  from ``pass``;
* inside one fresh process: ``import svcdesign``, ``load_example("bank")`` and the first
  ``evaluate`` (which loads the analytic engine, scipy, pandas and the numba cache), each timed by
  ``time.perf_counter``;
* which heavy third-party packages ``import svcdesign`` loads (none of numba, scipy, pandas, plotly
  should: they load on first use, through the package's lazy attributes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from results_section import publish

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Import time"
HEAVY = ("numba", "scipy", "pandas", "plotly", "ipywidgets")
STATEMENTS = {
    "`python -c pass` (interpreter start)": "pass",
    "`import numpy`": "import numpy",
    "`import pandas`": "import pandas",
    "`import svcdesign`": "import svcdesign",
    '`import svcdesign` + first `evaluate(load_example("bank"))`': (
        "import svcdesign as sd; sd.evaluate(sd.load_example('bank'))"
    ),
}
FIRST_CALL = f"""
import json, sys, time
t0 = time.perf_counter()
import svcdesign as sd
t1 = time.perf_counter()
heavy = [m for m in {HEAVY!r} if m in sys.modules]
scenario = sd.load_example("bank")
t2 = time.perf_counter()
sd.evaluate(scenario)
t3 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "load_example": t2 - t1, "evaluate": t3 - t2, "heavy": heavy}}))
"""
BEFORE = (
    "Before issue 16 (commit 33bf862, this script, same machine, 1-min load 2.8-3.5 from other work):",
    "`import svcdesign` 0.87-0.97 s over `python -c pass` (5.8-8.1x `import numpy`; the issue measured",
    "1.04 s), loading numba, scipy and pandas at import; in one process the import took 0.88-0.95 s and",
    "the first `evaluate(bank)` after it 0.31-0.37 s; import + first evaluate, whole process, 1.69-1.93 s.",
    "The first `evaluate` now pays for the packages the import no longer loads; the time to a first result",
    "(import + first evaluate) is no worse.",
)
"""Measured with this script on the tree before the lazy imports; kept as the reference line."""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def process_seconds(statement: str, repeats: int) -> float:
    """Median wall time (s) of a fresh ``python -c statement`` process."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True, env=_environment(), cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_call(repeats: int) -> tuple[dict[str, float], list[str]]:
    """Median times (s) of import, ``load_example`` and the first ``evaluate``, each in a fresh process,
    and the heavy packages loaded by the import alone."""
    runs = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", FIRST_CALL], check=True, env=_environment(), cwd=ROOT, capture_output=True, text=True
        ).stdout
        runs.append(json.loads(out))
    steps = ("import", "load_example", "evaluate")
    return {step: statistics.median(run[step] for run in runs) for step in steps}, runs[-1]["heavy"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    process_seconds("import svcdesign", 1)  # warm the file system cache and numba's index
    whole = {label: process_seconds(statement, args.repeats) for label, statement in STATEMENTS.items()}
    base = whole["`python -c pass` (interpreter start)"]
    first, loaded = first_call(args.repeats)
    own = whole["`import svcdesign`"] - base
    heavy = ", ".join(loaded) or "none"

    lines = [
        SECTION,
        "",
        "`benchmarks/bench_import.py`: fresh Python processes, median of "
        f"{args.repeats}; whole-process wall time, and the same less the interpreter's own start.",
        "",
        "| what | whole process, s | over `python -c pass`, s |",
        "|---|---|---|",
        *[f"| {label} | {s:.3f} | {s - base:.3f} |" for label, s in whole.items()],
        "",
        f"Over the interpreter's start, `import svcdesign` costs {own / (whole['`import numpy`'] - base):.2f}x "
        f"`import numpy` and {own / (whole['`import pandas`'] - base):.2f}x `import pandas`.",
        "",
        f"Heavy packages loaded by `import svcdesign` ({', '.join(HEAVY)}): {heavy}. They load on first use.",
        "",
        "Inside one fresh process (median of the same number of processes):",
        "",
        "| step | ms |",
        "|---|---|",
        f"| `import svcdesign` | {1e3 * first['import']:.0f} |",
        f'| `load_example("bank")` | {1e3 * first["load_example"]:.0f} |',
        "| first `evaluate` (loads the analytic engine, scipy, pandas, numba's cache) | "
        f"{1e3 * first['evaluate']:.0f} |",
        "",
        f"Target (`import svcdesign` ≤ 0.3 s over `python -c pass`): {'met' if own <= 0.3 else 'NOT met'} "
        f"({own:.2f} s).",
        *BEFORE,
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"1-min load average at the end {os.getloadavg()[0]:.2f}.",
        "",
    ]
    publish(SECTION, "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
