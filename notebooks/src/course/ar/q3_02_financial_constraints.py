# %% [markdown]
# <div dir="rtl" lang="ar" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# # ٣٫٢ العمل في حدود القيود المالية وقيود الموارد
#
# **سؤال الوحدة.** «كيف يتأثر عرض الخدمة لمنظمتك بالقيود المالية وغيرها من الموارد؟» — السؤال ٣٫٢ من الوحدة F3 في
# مؤهل NVQ، *إظهار فهم خدمة العملاء* (الوثيقة المصدر ٠٠٢)، بنصّه في الوثيقة.
#
# **هدف التعلّم.** في نهاية هذا الدفتر (نحو ٢٠ دقيقة) ستستطيع أن تتتبّع، شهرًا بعد شهر، لماذا قد ينتهي تخفيض عدد
# موظفي الخط الأمامي توفيرًا للمال إلى أن يكلّف المال العام أكثر بكثير مما يوفّره — وأن تسمّي الأرقام والافتراضات التي
# ينبغي أن يقوم عليها أي قرار بالتخفيض.
#
# **المصدر.** الوثيقة المصدر ٠٠٢ (الوحدة F3 من NVQ)، السؤال ٣٫٢ — إجابة مرشّح يعمل في خدمات الرعاية الاجتماعية للبالغين
# في أحد المجالس المحلية في المملكة المتحدة. كل رقم أدناه يحسبه النموذج من تقدير منشور أو من اختيار في بناء النموذج أو من
# مثال المجلس، ويقول من أيّها جاء.
#
# </div>

# %%
from svcdesign import course

lesson = course.lesson("3.2", language="ar")

# %% [markdown]
# <div dir="rtl" lang="ar" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# ## ١. الفكرة
#
# يقول المرشّح: «قامت منظمتنا في البداية بخفض عدد الموظفين ورواتبهم من أجل توفير المال، ولكن ثبت لاحقًا أن هذا الأمر
# قاتل لممارسة العمل الاجتماعي حيث لم يكن هناك عدد كافٍ من الموظفين للتعامل مع الإحالات التي تأتي كل أسبوع / شهر».
# بعد ذلك بحثت المنظمة عن المواضع التي كانت تخسر فيها المال فعلًا، وصارت تعمل مع شركائها لتحافظ على جودة الخدمة بإنفاق
# أقل.
#
# يروي محرّك الديناميكيات في svcdesign هذه القصة (`svcdesign.engines.dynamics.staff_cut_story`)، اعتمادًا على
# Oliva & Sterman (2001)، *Cutting corners and working overtime: quality erosion in the service industry*. يوفّر التخفيض
# الأجور فورًا؛ ثم يعمل الأخصائيون الاجتماعيون الباقون ساعات إضافية، وتتراكم الإحالات، وينتظر العملاء التقييم مدة أطول،
# وتفشل بضع حالات أخرى.
#
# المجلس خدمة عامة: لا يستطيع عملاؤه الذهاب إلى جهة أخرى، فلا يخسر التخفيض أي إيراد، بل يكلّف المال العام بدلًا من ذلك —
# وهذه هي **تكلفة الإخفاق**: كل حالة فاشلة زائدة (رعاية طارئة، إعادة دخول إلى المستشفى، إحالة من جديد)، وكل يوم زائد
# ينتظر فيه عميل خارج من المستشفى تقييمَه وهو في سرير المستشفى. تكلفتا الوحدة تقديران منشوران لكل منهما نطاق معقول،
# والمنزلقات تحرّكهما داخله. إليك التكلفتين، مع نوع الدليل على كل منهما:
#
# </div>

# %%
for text in lesson.unit_costs("ar"):
    print(text, end="\n\n")

# %% [markdown]
# <div dir="rtl" lang="ar" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# ## ٢. التجربة
#
# اللوحة اليسرى: أعمدة خضراء ما دام التخفيض لم يكلّف بعدُ أكثر مما وفّر، وحمراء بعد ذلك، والخط الأخضر هو الموفَّر من
# الأجور. اللوحة اليمنى: السبب — الحالات المتراكمة في انتظار التقييم ومدة انتظاره. يعطيك
# `lesson.monthly(lesson.story(), "ar")` الجدول شهرًا بشهر.
#
# </div>

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# <div dir="rtl" lang="ar" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# ## ٣. التمارين
#
# ضع إجابتك مكان `None` وشغّل الخلية. تخبرك الملاحظات هل الإجابة صحيحة، وإن لم تكن فلماذا وأين تنظر. الإجابات المتوقعة
# يحسبها النموذج عند التحقق، ولا تُكتب في أي مكان من هذا الدفتر. يمكنك كتابة الأعداد بين علامتي اقتباس بالأرقام العربية
# مع فاصل الآلاف العربي، مثل `'١٠٠٬٠٠٠'` أو `'-١٠٠٬٠٠٠'` (الخسارة عدد سالب).
#
# </div>

# %%
answer = None  # مثلًا 100000 أو '١٠٠٬٠٠٠'
lesson.a.check(answer)

# %%
answer = None  # مثلًا -100000 أو '-١٠٠٬٠٠٠'
lesson.b.check(answer)

# %%
answer = None  # مثلًا 'b'
lesson.c.check(answer)

# %%
answer = None  # مثلًا -100000 أو '-١٠٠٬٠٠٠'
lesson.d.check(answer)

# %% [markdown]
# <div dir="rtl" lang="ar" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# ## ٤. تأمّل
#
# اكتب بضع جمل لملف إنجازك:
#
# </div>

# %%
print(lesson.REFLECTION)

# %% [markdown]
# <div dir="rtl" lang="ar" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# ---
# ### اختبار ذاتي (للقائمين على المقرر — يمكن للطلاب تخطي هذه الخلية)
# يتحقق من أن الإجابة التي يحسبها النموذج لكل تمرين تجتاز تحقق التمرين نفسه، وأن لكل خطأ شائع تلميحه الخاص. لا يعرض أي
# إجابة.
#
# </div>

# %%
course.self_test(lesson)
