"""A marked result, released by the teacher (`lesson-utils release`) and shown in the student's quiz.

The file sits beside the hand-in it marks, with `.feedback.json` for `.handin.json`: in the hub's
collection folder (the student's own sub-folder) or, off a hub, wherever the student puts the file
the teacher sent (the quiz's `results/` folder). `find_marked` looks in both places.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from lesson_utils.i18n import _
from lesson_utils.quiz import classroom

FORMAT = "lesson-quiz-feedback/1"
SUFFIX = ".feedback.json"


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class MarkedQuestion(_Part):
    question_id: str
    prompt: str
    your_answer: str
    right_answer: str
    correct: bool | None
    points: int
    max_points: int
    explanation: str | None = None
    sources: list[str] = []


class Marked(_Part):
    """The teacher's marking of one hand-in: the score and, per question, the answer, the right one and why."""

    format: str
    quiz_id: str
    quiz_title: str
    student: str
    user: str | None = None
    points: int
    max_points: int
    released_at: str
    late: str | None = None
    questions: list[MarkedQuestion]

    def write(self, path: Path) -> None:
        from lesson_utils.quiz import store

        store.write_atomically(path, self.model_dump(mode="json"))


def feedback_path(handin: Path) -> Path:
    """Where the marked result of a hand-in goes: beside it, `.feedback.json` for `.handin.json`."""
    return handin.with_name(handin.name.removesuffix(".handin.json") + SUFFIX)


def find_marked(handin: Path, place: classroom.Place) -> Marked | None:
    """The released result for this hand-in, if the teacher has released one and it can be read."""
    candidates = [feedback_path(handin)]
    if place.collection is not None and place.user is not None:
        candidates.append(feedback_path(place.collection / place.user / handin.name))
    for path in candidates:
        try:
            marked = Marked.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, ValidationError):  # not released yet, or not readable: show nothing
            continue
        if marked.format == FORMAT:
            return marked
    return None


def as_html(marked: Marked) -> str:
    """The result as the quiz shows it above the questions: score, then each question's verdict and why.

    The frame is in the kernel's language; prompts, answers and explanations are as the teacher released them."""
    from html import escape as e

    rows = []
    for n, q in enumerate(marked.questions, 1):
        verdict = _("not answered") if q.correct is None else (_("✓ right") if q.correct else _("✗ not right"))
        why = f"<br><small>{e(q.explanation)}</small>" if q.explanation else ""
        source = _("Source: {sources}").format(sources="; ".join(q.sources))
        sources = f"<br><small>{e(source)}</small>" if q.sources else ""
        answers = _("Your answer: {answer}. Right answer: {right}.").format(
            answer=e(q.your_answer), right=e(q.right_answer)
        )
        rows.append(
            f'<tr style="vertical-align: top"><td>{n}.</td><td>'
            f"{e(q.prompt)}<br><strong>{verdict}</strong> ({q.points} / {q.max_points}). {answers}{why}{sources}</td></tr>"
        )
    late = " " + _("Handed in {when}.").format(when=e(marked.late)) if marked.late else ""
    title = _("Your marked result: {points} / {max_points} points").format(
        points=marked.points, max_points=marked.max_points
    )
    released = _("Released by your teacher on {date}.").format(date=e(marked.released_at[:10]))
    return (
        f'<div class="quiz-marked tex2jax_ignore"><h4>{title}</h4><p>{released}{late}</p>'
        f"<table>{''.join(rows)}</table></div>"
    )
