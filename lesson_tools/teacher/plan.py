"""Lesson plans read from the notebooks and the banks, so the teacher guide never goes stale.

Timing comes from each notebook's `lesson` metadata, objectives from its `## Learning objectives`
bullets, and the link from a lesson section to the quiz questions that test it from each question's
`section` field, which names a `## ` heading of the lesson (`lesson-utils validate` checks that).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lesson_tools.config import lessons_dir
from lesson_utils import i18n
from lesson_utils.catalogue import list_lessons
from lesson_utils.notebooks import notebook_cells, prose
from lesson_utils.quiz.bank import Bank, load_bank, quizzes_dir

SKELETON = {"Overview", "Learning objectives", "Prerequisites", "Imports", "Exercises", "Key points", "Sources"}
"""The `## ` headings every lesson has; the others are its content sections."""
_SHOWS_QUIZ = re.compile(r"""quiz\.show\(\s*["']([a-z0-9_-]+)["']""")


@dataclass(frozen=True)
class Outline:
    """What a teacher plans with, from one notebook."""

    objectives: list[str]
    headings: list[str]
    quiz_id: str | None

    @property
    def sections(self) -> list[str]:
        """The content sections: every `## ` heading but the skeleton's."""
        return [h for h in self.headings if h not in SKELETON]


def outline(path: Path) -> Outline:
    """Objectives (bullets under `## Learning objectives`), content sections, and the quiz it shows."""
    headings, objectives, current, quiz_id = [], [], None, None
    for cell_type, source in notebook_cells(path):
        if cell_type == "code":
            found = _SHOWS_QUIZ.search(source)
            quiz_id = quiz_id or (found.group(1) if found else None)
            continue
        for line in prose(source):
            if line.startswith("## "):
                current = line[3:].strip()
                headings.append(current)
            elif current == "Learning objectives" and line.lstrip().startswith(("- ", "* ")):
                objectives.append(line.lstrip()[2:].strip())
    return Outline(objectives, headings, quiz_id)


def banks() -> list[Bank]:
    """Every bank in the data folder, in file-name order."""
    return [load_bank(path) for path in sorted(quizzes_dir().glob("*.yaml"))]


def lesson_plans(folder: Path | None = None) -> pd.DataFrame:
    """One row per lesson that has learning objectives: its minutes, its quiz and the quiz's minutes."""
    folder = folder or lessons_dir()
    catalogue = list_lessons(folder, language=i18n.SOURCE).set_index("notebook")  # headings read in English
    outlines = {name: outline(folder / name) for name in catalogue.index}
    quiz_notebooks = {o.quiz_id: name for name, o in outlines.items() if o.quiz_id}
    quiz_of = {bank.lesson: bank for bank in banks()}
    rows = []
    for name, lesson in outlines.items():
        if not lesson.objectives:
            continue
        bank = quiz_of.get(name)
        quiz_notebook = quiz_notebooks.get(bank.id) if bank else None
        quiz_minutes = catalogue.loc[quiz_notebook, "exercise_minutes"] if quiz_notebook else 0
        teaching, exercises = catalogue.loc[name, ["teaching_minutes", "exercise_minutes"]]
        rows.append({
            "notebook": name, "title": catalogue.loc[name, "title"], "teaching_minutes": teaching,
            "exercise_minutes": exercises, "quiz": bank.id if bank else None, "quiz_notebook": quiz_notebook,
            "quiz_minutes": quiz_minutes, "total_minutes": teaching + exercises + quiz_minutes,
            "objectives": lesson.objectives,
        })  # fmt: skip
    return pd.DataFrame(rows)


def question_map(folder: Path | None = None) -> pd.DataFrame:
    """Lesson section → the quiz questions that test it, one row per section in lesson order.

    Sections no question tests are kept (with no questions), so gaps show. Sections named in a bank
    but not among the content sections come last; one that is no heading of the lesson at all is
    marked, so a renamed heading shows.
    """
    folder = folder or lessons_dir()
    rows = []
    for bank in sorted(banks(), key=lambda bank: (bank.lesson, bank.id)):
        path = folder / bank.lesson
        lesson = outline(path) if path.exists() else Outline([], [], None)
        others = [q.section for q in bank.questions if q.section not in lesson.sections]
        for section in [*lesson.sections, *dict.fromkeys(others)]:
            tested = [q for q in bank.questions if q.section == section]
            shown = section if section in lesson.headings else f"{section} (not a heading)"
            rows.append({
                "lesson": bank.lesson, "section": shown,
                "quiz": bank.id, "questions": ", ".join(q.id for q in tested), "points": sum(q.points for q in tested),
            })  # fmt: skip
    return pd.DataFrame(rows, columns=["lesson", "section", "quiz", "questions", "points"])


def plans_markdown(folder: Path | None = None) -> str:
    """The lesson plans as Markdown: timing, objectives, and what the quiz tests, section by section."""
    mapping = question_map(folder)
    parts = []
    for plan in lesson_plans(folder).itertuples(index=False):
        quiz = f" + quiz {plan.quiz_minutes} min (`{plan.quiz_notebook}`)" if plan.quiz_notebook else ""
        parts.append(
            f"### {plan.title}\n\n`{plan.notebook}` · teaching {plan.teaching_minutes} min + "
            f"exercises {plan.exercise_minutes} min{quiz} = **{plan.total_minutes} min**\n\n"
            "**Learning objectives**\n\n" + "\n".join(f"- {o}" for o in plan.objectives)
        )
        sections = mapping[mapping["lesson"] == plan.notebook]
        if len(sections):
            table = ["| Lesson section | Quiz questions | Points |", "| --- | --- | --- |"]
            table += [
                f"| {_cell(s.section)} | {_cell(s.questions) or '—'} | {s.points} |"
                for s in sections.itertuples(index=False)
            ]
            parts.append(f"**What quiz `{plan.quiz}` tests, by lesson section**\n\n" + "\n".join(table))
    return "\n\n".join(parts)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def quiz_links(repo_url: str, hub: str | None = None, branch: str = "main", folder: Path | None = None) -> pd.DataFrame:
    """A Binder link and, given a JupyterHub host, an nbgitpuller link for every quiz notebook.

    `repo_url` is the git repository students open: publish the student copy, never the teacher's
    repository with the answer keys. nbgitpuller clones into a folder named after the repository.
    """
    folder = folder or lessons_dir()
    repo_dir = urllib.parse.urlparse(repo_url).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    rows = []
    for path in sorted(folder.glob("*.ipynb")):
        if outline(path).quiz_id:
            pull = None
            if hub:
                query = urllib.parse.urlencode(
                    {"repo": repo_url, "urlpath": f"lab/tree/{repo_dir}/lessons/{path.name}", "branch": branch}
                )
                pull = f"https://{hub}/hub/user-redirect/git-pull?{query}"
            rows.append({"notebook": path.name, "binder": binder_url(repo_url, path.name, branch), "jupyterhub": pull})
    return pd.DataFrame(rows, columns=["notebook", "binder", "jupyterhub"])


def quiz_links_html(repo_url: str, hub: str | None = None, branch: str = "main") -> str:
    """The quiz links in full, to copy: a table cell would cut them off with "…", and a long link
    breaks across lines here instead of making the page scroll sideways."""
    wrap = 'style="overflow-wrap: anywhere; word-break: break-all"'
    parts = []
    for row in quiz_links(repo_url, hub, branch).itertuples():
        links = [("Binder", row.binder), *([("JupyterHub (nbgitpuller)", row.jupyterhub)] if row.jupyterhub else [])]
        items = "".join(f"<li>{label}: <code {wrap}>{html.escape(url)}</code></li>" for label, url in links)
        parts.append(f"<p><strong>{html.escape(row.notebook)}</strong></p><ul>{items}</ul>")
    return "".join(parts)


def binder_url(repo_url: str, notebook: str, branch: str = "main") -> str:
    """A Binder link that opens `lessons/<notebook>` of the repository in JupyterLab.

    GitHub repositories get Binder's short `gh/` form; any other git URL goes in whole (`git/`).
    """
    parsed = urllib.parse.urlparse(repo_url)
    if parsed.netloc == "github.com":
        base = f"https://mybinder.org/v2/gh{parsed.path.rstrip('/').removesuffix('.git')}/{branch}"
    else:
        base = f"https://mybinder.org/v2/git/{urllib.parse.quote(repo_url, safe='')}/{branch}"
    return f"{base}?urlpath=lab/tree/lessons/{notebook}"
