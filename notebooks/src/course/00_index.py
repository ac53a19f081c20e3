# %% [markdown]
# # Customer service in practice: a course in ten notebooks
#
# This course follows the NVQ unit F3 **"Demonstrate understanding of customer service"** (questions 3.1–3.10). Its
# starting point is a candidate's answers written from a UK council's adult social care service (source document 002),
# with examples from four practitioner articles (source documents 000, 001, 003 and 004): roles in a customer-service
# team, common mistakes, why service matters, and the skills and challenges of the job.
#
# Each notebook takes about 20 minutes and has the same shape:
# 1. **the idea**, grounded in the source documents;
# 2. **an experiment** with sliders, run by svcdesign's models of a council and a bank;
# 3. **two to four exercises** that check themselves — you type an answer, the model computes the expected one and
#    tells you whether you are right and, if not, why and where to look;
# 4. **a reflection** for your portfolio.
#
# Figures that come from practitioner articles (for example "50% of customers switch after one bad experience") are
# **claims, not measured results**; the notebooks say so wherever they use one.
#
# | question | notebook |
# |---|---|
# | 3.1 Meeting expectations when money is short | [q3_01_meeting_expectations](q3_01_meeting_expectations.ipynb) |
# | 3.2 Financial and resource constraints | [q3_02_financial_constraints](q3_02_financial_constraints.ipynb) |
# | 3.3 The service chain | [q3_03_service_chain](q3_03_service_chain.ipynb) |
# | 3.4 How customers form expectations | [q3_04_forming_expectations](q3_04_forming_expectations.ipynb) |
# | 3.5 Teamwork | [q3_05_teamwork](q3_05_teamwork.ipynb) |
# | 3.6 Best value in the public sector | [q3_06_best_value](q3_06_best_value.ipynb) |
# | 3.7 Competitive advantage | [q3_07_competitive_advantage](q3_07_competitive_advantage.ipynb) |
# | 3.8 Restricting service | [q3_08_restricting_service](q3_08_restricting_service.ipynb) |
# | 3.9 Behaviours and personalities | [q3_09_behaviours](q3_09_behaviours.ipynb) |
# | 3.10 Effective communication | [q3_10_communication](q3_10_communication.ipynb) |
#
# **Other languages.** Every lesson is also in Arabic and Persian, right to left:
# [الفهرس بالعربية](ar/00_index.ipynb) and [فهرست فارسی](fa/00_index.ipynb), which link each of them. The model's terms
# in the three languages: [glossary](glossary.ipynb).

# %% [markdown]
# ## How an exercise works
# Every exercise cell looks like this. Run it as it is: with `answer = None` it shows the question. Then type your
# answer and run it again.

# %%
import pandas as pd

from svcdesign import course

answer = None
course.lesson("3.1").a.check(answer)

# %% [markdown]
# Answers can be numbers (`12.5`), shares (`0.25` or `'25%'`) or option letters (`'b'`). In quotes, a number may be
# written with a decimal comma (`'12,5'`) or in Arabic-Indic or Persian digits with the Arabic percent sign and decimal
# separator (`'۱۲٫۵٪'`); a comma that could also separate thousands (`'1,000'`) gets a question back, not a guess.
# Without quotes, `answer = 12,5` is two numbers to Python, and the feedback says so. A wrong answer gets a reason and
# a hint; some typical mistakes are recognised and explained. There is no penalty for trying again.
#
# ## The lessons and their sources

# %%
pd.DataFrame(
    [
        {
            "question": q,
            "title": course.lesson(q).TITLE,
            "source": course.lesson(q).SOURCE,
            "exercises": len(course.lesson(q).EXERCISES),
        }
        for q in course.LESSONS
    ]
).set_index("question")

# %% [markdown]
# ## The source documents

# %%
pd.Series(course.DOCUMENTS, name="source document").to_frame()
