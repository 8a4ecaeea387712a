"""The list of lesson notebooks, read from the notebooks themselves so it never goes stale."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lesson_utils.notebooks import notebook_cells, read_notebook, title


def list_lessons(folder: str | Path = ".") -> pd.DataFrame:
    """One row per notebook in `folder`: file, title (its `#` heading) and minutes from metadata.

    Notebooks whose name starts with `_` (templates) are left out.
    """
    rows = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        if path.name.startswith("_"):
            continue
        timing = read_notebook(path).get("metadata", {}).get("lesson", {})
        rows.append(
            {
                "notebook": path.name,
                "title": title(notebook_cells(path)),
                "teaching_minutes": timing.get("teaching_minutes"),
                "exercise_minutes": timing.get("exercise_minutes"),
            }
        )
    frame = pd.DataFrame(rows, columns=["notebook", "title", "teaching_minutes", "exercise_minutes"])
    return frame.astype({"teaching_minutes": "Int64", "exercise_minutes": "Int64"})
