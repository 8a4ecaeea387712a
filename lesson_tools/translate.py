"""Translations for maintainers: the templates, the catalogues, the editions (`lesson-utils translate`).

English is the one source. `templates()` collects every translatable string from it
(`data/locale/<domain>.pot`): the package's own messages (marked `_()`, `N_()` or `ngettext()`),
the quiz banks' texts (keyed `<bank>/<question>/<field>`), and the notebooks' text (each markdown
paragraph, and the comments of code cells, keyed by notebook), and the data tables' names and short
texts that figures draw (keyed `<table>.<column>`, `i18n.DATA_FIELDS`). `update` merges the templates into
each language's `.po`: Babel marks an entry whose English changed as fuzzy, so its old translation
is kept for the reviewer but not shown. `build` writes a language's edition of a notebook
(`lessons/<name>.<language>.ipynb`), generated, never edited by hand, and refuses while any of its
strings lacks a reviewed translation.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from lesson_utils import i18n
from lesson_utils.quiz.bank import load_bank, quizzes_dir
from lesson_utils.quiz.translated import LABEL_FIELDS, TEXT_FIELDS
from lesson_utils.tables import load_rows

REPO = Path(__file__).resolve().parents[1]
LESSONS = REPO / "lessons"
PACKAGE = REPO / "lesson_utils"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
"""The marker functions of `lesson_utils.i18n` that Babel's Python extractor looks for."""
WIDTH = 100
COMMENT = re.compile(r"(?<![\"'])#\s?(?P<text>[^\n]*[A-Za-z][^\n]*)$")
"""A code cell's comment a student reads (`STUDENT = ""  # your name, between the quotes`)."""


# --- extract -----------------------------------------------------------------------------------


def templates() -> dict[str, Catalog]:
    """Every domain's template, built from the English as it is now."""
    return {
        "ui": _ui_template(),
        "quizzes": _quiz_template(),
        "lessons": _lesson_template(),
        "data": _data_template(),
    }


def _new(domain: str) -> Catalog:
    return Catalog(domain=domain, project="paris-summit-lessons", msgid_bugs_address="", fuzzy=False)


def _ui_template() -> Catalog:
    """What the code says, marked `_()`, `N_()` or `ngettext()`: the package, the teacher tools' texts
    that students read (the student copy's quiz instructions, the website's pages) and the website's
    Sphinx configuration."""
    catalog = _new("ui")
    for folder, pattern in ((PACKAGE, "**.py"), (REPO / "lesson_tools", "**.py"), (REPO / "docs", "conf.py")):
        for filename, line, message, comments, context in extract_from_dir(
            str(folder), method_map=[(pattern, "python")], keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            where = f"{folder.name}/{filename}"
            catalog.add(message, locations=[(where, line)], auto_comments=comments, context=context)
    return catalog


def bank_messages(bank_id: str) -> Iterator[tuple[str, str]]:
    """(context, English) for every text a student reads in a bank: title, instructions, and per
    question its prompt, explanation, hint, unit, section and option labels (keyed by option id)."""
    bank = load_bank(bank_id)
    yield f"{bank.id}/title", bank.title
    if bank.instructions:
        yield f"{bank.id}/instructions", bank.instructions
    for question in bank.questions:
        where = f"{bank.id}/{question.id}"
        for field in TEXT_FIELDS:
            if text := getattr(question, field, None):
                yield f"{where}/{field}", text
        for field in LABEL_FIELDS:
            labels = getattr(question, field, None)
            if isinstance(labels, Mapping):  # a map question's choices are ISO codes: CLDR names them
                for option, text in labels.items():
                    yield f"{where}/{field}/{option}", text


def _quiz_template() -> Catalog:
    catalog = _new("quizzes")
    for path in sorted(quizzes_dir().glob("*.yaml")):
        for context, text in bank_messages(path.stem):
            catalog.add(text, context=context, locations=[(f"data/quizzes/{path.name}", 0)])
    return catalog


def notebook_messages(notebook: dict) -> Iterator[str]:
    """The notebook's text in reading order: each markdown paragraph, each comment in a code cell."""
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            yield from paragraphs(source)
        elif cell["cell_type"] == "code":
            yield from (found["text"] for line in source.splitlines() if (found := COMMENT.search(line)))


def paragraphs(markdown: str) -> list[str]:
    """Blank-line-separated blocks: a translator's unit, small enough that one edit marks one fuzzy."""
    return [block.strip() for block in re.split(r"\n\s*\n", markdown) if block.strip()]


def lesson_notebooks() -> list[Path]:
    """The English notebooks (not the template, not the generated editions)."""
    return sorted(p for p in LESSONS.glob("*.ipynb") if not p.name.startswith("_") and not i18n.edition_language(p))


def _lesson_template() -> Catalog:
    """Every notebook's text; for a practice quiz, also its first paragraphs as a student copy made
    with --all-assessments says them, so that copy's editions can be built too."""
    from lesson_tools.teacher.student_copy import student_variant

    catalog = _new("lessons")
    for path in lesson_notebooks():
        notebook = json.loads(path.read_text(encoding="utf-8"))
        texts = list(notebook_messages(notebook))
        texts += [
            variant
            for text in paragraphs("".join(notebook["cells"][0]["source"]))
            if (variant := student_variant(text))
        ]
        for text in texts:
            catalog.add(text, context=path.name, locations=[(f"lessons/{path.name}", 0)])
    return catalog


def data_messages() -> Iterator[tuple[str, str]]:
    """(`<table>.<column>`, English) once each; a row with an ISO code is a country, which Unicode CLDR
    names (`country_names.csv`), so its `name` is not asked of a translator."""
    seen = set()
    for table, columns in i18n.DATA_FIELDS.items():
        for row in load_rows(table):
            for column in columns:
                text = getattr(row, column)
                if not text or (column == "name" and getattr(row, "iso3", None)):
                    continue
                if (key := (f"{table}.{column}", text)) not in seen:
                    seen.add(key)
                    yield key


def _data_template() -> Catalog:
    catalog = _new("data")
    for context, text in data_messages():
        catalog.add(text, context=context, locations=[(f"data/{context.split('.')[0]}.csv", 0)])
    return catalog


# --- update ------------------------------------------------------------------------------------


def update(language: str) -> dict[str, Path]:
    """Merge today's templates into `language`'s catalogues (new entries empty, changed ones fuzzy)."""
    written, today = {}, templates()
    for domain, template in today.items():
        path = i18n.catalogue_path(language, domain)
        if path.is_file():
            with path.open("rb") as po:
                catalog = read_po(po, locale=language, domain=domain)
        else:
            catalog = Catalog(locale=language, domain=domain, project="paris-summit-lessons", fuzzy=False)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()  # English that is gone: nothing left to translate
        write(catalog, path)
        written[domain] = path
    for domain, template in today.items():
        write(template, i18n.locale_dir() / f"{domain}.pot")
    return written


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=WIDTH, omit_header=False, sort_output=False, include_previous=True)


def read(language: str, domain: str) -> Catalog:
    with i18n.catalogue_path(language, domain).open("rb") as po:
        return read_po(po, locale=language, domain=domain)


# --- build -------------------------------------------------------------------------------------


class MissingTranslations(ValueError):
    """A notebook cannot be built in a language: some of its strings have no reviewed translation."""


def reviewed(message: Message | None) -> bool:
    """Translated (every plural form) and not fuzzy: a translation that may be shown."""
    if message is None or message.fuzzy or not message.string:
        return False
    return all(message.string) if isinstance(message.string, tuple) else True


def untranslated(catalog: Catalog, context: str, texts: list[str]) -> list[str]:
    """The texts with no translation in `catalog`, or only a fuzzy one (its English changed since)."""
    return [text for text in texts if not reviewed(catalog.get(text, context=context))]


def build_notebook(source: Path, language: str, editions: set[str]) -> dict:
    """`source` in `language`: each paragraph and comment translated, the language chosen in its
    first code cell, links to notebooks that have an edition in `language` (`editions`, file names)
    pointed at it. Raises MissingTranslations naming what is missing."""
    notebook = json.loads(source.read_text(encoding="utf-8"))
    catalog = read(language, "lessons")
    missing = untranslated(catalog, source.name, list(notebook_messages(notebook)))
    if missing:
        raise MissingTranslations(
            f"{source.name}: {len(missing)} strings have no reviewed {i18n.LANGUAGES[language]} translation in "
            f"{i18n.catalogue_path(language, 'lessons')}, e.g. {missing[0][:80]!r}. Translate them (or review "
            "the fuzzy ones), then build again."
        )

    def translated(text: str) -> str:
        return _link_editions(catalog.get(text, context=source.name).string, language, editions)

    built = copy.deepcopy(notebook)
    code_cells = [cell for cell in built["cells"] if cell["cell_type"] == "code"]
    for cell in built["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            text = "\n\n".join(translated(block) for block in paragraphs(text))
        elif cell["cell_type"] == "code":
            lines = [_with_comment(line, translated) for line in text.splitlines()]
            text = "\n".join(lines)
            if cell is code_cells[0]:
                text = f'from lesson_utils import i18n\n\ni18n.use("{language}")\n\n{text}'
        cell["source"] = text.splitlines(keepends=True)
    built["metadata"]["lesson_edition"] = {"language": language, "generated_from": source.name}
    return built


def _with_comment(line: str, translated: Callable[[str], str]) -> str:
    found = COMMENT.search(line)
    return line if not found else line[: found.start("text")] + translated(found["text"])


def _link_editions(markdown: str, language: str, editions: set[str]) -> str:
    """Links to a notebook that has an edition in this language go to that edition."""

    def relink(match: re.Match) -> str:
        name = match["name"]
        edition = f"{name[: -len('.ipynb')]}.{language}.ipynb"
        return f"]({edition}{match['rest']})" if edition in editions else match[0]

    return re.sub(r"\]\((?P<name>[\w.-]+\.ipynb)(?P<rest>#[^)]*)?\)", relink, markdown)


def build(language: str, names: list[str]) -> list[Path]:
    """Write `language`'s edition of each named notebook (all or nothing); returns the paths written."""
    sources = [LESSONS / name for name in names]
    editions = {i18n.edition(s, language).name for s in sources} | {p.name for p in LESSONS.glob(f"*.{language}.ipynb")}
    built = {i18n.edition(s, language): build_notebook(s, language, editions) for s in sources}
    for target, notebook in built.items():
        target.write_text(dumps(notebook), encoding="utf-8")
    return list(built)


def dumps(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def built_editions(language: str) -> list[str]:
    """The English notebooks that have an edition in `language` (the ones `build` keeps current)."""
    return [source.name for source in lesson_notebooks() if i18n.edition(source, language).is_file()]


def progress(language: str) -> dict[str, tuple[int, int]]:
    """(translated and reviewed, total) strings per catalogue of `language`."""
    counts = {}
    for domain in i18n.DOMAINS:
        messages = [m for m in read(language, domain) if m.id]
        counts[domain] = (sum(map(reviewed, messages)), len(messages))
    return counts
