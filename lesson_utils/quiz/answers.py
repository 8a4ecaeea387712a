"""Read a student's response and decide whether it is right: the one check, for every kind.

`parse` turns what a widget (or a person at the keyboard) gives into a canonical, JSON-ready
value, or raises `ResponseError` with a message a student can act on. `check` says whether a
response earns the points. Each kind (in `kinds/`) says how for itself; these two functions are
what the session and the teacher's gradebook (which re-scores hand-ins) both call, so they agree
by construction. `parse` needs only what a student sees, so it works in a student copy too;
`check` needs the answer key, which a student copy does not have.
"""

from __future__ import annotations

from typing import Any

from lesson_utils.quiz.kinds import QuestionBase, QuizError, ResponseError
from lesson_utils.quiz.kinds.numeric import UNIT_ALIASES, parse_number

__all__ = ["UNIT_ALIASES", "ResponseError", "check", "parse", "parse_number"]


def parse(question: QuestionBase, response: Any) -> Any:
    """The canonical form of `response` for `question`; raises ResponseError if unreadable."""
    return question.read(response)


def check(question: QuestionBase, response: Any) -> bool:
    """Whether `response` (raw or parsed) is right. An unreadable response is simply not right.

    A question without its answer (a student copy) raises QuizError: "not right" would be a lie, and
    callers ask `Bank.has_key` first, so reaching this is a bug to surface, not a score of zero.
    """
    if not question.has_answer:
        raise QuizError(
            "has no answer key here, so it cannot be checked; the teacher's gradebook marks it",
            question_id=question.id,
            field="answer",
        )
    try:
        value = question.read(response)
    except ResponseError:
        return False
    return question.is_right(value)
