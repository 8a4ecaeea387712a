"""Results back to students: a marked-result file per hand-in, which the student's quiz then shows.

`lesson-utils release HANDIN_DIR` marks every hand-in (the same re-scoring as the gradebook) and
writes `<quiz>--<student>.feedback.json` beside each one: on a hub, that is the student's own folder
of the collection, where their quiz finds it. With `--out`, the files go to one folder instead, for
the teacher to hand back through the school's platform (the student puts theirs in `results/`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lesson_tools.teacher.answer_key import country_names
from lesson_tools.teacher.gradebook import Gradebook, Graded, grade_course, show_response
from lesson_utils.quiz.marked import FORMAT, Marked, MarkedQuestion, feedback_path
from lesson_utils.sources import citations, question_source_ids


def release(folder: Path, out: Path | None = None, quizzes: list[str] | None = None,
            due: dt.datetime | None = None) -> list[Path]:  # fmt: skip
    """Write a marked result for every gradable hand-in under `folder`; return the files written."""
    written = []
    for book in grade_course(folder, quizzes, exclude=out):
        for graded in book.graded:
            path = (out / feedback_path(graded.handin.path).name) if out else feedback_path(graded.handin.path)
            marked_result(book, graded, due).write(path)
            written.append(path)
    return written


def marked_result(book: Gradebook, graded: Graded, due: dt.datetime | None = None) -> Marked:
    """One hand-in's marking, question by question, with the key's answer, explanation and sources."""
    names, known = country_names(book.bank), citations()
    responses = graded.handin.responses
    questions = []
    for question in book.bank.questions:
        points = graded.points[question.id]
        answered = question.id in responses
        questions.append(MarkedQuestion(
            question_id=question.id, prompt=question.prompt,
            your_answer=show_response(question, responses[question.id], names) if answered else "(not answered)",
            right_answer="; ".join(question.key_lines(names)), correct=bool(points) if answered else None,
            points=points or 0, max_points=question.points, explanation=question.explanation,
            sources=[f"{known[i].title}, {known[i].url}" for i in question_source_ids(question) if i in known],
        ))  # fmt: skip
    handed_in = graded.handin.handed_in_at
    late = f"{handed_in - due} after the deadline" if due and handed_in > due else None
    return Marked(
        format=FORMAT, quiz_id=book.bank.id, quiz_title=book.bank.title, student=graded.handin.student,
        user=graded.handin.user, points=graded.total, max_points=book.bank.max_points,
        released_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), late=late, questions=questions,
    )  # fmt: skip
