"""The quiz banks for a teacher who edits them: what a question may hold, and the checks
`lesson-utils validate` runs (each bank loads, agrees with the data tables, and tests sections its
lesson has), so an edited bank is caught before students see it."""

from __future__ import annotations

import typing
from pathlib import Path

import pandas as pd
from pydantic.fields import FieldInfo

from lesson_tools.config import repo_root
from lesson_tools.teacher.plan import outline
from lesson_utils.data import DataError
from lesson_utils.quiz.bank import KEY_FIELDS, Bank, Question, QuestionBase, QuizError, load_bank, quizzes_dir
from lesson_utils.quiz.crosscheck import disagreements


def quiz_problems() -> list[str]:
    """Every problem in every bank (a bank that does not load reports all its field errors at once)."""
    folder = quizzes_dir()
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        return [f"{folder}: no quiz banks (*.yaml) found."]
    problems = []
    for path in paths:
        try:
            bank = load_bank(path)
            problems += [f"{path}: {line}" for line in disagreements(bank)]
        except QuizError as error:
            problems.append(str(error))
            continue
        except DataError:
            problems.append(f"{path}: not checked against the data, because the data tables have problems.")
            continue
        problems += _section_problems(bank, path)
    return problems


def _section_problems(bank: Bank, path: Path) -> list[str]:
    """Each question's `section` must be a `## ` heading of the bank's lesson (when lessons/ is here)."""
    lessons = repo_root() / "lessons"
    if not lessons.is_dir():
        return []
    notebook = lessons / bank.lesson
    if not notebook.exists():
        return [f"{path}, field 'lesson': {bank.lesson!r} is not a notebook in {lessons}."]
    lesson = outline(notebook)
    return [
        f"{path}, question '{q.id}', field 'section': {q.section!r} is not a '## ' heading of {bank.lesson} "
        f"(its sections: {'; '.join(lesson.sections)})."
        for q in bank.questions
        if q.section not in lesson.headings
    ]


def question_fields() -> pd.DataFrame:
    """The fields of a question, for every question type, read from the quiz engine's models.

    The answer key (answer, explanation, source) is marked required: the models let only a student
    copy leave it out, and a teacher writing a bank always gives it."""

    def row(type_name: str, name: str, info: FieldInfo) -> dict:
        return {
            "type": type_name,
            "field": name,
            "required": info.is_required() or name in KEY_FIELDS,
            "meaning": info.description or "",
        }

    rows = [row("every type", name, info) for name, info in QuestionBase.model_fields.items()]
    for model in typing.get_args(typing.get_args(Question)[0]):
        type_name = typing.get_args(model.model_fields["type"].annotation)[0]
        own = {n: i for n, i in model.model_fields.items() if n not in QuestionBase.model_fields and n != "type"}
        rows += [row(type_name, name, info) for name, info in own.items()]
    return pd.DataFrame(rows)
