"""Self-checking exercises whose expected answers the model computes at run time.

An :class:`Exercise` holds a question, the kind of answer it takes (:mod:`.answers`), a ``solve``
function that runs svcdesign's engines and returns a :class:`Solution` (the answer, the worked
reasoning for tutors, and the intermediate figures), and the typical :class:`Mistake` s learners
make — each with the wrong answer it produces, computed from the same model run, why it is wrong
and a hint. ``check(answer)`` returns a :class:`~.feedback.Feedback`:

- ``None`` → the question again, as a prompt (an unanswered exercise never fails a notebook);
- the expected answer (within the answer kind's tolerance) → correct, with the reason;
- a recognised mistake → wrong: why, and its hint;
- anything else → wrong: what the model says about that answer (``judge``) and the general hint.

Nothing is typed in: numbers in questions, answers and feedback come from the model. The solution
is computed once and cached.

The text is written in English, marked for translation (:func:`.language.tr`); ``in_language("fa")`` gives
the same exercise (same model, same solution) asking, hinting and answering in Persian.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..i18n import DEFAULT, check_language
from ..i18n.numbers import local_digits
from .answers import AnswerError, AnswerKind, Choice
from .feedback import Feedback
from .language import Text, fill, say, tr


@dataclass(frozen=True)
class Solution:
    """A model-computed answer. ``working`` is the worked answer (Markdown) for the tutor's guide;
    ``facts`` are named intermediate figures that mistakes, feedback and the working refer to."""

    answer: Any
    working: str
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: ``answer(solution)`` computes it from the model's own figures; ``why``
    and ``hint`` may name facts in braces (``{wage_saving:,.0f}``)."""

    name: str
    answer: Callable[[Solution], Any]
    why: str
    hint: str


class Exercise:
    """One exercise of a lesson.

    Parameters
    ----------
    key:
        Short label shown in feedback, e.g. ``"3.2 (a)"``.
    question:
        The question (Markdown); may name facts of the solution in braces.
    kind:
        The kind of answer (:class:`~.answers.Number`, ``Whole``, ``Share`` or ``Choice``).
    solve:
        Runs the model and returns the :class:`Solution`.
    mistakes:
        Typical mistakes, checked in order after the correct answer.
    hint:
        The general hint for a wrong answer that matches no typical mistake.
    judge:
        Optional ``judge(value, solution) -> str | Text``: what the model says about a wrong answer
        (e.g. the service level the learner's staffing would give). Default: too high / too low.
        A :class:`~.language.Text` (marked English and its values) is shown in the exercise's language.
    terms:
        More placeholders for the texts: names of the lesson's levers (a :class:`~.controls.Slider`,
        shown as its label with its unit) or marked English words, each shown in the exercise's language.
    """

    def __init__(
        self,
        key: str,
        question: str,
        kind: AnswerKind,
        solve: Callable[[], Solution],
        *,
        mistakes: Sequence[Mistake] = (),
        hint: str = "",
        judge: Callable[[Any, Solution], str | Text] | None = None,
        terms: Mapping[str, Any] | None = None,
    ) -> None:
        self.key = key
        self._question = question
        self.kind = kind
        self._solve = solve
        self.mistakes = tuple(mistakes)
        self.hint = hint
        self._judge = judge
        self.terms = dict(terms or {})
        self.language = DEFAULT

    def in_language(self, language: str) -> Exercise:
        """This exercise asking and answering in ``language`` (it shares the model's solution)."""
        view = copy.copy(self)
        view.language = check_language(language)
        view._solve = lambda: self.solution
        view.__dict__.pop("solution", None)
        return view

    @property
    def label(self) -> str:
        """The key as shown in the exercise's language (its digits)."""
        return local_digits(self.key, self.language)

    # ----------------------------------------------------------------------------- answers
    @cached_property
    def solution(self) -> Solution:
        """The model-computed solution (computed on first use, then cached)."""
        return self._solve()

    @property
    def expected(self) -> Any:
        """The expected answer, as the model computes it."""
        return self.solution.answer

    def mistake_answers(self) -> dict[str, Any]:
        """The wrong answer each typical mistake produces, from the model (for tests and tutors)."""
        return {m.name: m.answer(self.solution) for m in self.mistakes}

    @property
    def question(self) -> str:
        """The question, with figures from the model filled in."""
        return self._fill(self._question)

    # ------------------------------------------------------------------------------- check
    def check(self, answer: Any) -> Feedback:
        """Feedback on ``answer`` (``None`` = not answered yet: shows the question as a prompt)."""
        if answer is None:
            again = say(tr("Set `answer = …` in the cell above and run it again."), self.language)
            return self._feedback("unanswered", f"{self.prompt()}\n\n{again}")
        try:
            value: Any = self.kind.parse(self._option_key(answer))  # a float or an option key, as the kind reads it
        except AnswerError as error:
            return self._feedback("invalid", error.in_language(self.language))
        solution = self.solution
        if self.kind.same(value, solution.answer):
            return self._feedback("correct", self._fill(self._because()))
        for mistake in self.mistakes:
            wrong: Any = self.kind.parse(mistake.answer(solution))
            if self.kind.same(value, wrong):
                return self._feedback("wrong", self._fill(mistake.why), self._fill(mistake.hint), mistake.name)
        verdict = self._judge(value, solution) if self._judge else self._direction(value, solution.answer)
        if isinstance(verdict, Text):
            verdict = self._fill(verdict.text, verdict.values)
        return self._feedback("wrong", verdict, self._fill(self.hint))

    def prompt(self) -> str:
        """The question and, for a choice, its options."""
        text = f"**{self.label}** {self.question}"
        if isinstance(self.kind, Choice):
            text += "\n\n" + "\n".join(f"- **{k}**: {v}" for k, v in self._options().items())
        return text

    # ---------------------------------------------------------------------------- helpers
    def _feedback(self, status: Any, message: str, hint: str = "", mistake: str | None = None) -> Feedback:
        return Feedback(self.label, status, message, hint, mistake, self.language)

    def _options(self) -> dict[str, str]:
        """A choice's options, labelled in the exercise's language."""
        options = self.kind.options if isinstance(self.kind, Choice) else {}
        return {key: say(label, self.language) for key, label in options.items()}

    def _option_key(self, answer: Any) -> Any:
        """A choice answered with an option's translated label: its key (any other answer as it is)."""
        if self.language == DEFAULT or not isinstance(answer, str):
            return answer
        keys = {label.strip(): key for key, label in self._options().items()}
        return keys.get(answer.strip(), answer)

    def _because(self) -> str:
        return self.solution.facts.get("because", tr("That is what the model gives."))

    def _direction(self, value: Any, target: Any) -> str:
        if isinstance(self.kind, Choice):
            option = f"({value}) {self._options()[value]}"
            return self._fill(tr("{option} is not what the model shows."), {"option": option})
        return say(tr("Your answer is too high.") if value > target else tr("Your answer is too low."), self.language)

    def _fill(self, text: str, extra: Mapping[str, Any] | None = None) -> str:
        """``text`` in the exercise's language, filled with the solution's facts, the terms and ``extra``."""
        words = {name: self._term(term) for name, term in self.terms.items()}
        try:
            return fill(text, {**self.solution.facts, **words, **(extra or {})}, self.language)
        except (KeyError, IndexError, ValueError) as error:  # a typo in a lesson must not hide the feedback
            raise ValueError(f"exercise {self.key}: text refers to a fact the solution lacks ({error})") from None

    def _term(self, term: Any) -> str:
        if hasattr(term, "in_language"):
            return term.in_language(self.language).description
        return say(term, self.language)

    def _repr_markdown_(self) -> str:
        return self.prompt()

    def __repr__(self) -> str:
        return f"Exercise({self.key!r})"
