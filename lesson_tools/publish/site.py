"""Publish the lessons: a static website (`make site`) and a JupyterLite build (`make lite`).

Both start from the student copies of the notebooks (`strip_notebook`: no `solution` or
`instructor` cells, no outputs), written into a staging folder; nothing runs in `lessons/`.

The website is built by Sphinx with myst-nb and sphinx-book-theme (configuration in `docs/`):

1. every published notebook is stripped into `STAGING/lessons/`;
2. the lessons and the teacher guide are executed there, each once, two kernels at a time, with
   `LESSON_RESULTS_DIR` in a temporary folder and plotly's JSON renderer;
3. each plotly figure gets an HTML rendering that calls the site's own copy of plotly.js
   (`_static/plotly.min.js`, from the plotly package), so figures stay interactive and nothing
   loads from a CDN; a widget, which cannot work on a static page, becomes a note that says where
   to use it;
4. quiz notebooks become a page with the quiz's introduction and the links to take it (their
   banks, and so their answers, are never executed into the site);
5. an index, a sources page and a Binder link on every page are added, and Sphinx writes the HTML.

    python -m lesson_tools.publish.site site [OUT]     # default _build/
    python -m lesson_tools.publish.site lite [OUT]     # default _lite/ (see lesson_tools/publish/lite.py); needs the
                                               # JupyterLite tools of .venv-lite (`make lite`)

The public repository (for the Binder links) is set in ONE place: `[tool.paris-summit-lessons]`
in `pyproject.toml`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from lesson_tools.config import Settings, lessons_dir, repo_root, settings
from lesson_tools.teacher import plan
from lesson_tools.teacher.student_copy import strip_notebook
from lesson_utils.display import PLOTLY_MIME
from lesson_utils.notebooks import title

DOCS = repo_root() / "docs"
"""Sphinx configuration (`conf.py`) and the site's own static files."""
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<div class="admonition note widget-note"><p class="admonition-title">Interactive</p>'
    "<p>This part of the lesson is an interactive widget. It works when you run the notebook: "
    "use the launch link at the top of this page.</p></div>"
)


def binder_url(notebook: str, config: Settings) -> str:
    """A Binder link that opens `lessons/<notebook>` of the configured repository (as `plan.quiz_links` does)."""
    return plan.binder_url(config.repository, notebook, config.branch)


def lite_url(notebook: str, config: Settings) -> str | None:
    if not config.lite_url:
        return None
    return f"{config.lite_url.rstrip('/')}/lab/index.html?path=lessons/{notebook}"


def launch_markdown(notebook: str, config: Settings, verb: str = "Run this lesson", lead: str | None = None) -> str:
    lead = lead or f"This page shows `{notebook}` as it looks once run. To run it and change the code,"
    links = [f"[launch it on Binder]({binder_url(notebook, config)})"]
    if lite := lite_url(notebook, config):
        links.append(f"[open it in JupyterLite, in your browser]({lite})")
    return f"```{{admonition}} {verb} yourself\n:class: tip launch-links\n{lead} {' or '.join(links)}.\n```"


def published_notebooks(folder: Path | None = None) -> list[Path]:
    """Every notebook the site shows: all but templates (`_*.ipynb`)."""
    return [p for p in sorted((folder or lessons_dir()).glob("*.ipynb")) if not p.name.startswith("_")]


def is_quiz(notebook: nbformat.NotebookNode) -> bool:
    """A quiz notebook shows a quiz widget (`quiz.show(...)`), which needs a kernel."""
    return any(c.cell_type == "code" and re.search(r"\bquiz\.show\(", c.source) for c in notebook.cells)


# --- staging and execution ----------------------------------------------------------------------


def stage_notebooks(target: Path, folder: Path | None = None) -> dict[str, nbformat.NotebookNode]:
    """The student versions of every published notebook, written to `target`; returned by name."""
    target.mkdir(parents=True, exist_ok=True)
    staged = {}
    for path in published_notebooks(folder):
        stripped, _ = strip_notebook(nbformat.read(path, as_version=4))
        nbformat.write(stripped, target / path.name)
        staged[path.name] = stripped
    return staged


def _execute_one(path: str, results_dir: str, timeout: int) -> str:
    """Run one notebook in place (in a worker process, so its environment is its own)."""
    from nbclient import NotebookClient

    os.environ["LESSON_RESULTS_DIR"] = results_dir
    os.environ["PLOTLY_RENDERER"] = "plotly_mimetype"  # figures not drawn by `display.show`: JSON only too
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    client.execute()
    nbformat.write(notebook, path)
    return path


def execute(paths: list[Path], results_dir: Path, jobs: int | None = None, timeout: int = 600) -> None:
    """Execute each notebook once, `jobs` kernels at a time (default: one per CPU, at most 4)."""
    jobs = jobs or max(1, min(4, os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for done in pool.map(
            _execute_one, [str(p) for p in paths], [str(results_dir)] * len(paths), [timeout] * len(paths)
        ):
            print(f"  executed {Path(done).name}", flush=True)


def _figure_html(figure: dict) -> str:
    import plotly.io as pio

    return pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=False,
        validate=False,
        config={"responsive": True, "displaylogo": False},
    )


def prepare_outputs(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Make an executed notebook's outputs static-page friendly (see the module docstring, step 3)."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            bundle = output.get("data")
            if not bundle:
                continue
            if PLOTLY_MIME in bundle:
                bundle["text/html"] = _figure_html(bundle.pop(PLOTLY_MIME))
            elif WIDGET_MIME in bundle:
                bundle.pop(WIDGET_MIME)
                bundle["text/html"] = WIDGET_NOTE
    return notebook


# --- the Sphinx source --------------------------------------------------------------------------


def _title(notebook: nbformat.NotebookNode) -> str:
    return title([(cell.cell_type, cell.source) for cell in notebook.cells]) or "Untitled"


def _insert_launch_cell(notebook: nbformat.NotebookNode, name: str, config: Settings) -> None:
    """The Binder (and JupyterLite) links, right under the page title."""
    first = notebook.cells[0] if notebook.cells else None
    position = 1 if first is not None and first.cell_type == "markdown" and first.source.startswith("# ") else 0
    notebook.cells.insert(position, nbformat.v4.new_markdown_cell(launch_markdown(name, config)))


def quiz_page(notebook: nbformat.NotebookNode, name: str, config: Settings) -> str:
    """A quiz as a page: its introduction and where to take it. No question, no answer."""
    intro = next((c.source for c in notebook.cells if c.cell_type == "markdown"), f"# {name}")
    links = [f"- [Launch it on Binder]({binder_url(name, config)}) (JupyterLab in your browser, nothing to install)"]
    if lite := lite_url(name, config):
        links.append(f"- [Open it in JupyterLite]({lite}) (runs entirely in your browser)")
    links.append(f"- In JupyterLab on your own computer or your school's JupyterHub: open `lessons/{name}`")
    return (
        f"{intro}\n\n```{{important}}\nThis quiz is interactive: it needs Python running behind the page, "
        "so it cannot be taken on this website. Take it in JupyterLab, on Binder or in JupyterLite:\n```\n\n"
        + "\n".join(links)
        + "\n"
    )


def sources_page(config: Settings) -> str:
    from lesson_utils import data
    from lesson_utils.sources import sources_html

    sources = data.load_sources()
    return (
        "# Sources\n\nEvery fact in the lessons comes from a table in the `data/` folder, and every row of "
        "those tables names one or more of these sources (its `source_id`). Cite the source when you "
        "reuse a fact.\n\n"
        + launch_markdown(
            "00_start_here.ipynb",
            config,
            "Explore the data",
            "To load these tables in Python, start with the first lesson:",
        )
        + "\n\n"
        + sources_html(sources["id"])
        + "\n"
    )


def index_page(
    lessons: list[tuple[str, str]], quizzes: list[tuple[str, str]], guide: list[tuple[str, str]], config: Settings
) -> str:
    def toctree(caption: str, pages: list[tuple[str, str]]) -> str:
        entries = "\n".join(f"{title} <{stem}>" for stem, title in pages)
        return f"```{{toctree}}\n:caption: {caption}\n:maxdepth: 1\n\n{entries}\n```\n"

    listing = "\n".join(f"- [{title}]({stem}.ipynb)" for stem, title in lessons)
    return f"""# Paris Summit lessons

Lessons on the **Paris summit of the "coalition of the willing" (27 March 2025)**, the
security-guarantee plan it outlined, and **the geography of Ukraine**. Every fact comes from a
sourced data table ([Sources](sources.md)).

These pages show each lesson as it looks once run, with its interactive figures. To run the code
yourself and take the quizzes, open the lessons in JupyterLab:
{"[on Binder](" + binder_url("00_start_here.ipynb", config) + ")"}, or on your school's JupyterHub.

## Lessons

{listing}

Lesson text, data and quizzes are under CC BY 4.0; the code is under the MIT licence.

{toctree("Lessons", lessons)}
{toctree("Quizzes", quizzes)}
{toctree("For teachers", guide)}
{toctree("Reference", [("sources", "Sources")])}
"""


def write_sources(executed: Path, target: Path, staged: dict[str, nbformat.NotebookNode], config: Settings) -> None:
    """The Sphinx source folder: executed lesson pages, quiz pages, the index and the sources."""
    target.mkdir(parents=True, exist_ok=True)
    lessons, quizzes, guide = [], [], []
    for name, student in staged.items():
        stem = Path(name).stem
        if is_quiz(student):
            (target / f"{stem}.md").write_text(quiz_page(student, name, config), encoding="utf-8")
            quizzes.append((stem, _title(student)))
            continue
        notebook = prepare_outputs(nbformat.read(executed / name, as_version=4))
        _insert_launch_cell(notebook, name, config)
        nbformat.write(notebook, target / name)
        (guide if name == "teacher_guide.ipynb" else lessons).append((stem, _title(student)))
    (target / "sources.md").write_text(sources_page(config), encoding="utf-8")
    (target / "index.md").write_text(index_page(lessons, quizzes, guide, config), encoding="utf-8")


def build_site(out: Path, work: Path | None = None, jobs: int | None = None, config: Settings | None = None) -> Path:
    """Build the website into `out` (HTML in `out/html`); returns the HTML folder."""
    config = config or settings()
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="lesson-site-") as scratch:
        work = Path(work) if work else Path(scratch)
        executed, source, results = work / "lessons", work / "source", work / "results"
        for folder in (executed, source):
            shutil.rmtree(folder, ignore_errors=True)
        results.mkdir(parents=True, exist_ok=True)
        staged = stage_notebooks(executed)
        runs = [executed / name for name, nb in staged.items() if not is_quiz(nb)]
        print(f"Executing {len(runs)} notebooks (student versions) in {executed}", flush=True)
        execute(runs, results, jobs)
        write_sources(executed, source, staged, config)
        html_dir = out / "html"
        shutil.rmtree(html_dir, ignore_errors=True)
        command = [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            str(DOCS),
            "-q",
            "-W",
            "--keep-going",
            "-d",
            str(work / "doctrees"),
            str(source),
            str(html_dir),
        ]
        subprocess.run(command, check=True)
    (html_dir / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve _static/ as is
    print(f"Site written to {html_dir} (open it through a web server: maps need http://)")
    return html_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lesson_tools.publish.site", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    site = commands.add_parser("site", help="build the static website")
    site.add_argument("out", nargs="?", default="_build", type=Path)
    site.add_argument("--jobs", type=int, default=None, help="kernels at a time (default: CPUs, at most 4)")
    lite = commands.add_parser("lite", help="build the JupyterLite site")
    lite.add_argument("out", nargs="?", default="_lite", type=Path)
    lite.add_argument(
        "--wheels-from",
        type=Path,
        default=None,
        help="a folder holding the dependency wheels (instead of downloading them from PyPI)",
    )
    args = parser.parse_args(argv)
    if args.command == "site":
        build_site(args.out, jobs=args.jobs)
    else:
        from lesson_tools.publish.lite import build_lite

        build_lite(args.out, wheels_from=args.wheels_from)
    return 0


if __name__ == "__main__":
    sys.exit(main())
