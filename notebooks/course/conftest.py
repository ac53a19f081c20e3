"""The lessons run headless in tests/test_course_notebooks.py (nbclient, as tutors batch-run them, with a time
limit and checks of what a student sees), so ``pytest --nbval-lax`` does not run them a second time."""

collect_ignore_glob = ["q3_*.ipynb", "*/q3_*.ipynb"]  # the English lessons and those in ar/ and fa/
