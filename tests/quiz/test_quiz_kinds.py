"""A question kind is one module: a throw-away kind, defined here, works everywhere unchanged.

`Year` below is all a new kind needs (its model and behaviour, as `quiz/kinds/base.py` lists them).
The last test registers it for real in a copy of the package: `year.py` plus one line (its name in
KIND_MODULES), then a bank file using it goes through every tool. The other tests take it in through
a Bank subclass, in process. Everything, from the check shared by quiz and gradebook to the answer
key, the demo class, the student copy, the data cross-check and the quiz view, reaches it through the
same methods as the built-in kinds.
"""

from __future__ import annotations

import difflib
import inspect
import os
import random
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union

import pytest
import yaml
from locations import REPO
from pydantic import Field

from lesson_tools.teacher.answer_key import answer_lines
from lesson_tools.teacher.demo import right_response, wrong_response
from lesson_tools.teacher.gradebook import show_response
from lesson_tools.teacher.student_copy import student_bank
from lesson_utils.quiz import QuizSession, check, parse
from lesson_utils.quiz.bank import Bank
from lesson_utils.quiz.crosscheck import disagreements
from lesson_utils.quiz.inputs import build_input
from lesson_utils.quiz.kinds import KINDS, QuestionBase, ResponseError
from lesson_utils.quiz.kinds.numeric import parse_number


class Year(QuestionBase):
    """A year, typed as digits: right only if exact."""

    INPUT = "number"

    type: Literal["year"]
    answer: int | None = None

    def read(self, response: Any) -> int:
        value = parse_number(response)
        if value != int(value) or not 1000 <= value <= 2100:
            raise ResponseError("Type a year, such as 2014.")
        return int(value)

    def describe(self, value: Any, names: Mapping[str, str]) -> str:
        return f"the year {value}"

    def wrong_response(self, rng: random.Random) -> str:
        return str(self.answer + rng.choice([-1, 1]))

    def disagreement(self, ref: Any, tables: Any) -> str | None:
        year = int(tables.number(tables.one(ref)))
        return None if year == self.answer else f"answer {self.answer}, data {year}"


class BankWithYears(Bank):
    questions: Annotated[list[Annotated[Union[(*KINDS, Year)], Field(discriminator="type")]], Field(min_length=1)]


BANK = {
    "id": "years", "title": "Years", "lesson": "03_ukraine_geography.ipynb", "mode": "practice",
    "questions": [{
        "id": "population-year", "type": "year", "prompt": "From which year are the city populations?",
        "answer": 2021, "explanation": "All are 2021 estimates.", "source_id": "statisticstimes-ukraine-cities",
        "section": "Physical geography", "points": 1,
        "data": {"table": "cities", "key": "Kyiv", "column": "population_year"},
    }],
}  # fmt: skip


@pytest.fixture
def bank() -> Bank:
    return BankWithYears.model_validate(BANK)


def test_the_new_kind_is_read_and_checked_by_the_shared_check(bank):
    question = bank.questions[0]
    assert isinstance(question, Year)
    assert parse(question, " 2 021 ") == 2021
    assert check(question, "2021") and not check(question, "2020") and not check(question, "soon")
    with pytest.raises(ResponseError, match="Type a year"):
        parse(question, "20.5")


def test_a_session_scores_it_and_the_teacher_tools_describe_it(bank, tmp_path):
    question = bank.questions[0]
    session = QuizSession(bank, "Test Student", results_dir=tmp_path)
    assert session.answer(question.id, "2021").correct
    rng = random.Random(1)
    assert check(question, right_response(question, rng)) and not check(question, wrong_response(question, rng))
    assert answer_lines(question) == ["2021"]
    assert show_response(question, 2020) == "the year 2020"
    assert student_bank(bank)["questions"][0]["type"] == "year"


def test_the_data_cross_check_and_the_quiz_view_reach_it(bank, tmp_path):
    assert disagreements(bank) == []
    wrong = BankWithYears.model_validate({**BANK, "questions": [{**BANK["questions"][0], "answer": 2020}]})
    assert disagreements(wrong) == ["years/population-year: answer 2020, data 2021"]
    session = QuizSession(bank, "Test Student", results_dir=tmp_path)
    controls = build_input(session, bank.questions[0])
    controls.set("2021")
    assert controls.get() == "2021"


YEAR_MODULE = f"""\
from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, Literal

from lesson_utils.quiz.kinds.base import QuestionBase, ResponseError
from lesson_utils.quiz.kinds.numeric import parse_number


{inspect.getsource(Year)}

KIND = Year
"""

USE_EVERY_TOOL = textwrap.dedent("""
    import random, sys
    from lesson_tools.teacher.answer_key import answer_lines
    from lesson_tools.teacher.demo import right_response, wrong_response
    from lesson_tools.teacher.gradebook import show_response
    from lesson_tools.teacher.student_copy import student_bank
    from lesson_utils.quiz import QuizSession, check
    from lesson_utils.quiz.bank import json_schema, load_bank
    from lesson_utils.quiz.crosscheck import disagreements
    from lesson_utils.quiz.inputs import build_input

    bank = load_bank(sys.argv[1])
    question = bank.questions[0]
    assert type(question).__name__ == "Year" and check(question, "2021") and not check(question, "2020")
    session = QuizSession(bank, "Test Student", results_dir=sys.argv[2])
    assert session.answer(question.id, "2021").correct
    rng = random.Random(1)
    assert check(question, right_response(question, rng)) and not check(question, wrong_response(question, rng))
    assert answer_lines(question) == ["2021"] and show_response(question, 2020) == "the year 2020"
    assert student_bank(bank)["questions"][0]["type"] == "year" and disagreements(bank) == []
    build_input(session, question).set("2021")
    assert "year" in str(json_schema())
    print("year kind works")
""")


def test_registering_a_kind_is_its_module_and_one_line(tmp_path):
    """Copy the packages, add `year.py` and its name in KIND_MODULES, and use it from a bank file."""
    for package in ("lesson_utils", "lesson_tools"):
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    kinds = tmp_path / "lesson_utils/quiz/kinds"
    (kinds / "year.py").write_text(YEAR_MODULE, encoding="utf-8")
    registry = (kinds / "__init__.py").read_text(encoding="utf-8")
    edited = registry.replace('"map")', '"map", "year")')
    (kinds / "__init__.py").write_text(edited, encoding="utf-8")
    changed = [line for line in difflib.ndiff(registry.splitlines(), edited.splitlines()) if line[:1] in "+-"]
    assert len(changed) == 2, changed  # one line out, one line in

    bank_file = tmp_path / "years.yaml"
    bank_file.write_text(yaml.safe_dump(BANK, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "LESSON_DATA_DIR": str(REPO / "data")}
    run = subprocess.run(
        [sys.executable, "-c", USE_EVERY_TOOL, str(bank_file), str(tmp_path / "results")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "year kind works" in run.stdout
