"""The teacher's side of the quizzes: answer keys, a student copy without them, a demo class and
the gradebook, all as files and one command (`lesson-utils`), without a server or a database.

Everything here reads the same banks and calls the same check function (`lesson_utils.quiz.check`)
as the student's session, so the teacher's numbers cannot disagree with what students saw.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lesson_utils.quiz.bank import Bank


class TeacherError(Exception):
    """Something the teacher can fix (a folder, a quiz name, a file); the message says what."""


def load_keyed_bank(quiz_id_or_path: str | Path, action: str) -> Bank:
    """The bank with its answer key, for a tool that needs the answers to `action` (e.g. "grade").

    A student copy's banks have no key; saying so up front beats a crash on the first answer.
    """
    from lesson_utils.quiz.bank import QuizError, load_bank

    try:
        bank = load_bank(quiz_id_or_path)
    except QuizError as error:
        raise TeacherError(f"cannot {action} quiz '{quiz_id_or_path}': {error}") from None
    if not bank.has_key:
        raise TeacherError(
            f"cannot {action} quiz '{quiz_id_or_path}': its bank has no answer key (is this a "
            "student copy?). Use the teacher's repository, which has the key."
        )
    return bank
