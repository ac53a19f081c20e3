"""The tutor's worked answers in Arabic and Persian: for every lesson written in the language, the guide
(``course.worked_answers(course.lesson(q, language=…))``) has no English left, writes its numbers in the language's
digits, and gives the same model answers as the English guide (each answer read back from the translated text)."""

from __future__ import annotations

import re

import pytest
from test_course_languages import CODE, TRANSLATED, english_left

from svcdesign import course
from svcdesign.course import Choice
from svcdesign.course.language import say
from svcdesign.course.tutor import ANSWER, MISTAKES

CASES = [(q, lang) for q in course.LESSONS for lang in TRANSLATED if lang in getattr(course.lesson(q), "LANGUAGES", ())]
"""Every lesson and language the course offers besides English (lessons translated later join by themselves)."""
NAMES = re.compile(r"\bNVQ\b|\bF3\b")
"""The qualification and its unit, which the translated course writes by their own names (as its notebooks do)."""


@pytest.fixture(scope="module", params=CASES, ids=" ".join)
def guide(request):
    question, language = request.param
    lesson = course.lesson(question, language=language)
    return lesson, course.worked_answers(lesson).text


def test_cases_cover_every_translated_lesson():
    assert {q for q, _ in CASES} >= {"3.1", "3.8", "3.10"} and {lang for _, lang in CASES} == set(TRANSLATED)


def test_the_guide_shows_no_english(guide):
    lesson, text = guide
    assert not english_left(NAMES.sub("", text)), sorted(english_left(NAMES.sub("", text)))
    assert text.startswith(f'<div dir="rtl" lang="{lesson.LANGUAGE}"') and say(MISTAKES, lesson.LANGUAGE) in text


def test_the_guide_writes_numbers_in_the_language_digits(guide):
    _, text = guide
    outside_code = NAMES.sub("", CODE.sub("", text))
    assert not re.findall(r"[0-9]+", outside_code)
    assert re.search("[٠-٩۰-۹]", outside_code)


def test_the_guide_gives_the_english_answers(guide):
    lesson, text = guide
    english = course.lesson(lesson.QUESTION)
    label = re.escape(say(ANSWER, lesson.LANGUAGE))
    shown = re.findall(rf"\*\*{label} (.+?)\.\*\* ", text)
    assert len(shown) == len(english.EXERCISES)
    for written, exercise in zip(shown, english.EXERCISES, strict=True):
        kind = exercise.kind
        if isinstance(kind, Choice):
            value = re.fullmatch(r"\((\w)\) .+", written).group(1)
        else:
            value = kind.parse(written.removesuffix(f" {say(kind.unit, lesson.LANGUAGE)}") if kind.unit else written)
        assert kind.same(value, exercise.expected), (exercise.key, written, exercise.expected)
    assert len(re.findall(r"^- \*[^*]", text, re.MULTILINE)) == sum(len(e.mistakes) for e in english.EXERCISES)
