"""Languages: English is the source, Ukrainian and French are gettext catalogues beside it.

A string a student reads is written in English in the code or the data and marked for translation;
`data/locale/<language>/LC_MESSAGES/<domain>.po` holds its translation. Domains: `ui` (what the
package itself says: buttons, feedback, receipts, figures, the website, the command line), `quizzes`
(the banks' texts, keyed by bank, question and field), `lessons` (the notebooks' text) and `data` (the
names and short texts of the data tables that figures draw, keyed by `<table>.<column>`; countries are
named by Unicode CLDR instead). A translation marked fuzzy (its English changed since it was
translated) is not used: the English shows until someone reviews it, and the catalogue tests fail
meanwhile.

The language of a kernel: `use("uk")`, which the first cell of every Ukrainian notebook calls, else
the student's own choice (`choose`, the start page's buttons), else `$LESSON_LANGUAGE` (a hub or a
site may set it), else English. Answers, logs and hand-ins store ids,
never labels, so one answer key marks every language.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from lesson_utils import file_cache

SOURCE = "en"
LANGUAGES = {"en": "English", "uk": "Українська", "fr": "Français"}
"""Every language a student can choose, named in itself."""
ENV_VAR = "LESSON_LANGUAGE"
DOMAINS = ("ui", "quizzes", "lessons", "data")

DATA_FIELDS = {
    "participants": ("name", "title", "leader"),
    "statements": ("speaker",),
    "neighbours": ("name", "direction"),
    "features": ("name", "measure", "unit"),
    "cities": ("name", "population_basis"),
    "occupied_regions": ("name", "control"),
    "climate": ("region", "measure", "unit"),
    "land_cover": ("category",),
    "guarantee": ("name", "description", "proposed_by"),
    "timeline": ("label", "event"),
}
"""The columns figures draw and describe: names of people, places, organisations, roles, and the plan's
and the timeline's short texts. Notes and the article's sentences stay the record's English."""

CHOICE_ENV_VAR = "LESSON_LANGUAGE_FILE"
"""Overrides where a student's own choice of language is kept (tests point it at a temporary file)."""

_chosen: str | None = None
_remembered: str | None = None
_unread = True


def use(language: str) -> None:
    """Show everything in `language` from now on in this kernel (a notebook's edition calls it first)."""
    global _chosen
    _chosen = check(language)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """`language` inside a `with` block, then whatever was before (a tool writing pages in several)."""
    global _chosen
    before, _chosen = _chosen, check(language)
    try:
        yield
    finally:
        _chosen = before


def current() -> str:
    """The kernel's language: the one `use()` chose, else the student's own choice (`choose`), else
    $LESSON_LANGUAGE (a hub's or a site's default), else English."""
    return _chosen or remembered() or check(os.environ.get(ENV_VAR) or SOURCE)


def choice_path() -> Path:
    """The student's choice of language: a file in their home, so on a hub it follows them from notebook
    to notebook and from session to session."""
    if path := os.environ.get(CHOICE_ENV_VAR):
        return Path(path)
    return Path.home() / ".config" / "paris-summit-lessons" / "language.json"


def remembered() -> str | None:
    """The language this student chose on the start page; read once per kernel (a kernel started
    before the choice keeps its language until it restarts)."""
    global _remembered, _unread
    if _unread:
        _unread = False
        try:
            saved = json.loads(choice_path().read_text(encoding="utf-8")).get("language")
        except (OSError, ValueError, AttributeError):
            saved = None  # no choice yet, or a file that is not ours: the default language
        _remembered = saved if isinstance(saved, str) and saved in LANGUAGES else None
    return _remembered


def choose(language: str) -> Path:
    """Remember `language` for this student (every notebook started from now on speaks it, except an
    edition, which speaks its own) and speak it in this kernel; returns the file written."""
    from lesson_utils.quiz.store import write_atomically

    global _remembered, _unread
    path = choice_path()
    write_atomically(path, {"language": check(language)})
    _remembered, _unread = language, False
    return path


def check(language: str) -> str:
    if language not in LANGUAGES:
        known = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
        raise ValueError(f"No lessons in {language!r}. Choose one of: {known}.")
    return language


def edition_language(notebook: Path) -> str | None:
    """'uk' for `quiz_02_security_guarantee.uk.ipynb`, a built edition; None for an English source."""
    parts = notebook.name.split(".")
    return parts[-2] if len(parts) >= 3 and parts[-2] in LANGUAGES else None


def edition(notebook: Path, language: str) -> Path:
    """Where `language`'s edition of an English notebook is: beside it, so data, saved answers and links work."""
    return notebook if language == SOURCE else notebook.with_name(f"{notebook.stem}.{language}.ipynb")


def locale_dir() -> Path:
    """`locale/` in the data folder, so a pulled lesson copy brings its translations with its banks."""
    from lesson_utils.tables import data_dir

    return data_dir() / "locale"


def catalogue_path(language: str, domain: str) -> Path:
    return locale_dir() / language / "LC_MESSAGES" / f"{domain}.po"


def translations(domain: str, language: str | None = None) -> gettext.NullTranslations:
    """The reviewed translations of `domain` in `language` (the kernel's by default).

    English, a language without this catalogue, and any fuzzy entry give the English text back.
    Read once per version of the .po file (no compiled .mo files to keep in step).
    """
    language = check(language or current())
    if language == SOURCE:  # every _() of an English kernel: no folder to look up
        return gettext.NullTranslations()
    path = catalogue_path(language, domain)
    if not path.is_file():
        return gettext.NullTranslations()
    return _compiled(path, file_cache.version(path))


@lru_cache(maxsize=16)
def _compiled(path: Path, _version: file_cache.FileVersion) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as po:
        catalog = read_po(po, domain=path.stem)
    mo = io.BytesIO()
    write_mo(mo, catalog, use_fuzzy=False)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


def N_(message: str) -> str:
    """Marks a constant for the catalogue without translating it yet: `_(CONSTANT)` translates it where used."""
    return message


def _(message: str) -> str:
    """`message` in the kernel's language (domain `ui`); marks it for `lesson-tools i18n extract`."""
    return translations("ui").gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` in the kernel's language: Ukrainian has three (1, 2-4, 5+), French two."""
    return translations("ui").ngettext(singular, plural, int(n))


def format_day(day: dt.date, *, short: bool = False) -> str:
    """'1 December 2026', '1 грудня 2026', '1 décembre 2026' (short: '01 Dec 2026', '01 груд. 2026'):
    a date as the kernel's language writes it."""
    if current() == SOURCE:  # no Babel import where none is needed (JupyterLite has no Babel)
        return f"{day:%d %b %Y}" if short else f"{day.day} {day:%B %Y}"
    from babel.dates import format_date

    return format_date(day, format="dd MMM y" if short else "d MMMM y", locale=current())
