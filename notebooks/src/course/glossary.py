# %% [markdown]
# # Glossary · المسرد · واژه‌نامه
#
# The model's terms in English, Arabic and Persian, one rendering each: the course, the dashboard and the report use
# these words. Where the source documents have their own word for a term — the roles of source document 000 and the
# ideas of document 002 (both in Arabic), the skills of document 004 (in Persian) — the glossary keeps it; otherwise it
# uses a standard term of customer-service and call-centre work, or says the rendering is ours.
# The table lives in `svcdesign/i18n/glossary.csv` and is read with `svcdesign.i18n.glossary()`.
#
# ## English

# %%
from svcdesign.i18n import glossary

glossary("en")

# %% [markdown]
# <div dir="rtl">
#
# ## العربية
#
# </div>

# %%
glossary("ar").style.set_table_attributes('dir="rtl"')

# %% [markdown]
# <div dir="rtl">
#
# ## فارسی
#
# </div>

# %%
glossary("fa").style.set_table_attributes('dir="rtl"')
