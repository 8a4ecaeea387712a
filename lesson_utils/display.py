"""How lessons show things: a figure always with its text alternative, sources as a list, and a
data table, in a lesson in another language, with its names translated.

Kept apart from the figure builders so those stay plain functions (DataFrame in, figure out)
that tests can call without a notebook. Importing this module registers `table_html` as the HTML
view of a DataFrame in the running IPython kernel.
"""

from __future__ import annotations

import html
import json

import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML, display

from lesson_utils import i18n
from lesson_utils.i18n import _
from lesson_utils.sources import cited_by, sources_html

PLOTLY_MIME = "application/vnd.plotly.v1+json"
"""The MIME type JupyterLab's plotly extension (shipped in the plotly package) draws."""


def show(figure: go.Figure, description: str) -> None:
    """Display `figure` with its text description directly underneath.

    The description is the figure's text alternative: screen-reader users and anyone who cannot
    see the colours get the same information in words.
    """
    display(figure_bundle(figure), raw=True)
    label = html.escape(_("Figure description."))
    display(HTML(f'<p class="figure-description"><strong>{label}</strong> {html.escape(description)}</p>'))


def figure_bundle(figure: go.Figure) -> dict[str, object]:
    """The figure as a MIME bundle: plotly's JSON (what plotly's "plotly_mimetype" renderer sends)
    and its title as plain text for front ends without plotly.

    Made here rather than by `figure.show()`, because plotly's renderer module imports nbformat and
    jsonschema only to check their versions, a slow start to a lesson's first figure, slower still
    when jsonschema finds the optional `rfc3987_syntax` grammar installed (jsonschema issue 1428).
    """
    title = figure.layout.title.text or "untitled"
    # validate=False: the figure was checked as it was built; validating again rebuilds it from a dict.
    return {PLOTLY_MIME: json.loads(figure.to_json(validate=False)), "text/plain": f"<Figure: {title}>"}


def show_sources(*frames: pd.DataFrame) -> None:
    """A numbered list of the sources behind the given tables, for a lesson's Sources section."""
    display(HTML(sources_html(cited_by(*frames))))


def table_html(frame: pd.DataFrame) -> str:
    """A DataFrame as JupyterLab shows it; a selection of a data table (`attrs["table"]`), in a kernel
    speaking another language, with the texts figures translate translated too (names of people,
    places, roles; the plan's parts; the timeline). Codes, numbers, notes and the column names stay
    as recorded, so what a student reads matches what the code selects."""
    from lesson_utils.figures.words import translated

    table = frame.attrs.get("table")
    if table in i18n.DATA_FIELDS and i18n.current() != i18n.SOURCE:
        frame = translated(frame, table)
    return frame._repr_html_()


def _show_tables_translated() -> None:
    from IPython import get_ipython

    if shell := get_ipython():
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, table_html)


_show_tables_translated()
