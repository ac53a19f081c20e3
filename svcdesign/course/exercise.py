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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .answers import AnswerError, AnswerKind, Choice
from .feedback import Feedback


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
        Optional ``judge(value, solution) -> str``: what the model says about a wrong answer
        (e.g. the service level the learner's staffing would give). Default: too high / too low.
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
        judge: Callable[[Any, Solution], str] | None = None,
    ) -> None:
        self.key = key
        self._question = question
        self.kind = kind
        self._solve = solve
        self.mistakes = tuple(mistakes)
        self.hint = hint
        self._judge = judge

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
            return Feedback(
                self.key, "unanswered", f"{self.prompt()}\n\nSet `answer = …` in the cell above and run it again."
            )
        try:
            value: Any = self.kind.parse(answer)  # a float or an option key, as the kind reads it
        except AnswerError as error:
            return Feedback(self.key, "invalid", str(error))
        solution = self.solution
        if self.kind.same(value, solution.answer):
            return Feedback(self.key, "correct", self._fill(self._because()))
        for mistake in self.mistakes:
            wrong: Any = self.kind.parse(mistake.answer(solution))
            if self.kind.same(value, wrong):
                return Feedback(self.key, "wrong", self._fill(mistake.why), self._fill(mistake.hint), mistake.name)
        verdict = self._judge(value, solution) if self._judge else self._direction(value, solution.answer)
        return Feedback(self.key, "wrong", verdict, self._fill(self.hint))

    def prompt(self) -> str:
        """The question and, for a choice, its options."""
        text = f"**{self.key}** {self.question}"
        if isinstance(self.kind, Choice):
            text += "\n\n" + self.kind.listing()
        return text

    # ---------------------------------------------------------------------------- helpers
    def _because(self) -> str:
        return self.solution.facts.get("because", "That is what the model gives.")

    def _direction(self, value: Any, target: Any) -> str:
        if isinstance(self.kind, Choice):
            return f"{self.kind.show(value)} is not what the model shows."
        return "Your answer is too high." if value > target else "Your answer is too low."

    def _fill(self, text: str) -> str:
        try:
            return text.format(**self.solution.facts)
        except (KeyError, IndexError, ValueError) as error:  # a typo in a lesson must not hide the feedback
            raise ValueError(f"exercise {self.key}: text refers to a fact the solution lacks ({error})") from None

    def _repr_markdown_(self) -> str:
        return self.prompt()

    def __repr__(self) -> str:
        return f"Exercise({self.key!r})"
