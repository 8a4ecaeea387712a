"""Everything about sources but the table itself: reading a `source_id` cell, what a table or a question
cites, and how sources are shown (a numbered list under a lesson, titles beside a claim, a citation
under a quiz answer). The rows of sources.csv come from `data.load_sources()` / `data.sources_for()`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported by the callers that pass tables; the quiz bank needs none of it
    import pandas as pd


def split_ids(value: str | None) -> list[str]:
    """The ids of one `source_id` cell: 'a;b' -> ['a', 'b'] (blank -> [])."""
    return [part.strip() for part in value.split(";") if part.strip()] if value else []


def cited_by(*frames: pd.DataFrame) -> list[str]:
    """Every distinct source id cited by the given tables, in order of first appearance."""
    ids: list[str] = []
    for frame in frames:
        for column in ("source_id", "coord_source_id"):
            if column in frame:
                ids += [i for cell in frame[column].dropna() for i in split_ids(str(cell))]
    return list(dict.fromkeys(ids))


def source_titles(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """Per row, the titles of the sources it cites, joined with '; ' (indexed like the rows)."""
    titles = sources.set_index("id")["title"]
    return rows["source_id"].map(lambda ids: "; ".join(titles[i] for i in split_ids(str(ids))))


def sources_html(ids: Iterable[str]) -> str:
    """The sources as an HTML ordered list with title, publisher, date and link."""
    import pandas as pd

    from lesson_utils import data
    from lesson_utils.i18n import format_day

    rows = data.sources_for(list(ids))
    items = []
    for row in rows.itertuples():
        date = f", {format_day(row.date_published, short=True)}" if pd.notna(row.date_published) else ""
        url = html.escape(row.url, quote=True)
        items.append(
            f"<li><strong>{html.escape(row.title)}</strong>, {html.escape(row.publisher)}{date}. "
            f'<a href="{url}" target="_blank" rel="noopener">{url}</a> <code>[{html.escape(row.id)}]</code></li>'
        )
    return '<ol class="lesson-sources">' + "".join(items) + "</ol>"


@dataclass(frozen=True)
class Citation:
    """A row of sources.csv, as a student sees it under an explanation."""

    id: str
    title: str
    publisher: str
    url: str

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher}): {self.url}"


def question_source_ids(question: Any) -> list[str]:
    """A quiz question's sources; none in a student copy, which leaves them out with the answer."""
    return split_ids(question.source_id)


def citations() -> dict[str, Citation]:
    """Every source in data/sources.csv by id (read without pandas: a quiz kernel needs only these)."""
    from lesson_utils.tables import load_rows

    return {row.id: Citation(row.id, row.title, row.publisher, row.url) for row in load_rows("sources")}
