"""Figure builders for the lessons: a DataFrame in, a `go.Figure` out, never displayed here.

Each builder has a `describe_<name>()` beside it that writes the figure's text alternative from
the same rows, so the words change whenever the data do. Labels that only translate a code into
English (a level or category name) live here; every fact comes from the tables.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from lesson_utils.palette import NEUTRAL, OKABE_ITO, PALETTE
from lesson_utils.theme import TEMPLATE

if TYPE_CHECKING:  # importing pandas' Styler loads jinja2 and its templates: ~0.5 s, paid only by the
    from pandas.io.formats.style import Styler  # lessons that show a styled table (`DataFrame.style`)

LEVEL_LABELS = {
    "head_of_state_or_government": "Head of state or government",
    "vice_president": "Vice-president",
    "minister": "Minister",
    "ambassador": "Ambassador",
    "head_of_organisation": "Head of an organisation",
}
"""Plain-English names of the `level` codes in participants.csv."""

CATEGORY_LABELS = {
    "crimea_2014": "Crimea 2014",
    "war": "War",
    "diplomacy": "Diplomacy",
    "coalition": "Coalition of the willing",
    "us_track": "US-led ceasefire track",
    "eu_defence": "EU defence",
    "symbol": "Symbolic gesture",
}
"""Plain-English names of the `category` codes in timeline.csv, in legend order."""

_STRONG = [colour for colour in PALETTE if colour != OKABE_ITO["yellow"]]
CATEGORY_STYLE = {
    category: (_STRONG[i], symbol)
    for i, (category, symbol) in enumerate(
        zip(CATEGORY_LABELS, ["diamond", "x", "circle", "square", "triangle-up", "star", "cross"])
    )
}
"""Colour and marker shape per category: the shape repeats the colour's message for every reader.
Yellow is left out: it is too pale to see as a small marker on white."""


def _wrap(text: str, width: int) -> str:
    """Break `text` into `<br>`-separated lines: plotly never wraps labels or hover text itself."""
    return "<br>".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def _join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c': lists read as prose in text alternatives."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _format_date(date: pd.Timestamp) -> str:
    """'27 March 2025': the long form, without a leading zero."""
    return f"{date.day} {date:%B %Y}"


# ── Lesson 01: who came, at what level, who said what ──────────────────────────────────────


def count_levels(participants: pd.DataFrame) -> pd.Series:
    """Delegations that attended, counted per level of representation (levels with none left out)."""
    attended = participants[participants["attended"]]
    counts = attended["level"].value_counts(sort=False)
    counts = counts[counts > 0]
    counts.index = [LEVEL_LABELS[str(level)] for level in counts.index]
    return counts


def level_counts(participants: pd.DataFrame) -> go.Figure:
    """Bar chart: how many delegations came at each level of representation."""
    counts = count_levels(participants)
    figure = go.Figure(
        go.Bar(
            x=counts.values,
            y=counts.index,
            orientation="h",
            marker_color=PALETTE[0],
            text=counts.values,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} delegations<extra></extra>",
        )
    )
    figure.update_layout(
        template=TEMPLATE,
        title=f"Delegations at the summit by level of representation (n = {counts.sum()})",
        xaxis_title="Delegations (count)",
        yaxis_title="Level of representation",
        yaxis=dict(autorange="reversed", showgrid=False, automargin=True),
        height=420,
        margin=dict(r=60),
    )
    return figure


def describe_level_counts(participants: pd.DataFrame) -> str:
    """Text alternative of `level_counts`: every bar's label and count."""
    counts = count_levels(participants)
    parts = [f"{label}: {count}" for label, count in counts.items()]
    return (
        f"Horizontal bar chart of the {counts.sum()} delegations that attended, by the level of the "
        f"person who led them. {'; '.join(parts)}."
    )


def statements_table(statements: pd.DataFrame, participants: pd.DataFrame) -> Styler:
    """Who said what, with each row labelled Quote or Paraphrase.

    Quotes are shown in quotation marks and paraphrases without, in italics, so a reader can never
    take a summary for someone's own words. A styled table, not a chart: it stays real text.
    """
    delegations = participants.set_index("id")["name"]
    table = pd.DataFrame(
        {
            "Date": statements["date"].dt.strftime("%d %b %Y"),
            "Speaker": statements["speaker"],
            "Delegation": statements["delegation_id"].map(delegations),
            "Kind": statements["kind"].map({"quote": "Quote", "paraphrase": "Paraphrase"}),
            "What was said": [
                f"“{text}”" if kind == "quote" else text for text, kind in zip(statements["text"], statements["kind"])
            ],
            "Source": statements["source_id"].str.replace(";", "; "),
        }
    )
    paraphrase = table["Kind"].eq("Paraphrase")
    return (
        table.style.hide(axis="index")
        .apply(lambda column: ["font-style: italic" if p else "" for p in paraphrase], subset=["What was said"])
        .apply(lambda column: ["font-weight: bold" if not p else "" for p in paraphrase], subset=["Kind"])
        .set_properties(
            **{"text-align": "left", "vertical-align": "top", "white-space": "normal", "border-bottom": "1px solid #DDDDDD"}
        )
        .set_table_styles([{"selector": "th", "props": "text-align: left;"}])
    )


# ── Lesson 02: the security guarantee and the timeline around it ───────────────────────────


def _tint(colour: str, amount: float) -> str:
    """`colour` mixed with white (amount 0 = unchanged, 1 = white), for light cells with dark text."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (red, green, blue)]
    return "#" + "".join(f"{c:02X}" for c in mix)


def guarantee_tree(guarantee: pd.DataFrame) -> go.Figure:
    """Treemap of the plan: the plan contains its pillars, each pillar its components.

    Areas count components (each pillar at least two cells wide, so its label fits): the figure
    shows structure, not weight, and says nothing about which part matters most.
    """
    pillars = guarantee.loc[guarantee["level"] == "pillar", "id"].tolist()
    pillar_of = {row.id: row.parent_id for row in guarantee.itertuples() if row.level == "component"}
    size = guarantee["parent_id"].value_counts()
    width = {pillar: max(size.get(pillar, 0), 2) for pillar in pillars}

    def area(row) -> float:
        if row.level == "plan":
            return float(sum(width.values()))
        return float(width[row.id]) if row.level == "pillar" else width[row.parent_id] / size[row.parent_id]

    def colour(row) -> str:
        if row.level == "plan":
            return "#F2F2F2"
        pillar = row.id if row.level == "pillar" else pillar_of[row.id]
        return _tint(PALETTE[pillars.index(pillar) % len(PALETTE)], 0.45 if row.level == "pillar" else 0.72)

    figure = go.Figure(
        go.Treemap(
            ids=guarantee["id"],
            parents=guarantee["parent_id"].fillna(""),
            labels=[_wrap(name, 30) for name in guarantee["name"]],
            values=[area(row) for row in guarantee.itertuples()],
            branchvalues="total",
            customdata=[_wrap(text, 50) for text in guarantee["description"]],
            marker=dict(
                colors=[colour(row) for row in guarantee.itertuples()],
                line=dict(color="white", width=2),
                pad=dict(t=44, l=4, r=4, b=4),
            ),
            textfont=dict(size=15, color="#222222"),
            hovertemplate="<b>%{label}</b><br>%{customdata}<extra></extra>",
            tiling=dict(pad=4),
            pathbar=dict(visible=False),
            sort=False,
        )
    )
    plan = guarantee.loc[guarantee["level"] == "plan", "name"].iloc[0]
    figure.update_layout(
        template=TEMPLATE,
        title=f"{plan}: pillars, other strands and their components",
        height=620,
        margin=dict(l=10, r=10, t=70, b=10),
    )
    return figure


def describe_guarantee_tree(guarantee: pd.DataFrame) -> str:
    """Text alternative of `guarantee_tree`: the plan, then each pillar with its components."""
    plan = guarantee.loc[guarantee["level"] == "plan"].iloc[0]
    pillars = guarantee[guarantee["level"] == "pillar"]
    parts = []
    for pillar in pillars.itertuples():
        components = guarantee.loc[guarantee["parent_id"] == pillar.id, "name"].tolist()
        listed = f": {'; '.join(components)}" if components else ""
        noun = "component" if len(components) == 1 else "components"
        parts.append(f"“{pillar.name}” ({len(components)} {noun}{listed})")
    return (
        f"Treemap of “{plan['name']}”, proposed by {plan['proposed_by']}. It is divided into {len(pillars)} "
        f"pillar-level parts, each a coloured block holding its components: {'. '.join(parts)}."
    )


def _in_range(timeline: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp) -> pd.DataFrame:
    """Events whose date falls between `start` and `end`, both included, earliest first."""
    within = timeline["date"].between(pd.Timestamp(start), pd.Timestamp(end))
    return timeline[within].sort_values("date", kind="stable").reset_index(drop=True)


def headline(event: str) -> str:
    """The first clause of an event's text (up to ':', ';' or a full stop): short enough for an axis."""
    return re.split(r"[:;.] ", event.rstrip("."), maxsplit=1)[0]


def _row_label(row) -> str:
    """Axis label of one event: its date as the source gives it (`label`), then its headline."""
    return _wrap(f"<b>{row.label}</b> · {headline(row.event)}", 72)


def timeline_chart(timeline: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp) -> go.Figure:
    """One row per event between `start` and `end`, at its date, coloured by category.

    One row per event (not one row per category) keeps every label readable even when events
    are a day apart. Events that last several days get a grey bar to their end date.
    """
    events = _in_range(timeline, start, end)
    if events.empty:
        raise ValueError(f"no timeline events between {start} and {end}")
    figure = go.Figure()
    spans = events[events["date_end"].notna()]
    if not spans.empty:
        xs, ys = [], []
        for row in spans.itertuples():
            xs += [row.date, row.date_end, None]
            ys += [row.Index, row.Index, None]
        figure.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=NEUTRAL, width=8), hoverinfo="skip", showlegend=False)
        )
    for category, label in CATEGORY_LABELS.items():
        rows = events[events["category"] == category]
        if rows.empty:
            continue
        colour, symbol = CATEGORY_STYLE[category]
        figure.add_trace(
            go.Scatter(
                x=rows["date"],
                y=rows.index,
                mode="markers",
                name=label,
                marker=dict(color=colour, symbol=symbol, size=13, line=dict(color="white", width=1)),
                customdata=[[r.label, _wrap(r.event, 60)] for r in rows.itertuples()],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra>" + label + "</extra>",
            )
        )
    figure.update_layout(
        template=TEMPLATE,
        title=f"Timeline: {len(events)} events, {events['label'].iloc[0]} to {events['label'].iloc[-1]}",
        xaxis=dict(title="Date", side="top"),
        yaxis=dict(
            tickvals=list(events.index),
            ticktext=[_row_label(row) for row in events.itertuples()],
            tickfont=dict(size=13),
            autorange="reversed",
            automargin=True,
            showgrid=True,
        ),
        legend=dict(title="Category", orientation="h", yanchor="bottom", y=0.005, yref="container", x=0.01),
        height=230 + 44 * len(events),
        margin=dict(t=130, b=90),
    )
    return figure


def describe_timeline_chart(timeline: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp) -> str:
    """Text alternative of `timeline_chart`: every event in the range with its date and category."""
    events = _in_range(timeline, start, end)
    items = [f"{r.label}: {headline(r.event)} ({CATEGORY_LABELS[r.category]})" for r in events.itertuples()]
    return (
        f"Timeline chart of the {len(events)} events from {_format_date(pd.Timestamp(start))} to "
        f"{_format_date(pd.Timestamp(end))}, one row each, earliest at the top; marker colour and shape "
        f"show the category. {'; '.join(items)}."
    )
