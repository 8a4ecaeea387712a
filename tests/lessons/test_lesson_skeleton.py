"""Every lesson follows the same skeleton, so teachers and students always know where things are.

The skeleton (kept as `lessons/_template.ipynb`): one `# Title`; `## Overview` with a
`**Teaching:** N min · **Exercises:** M min` line matching the notebook metadata;
`## Learning objectives` (3–5 bullets, each starting with a verb); `## Prerequisites`;
`## Imports` and one code cell with every import; content sections; `## Exercises` with
`### Exercise 1`, `### Exercise 2`, ... each followed by a student cell and a `solution` cell;
`## Key points`; `## Sources` and a cell calling `show_sources(...)`. Stored without outputs.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from locations import REPO

from lesson_utils.i18n import edition_language

LESSONS = REPO / "lessons"
NOTEBOOKS = sorted(
    p for p in LESSONS.glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00_start_here") and not edition_language(p)
) + [LESSONS / "_template.ipynb"]
"""The English sources: an edition is generated from one, paragraph by paragraph, so it has the same skeleton."""

OPENING = ["Overview", "Learning objectives", "Prerequisites", "Imports"]
CLOSING = ["Exercises", "Key points", "Sources"]
VERBS = {
    "analyse", "analyze", "apply", "assess", "build", "calculate", "check", "combine", "compare", "compute",
    "count", "create", "describe", "discuss", "distinguish", "draw", "estimate", "evaluate", "explain",
    "explore", "filter", "find", "group", "identify", "interpret", "judge", "justify", "label", "list",
    "locate", "map", "match", "measure", "name", "outline", "plot", "read", "recognise", "recognize",
    "relate", "select", "sort", "state", "summarise", "summarize", "trace", "use", "verify",
}  # fmt: skip
"""Verbs an objective may start with; add one here if a lesson needs a verb that is missing."""
TIMING = re.compile(r"\*\*Teaching:\*\*\s*(\d+)\s*min\s*·\s*\*\*Exercises:\*\*\s*(\d+)\s*min")
EXERCISE = re.compile(r"^### Exercise (\d+)\b")
IMPORT = re.compile(r"^\s*(import\s+\w|from\s+[\w.]+\s+import\s)")


def prose_lines(cell) -> list[str]:
    """The lines of a markdown cell outside fenced code blocks (a `# comment` there is no heading)."""
    lines, fenced = [], False
    for line in cell.source.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def headings(notebook, prefix: str) -> list[tuple[int, str]]:
    """(cell index, heading text) for every markdown line that starts with exactly `prefix`."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            found += [(index, line[len(prefix) :].strip()) for line in prose_lines(cell) if line.startswith(prefix)]
    return found


def section_text(notebook, title: str) -> str:
    """The prose of the `## title` section, from its heading to the next `## ` heading."""
    sections = headings(notebook, "## ")
    start = next(i for i, name in sections if name == title)
    end = next((i for i, _ in sections if i > start), len(notebook.cells))
    cells = [c for c in notebook.cells[start:end] if c.cell_type == "markdown"]
    lines = [line for c in cells for line in prose_lines(c)]
    heading = lines.index(f"## {title}")
    following = next(
        (k for k, line in enumerate(lines[heading + 1 :], heading + 1) if line.startswith("## ")), len(lines)
    )
    return "\n".join(lines[heading + 1 : following])


def bullets(text: str) -> list[str]:
    return [line.lstrip()[2:].strip() for line in text.splitlines() if line.lstrip().startswith(("- ", "* "))]


def is_solution(cell) -> bool:
    return cell.cell_type == "code" and "solution" in cell.metadata.get("tags", [])


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request):
    return nbformat.read(request.param, as_version=4)


def test_there_is_a_template_and_at_least_one_lesson():
    assert (LESSONS / "_template.ipynb").exists()
    assert len(NOTEBOOKS) >= 2


def test_one_title_in_the_first_cell(notebook):
    titles = headings(notebook, "# ")
    assert len(titles) == 1, f"expected exactly one '# ' title, found {titles}"
    assert titles[0][0] == 0, "the '# ' title belongs in the first cell"


def test_sections_come_in_order(notebook):
    names = [name for _, name in headings(notebook, "## ")]
    assert names[: len(OPENING)] == OPENING, f"the lesson must open with {OPENING}; it has {names}"
    assert names[-len(CLOSING) :] == CLOSING, f"the lesson must close with {CLOSING}; it has {names}"
    content = names[len(OPENING) : -len(CLOSING)]
    assert content, "there must be at least one content section between Imports and Exercises"
    assert not set(content) & set(OPENING + CLOSING), f"a skeleton section appears twice: {names}"


def test_overview_timing_matches_metadata(notebook):
    timing = notebook.metadata.get("lesson", {})
    assert {"teaching_minutes", "exercise_minutes"} <= set(timing), (
        "metadata 'lesson' needs teaching_minutes and exercise_minutes"
    )
    match = TIMING.search(section_text(notebook, "Overview"))
    assert match, "the Overview needs a line '**Teaching:** N min · **Exercises:** M min'"
    written = (int(match[1]), int(match[2]))
    stored = (timing["teaching_minutes"], timing["exercise_minutes"])
    assert written == stored, f"Overview says {written} minutes (teaching, exercises); metadata 'lesson' says {stored}"


def test_objectives_are_three_to_five_and_start_with_a_verb(notebook):
    objectives = bullets(section_text(notebook, "Learning objectives"))
    assert 3 <= len(objectives) <= 5, f"expected 3–5 objectives, found {len(objectives)}"
    for objective in objectives:
        verb = re.sub(r"[^A-Za-z]", "", objective.split()[0]).lower()
        assert verb in VERBS, f"objective {objective!r} should start with a verb (see VERBS in this test)"


def test_imports_live_in_the_cell_after_the_imports_heading(notebook):
    heading = next(i for i, name in headings(notebook, "## ") if name == "Imports")
    imports = notebook.cells[heading + 1]
    assert imports.cell_type == "code", "the Imports heading must be followed by a code cell"
    assert any(IMPORT.match(line) for line in imports.source.splitlines()), "the Imports cell holds no import"
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and index != heading + 1:
            stray = [line for line in cell.source.splitlines() if IMPORT.match(line)]
            assert not stray, f"cell {index} imports {stray}; move every import into the Imports cell"


def test_each_exercise_has_a_student_cell_then_a_solution(notebook):
    sections = headings(notebook, "## ")
    start = next(i for i, name in sections if name == "Exercises")
    end = next(i for i, name in sections if name == "Key points")
    exercises = [(i, name) for i, name in headings(notebook, "### ") if start <= i < end]
    numbers = [int(m[1]) for _, name in exercises if (m := EXERCISE.match(f"### {name}"))]
    assert numbers == list(range(1, len(exercises) + 1)), (
        f"exercises must be '### Exercise 1', '### Exercise 2', ...: {exercises}"
    )
    assert 2 <= len(numbers) <= 4, f"a lesson has 2–4 exercises, found {len(numbers)}"
    bounds = [i for i, _ in exercises] + [end]
    for (index, name), stop in zip(exercises, bounds[1:]):
        code = [c for c in notebook.cells[index + 1 : stop] if c.cell_type == "code"]
        assert len(code) >= 2 and not is_solution(code[0]), f"{name}: needs a student code cell before the solution"
        assert is_solution(code[-1]), f"{name}: the last code cell must be tagged 'solution'"
        assert re.search(r"\b(print|display|show)\(", code[-1].source), f"{name}: the solution should print its answer"


def test_key_points_are_bullets(notebook):
    assert bullets(section_text(notebook, "Key points")), "Key points needs at least one bullet"


def test_sources_cell_calls_show_sources(notebook):
    heading = next(i for i, name in headings(notebook, "## ") if name == "Sources")
    following = notebook.cells[heading + 1 : heading + 2]
    assert following and following[0].cell_type == "code" and "show_sources(" in following[0].source, (
        "the Sources heading must be followed by a code cell calling show_sources(...)"
    )


def test_instructor_notes_are_marked(notebook):
    for index, cell in enumerate(notebook.cells):
        if "instructor" in cell.metadata.get("tags", []):
            assert cell.cell_type == "markdown" and cell.source.startswith("**For teachers:**"), (
                f"cell {index}: instructor notes are markdown cells starting with '**For teachers:**'"
            )


def test_stored_without_outputs(notebook):
    stored = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not stored, f"cells {stored} hold outputs; clear them before saving"
