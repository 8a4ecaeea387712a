"""How lessons show things: a figure always with its text alternative, sources as a list.

Kept apart from the figure builders so those stay plain functions (DataFrame in, figure out)
that tests can call without a notebook.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Iterable

import pandas as pd
from IPython.display import HTML, display

from lesson_utils import data


def show(figure, description: str) -> None:
    """Display `figure` with its text description directly underneath.

    The description is the figure's text alternative: screen-reader users and anyone who cannot
    see the colours get the same information in words.
    """
    _load_plotly_renderers()
    display(figure)
    display(HTML(f'<p class="figure-description"><strong>Figure description.</strong> {html.escape(description)}</p>'))


def _load_plotly_renderers() -> None:
    """Load plotly's renderers (needed by the first figure a kernel displays) without a 2-second detour.

    `plotly.io._renderers` imports nbformat, nbformat imports jsonschema, and jsonschema's format
    checkers import the optional package `rfc3987_syntax` when it is installed (JupyterLab's
    jupyter-events installs it). That package compiles Lark grammars when imported: about 2 s of
    CPU, more than the kernel's own start, paid by every lesson at its first figure (jsonschema
    issue 1428). While plotly loads, that one optional import is made to fail, as if the package
    were not installed; the only effect is that jsonschema in this kernel does not check the
    "iri" and "iri-reference" formats (unknown formats pass), which nothing in a lesson uses.
    Nothing is blocked once jsonschema or plotly's renderers are already loaded.
    """
    if "plotly.io._renderers" in sys.modules or "jsonschema" in sys.modules:
        return
    blocked = "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # import raises ImportError, as for a missing package
    try:
        import plotly.io._renderers  # noqa: F401
    finally:
        if blocked and "rfc3987_syntax" in sys.modules and sys.modules["rfc3987_syntax"] is None:
            del sys.modules["rfc3987_syntax"]


def source_ids(*frames: pd.DataFrame) -> list[str]:
    """Every distinct source id cited by the given tables, in order of first appearance."""
    ids: list[str] = []
    for frame in frames:
        for column in ("source_id", "coord_source_id"):
            if column in frame:
                ids += [i.strip() for cell in frame[column].dropna() for i in str(cell).split(";")]
    return list(dict.fromkeys(i for i in ids if i))


def show_sources(*frames: pd.DataFrame) -> None:
    """A numbered list of the sources behind the given tables, for a lesson's Sources section."""
    display(HTML(sources_html(source_ids(*frames))))


def sources_html(ids: Iterable[str]) -> str:
    """The sources as an HTML ordered list with title, publisher, date and link."""
    rows = data.sources_for(list(ids))
    items = []
    for row in rows.itertuples():
        date = f", {row.date_published:%d %B %Y}" if pd.notna(row.date_published) else ""
        url = html.escape(row.url, quote=True)
        items.append(
            f"<li><strong>{html.escape(row.title)}</strong>, {html.escape(row.publisher)}{date}. "
            f'<a href="{url}" target="_blank" rel="noopener">{url}</a> <code>[{html.escape(row.id)}]</code></li>'
        )
    return '<ol class="lesson-sources">' + "".join(items) + "</ol>"
