# %% [markdown]
# # 3.9 Different behaviours and personalities
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can recognise how customers' behaviours and
# personalities change what they need from the service and how they experience it, and how staff skills (absorbing
# anger) change the work of the whole team.
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.9 — a
# candidate's answer from a UK council's adult social care service. Figures from the other source documents are
# practitioner claims and are labelled so.

# %%
from svcdesign import course

lesson = course.lesson("3.9")

# %% [markdown]
# ## 1. The idea
#
# The candidate meets **difficult, pleasant, angry, moody, shy and uneasy customers**: stay calm, be polite, set
# limits on abuse, find the need behind the anger, acknowledge upset customers regularly. Source document 001: shy
# customers or weak communicators say one thing while the agent hears another; new staff struggle to absorb anger.
#
# The model gives the bank three kinds of caller (illustrative figures, in `lesson.SEGMENTS`): **angry** callers
# take longer, hang up sooner and ask for a senior colleague twice as often; **shy** callers take longer to say what
# they need, wait patiently and rarely ask to escalate; **routine** callers are everyone else. **Extra escalations
# resolved by trained staff (%)** is the share of angry callers' extra escalations that trained representatives
# resolve themselves.

# %% [markdown]
# ## 2. Experiment
#
# The figure's title gives the coordinators' mean wait. `lesson.SEGMENTS` holds the segments' behaviour: change it
# in your own copy and see which conclusions hold.

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 'c'
lesson.a.check(answer)

# %%
answer = None  # e.g. 150
lesson.b.check(answer)

# %%
answer = None  # e.g. 20
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
