"""Lesson 02's figures: the security-guarantee plan as a tree, and the summit on a timeline.

DataFrame in, figure out, never displayed here; each builder has a `describe_<name>()` beside it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lesson_utils import i18n
from lesson_utils.figures.palette import NEUTRAL, OKABE_ITO, PALETTE
from lesson_utils.figures.theme import TEMPLATE
from lesson_utils.figures.words import format_date, labelled, translated, wrap
from lesson_utils.i18n import N_, _, ngettext

CATEGORY_LABELS = {
    "crimea_2014": N_("Crimea 2014"),
    "war": N_("War"),
    "diplomacy": N_("Diplomacy"),
    "coalition": N_("Coalition of the willing"),
    "us_track": N_("US-led ceasefire track"),
    "eu_defence": N_("EU defence"),
    "symbol": N_("Symbolic gesture"),
}
"""Plain-English names of the `category` codes in timeline.csv, in legend order (`_()` where shown)."""


_STRONG = [colour for colour in PALETTE if colour != OKABE_ITO["yellow"]]


CATEGORY_STYLE = {
    category: (_STRONG[i], symbol)
    for i, (category, symbol) in enumerate(
        zip(CATEGORY_LABELS, ["diamond", "x", "circle", "square", "triangle-up", "star", "cross"])
    )
}
"""Colour and marker shape per category: the shape repeats the colour's message for every reader.
Yellow is left out: it is too pale to see as a small marker on white."""


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
    guarantee = translated(guarantee, "guarantee")
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
            labels=[wrap(name, 30) for name in guarantee["name"]],
            values=[area(row) for row in guarantee.itertuples()],
            branchvalues="total",
            customdata=[wrap(text, 50) for text in guarantee["description"]],
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
        title=_("{plan}: pillars, other strands and their components").format(plan=plan),
        height=620,
        margin=dict(l=10, r=10, t=70, b=10),
    )
    return figure


def describe_guarantee_tree(guarantee: pd.DataFrame) -> str:
    """Text alternative of `guarantee_tree`: the plan, then each pillar with its components."""
    guarantee = translated(guarantee, "guarantee")
    plan = guarantee.loc[guarantee["level"] == "plan"].iloc[0]
    pillars = guarantee[guarantee["level"] == "pillar"]
    parts = []
    for pillar in pillars.itertuples():
        components = guarantee.loc[guarantee["parent_id"] == pillar.id, "name"].tolist()
        counted = ngettext("{n} component", "{n} components", len(components)).format(n=len(components))
        listed = f": {'; '.join(components)}" if components else ""
        parts.append(_("“{name}” ({counted}{listed})").format(name=pillar.name, counted=counted, listed=listed))
    return _(
        "Treemap of “{plan}”, proposed by {proposer}. It is divided into {n} pillar-level parts, each a "
        "coloured block holding its components: {parts}."
    ).format(plan=plan["name"], proposer=plan["proposed_by"], n=len(pillars), parts=". ".join(parts))


def _in_range(timeline: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp) -> pd.DataFrame:
    """Events whose date falls between `start` and `end`, both included, earliest first."""
    within = timeline["date"].between(pd.Timestamp(start), pd.Timestamp(end))
    return timeline[within].sort_values("date", kind="stable").reset_index(drop=True)


def headline(event: str) -> str:
    """The first clause of an event's text (up to ':', ';' or a full stop, not inside brackets or
    quotation marks, where a translation may carry its own): short enough for an axis."""
    text, depth = event.rstrip("."), 0
    for i, character in enumerate(text):
        if character in "(«“":
            depth += 1
        elif character in ")»”" and depth:
            depth -= 1
        elif character in ":;." and depth == 0 and text[i + 1 : i + 2] == " ":
            return text[:i]
    return text


def _row_label(row) -> str:
    """Axis label of one event: its date as the source gives it (`label`), then its headline."""
    return wrap(f"<b>{row.label}</b> · {headline(row.event)}", 72)


def timeline_chart(timeline: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp) -> go.Figure:
    """One row per event between `start` and `end`, at its date, coloured by category.

    One row per event (not one row per category) keeps every label readable even when events
    are a day apart. Events that last several days get a grey bar to their end date.
    """
    events = translated(_in_range(timeline, start, end), "timeline")
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
    for category, english in CATEGORY_LABELS.items():
        label = _(english)
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
                customdata=[[r.label, wrap(r.event, 60)] for r in rows.itertuples()],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra>" + label + "</extra>",
            )
        )
    figure.update_layout(
        template=TEMPLATE,
        title=ngettext(
            "Timeline: {n} event, {first} to {last}", "Timeline: {n} events, {first} to {last}", len(events)
        ).format(n=len(events), first=events["label"].iloc[0], last=events["label"].iloc[-1]),
        xaxis=dict(title=_("Date"), side="top", **month_ticks(events["date"].min(), events["date"].max())),
        yaxis=dict(
            tickvals=list(events.index),
            ticktext=[_row_label(row) for row in events.itertuples()],
            tickfont=dict(size=13),
            autorange="reversed",
            automargin=True,
            showgrid=True,
        ),
        legend=dict(title=_("Category"), orientation="h", yanchor="bottom", y=0.005, yref="container", x=0.01),
        height=230 + 44 * len(events),
        margin=dict(t=130, b=90),
    )
    return figure


def month_ticks(first: pd.Timestamp, last: pd.Timestamp) -> dict[str, list]:
    """Date-axis ticks named in the kernel's language ('бер. 2025', 'mars 2025'): plotly.js names months
    in English unless a locale script is loaded, which JupyterLab's plotly renderer does not do. English
    keeps plotly's own ticks."""
    if i18n.current() == i18n.SOURCE:
        return {}
    from babel.dates import format_date

    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= 3:  # a few weeks: a tick a week, as plotly does
        ticks, pattern = pd.date_range(first.normalize(), last, freq="7D"), "d MMM"
    else:  # about seven ticks, a whole number of months apart
        step = -(-months // 7)
        ticks, pattern = pd.date_range(first.to_period("M").to_timestamp(), last, freq=f"{step}MS"), "LLL y"
    return {"tickvals": list(ticks), "ticktext": [format_date(t, pattern, locale=i18n.current()) for t in ticks]}


def describe_timeline_chart(timeline: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp) -> str:
    """Text alternative of `timeline_chart`: every event in the range with its date and category."""
    events = translated(_in_range(timeline, start, end), "timeline")
    items = [labelled(r.label, f"{headline(r.event)} ({_(CATEGORY_LABELS[r.category])})") for r in events.itertuples()]
    return ngettext(
        "Timeline chart of the {n} event from {start} to {end}, one row each, earliest at the top; marker "
        "colour and shape show the category. {events}.",
        "Timeline chart of the {n} events from {start} to {end}, one row each, earliest at the top; marker "
        "colour and shape show the category. {events}.",
        len(events),
    ).format(
        n=len(events),
        start=format_date(pd.Timestamp(start)),
        end=format_date(pd.Timestamp(end)),
        events="; ".join(items),
    )
