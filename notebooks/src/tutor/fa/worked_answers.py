# %% [markdown]
# <div dir="rtl" lang="fa" style="font-family:'Noto Naskh Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
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
# دفترچه هر ده درس را به فارسی نشان می‌دهد (پاسخ‌های تشریحی به انگلیسی در `notebooks/tutor/worked_answers.ipynb` است).
#
# </div>

# %%
from IPython.display import display

from svcdesign import course

LANGUAGE = "fa"
for question in course.LESSONS:
    display(course.worked_answers(course.lesson(question, language=LANGUAGE)))
