"""Small helpers that turn data into words for titles and text alternatives."""

from __future__ import annotations

import textwrap

import pandas as pd


def wrap(text: str, width: int) -> str:
    """Break `text` into `<br>`-separated lines: plotly never wraps labels or hover text itself."""
    return "<br>".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' ('none' for nothing): lists read as prose in text alternatives."""
    items = list(items)
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def format_date(date: pd.Timestamp) -> str:
    """'27 March 2025': the long form, without a leading zero."""
    return f"{date.day} {date:%B %Y}"
