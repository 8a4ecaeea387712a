"""The one reader of lesson notebooks: cells, title, headings and metadata, as plain JSON.

Notebooks are read without nbformat: importing it would cost the start page about two seconds
(it imports jsonschema and, through it, a grammar compiled at import time), and a title, headings
and two metadata fields need no validation. A notebook is read once per version of its file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from lesson_utils.file_cache import FileVersion, version

Cell = tuple[str, str]
"""(cell type, source), the source joined into one string as nbformat would."""


def read_notebook(path: Path) -> dict[str, Any]:
    """A notebook as plain JSON (shared between callers: copy before changing it)."""
    return _read(version(path))


def cells(notebook: dict[str, Any]) -> list[Cell]:
    """(cell type, source) of every cell of a notebook read with `read_notebook`."""
    return [
        (cell.get("cell_type", ""), "".join(source) if isinstance(source := cell.get("source", ""), list) else source)
        for cell in notebook.get("cells", [])
    ]


def notebook_cells(path: Path) -> tuple[Cell, ...]:
    """The cells of the notebook at `path`, read once per version of the file."""
    return _cells(version(path))


def title(notebook_cells: list[Cell] | tuple[Cell, ...]) -> str:
    """The first `# ` heading of the first markdown cell that has one ('' if none)."""
    for cell_type, source in notebook_cells:
        if cell_type == "markdown":
            for line in prose(source):
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def headings(notebook_cells: list[Cell] | tuple[Cell, ...]) -> list[str]:
    """Every `## ` heading of the markdown cells, in order."""
    return [
        line[3:].strip()
        for cell_type, source in notebook_cells
        if cell_type == "markdown"
        for line in prose(source)
        if line.startswith("## ")
    ]


def prose(source: str) -> list[str]:
    """Markdown lines outside fenced code, where a `# comment` is no heading."""
    lines, fenced = [], False
    for line in source.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


@lru_cache(maxsize=64)
def _read(version: FileVersion) -> dict[str, Any]:
    return json.loads(version[0].read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def _cells(version: FileVersion) -> tuple[Cell, ...]:
    return tuple(cells(_read(version)))
