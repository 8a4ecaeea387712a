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

Once per language (`i18n.LANGUAGES`): English in `html/`, the others in `html/<language>/`, each page
under the English notebook's name and showing its edition in that language where there is one (its
launch links open that edition); a switcher on every page leads to the same page in the others.

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
from lesson_utils import i18n
from lesson_utils.display import PLOTLY_MIME
from lesson_utils.i18n import _
from lesson_utils.notebooks import title

DOCS = repo_root() / "docs"
"""Sphinx configuration (`conf.py`) and the site's own static files."""
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def widget_note() -> str:
    """What a static page shows where the notebook has a widget."""
    return '<div class="admonition note widget-note"><p class="admonition-title">{}</p><p>{}</p></div>'.format(
        _("Interactive"),
        _(
            "This part of the lesson is an interactive widget. It works when you run the notebook: use the "
            "launch link at the top of this page."
        ),
    )


def binder_url(notebook: str, config: Settings) -> str:
    """A Binder link that opens `lessons/<notebook>` of the configured repository (as `plan.quiz_links` does)."""
    return plan.binder_url(config.repository, notebook, config.branch)


def lite_url(notebook: str, config: Settings) -> str | None:
    if not config.lite_url:
        return None
    return f"{config.lite_url.rstrip('/')}/lab/index.html?path=lessons/{notebook}"


def launch_markdown(notebook: str, config: Settings, heading: str | None = None, lead: str | None = None) -> str:
    heading = heading or _("Run this lesson yourself")
    lead = lead or _("This page shows `{notebook}` as it looks once run. To run it and change the code,").format(
        notebook=notebook
    )
    links = [_("[launch it on Binder]({url})").format(url=binder_url(notebook, config))]
    if lite := lite_url(notebook, config):
        links.append(_("[open it in JupyterLite, in your browser]({url})").format(url=lite))
    joined = _(" or ").join(links)
    return f"```{{admonition}} {heading}\n:class: tip launch-links\n{lead} {joined}.\n```"


def switcher_html(page: str, language: str) -> str:
    """Links to the same page in every language (the trees are `html/` and `html/<language>/`)."""
    up = "" if language == i18n.SOURCE else "../"
    links = [
        f"<strong>{name}</strong>"
        if code == language
        else f'<a href="{up}{"" if code == i18n.SOURCE else code + "/"}{page}" lang="{code}">{name}</a>'
        for code, name in i18n.LANGUAGES.items()
    ]
    return f'<p class="language-switcher">{" · ".join(links)}</p>'


def published_notebooks(folder: Path | None = None) -> list[Path]:
    """Every notebook the site shows, by its English source: all but templates (`_*.ipynb`) and the
    editions (`*.uk.ipynb`), which are the same pages in the other languages."""
    return [
        p
        for p in sorted((folder or lessons_dir()).glob("*.ipynb"))
        if not p.name.startswith("_") and not i18n.edition_language(p)
    ]


def is_quiz(notebook: nbformat.NotebookNode) -> bool:
    """A quiz notebook shows a quiz widget (`quiz.show(...)`), which needs a kernel."""
    return any(c.cell_type == "code" and re.search(r"\bquiz\.show\(", c.source) for c in notebook.cells)


# --- staging and execution ----------------------------------------------------------------------


def stage_notebooks(
    target: Path, folder: Path | None = None, language: str = i18n.SOURCE
) -> dict[str, tuple[nbformat.NotebookNode, str]]:
    """The student versions of every published notebook in `language` (its edition where there is one),
    written to `target` under the English name; returned by that name, with the file a reader opens."""
    target.mkdir(parents=True, exist_ok=True)
    staged = {}
    for source in published_notebooks(folder):
        edition = i18n.edition(source, language)
        path = edition if edition.is_file() else source
        stripped, _hidden = strip_notebook(nbformat.read(path, as_version=4))
        nbformat.write(stripped, target / source.name)
        staged[source.name] = (stripped, path.name)
    return staged


def _execute_one(path: str, results_dir: str, timeout: int, language: str) -> str:
    """Run one notebook in place (in a worker process, so its environment is its own)."""
    from nbclient import NotebookClient

    os.environ["LESSON_RESULTS_DIR"] = results_dir
    os.environ.update(untouched_by_a_personal_choice(language))
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


def untouched_by_a_personal_choice(language: str) -> dict[str, str]:
    """Environment for a process that writes `language`'s pages: that language (an English notebook on a
    translated page speaks it), and no language the person building the site chose for themselves."""
    return {i18n.ENV_VAR: language, i18n.CHOICE_ENV_VAR: os.devnull}


def execute(
    paths: list[Path], results_dir: Path, jobs: int | None = None, timeout: int = 600, language: str = i18n.SOURCE
) -> None:
    """Execute each notebook once, `jobs` kernels at a time (default: one per CPU, at most 4)."""
    jobs = jobs or max(1, min(4, os.cpu_count() or 1))
    n = len(paths)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for done in pool.map(
            _execute_one, [str(p) for p in paths], [str(results_dir)] * n, [timeout] * n, [language] * n
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
                bundle["text/html"] = widget_note()
    return notebook


# --- the Sphinx source --------------------------------------------------------------------------


def _title(notebook: nbformat.NotebookNode) -> str:
    return title([(cell.cell_type, cell.source) for cell in notebook.cells]) or "Untitled"


def _insert_top_cells(notebook: nbformat.NotebookNode, page: str, opens: str, config: Settings, language: str) -> None:
    """The language switcher and the Binder (and JupyterLite) links, right under the page title."""
    first = notebook.cells[0] if notebook.cells else None
    position = 1 if first is not None and first.cell_type == "markdown" and first.source.startswith("# ") else 0
    cells = [switcher_html(page, language), launch_markdown(opens, config)]
    notebook.cells[position:position] = [nbformat.v4.new_markdown_cell(text) for text in cells]


def quiz_page(notebook: nbformat.NotebookNode, name: str, config: Settings, switcher: str = "") -> str:
    """A quiz as a page: its introduction and where to take it. No question, no answer."""
    intro = next((c.source for c in notebook.cells if c.cell_type == "markdown"), f"# {name}")
    links = [
        _("- [Launch it on Binder]({url}) (JupyterLab in your browser, nothing to install)").format(
            url=binder_url(name, config)
        )
    ]
    if lite := lite_url(name, config):
        links.append(_("- [Open it in JupyterLite]({url}) (runs entirely in your browser)").format(url=lite))
    links.append(
        _("- In JupyterLab on your own computer or your school's JupyterHub: open `{path}`").format(
            path=f"lessons/{name}"
        )
    )
    note = _(
        "This quiz is interactive: it needs Python running behind the page, so it cannot be taken on this "
        "website. Take it in JupyterLab, on Binder or in JupyterLite:"
    )
    return f"{switcher}\n\n{intro}\n\n```{{important}}\n{note}\n```\n\n" + "\n".join(links) + "\n"


def sources_page(config: Settings, switcher: str = "") -> str:
    from lesson_utils import data
    from lesson_utils.sources import sources_html

    sources = data.load_sources()
    heading = _("Sources")
    explained = _(
        "Every fact in the lessons comes from a table in the `data/` folder, and every row of those tables "
        "names one or more of these sources (its `source_id`). Cite the source when you reuse a fact."
    )
    return (
        f"# {heading}\n\n{switcher}\n\n{explained}\n\n"
        + launch_markdown(
            "00_start_here.ipynb",
            config,
            _("Explore the data yourself"),
            _("To load these tables in Python, start with the first lesson:"),
        )
        + "\n\n"
        + sources_html(sources["id"])
        + "\n"
    )


def index_page(
    lessons: list[tuple[str, str]],
    quizzes: list[tuple[str, str]],
    guide: list[tuple[str, str]],
    config: Settings,
    switcher: str = "",
) -> str:
    def toctree(caption: str, pages: list[tuple[str, str]]) -> str:
        entries = "\n".join(f"{title} <{stem}>" for stem, title in pages)
        return f"```{{toctree}}\n:caption: {caption}\n:maxdepth: 1\n\n{entries}\n```\n"

    listing = "\n".join(f"- [{title}]({stem}.ipynb)" for stem, title in lessons)
    binder = binder_url(i18n.edition(Path("00_start_here.ipynb"), i18n.current()).name, config)
    intro = _(
        'Lessons on the **Paris summit of the "coalition of the willing" (27 March 2025)**, the '
        "security-guarantee plan it outlined, and **the geography of Ukraine**. Every fact comes from a "
        "sourced data table ([Sources](sources.md))."
    )
    run = _(
        "These pages show each lesson as it looks once run, with its interactive figures. To run the code "
        "yourself and take the quizzes, open the lessons in JupyterLab: [on Binder]({url}), or on your "
        "school's JupyterHub."
    ).format(url=binder)
    licence = _("Lesson text, data and quizzes are under CC BY 4.0; the code is under the MIT licence.")
    heading, lessons_heading = _("Paris Summit lessons"), _("Lessons")  # outside the f-string: Babel finds them
    trees = "\n".join(
        [
            toctree(lessons_heading, lessons),
            toctree(_("Quizzes"), quizzes),
            toctree(_("For teachers"), guide),
            toctree(_("Reference"), [("sources", _("Sources"))]),
        ]
    )
    return f"""# {heading}

{switcher}

{intro}

{run}

## {lessons_heading}

{listing}

{licence}

{trees}
"""


def write_sources(
    executed: Path,
    target: Path,
    staged: dict[str, tuple[nbformat.NotebookNode, str]],
    config: Settings,
    language: str = i18n.SOURCE,
) -> None:
    """The Sphinx source folder: executed lesson pages, quiz pages, the index and the sources."""
    target.mkdir(parents=True, exist_ok=True)
    lessons, quizzes, guide = [], [], []
    for name, (student, opens) in staged.items():
        stem = Path(name).stem
        switcher = switcher_html(f"{stem}.html", language)
        if is_quiz(student):
            (target / f"{stem}.md").write_text(quiz_page(student, opens, config, switcher), encoding="utf-8")
            quizzes.append((stem, _title(student)))
            continue
        notebook = prepare_outputs(nbformat.read(executed / name, as_version=4))
        _insert_top_cells(notebook, f"{stem}.html", opens, config, language)
        nbformat.write(notebook, target / name)
        (guide if name == "teacher_guide.ipynb" else lessons).append((stem, _title(student)))
    (target / "sources.md").write_text(sources_page(config, switcher_html("sources.html", language)), encoding="utf-8")
    index = index_page(lessons, quizzes, guide, config, switcher_html("index.html", language))
    (target / "index.md").write_text(index, encoding="utf-8")


def build_site(
    out: Path,
    work: Path | None = None,
    jobs: int | None = None,
    config: Settings | None = None,
    languages: list[str] | None = None,
) -> Path:
    """Build the website into `out` (HTML in `out/html`, each translation in `out/html/<language>`);
    returns the HTML folder."""
    config = config or settings()
    out = Path(out).resolve()
    html_dir = out / "html"
    shutil.rmtree(html_dir, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="lesson-site-") as scratch:
        work = Path(work) if work else Path(scratch)
        for language in languages or list(i18n.LANGUAGES):
            target = html_dir if language == i18n.SOURCE else html_dir / language
            _build_language(work / language, target, jobs, config, language)
    (html_dir / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve _static/ as is
    print(f"Site written to {html_dir} (open it through a web server: maps need http://)")
    return html_dir


def _build_language(work: Path, html_dir: Path, jobs: int | None, config: Settings, language: str) -> None:
    """One language's pages: stage, execute, write the Sphinx source, run Sphinx (`language` set)."""
    executed, source, results = work / "lessons", work / "source", work / "results"
    for folder in (executed, source):
        shutil.rmtree(folder, ignore_errors=True)
    results.mkdir(parents=True, exist_ok=True)
    staged = stage_notebooks(executed, language=language)
    runs = [executed / name for name, (notebook, _opens) in staged.items() if not is_quiz(notebook)]
    print(f"{i18n.LANGUAGES[language]}: executing {len(runs)} notebooks (student versions) in {executed}", flush=True)
    execute(runs, results, jobs, language=language)
    with i18n.speaking(language):
        write_sources(executed, source, staged, config, language)
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
        "-D",
        f"language={language}",
        "-d",
        str(work / "doctrees"),
        str(source),
        str(html_dir),
    ]
    subprocess.run(command, check=True, env={**os.environ, **untouched_by_a_personal_choice(language)})


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
