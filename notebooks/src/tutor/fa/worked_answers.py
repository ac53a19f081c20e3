# %% [markdown]
# <div dir="rtl" lang="fa" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# # دفترچه‌ی مدرس: پاسخ‌های تشریحی دوره (واحد F3 از مدرک NVQ، پرسش‌های ۳٫۱ تا ۳٫۱۰)
#
# **فقط برای مدرسان — این دفترچه را جدا از دفترچه‌های دانشجویان در `notebooks/course/fa/` نگه دارید.** یادداشت‌های
# آموزشی (زمان‌بندی، نکته‌های بحث، و اینکه هر اشتباه رایج چه چیزی را نشان می‌دهد) در `docs/tutor_guide.md` (به انگلیسی)
# آمده است.
#
# هر پاسخ زیر را مدل‌های svcdesign هنگام اجرای این دفترچه حساب می‌کنند، درست همان‌طور که بررسیِ تمرین‌های دانشجویان
# حساب می‌کند؛ پس اگر مدل یا یکی از نمونه‌هایش تغییر کند، پاسخ‌ها درست می‌مانند. زیر هر تمرین: پرسش همان‌طور که دانشجویان
# می‌بینند، پاسخ، راه‌حل، و اشتباه‌های رایجی که بررسی تشخیص می‌دهد همراه با پاسخ نادرستی که هر کدام به دست می‌دهد و
# بازخوردی که دانشجو می‌گیرد.
#
# دفترچه هر درسی را که به فارسی آماده است نشان می‌دهد؛ درس‌هایی که هنوز ترجمه نشده‌اند در پایان نام برده می‌شوند (پاسخ‌های
# تشریحی‌شان به انگلیسی در `notebooks/tutor/worked_answers.ipynb` است).
#
# </div>

# %%
from IPython.display import Markdown, display

from svcdesign import course
from svcdesign.i18n.numbers import local_digits

LANGUAGE = "fa"
offered = [q for q in course.LESSONS if LANGUAGE in getattr(course.lesson(q), "LANGUAGES", ())]
for question in offered:
    display(course.worked_answers(course.lesson(question, language=LANGUAGE)))

# %%
later = [local_digits(q, LANGUAGE) for q in course.LESSONS if q not in offered]
display(Markdown(f'<div dir="rtl" lang="fa" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">\n\nهنوز ترجمه نشده: {"، ".join(later) or "هیچ"}.\n\n</div>'))
