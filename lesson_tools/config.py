"""The one place for the tools' settings: where the repository is, and where the lessons are published.

Settings a teacher or maintainer changes live in pyproject.toml under `[tool.paris-summit-lessons]`
(read by `settings()`); what the tools derive from the layout of a checkout is here too, so no
module works out the repository's place for itself.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PLACEHOLDER_REPOSITORY = "https://github.com/OWNER/REPO"


def repo_root() -> Path:
    """The folder holding `lessons/` beside the tools: the repository, or a teacher's checkout of it."""
    return Path(__file__).resolve().parents[1]


def lessons_dir() -> Path:
    """`lessons/` of the repository; TeacherError when the tools are installed without it."""
    from lesson_tools.teacher import TeacherError

    folder = repo_root() / "lessons"
    if not folder.is_dir():
        raise TeacherError(
            f"no lessons folder at {folder}: run this from a clone of the lessons repository "
            "(installed with `pip install -e .`), not from an installed wheel."
        )
    return folder


@dataclass(frozen=True)
class Settings:
    """`[tool.paris-summit-lessons]` of pyproject.toml: where the lessons are published."""

    repository: str = PLACEHOLDER_REPOSITORY
    branch: str = "main"
    lite_url: str = ""
    """Where the JupyterLite build is published ('' = no JupyterLite links), e.g. `lite` beside the site."""


def settings(pyproject: Path | None = None) -> Settings:
    path = pyproject or repo_root() / "pyproject.toml"
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("paris-summit-lessons", {})
    return Settings(**{key: str(value) for key, value in table.items() if key in Settings.__dataclass_fields__})
