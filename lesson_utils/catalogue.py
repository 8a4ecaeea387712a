"""The list of lesson notebooks, read from the notebooks themselves so it never goes stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd


def list_lessons(folder: str | Path = ".") -> pd.DataFrame:
    """One row per notebook in `folder`: file, title (its `#` heading) and minutes from metadata.

    Notebooks whose name starts with `_` (templates) are left out. The files are read as plain
    JSON: importing nbformat would cost the start page about 2 s (it imports jsonschema and, through
    it, a grammar compiled at import time), and a title and two metadata fields need no validation.
    """
    rows = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        if path.name.startswith("_"):
            continue
        notebook = read_notebook(path)
        timing = notebook.get("metadata", {}).get("lesson", {})
        rows.append(
            {
                "notebook": path.name,
                "title": _title(cells(notebook)),
                "teaching_minutes": timing.get("teaching_minutes"),
                "exercise_minutes": timing.get("exercise_minutes"),
            }
        )
    frame = pd.DataFrame(rows, columns=["notebook", "title", "teaching_minutes", "exercise_minutes"])
    return frame.astype({"teaching_minutes": "Int64", "exercise_minutes": "Int64"})


def read_notebook(path: Path) -> dict[str, Any]:
    """A notebook as plain JSON: enough to read headings and metadata, without nbformat's import cost."""
    return json.loads(path.read_text(encoding="utf-8"))


def cells(notebook: dict[str, Any]) -> list[tuple[str, str]]:
    """(cell type, source) of every cell, the source joined into one string as nbformat would."""
    return [
        (cell.get("cell_type", ""), "".join(source) if isinstance(source := cell.get("source", ""), list) else source)
        for cell in notebook.get("cells", [])
    ]


def _title(notebook_cells: list[tuple[str, str]]) -> str:
    """The first `# ` heading of the first markdown cell that has one ('' if none)."""
    for cell_type, source in notebook_cells:
        if cell_type == "markdown":
            for line in source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""
