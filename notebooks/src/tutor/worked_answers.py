# %% [markdown]
# # Tutor's notebook: worked answers to the course (NVQ unit F3, questions 3.1–3.10)
#
# **For tutors only — keep this notebook apart from the students' notebooks in `notebooks/course/`.**
# Teaching notes (timing, discussion points, what each typical mistake tells you) are in `docs/tutor_guide.md`.
#
# Every answer below is computed by svcdesign's engines when this notebook runs, exactly as the students' `check`
# computes it, so the answers stay right when the model or an example scenario changes. Under each exercise: the
# question as students see it, the answer, the working, and the typical mistakes the check recognises with the wrong
# answer each one produces and the feedback students get.

# %%
from svcdesign import course

# %%
course.worked_answers(course.lesson("3.1"))

# %%
course.worked_answers(course.lesson("3.2"))

# %%
course.worked_answers(course.lesson("3.3"))

# %%
course.worked_answers(course.lesson("3.4"))

# %%
course.worked_answers(course.lesson("3.5"))

# %%
course.worked_answers(course.lesson("3.6"))

# %%
course.worked_answers(course.lesson("3.7"))

# %%
course.worked_answers(course.lesson("3.8"))

# %%
course.worked_answers(course.lesson("3.9"))

# %%
course.worked_answers(course.lesson("3.10"))
