"""A copy of the lessons for students: no solutions, no teacher notes, no answer keys.

The copy has the repository's layout (`lessons/`, `data/` and `lesson_utils/` side by side, with
`pyproject.toml` and `binder/`), so it is installed, launched on Binder or pulled by nbgitpuller
exactly like the repository, and `data_dir()` finds the copy's own data, never the teacher's.
Assessment banks lose their answers, explanations, sources and data references: the key stays
with the teacher, whose gradebook re-scores every hand-in from the full bank. Practice banks stay
practice, with their keys (feedback after each answer needs them), unless the teacher asks for
every quiz as an assessment; the notebook's words then change to match.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from lesson_tools.config import lessons_dir, repo_root
from lesson_tools.teacher import TeacherError
from lesson_tools.teacher.plan import outline
from lesson_utils import data, i18n
from lesson_utils.i18n import N_
from lesson_utils.quiz.bank import Bank, load_bank, parse_bank

if TYPE_CHECKING:  # imported where notebooks are written: nbformat is slow to import (jsonschema)
    import nbformat

HIDDEN_TAGS = frozenset({"solution", "instructor"})
TEACHER_NOTEBOOKS = ("_*.ipynb", "teacher_guide.ipynb")
SKIPPED = ("results", ".ipynb_checkpoints", "__pycache__", "*.pyc", "_data", ".*")
"""Never copied: students' answer logs, editor and build leftovers, the wheel's copy of data/."""
PROJECT_FILES = ("LICENSE", "LICENSE-CONTENT.md")
TOOLS_PACKAGE = "lesson_tools"
"""The teacher's tools: never in a student copy (nor, so, in the JupyterLite wheel built from one)."""
STUDENT_FIELDS = (
    "id",
    "type",
    "prompt",
    "section",
    "points",
    "hint",
    "choices",
    "shuffle",
    "unit",
    "region",
    "reference",
)
"""What a question keeps in the student copy: only what a student sees before handing in.
A whitelist, so a field added to banks later stays with the teacher until it is listed here."""
ASSESSMENT_INSTRUCTIONS = N_(
    "Your answers are saved as you go, and you can change an answer until you hand in (the last one counts). "
    'This copy of the quiz has no answer key: press "Hand in" at the end; the quiz then says whether your '
    "teacher has it, or that you must download the file and send it. Your teacher marks it."
)
PRACTICE_SENTENCE = re.compile(r"This is a \*\*practice\*\* quiz:[^\n]*?as often as you like\.")
ASSESSMENT_SENTENCE = (
    "In this copy the quiz is an **assessment**: you do not see whether an answer is right until your "
    "teacher has marked it."
)


@dataclass
class StudentCopy:
    """What was written, for the command's summary."""

    folder: Path
    notebooks: list[str] = field(default_factory=list)
    removed_cells: int = 0
    answerless_banks: list[str] = field(default_factory=list)
    was_practice: list[str] = field(default_factory=list)
    """Practice quizzes turned into assessments (`all_assessments`): their notebooks' words change too."""
    practice_banks: list[str] = field(default_factory=list)


def strip_notebook(notebook: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, int]:
    """The notebook without `solution` or `instructor` cells and without outputs; and how many went."""
    stripped = copy.deepcopy(notebook)
    stripped.cells = [cell for cell in notebook.cells if not HIDDEN_TAGS & set(cell.metadata.get("tags", []))]
    for cell in stripped.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return stripped, len(notebook.cells) - len(stripped.cells)


def student_bank(bank: Bank) -> dict[str, Any]:
    """The bank as a student may see it: an assessment with no answer key.

    Banks tend to list the right answer first, so every list whose order is not shown as it is
    becomes alphabetical: shuffled choices, map choices, ordering items and matching options
    (the session shuffles them per student anyway). Choices with `shuffle: false` keep their
    order, which is then part of the question (a scale, for example).
    """
    questions = []
    for question in bank.questions:
        dumped = question.model_dump(mode="json", exclude_none=True)
        questions.append(question.student_fields({key: dumped[key] for key in STUDENT_FIELDS if key in dumped}))
    return {"id": bank.id, "title": bank.title, "lesson": bank.lesson, "mode": "assessment",
            "instructions": ASSESSMENT_INSTRUCTIONS, "shuffle_questions": bank.shuffle_questions,
            "questions": questions}  # fmt: skip


def student_version(bank: Bank) -> str:
    """The version hand-ins from a student copy carry, so the gradebook knows them as this bank's."""
    return parse_bank(student_bank(bank), f"{bank.id}.yaml").version


def make_student_copy(out_dir: str | Path, all_assessments: bool = False) -> StudentCopy:
    """Write the student copy into `out_dir` (new or empty). Practice banks keep their answers, so practice
    quizzes still give feedback; assessment banks never do. With `all_assessments`, every quiz is one."""
    source, lessons = repo_root(), lessons_dir()
    out = Path(out_dir).resolve()
    _check_target(out, source)
    result = StudentCopy(out)
    shutil.copytree(data.data_dir(), out / "data", ignore=shutil.ignore_patterns(*SKIPPED, "quizzes", "locale"))
    _copy_banks(out / "data" / "quizzes", not all_assessments, result)
    _copy_lessons(lessons, out / "lessons", result)
    _copy_translations(out / "data" / "locale", out / "lessons", result.answerless_banks)
    shutil.copytree(source / "lesson_utils", out / "lesson_utils", ignore=shutil.ignore_patterns(*SKIPPED))
    shutil.copytree(source / "binder", out / "binder", ignore=shutil.ignore_patterns(*SKIPPED))
    for name in PROJECT_FILES:
        shutil.copy2(source / name, out / name)
    (out / "pyproject.toml").write_text(student_pyproject((source / "pyproject.toml").read_text(encoding="utf-8")))
    (out / "README.md").write_text(STUDENT_README, encoding="utf-8")
    (out / ".gitignore").write_text("results/\n.ipynb_checkpoints/\n__pycache__/\n.venv/\n", encoding="utf-8")
    return result


def _check_target(out: Path, source: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise TeacherError(
            f"{out} already exists and is not an empty folder: choose a new folder "
            "(the student copy never overwrites anything)."
        )
    for inside in (source / "lessons", source / "data", source / "lesson_utils", data.data_dir()):
        if out.is_relative_to(inside.resolve()):
            raise TeacherError(f"{out} is inside {inside}, which is copied: choose a folder outside it.")
    out.mkdir(parents=True, exist_ok=True)


def _copy_lessons(source: Path, target: Path, result: StudentCopy) -> None:
    """Copy, strip, and make a practice quiz turned assessment say so where it said "practice"; then
    build each translated edition again from the copy's English notebook, so it says the same."""
    import nbformat

    from lesson_tools import translate

    editions = sorted(path for path in source.glob("*.ipynb") if i18n.edition_language(path))
    shutil.copytree(
        source, target, ignore=shutil.ignore_patterns(*SKIPPED, *TEACHER_NOTEBOOKS, *(e.name for e in editions))
    )
    for path in sorted(target.glob("*.ipynb")):
        stripped, removed = strip_notebook(nbformat.read(path, as_version=4))
        if outline(source / path.name).quiz_id in result.was_practice:
            intro = stripped.cells[0]
            intro.source = student_variant(intro.source)
            if intro.source is None:
                raise TeacherError(f"{path.name}: its first cell no longer says it is a practice quiz as expected")
        nbformat.write(stripped, path)
        result.notebooks.append(path.name)
        result.removed_cells += removed
    english_of = {e: target / e.name.replace(f".{i18n.edition_language(e)}.ipynb", ".ipynb") for e in editions}
    editions = [e for e in editions if english_of[e].is_file()]  # not the teacher guide's editions
    names = {edition.name for edition in editions}
    for edition in editions:
        language, english = i18n.edition_language(edition), english_of[edition]
        try:
            built = translate.build_notebook(english, language, names)
        except translate.MissingTranslations as error:
            raise TeacherError(f"{error} (the student copy says what its English copy says)") from None
        (target / edition.name).write_text(translate.dumps(built), encoding="utf-8")
        result.notebooks.append(edition.name)


def student_variant(markdown: str) -> str | None:
    """A practice quiz's first cell as an all-assessment student copy says it; None if it does not say "practice"."""
    changed, count = PRACTICE_SENTENCE.subn(ASSESSMENT_SENTENCE, markdown)
    return changed if count else None


def _copy_translations(target: Path, lessons: Path, answerless: list[str]) -> None:
    """The catalogues, holding only what the copy shows: no explanation of a bank without answers,
    no text of a notebook or cell the copy left out (teacher guide, solutions), no templates."""
    from babel.messages.pofile import read_po

    from lesson_tools.translate import notebook_messages, write

    shown = {
        (path.name, text)
        for path in lessons.glob("*.ipynb")
        for text in notebook_messages(json.loads(path.read_text(encoding="utf-8")))
    }
    hidden = tuple(f"{bank}/" for bank in answerless)
    source = data.data_dir() / "locale"
    for path in sorted(source.glob("*/LC_MESSAGES/*.po")):
        with path.open("rb") as po:
            catalog = read_po(po, locale=path.parts[-3], domain=path.stem)
        for message in list(catalog):
            context = message.context or ""
            if (path.stem == "quizzes" and context.startswith(hidden) and context.endswith("/explanation")) or (
                path.stem == "lessons" and message.id and (context, message.id) not in shown
            ):
                catalog.delete(message.id, context=message.context)
        write(catalog, target / path.relative_to(source))
    shutil.copy2(source / "glossary.csv", target / "glossary.csv")


def _copy_banks(target: Path, keep_practice: bool, result: StudentCopy) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((data.data_dir() / "quizzes").glob("*.yaml")):
        bank = load_bank(path)
        if keep_practice and bank.mode == "practice":
            shutil.copy2(path, target / path.name)
            result.practice_banks.append(bank.id)
            continue
        stripped = student_bank(bank)
        parse_bank(stripped, path)  # a copy whose quiz cannot open is a bug here, not in a classroom
        (target / path.name).write_text(
            yaml.safe_dump(stripped, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
        )
        result.answerless_banks.append(bank.id)
        if bank.mode == "practice":
            result.was_practice.append(bank.id)


STUDENT_README = """\
# Lessons and quizzes

Jupyter notebooks with lessons, their data, and a quiz after each lesson.

## Start

- **On Binder or your school's JupyterHub:** open the link your teacher gave you; everything is set up.
- **On your own computer** (Python 3.11 or newer):

  ```bash
  python3 -m venv .venv
  .venv/bin/python -m pip install -r binder/requirements.txt
  .venv/bin/python -m pip install --no-deps -e .
  .venv/bin/jupyter lab lessons/00_start_here.ipynb
  ```

  On Windows use `.venv\\Scripts\\python` instead of `.venv/bin/python`.

Open `lessons/00_start_here.ipynb` first.

## Quizzes

Each quiz notebook (`lessons/quiz_*.ipynb`) saves your answers in a `results/` folder as you go,
and has a **Hand in** button at the end. On your school's JupyterHub it may send your answers
straight to your teacher: the quiz says **Received** when it has. Anywhere else, download the
hand-in file it names (a `.handin.json` file) and upload it where your teacher asks (for example
your school's learning platform). Do not edit the file: your teacher's gradebook marks your
answers again from the answer key, so editing it changes nothing. When your teacher releases the
marks, the quiz shows your result at the top.

## What is inside

| Folder | What it holds |
| --- | --- |
| `lessons/` | The notebooks. |
| `data/` | The facts the lessons use, each row with its source, and the quiz questions. |
| `lesson_utils/` | The Python package the notebooks call. |
| `binder/` | What Binder needs to launch the lessons. |

Code is under the MIT licence (`LICENSE`); lesson text, data tables and quizzes under CC BY 4.0
(`LICENSE-CONTENT.md`).
"""


def student_pyproject(text: str) -> str:
    """The repository's pyproject.toml without the teacher's tools: only `lesson_utils` is packaged, and
    the `lesson-utils` command (which needs the tools) is not installed."""
    packaged = f'packages = ["lesson_utils", "{TOOLS_PACKAGE}"]'
    if packaged not in text:
        raise TeacherError(f"pyproject.toml no longer says {packaged}: update student_pyproject()")
    text = text.replace(packaged, 'packages = ["lesson_utils"]')
    return re.sub(r"\[project\.scripts\]\n(?:[^\n\[]+\n)*\n?", "", text)
