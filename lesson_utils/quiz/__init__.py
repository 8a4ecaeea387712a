"""Quizzes: question banks in data/quizzes/, checked and scored in plain Python, drawn by widgets.

from lesson_utils import quiz
quiz.show("ukraine_geography", "Alex Martin")      # in a notebook

bank = quiz.load_bank("ukraine_geography")         # anywhere else: tests, the gradebook
session = quiz.QuizSession(bank, "Alex Martin")
session.answer("border-russia", "1 944 km").correct
"""

from __future__ import annotations

from pathlib import Path

from lesson_utils.quiz.answers import ResponseError, check, parse
from lesson_utils.quiz.bank import Bank, QuizError, load_bank
from lesson_utils.quiz.session import Feedback, QuizSession, Score
from lesson_utils.sources import Citation

__all__ = [
    "Bank", "Citation", "Feedback", "QuizError", "QuizSession", "ResponseError", "Score",
    "check", "load_bank", "parse", "show",
]  # fmt: skip


def show(quiz_id: str | Path | Bank, student: str | None = None, results_dir: str | Path | None = None) -> None:
    """Display the quiz in the notebook; with no student name yet, a name box comes first.

    The widget layer is imported only when a quiz is shown, so tests and the gradebook never pay for it.
    """
    from IPython.display import display

    from lesson_utils.quiz.widgets import QuizView

    display(QuizView(quiz_id, student, results_dir).widget)
