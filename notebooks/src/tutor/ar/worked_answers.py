# %% [markdown]
# <div dir="rtl" lang="ar" style="font-family:'Noto Naskh Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# # دفتر المعلّم: الإجابات المحلولة للمقرر (الوحدة F3 من مؤهل NVQ، الأسئلة من ٣٫١ إلى ٣٫١٠)
#
# **للمعلّمين فقط — احفظ هذا الدفتر بعيدًا عن دفاتر الطلاب في `notebooks/course/ar/`.** ملاحظات التدريس (التوقيت، ونقاط
# النقاش، وما يدلّ عليه كل خطأ شائع) في `docs/tutor_guide.md` (بالإنجليزية).
#
# كل إجابة أدناه تحسبها نماذج svcdesign عند تشغيل هذا الدفتر، تمامًا كما يحسبها تحقق الطلاب، فتبقى الإجابات صحيحة
# إذا تغيّر النموذج أو أحد أمثلته. تحت كل تمرين: السؤال كما يراه الطلاب، والإجابة، وطريقة الحل، والأخطاء الشائعة التي
# يتعرّف عليها التحقق مع الإجابة الخاطئة التي ينتج عنها كل منها والملاحظة التي يتلقاها الطالب.
#
# يعرض الدفتر الدروس العشرة كلها بالعربية (والإجابات المحلولة بالإنجليزية في `notebooks/tutor/worked_answers.ipynb`).
#
# </div>

# %%
from IPython.display import display

from svcdesign import course

LANGUAGE = "ar"
for question in course.LESSONS:
    display(course.worked_answers(course.lesson(question, language=LANGUAGE)))
