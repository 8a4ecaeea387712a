"""A quiz never contradicts a lesson: answers that follow from the data are re-derived from the
tables, questions name real lesson sections, and each bank has its short quiz notebook."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml
from locations import REPO

from lesson_utils.notebooks import headings, notebook_cells
from lesson_utils.quiz import load_bank
from lesson_utils.quiz.bank import parse_bank
from lesson_utils.quiz.crosscheck import disagreements

LESSONS = REPO / "lessons"
NOTEBOOKS = {
    "summit_participants": "quiz_01_summit_participants.ipynb",
    "security_guarantee": "quiz_02_security_guarantee.ipynb",
    "ukraine_geography": "quiz_03_ukraine_geography.ipynb",
}
TIED_TO_DATA = {
    "summit_participants": {"summit-date", "co-host", "countries-count", "heads-count", "us-represented",
                            "ambassadors", "vice-president", "leaders-countries", "leaders-organisations",
                            "map-host", "map-eu-absent", "who-said-it"},
    "security_guarantee": {"reassurance-force", "french-aid", "legal-report", "road-to-paris"},
    "ukraine_geography": {"border-russia", "neighbours", "border-order", "map-north", "map-shortest", "seas",
                          "hoverla", "crimea-year", "city-order", "agricultural-land", "wettest"},
}  # fmt: skip
"""Questions on borders, neighbours, dates and participants: each must keep its `data:` reference."""


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_answers_agree_with_the_data_tables(name):
    assert disagreements(load_bank(name)) == []


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_data_facts_stay_tied_to_the_data(name):
    tied = {q.id for q in load_bank(name).questions if q.data is not None}
    assert TIED_TO_DATA[name] <= tied, TIED_TO_DATA[name] - tied


def mutated(name: str, question_id: str, **changes) -> list[str]:
    path = REPO / "data" / "quizzes" / f"{name}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = next(q for q in raw["questions"] if q["id"] == question_id)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(question.get(key), dict):
            question[key] = {**question[key], **value}
        else:
            question[key] = value
    return disagreements(parse_bank(raw, path))


@pytest.mark.parametrize(
    "name, question_id, changes, expected",
    [
        ("ukraine_geography", "border-russia", {"answer": 1576}, "answer 1576, data 1944"),
        (
            "ukraine_geography",
            "border-order",
            {"answer": ["belarus", "moldova", "romania", "poland", "hungary"]},
            "not in border_km order",
        ),
        ("ukraine_geography", "neighbours", {"answer": ["poland", "slovakia", "hungary", "moldova"]}, "Belarus"),
        ("ukraine_geography", "map-shortest", {"answer": ["HUN"]}, "data ['SVK']"),
        ("ukraine_geography", "crimea-year", {"answer": 2015}, "data 2014"),
        ("summit_participants", "summit-date", {"answer": "26-march-2025"}, "27 March 2025"),
        ("summit_participants", "us-represented", {"answer": True}, "data False"),
        (
            "summit_participants",
            "leaders-countries",
            {"answer": {"giorgia-meloni": "spain", "pedro-sanchez": "italy"}},
            "Giorgia Meloni → 'Spain'",
        ),
        ("summit_participants", "map-host", {"data": {"key": "no-such-row", "where": {}}}, "does not resolve"),
    ],
)
def test_a_quiz_that_contradicts_the_data_is_caught(name, question_id, changes, expected):
    problems = mutated(name, question_id, **changes)
    assert len(problems) == 1 and expected in problems[0], problems


def lesson_sections(notebook: Path) -> set[str]:
    return set(headings(notebook_cells(notebook)))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_sections_are_headings_of_the_lesson(name):
    bank = load_bank(name)
    lesson = LESSONS / bank.lesson
    if not lesson.exists():
        pytest.skip(f"{bank.lesson} is not written yet")
    sections = lesson_sections(lesson)
    wrong = {q.id: q.section for q in bank.questions if q.section not in sections}
    assert not wrong, f"not a '## ' heading of {bank.lesson}: {wrong}"


@pytest.mark.parametrize("name, notebook", NOTEBOOKS.items())
def test_quiz_notebook_is_short_and_shows_its_bank(name, notebook):
    nb = nbformat.read(LESSONS / notebook, as_version=4)
    kinds = [cell.cell_type for cell in nb.cells]
    assert kinds == ["markdown", "code", "code"]
    assert nb.cells[0].source.startswith("# ")
    assert nb.cells[1].source.startswith('STUDENT = "')
    assert f'quiz.show("{name}", STUDENT)' in nb.cells[2].source
    assert not any(cell.get("outputs") or cell.get("execution_count") for cell in nb.cells)
