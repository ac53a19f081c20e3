# %% [markdown]
# <div dir="rtl" lang="ar" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# # ٣٫٤ كيف يشكّل العملاء توقعاتهم
#
# **سؤال الوحدة.** «كيف يشكل العملاء توقعاتهم من الخدمات والمنتجات؟» — السؤال ٣٫٤ من الوحدة F3 في مؤهل NVQ، *إظهار فهم
# خدمة العملاء* (الوثيقة المصدر ٠٠٢)، بنصّه في الوثيقة.
#
# **هدف التعلّم.** في نهاية هذا الدفتر (نحو ٢٠ دقيقة) ستستطيع أن تشرح من أين تأتي توقعات العملاء — المنافسون، والكلام
# المتناقل بين الناس، والوعود، وتجربتهم الخاصة — وأن تبيّن أن الرضا يتوقف على الفجوة بين ما يحصل عليه العملاء وما
# توقعوه، لا على الخدمة وحدها.
#
# **المصدر.** الوثيقة المصدر ٠٠٢ (الوحدة F3 من NVQ)، السؤال ٣٫٤ — إجابة مرشّح يعمل في خدمات الرعاية الاجتماعية للبالغين
# في أحد المجالس المحلية في المملكة المتحدة. الأرقام المأخوذة من الوثائق المصدر الأخرى ادعاءات مهنية، ويُشار إليها بذلك.
#
# </div>

# %%
from svcdesign import course

lesson = course.lesson("3.4", language="ar")

# %% [markdown]
# <div dir="rtl" lang="ar" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# ## ١. الفكرة
#
# يقول المرشّح: «يفكر العملاء ويبحثون كثيرًا قبل شراء منتج. لذلك يجب على منظمة مثل منظمتنا أن تراقب عن كثب المنظمات
# المجاورة لمعرفة جودة الخدمة التي تقدمها. يتوقع العملاء دائمًا خدمة عالية الجودة بأسعار معقولة. هم أيضا يبحثون عن
# التنوع».
#
# يعدّ svcdesign التوقعات مزيجًا: **E = ω · المرجع الخارجي + (1 − ω) · التجربة الخاصة**، مع تمهيد على مدى سنة تقريبًا
# (Oliva وSterman، ٢٠٠١). المرجع الخارجي هو ما يسمعه العملاء ويرونه في أماكن أخرى — زمن الانتظار لدى منافس، وما يقوله
# الأصدقاء، وما نعد به نحن. وينشأ الرضا من الفجوة بين ما يدركه العملاء وما توقعوه (Oliver، ١٩٨٠)؛ والنقص أثقل وزنًا من
# الزيادة (Anderson وSullivan، ١٩٩٣).
#
# النموذج هو مثال البنك. ثلاث أدوات: سرعة رد المنافس (**زمن الرد لدى المنافس (ث)**)، ومدى اعتماد التوقعات على المراجع
# الخارجية (**وزن المراجع الخارجية في التوقعات، ω**، من ٠ إلى ١)، وما يعد به المكتب الخلفي (**زمن الرد الذي يعد به
# المكتب الخلفي (ساعات)**).
#
# </div>

# %% [markdown]
# <div dir="rtl" lang="ar" style="font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif;overflow-wrap:anywhere">
#
# ## ٢. التجربة
#
# الخدمة نفسها لا تتغير أبدًا في هذه التجربة — يتغير فقط ما يتوقعه العملاء.
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
# يحسبها النموذج عند التحقق، ولا تُكتب في أي مكان من هذا الدفتر. يمكنك كتابة الأعداد بين علامتي اقتباس بالأرقام العربية،
# مثل `'٧٫٨'`.
#
# </div>

# %%
answer = None  # مثلًا 7.8 أو '٧٫٨'
lesson.a.check(answer)

# %%
answer = None  # مثلًا 0.1 أو '٠٫١'
lesson.b.check(answer)

# %%
answer = None  # مثلًا 'a'
lesson.c.check(answer)

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
