"""The list of lesson notebooks, read from the notebooks themselves so it never goes stale."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lesson_utils import i18n
from lesson_utils.notebooks import notebook_cells, read_notebook, title


def list_lessons(folder: str | Path = ".", language: str | None = None) -> pd.DataFrame:
    """One row per lesson in `folder`: file, title (its `#` heading), minutes from metadata, and the
    language of the notebook listed: the edition in `language` (the kernel's by default) where there
    is one, else the English notebook. Templates (names starting with `_`) are left out.
    """
    language = i18n.check(language or i18n.current())
    rows = []
    for source in sorted(Path(folder).glob("*.ipynb")):
        if source.name.startswith("_") or i18n.edition_language(source):
            continue
        edition = i18n.edition(source, language)
        path = edition if edition.is_file() else source
        timing = read_notebook(path).get("metadata", {}).get("lesson", {})
        rows.append(
            {
                "notebook": path.name,
                "title": title(notebook_cells(path)),
                "language": i18n.edition_language(path) or i18n.SOURCE,
                "teaching_minutes": timing.get("teaching_minutes"),
                "exercise_minutes": timing.get("exercise_minutes"),
            }
        )
    columns = ["notebook", "title", "language", "teaching_minutes", "exercise_minutes"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"teaching_minutes": "Int64", "exercise_minutes": "Int64"})
