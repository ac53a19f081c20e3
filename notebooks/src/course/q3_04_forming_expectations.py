# %% [markdown]
# # 3.4 How customers form expectations
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can explain where customers' expectations
# come from — competitors, word of mouth, promises, their own experience — and show that satisfaction depends on the
# gap between what customers get and what they expected, not on the service alone.
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.4 — a
# candidate's answer from a UK council's adult social care service. Figures from the other source documents are
# practitioner claims and are labelled so.

# %%
from svcdesign import course

lesson = course.lesson("3.4")

# %% [markdown]
# ## 1. The idea
#
# The candidate: customers **research before buying, compare with neighbouring organisations, expect high quality at
# a reasonable price, and want variety**.
#
# svcdesign models expectations as a blend: **E = ω · outside reference + (1 − ω) · own experience**, smoothed over
# about a year (Oliva & Sterman 2001). The outside reference is what customers hear and see elsewhere — a
# competitor's wait, what friends say, what we promise. Satisfaction comes from the gap between what customers
# perceive and what they expected (Oliver 1980); a shortfall weighs more than a surplus (Anderson & Sullivan 1993).
#
# The model is the bank example. Three levers: how fast a competitor answers (**Competitor's time to answer (s)**), how
# much expectations rest on outside references (**Weight of outside references in expectations, ω**, from 0 to 1), and
# what the back office promises (**Back office's promised reply time (hours)**).

# %% [markdown]
# ## 2. Experiment
#
# The service itself never changes in this experiment — only what customers expect.

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 7.8
lesson.a.check(answer)

# %%
answer = None  # e.g. 0.1
lesson.b.check(answer)

# %%
answer = None  # e.g. 'a'
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
