"""`make site`: the lessons' website, built once for this module, offline, into a temporary folder.

Checks the issue's points: the build succeeds with every connection off this machine refused
(in this process and in every Python process it starts: Sphinx, kernels); every lesson page exists
with its figures and their text descriptions; no page holds a `solution` or `instructor` cell or a
quiz's answer key; the site's own links resolve; every asset is the site's own (no CDN).
"""

from __future__ import annotations

import html
import os
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
import yaml
from locations import REPO

from lesson_tools import translate
from lesson_tools.publish import site
from lesson_tools.teacher.plan import quiz_links
from lesson_tools.teacher.student_copy import HIDDEN_TAGS
from lesson_utils import i18n

LESSONS = REPO / "lessons"
PUBLISHED = site.published_notebooks(LESSONS)
TREES = {"en": "", "uk": "uk", "fr": "fr"}
"""Where each language's pages are, under the HTML folder."""
UTILITY_PAGES = {"genindex.html", "search.html"}

OFFLINE_SITECUSTOMIZE = """
import os, socket
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_LOCAL = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}

def _check(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in _LOCAL:
        with open(os.environ["OFFLINE_LOG"], "a") as log:
            log.write(f"{os.getpid()} {address!r}\\n")
        raise OSError(f"offline build: connection to {address!r} refused")

def connect(self, address):
    _check(self, address)
    return _connect(self, address)

def connect_ex(self, address):
    _check(self, address)
    return _connect_ex(self, address)

socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
"""


def offline(folder: Path) -> tuple[dict[str, str], Path]:
    """Environment variables that refuse (and log) connections off this machine in every child Python."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(textwrap.dedent(OFFLINE_SITECUSTOMIZE), encoding="utf-8")
    log = folder / "attempts.log"
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "OFFLINE_LOG": str(log)}, log


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("site")
    env, log = offline(tmp / "offline")
    choice = tmp / "language.json"  # the person building the site reads French: the site must not care
    choice.write_text('{"language": "fr"}', encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        patch.setenv("LESSON_CACHE_DIR", "")
        patch.setenv(i18n.CHOICE_ENV_VAR, str(choice))
        html_dir = site.build_site(tmp / "out", work=tmp / "work")
    attempts = log.read_text() if log.exists() else ""
    assert not attempts, f"the build tried to reach the network:\n{attempts}"
    return html_dir


class _Page(HTMLParser):
    """Links, script sources, element ids and visible text of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        if tag in ("link", "img", "script", "source", "iframe") and (attrs.get("href") or attrs.get("src")):
            (self.scripts if tag == "script" else self.links).append(attrs.get("src") or attrs.get("href"))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def squash(text: str) -> str:
    """Letters and digits only, lower case: compares Markdown or code with the page's rendered text."""
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's target is not shown
    return re.sub(r"[\W_]+", "", html.unescape(text)).lower()


def snippet(source: str, common: frozenset[str] = frozenset()) -> str:
    """A stretch of a cell that any page showing the cell shows too: its longest line (squashed) that
    is not also a line of a `common` (published) cell."""
    lines = [
        squash(re.sub(r"^\s*(\d+\.|[-*+>])\s+", "", line))
        for line in source.splitlines()
        if not line.lstrip().startswith(("#", "|", "```"))
    ]
    return max([line for line in lines if line not in common] or [squash(source)], key=len)[:60]


def _lines(cells: list) -> frozenset[str]:
    return frozenset(squash(line) for cell in cells for line in cell.source.splitlines())


def pages(built: Path, language: str | None = None) -> list[Path]:
    """The pages of one language's tree, or of every tree."""
    languages = [language] if language else list(TREES)
    return sorted(path for lang in languages for path in (built / TREES[lang]).glob("*.html"))


def site_text(built: Path, language: str = "en") -> dict[str, str]:
    return {p.name: squash(" ".join(parse(p).text)) for p in pages(built, language)}


def shown_notebook(path: Path, language: str) -> nbformat.NotebookNode:
    """What a language's page of `path` is made from: its edition in that language."""
    return nbformat.read(i18n.edition(path, language), as_version=4)


# --- tests -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", TREES)
def test_every_published_notebook_has_a_page_in_every_language(built, language):
    tree = built / TREES[language]
    names = {p.name for p in pages(built, language)}
    expected = {p.with_suffix(".html").name for p in PUBLISHED} | {"index.html", "sources.html"}
    assert expected <= names, sorted(expected - names)
    assert not (tree / "_template.html").exists()
    assert not any(i18n.edition_language(Path(name.replace(".html", ".ipynb"))) for name in names)
    assert (tree / "_static" / "plotly.min.js").stat().st_size > 1_000_000
    index = (tree / "index.html").read_text(encoding="utf-8")
    assert f'lang="{language}"' in index
    for caption in ("Lessons", "Quizzes", "For teachers"):  # the table of contents speaks the language too
        assert html.escape(i18n.translations("ui", language).gettext(caption)) in index
    if language != "en":
        assert "For teachers" not in index and "Run this lesson yourself" not in " ".join(
            parse(tree / "01_summit_participants.html").text
        )


@pytest.mark.parametrize("language", TREES)
def test_every_page_links_to_itself_in_the_other_languages(built, language):
    for path in pages(built, language):
        if path.name in UTILITY_PAGES:
            continue
        switcher = re.search(r'<p class="language-switcher">(.*?)</p>', path.read_text(encoding="utf-8"))
        assert switcher, f"{language}/{path.name}: no language switcher"
        targets = {(built / TREES[language] / href).resolve() for href in re.findall(r'href="([^"]+)"', switcher[1])}
        others = {(built / TREES[other] / path.name).resolve() for other in TREES if other != language}
        assert targets == others, (language, path.name)


@pytest.mark.parametrize("language", TREES)
@pytest.mark.parametrize("path", [p for p in PUBLISHED if p.name[0].isdigit()], ids=lambda p: p.name)
def test_lesson_page_has_its_figures_and_descriptions(built, path, language):
    student, _ = site.strip_notebook(shown_notebook(path, language))
    # Figures a cell shows when it runs; one drawn inside a function (lesson 04's verdicts, shown only
    # after the student reveals the record) is not on the static page.
    figures = sum(len(re.findall(r"^show\(", c.source, re.MULTILINE)) for c in student.cells if c.cell_type == "code")
    page = (built / TREES[language] / path.with_suffix(".html").name).read_text(encoding="utf-8")
    assert page.count("Plotly.newPlot(") == figures
    label = html.escape(i18n.translations("ui", language).gettext("Figure description."))
    descriptions = re.findall(rf'<p class="figure-description"><strong>{re.escape(label)}</strong> ([^<]+)</p>', page)
    assert len(descriptions) == figures and all(len(d) > 40 for d in descriptions), descriptions
    assert "require(" not in page and "requirejs" not in page.lower()


@pytest.mark.parametrize("language", TREES)
def test_no_solution_instructor_cell_or_answer_key_on_any_page(built, language):
    text = site_text(built, language)
    shown, hidden = [], []
    for path in PUBLISHED:
        for cell in shown_notebook(path, language).cells:
            if not cell.source.strip() or path.name.startswith("quiz_"):
                continue
            (hidden if HIDDEN_TAGS & set(cell.metadata.get("tags", [])) else shown).append((path.name, cell))
    assert hidden, "the lessons have solution and instructor cells; this test must see them"
    common = _lines([cell for _, cell in shown])
    for name, cell in hidden:
        found = [page for page, words in text.items() if snippet(cell.source, common) in words]
        assert not found, f"{name}: a {cell.metadata['tags']} cell shows on {found}: {cell.source[:80]!r}"
    # The same comparison does find the cells that are published, so an absence above means something.
    for name, cell in shown:
        if cell.cell_type == "markdown" and "##" in cell.source[:3]:
            assert snippet(cell.source) in text[Path(name).with_suffix(".html").name], (name, cell.source[:80])
    for bank in sorted((REPO / "data" / "quizzes").glob("*.yaml")):
        for question in yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"]:
            explanation = question["explanation"]
            if language != "en":
                context = f"{bank.stem}/{question['id']}/explanation"
                explanation = translate.read(language, "quizzes").get(explanation, context=context).string
            key = squash(explanation)[:60]
            assert not any(key in words for words in text.values()), f"{bank.name}: {question['id']} explanation"


@pytest.mark.parametrize("language", TREES)
def test_quiz_pages_send_students_to_a_kernel(built, language):
    config = site.settings()
    links = quiz_links(config.repository, branch=config.branch, folder=LESSONS).set_index("notebook")["binder"]
    cannot = i18n.translations("ui", language).gettext(
        "This quiz is interactive: it needs Python running behind the page, so it cannot be taken on this "
        "website. Take it in JupyterLab, on Binder or in JupyterLite:"
    )
    for path in PUBLISHED:
        if path.name.startswith("quiz_"):
            page = (built / TREES[language] / path.with_suffix(".html").name).read_text(encoding="utf-8")
            assert squash(cannot) in squash(page)
            edition = i18n.edition(path, language).name  # the quiz in the page's language
            assert html.escape(links[edition]) in page  # the teacher guide's link, to the letter
            assert "widget-view" not in page


@pytest.mark.parametrize("language", TREES)
def test_every_page_has_a_binder_link(built, language):
    for path in pages(built, language):
        assert "https://mybinder.org/v2/" in path.read_text(encoding="utf-8"), path.name
    for path in PUBLISHED:
        page = (built / TREES[language] / path.with_suffix(".html").name).read_text(encoding="utf-8")
        opens = i18n.edition(path, language).name
        assert html.escape(site.binder_url(opens, site.settings())) in page, (language, path.name)


def test_the_sites_own_links_resolve(built):
    ids = {path: parse(path).ids for path in built.rglob("*.html")}
    broken = []
    for path in pages(built):
        page = parse(path)
        for link in page.links + page.scripts:
            parsed = urlparse(link)
            if parsed.scheme or link.startswith("//") or link.startswith("mailto:"):
                continue
            target = (path.parent / unquote(parsed.path)).resolve() if parsed.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.name}: {link}")
            elif parsed.fragment and target.suffix == ".html" and unquote(parsed.fragment) not in ids[target]:
                broken.append(f"{path.name}: {link} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_assets_are_the_sites_own(built):
    for path in pages(built):
        page = parse(path)
        external = [src for src in page.scripts if urlparse(src).scheme or src.startswith("//")]
        external += [
            href
            for href in page.links
            if href.endswith((".css", ".js", ".woff", ".woff2")) and (urlparse(href).scheme or href.startswith("//"))
        ]
        assert not external, f"{path.name} loads {external}"
        raw = path.read_text(encoding="utf-8")
        for cdn in ("cdn.plot.ly", "cdn.jsdelivr", "unpkg.com", "cdnjs", "fonts.googleapis", "require.js"):
            assert cdn not in raw, f"{path.name} mentions {cdn}"


def test_binder_link_format_matches_the_teacher_guides():
    config = site.Settings(repository="https://github.com/school/lessons", branch="main")
    expected = quiz_links(config.repository, folder=LESSONS).set_index("notebook")["binder"]
    for notebook, link in expected.items():
        assert site.binder_url(notebook, config) == link
    other = site.Settings(repository="https://gitlab.com/school/lessons.git")
    assert site.binder_url("x.ipynb", other).startswith("https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.com")


def test_the_repository_is_set_in_one_place():
    """pyproject's [tool.paris-summit-lessons] holds it; no other file of the site names a repository."""
    assert site.settings().repository.startswith("https://")  # read by lesson_tools.config
    tools = REPO / "lesson_tools"
    for path in [
        REPO / "docs" / "conf.py",
        tools / "publish" / "site.py",
        tools / "publish" / "lite.py",
        REPO / "lesson_utils" / "lite.py",
    ]:
        text = path.read_text(encoding="utf-8")
        assert "github.com/" not in text.replace('"https://github.com/OWNER/REPO"', ""), path.name
