"""The course in Arabic and Persian: each translated lesson (3.1, 3.4, 3.5, 3.9) asks, hints and answers with no English
left, draws its experiment in the language, reads answers typed in the language's digits, gives the same expected
answers as in English, and uses the glossary's one rendering of each term; the glossary is complete."""

from __future__ import annotations

import re
import types
import unicodedata

import pytest

from svcdesign import course
from svcdesign.course import Choice, Share
from svcdesign.course.language import SOCIAL_WORKERS_COUNTED, Count, Text, fill, in_language
from svcdesign.errors import InputError
from svcdesign.i18n import LANGUAGES, catalogue, glossary
from svcdesign.i18n.numbers import minus_sign, number, percent
from svcdesign.i18n.terms import COLUMNS, ORIGINS

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
LESSONS = {
    "3.1": (0.2, 0.15),
    "3.2": (0.2, 1000.0, 300.0),
    "3.3": (0.2, 1.0),
    "3.4": (40.0, 0.3, 6.0),
    "3.5": (0.08, 0.3),
    "3.6": (1.0, 0.5),
    "3.7": (4, "survey intention"),
    "3.8": (0.2, 0.3, -1.0),
    "3.9": (0.3, 0.5),
    "3.10": (0.2, 9.0),
}
"""The lessons written in Arabic and Persian, each with lever settings (not the defaults) to draw its experiment at."""
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CODE = re.compile(r"`[^`]*`|<[^>]*>")
KEPT = {"GBP"}
"""Latin words a translation keeps on purpose: currency codes (the figures' units read them)."""


def english_left(text: str) -> set[str]:
    """Latin words in ``text`` outside code spans (what the learner types in Python) and HTML tags (the right-to-left
    wrapper), apart from :data:`KEPT`."""
    return set(LATIN_WORD.findall(CODE.sub("", text))) - KEPT


def shown(exercise) -> dict[str, str]:
    """Everything a learner reads of ``exercise``: the prompt, the feedback on the right answer, on an answer of the
    wrong kind, on each typical mistake and on two other wrong answers, with their hints (as Markdown)."""
    out = {
        "prompt": exercise.check(None)._repr_markdown_(),
        "right": exercise.check(exercise.expected)._repr_markdown_(),
        "not an answer": exercise.check("abc")._repr_markdown_(),  # text of the wrong kind: says what to type
    }
    for name, wrong in exercise.mistake_answers().items():
        out[name] = exercise.check(wrong)._repr_markdown_()
    if isinstance(exercise.kind, Choice):
        others = [key for key in exercise.kind.options if key != exercise.expected]
    else:
        others = [
            exercise.expected * 0.5,
            min(exercise.expected * 1.9, 0.99) if exercise.expected < 1 else exercise.expected * 1.9,
        ]
    for i, answer in enumerate(others):
        out[f"other {i}"] = exercise.check(answer)._repr_markdown_()
    return out


@pytest.fixture(scope="module", params=[(q, lang) for q in LESSONS for lang in TRANSLATED], ids=" ".join)
def lesson(request):
    question, language = request.param
    return course.lesson(question, language=language)


def test_the_lesson_shows_no_english(lesson):
    left = {
        f"{exercise.key} {what}: {sorted(words)}": text
        for exercise in lesson.EXERCISES
        for what, text in shown(exercise).items()
        if (words := english_left(text))
    }
    assert not left, "\n\n".join(f"{where}\n{text}" for where, text in left.items())
    for text in (lesson.TITLE, lesson.REFLECTION, *(s.description for s in lesson.SLIDERS.values())):
        assert not english_left(text), text


def test_every_text_of_the_lesson_comes_from_the_catalogue(lesson):
    table = catalogue(lesson.LANGUAGE)
    english = course.lesson(lesson.QUESTION)
    texts = [english.TITLE, english.REFLECTION, *(s.label for s in english.SLIDERS.values())]
    for exercise in english.EXERCISES:
        texts += [exercise._question, exercise.hint, exercise.solution.facts["because"]]
        texts += [text for mistake in exercise.mistakes for text in (mistake.why, mistake.hint)]
        if isinstance(exercise.kind, Choice):
            texts += list(exercise.kind.options.values())
    missing = [text for text in texts if text not in table]
    assert not missing, missing


def test_the_experiment_is_drawn_in_the_language(lesson):
    figure = lesson.experiment(*LESSONS[lesson.QUESTION])
    words = [figure.layout.title.text, *(a.text for a in figure.layout.annotations)]
    for trace in figure.data:  # legend names, bars' labels and categories (a line's or a Sankey's may have none)
        texts, categories = (getattr(trace, key, None) for key in ("text", "x"))
        shown_here = [trace.name, *(() if texts is None else texts), *(() if categories is None else categories)]
        words += [w for w in shown_here if isinstance(w, str)]
    assert not [w for w in words if english_left(w)], words
    digits = "".join(filter(str.isdigit, re.sub(r"&#\d+;", "", " ".join(words))))  # not the escapes of plot_text
    assert digits and all(unicodedata.name(d).startswith(("ARABIC-INDIC", "EXTENDED ARABIC-INDIC")) for d in digits)


def test_the_same_model_answers_in_every_language(lesson):
    english = course.lesson(lesson.QUESTION)
    for translated, original in zip(lesson.EXERCISES, english.EXERCISES, strict=True):
        assert translated.expected == original.expected
    table = course.self_test(lesson)  # its headings and words in the language too
    assert table[catalogue(lesson.LANGUAGE)["self-test"]].eq(catalogue(lesson.LANGUAGE)["pass"]).all()
    assert not [h for h in [table.index.name, *table.columns] if english_left(h)]


def test_a_correct_answer_typed_in_the_language_digits_is_accepted(lesson):
    numeric = [exercise for exercise in lesson.EXERCISES if not isinstance(exercise.kind, Choice)]
    assert numeric
    for exercise in numeric:
        if isinstance(exercise.kind, Share):
            typed, far = percent(exercise.expected, lesson.LANGUAGE), percent(exercise.expected + 0.3, lesson.LANGUAGE)
        else:  # e.g. '۳٫۸۲'; far: twice the answer and one more (the answer may be 0)
            typed, far = (number(v, lesson.LANGUAGE, 2) for v in (exercise.expected, 2 * exercise.expected + 1))
        assert not re.search("[0-9]", typed + far)
        assert exercise.check(typed).correct, (exercise.key, typed)
        assert not exercise.check(far).correct, (exercise.key, far)


def test_a_choice_can_be_answered_with_its_translated_label(lesson):
    choices = [exercise for exercise in lesson.EXERCISES if isinstance(exercise.kind, Choice)]
    if not choices:
        pytest.skip(f"lesson {lesson.QUESTION} asks no multiple-choice question")
    for c in choices:
        label = dict(
            line.removeprefix("- **").split("**: ") for line in c.prompt().splitlines() if line.startswith("- **")
        )
        assert c.check(label[c.expected]).correct and not c.check(label[c.mistakes[0].answer(c.solution)]).correct


def test_h9_read_number_reads_the_persian_answer():
    digits = pytest.importorskip(
        "svcdesign.i18n.digits", reason="svcdesign.i18n.digits (helper H9's number reading) is not in this tree yet"
    )
    expected = course.lesson("3.1").b.expected
    value = digits.read_number(number(expected, "fa", 2))
    value = value[0] if isinstance(value, tuple) else value
    assert value == pytest.approx(expected, abs=0.005)


def test_english_is_the_lesson_itself_and_untranslated_lessons_say_so():
    module = course.lesson("3.1")
    assert course.lesson("3.1", language="en") is module and module.a.language == "en"
    untranslated = types.ModuleType("untranslated")  # a lesson written in English only (no LANGUAGES)
    untranslated.QUESTION = "3.0"  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="language"):
        in_language(untranslated, "fa")
    with pytest.raises(InputError, match="language"):
        course.lesson("3.1", language="de")


def test_numbers_in_the_text_use_the_language_digits_and_english_stays_str_format():
    values = {"share": 0.153, "hours": 1234.5}
    text = "{share:.1%} and {hours:,.1f} h"
    assert fill(text, values) == text.format(**values)
    persian = fill(text, values, "fa")
    assert not re.search("[0-9]", persian) and persian.startswith(percent(0.153, "fa", 1))


def test_a_phrase_the_model_chose_is_said_in_the_language_and_filled_from_its_own_values():
    """A :class:`Text` value (3.3 (c): "without limit (overloaded)" or a signed percentage) is said in the language
    first; English stays str.format of the phrase."""
    overloaded = {"rise": Text("without limit (overloaded)"), "n": 2}
    assert fill("{rise} after {n} weeks", overloaded) == "without limit (overloaded) after 2 weeks"
    assert fill("{rise}", overloaded, "fa") == catalogue("fa")["without limit (overloaded)"]
    signed = {"rise": Text("{change:+.0%}", {"change": 0.05})}
    assert fill("({rise})", signed) == "(+5%)"
    assert fill("({rise})", signed, "ar") == f"(+{percent(0.05, 'ar', 0)})"


def test_a_figure_that_rounds_to_zero_is_written_unsigned_in_every_language():
    """Never "-0" nor "+0": a value that rounds to zero at its format is written 0, as display.signed writes it."""
    assert fill("{x:+.0%}", {"x": -0.0027}) == "0%" and fill("{x:+.0%}", {"x": 0.0}) == "0%"
    assert fill("{x:.2f}", {"x": -2e-16}) == "0.00" and fill("{x:+.1f} h", {"x": -0.04}) == "0.0 h"
    assert fill("{x:+.0%}", {"x": 0.05}) == "+5%" and fill("{x:.2f}", {"x": -0.005001}) == "-0.01"
    for language in TRANSLATED:
        assert fill("{x:+.0%}", {"x": -0.0027}, language) == percent(0.0, language, 0)
        assert fill("{x:.2f}", {"x": -2e-16}, language) == number(0.0, language, 2)
    assert fill("({r})", {"r": Text("{c:+.0%}", {"c": -0.004})}) == "(0%)"  # a phrase the model chose (3.3 (c))


def test_a_negative_figure_in_any_format_has_the_languages_minus_sign():
    """A format the language's own number writer does not take (``.3g``, ``+,.4g``, a count of people) writes a
    negative figure with the minus sign that writer uses (CLDR's, with its direction mark), not an ASCII hyphen:
    lesson 3.2's "-۱ مددکار اجتماعی"; an exponent's hyphen is left alone."""
    for language in TRANSLATED:
        minus = minus_sign(language)
        assert fill("{x:.3g}", {"x": -1.0}, language) == number(-1.0, language, 0) == minus + number(1.0, language, 0)
        assert fill("{x:+,.4g}", {"x": -37.5}, language) == minus + number(37.5, language, 1)
        assert fill("{n}", {"n": Count(SOCIAL_WORKERS_COUNTED, -1.0, ".3g")}, language).startswith(minus)
        assert "-" in fill("{x:.3g}", {"x": 1e-5}, language) and minus not in fill("{x:.3g}", {"x": 1e-5}, language)


# ------------------------------------------------------------------------------------------------ glossary
ARABIC_ONLY = "يك"  # Arabic yeh and kaf: Persian writes ی and ک
PERSIAN_ONLY = "یکپچژگ"


def test_the_glossary_is_complete_and_says_where_each_rendering_comes_from():
    table = glossary()
    assert tuple(table.columns) == COLUMNS and table.index.is_unique and len(table) >= 30
    assert (table != "").all().all(), table[(table == "").any(axis=1)]
    for lang in TRANSLATED:
        assert set(table[f"{lang}_origin"]) <= set(ORIGINS)
    assert not table["ar"].str.contains(f"[{PERSIAN_ONLY}A-Za-z]").any()
    assert not table["fa"].str.contains(f"[{ARABIC_ONLY}A-Za-z]").any()
    roles = table.loc[["representative", "coordinator", "supervisor"]]
    assert (roles["ar_origin"] == "document 000").all()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_glossary_reads_in_each_language(language):
    page = glossary(language)
    assert len(page) == len(glossary())
    if language != "en":
        assert not [h for h in page.columns if english_left(h)]
        assert not page.iloc[:, 3].map(english_left).any()
