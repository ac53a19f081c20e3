# %% [markdown]
# # 3.10 Effective communication
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can explain how misunderstandings turn into
# repeat contacts, calculate what they cost in first-contact resolution and workload, and judge how long confirming
# the customer's need may take before it costs more than it saves.
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.10 — a
# candidate's answer from a UK council's adult social care service. Figures from the other source documents are
# practitioner claims and are labelled so.

# %%
from svcdesign import course

lesson = course.lesson("3.10")

# %% [markdown]
# ## 1. The idea
#
# The candidate: **listen closely, read body language and tone, respond fast** — face to face, on the phone, by
# email and online. Source document 001 names a common mistake: **assuming you understood the need without
# checking** — confirm by asking. Source document 003 gives the five A's: **acknowledge, apologise (if needed),
# answer (and ask), analyse, adjust**.
#
# A misunderstanding is *failure demand*: the customer calls again. **Handled calls that come back (%)** is the share of
# handled calls that come back; **Time spent confirming the need (s)** is how much longer each call takes when the
# representative confirms the need. The resolution pillar of the satisfaction model uses a practitioner's rule of thumb
# (printed below with its source and kind: a claim is not a measured result).

# %%
print(lesson.REPEAT_CLAIM)

# %% [markdown]
# ## 2. Experiment
#
# Workload is the representatives' offered load: how many agents are busy on average over the week.

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 0.5
lesson.a.check(answer)

# %%
answer = None  # e.g. 20
lesson.b.check(answer)

# %%
answer = None  # e.g. 1.3
lesson.c.check(answer)

# %% [markdown]
# ## 4. Reflection
#
# Write a few sentences for your portfolio:

# %%
print(lesson.REFLECTION)

# %% [markdown]
# ---
# ### Self-test (for course maintainers — students can skip this cell)
# Checks that every exercise's model-computed answer passes its own check and that each typical mistake gets its
# own hint. It shows no answers.

# %%
course.self_test(lesson)
