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
        notebook = json.loads(path.read_text(encoding="utf-8"))
        timing = notebook.get("metadata", {}).get("lesson", {})
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


def _title(notebook: dict[str, Any]) -> str:
    """The first `# ` heading of the first markdown cell that has one ('' if none)."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            for line in ("".join(source) if isinstance(source, list) else source).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""
