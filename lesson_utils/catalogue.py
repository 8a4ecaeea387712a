"""The list of lesson notebooks, read from the notebooks themselves so it never goes stale."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd


def list_lessons(folder: str | Path = ".") -> pd.DataFrame:
    """One row per notebook in `folder`: file, title (its `#` heading) and minutes from metadata.

    Notebooks whose name starts with `_` (templates) are left out.
    """
    rows = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        if path.name.startswith("_"):
            continue
        notebook = nbformat.read(path, as_version=4)
        timing = notebook.metadata.get("lesson", {})
        rows.append(
            {
                "notebook": path.name,
                "title": _title(notebook),
                "teaching_minutes": timing.get("teaching_minutes"),
                "exercise_minutes": timing.get("exercise_minutes"),
            }
        )
    frame = pd.DataFrame(rows, columns=["notebook", "title", "teaching_minutes", "exercise_minutes"])
    return frame.astype({"teaching_minutes": "Int64", "exercise_minutes": "Int64"})


def _title(notebook: nbformat.NotebookNode) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""
