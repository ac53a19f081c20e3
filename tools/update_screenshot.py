"""Copy the browser test's screenshot of the staffing explorer to notebooks/img/ for the README.

Run after ``pytest tests/test_browser_dashboard.py`` (which writes tests/artifacts/staffing_explorer.png):
``python tools/update_screenshot.py``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "artifacts" / "staffing_explorer.png"
TARGET = ROOT / "notebooks" / "img" / "staffing_explorer.png"


def main() -> int:
    if not SOURCE.is_file():
        print(f"{SOURCE} is missing: run pytest tests/test_browser_dashboard.py first", file=sys.stderr)
        return 1
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, TARGET)
    print(f"copied {SOURCE.relative_to(ROOT)} -> {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
