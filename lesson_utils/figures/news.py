"""Figures for lesson 04 (reading the news): DataFrame in, `go.Figure` out, never displayed here.

Each builder has a `describe_<name>()` beside it that writes the text alternative from the same
rows. Labels here only translate codes into English; every count comes from `article_claims`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lesson_utils.claims import VERDICTS, verdict_label
from lesson_utils.figures.palette import OKABE_ITO
from lesson_utils.figures.theme import TEMPLATE
from lesson_utils.figures.words import labelled
from lesson_utils.i18n import N_, _, ngettext

TOPIC_LABELS = {
    "summit": N_("The summit"),
    "participants": N_("Who attended"),
    "statements": N_("What leaders said"),
    "security-guarantee": N_("Security guarantee"),
    "geography": N_("Geography"),
    "climate": N_("Climate"),
}
"""Plain-English names of the `topic` codes in article_claims.csv, top to bottom."""

VERDICT_STYLE = {
    "supported": (OKABE_ITO["bluish_green"], ""),
    "partly": (OKABE_ITO["orange"], "/"),
    "unsupported": (OKABE_ITO["sky_blue"], "."),
    "wrong": (OKABE_ITO["vermillion"], "x"),
}
"""Colour and fill pattern per verdict: the pattern repeats the colour's message for every reader."""


def count_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims per topic (rows, in TOPIC_LABELS order, then any new topic) and verdict (columns)."""
    table = pd.crosstab(claims["topic"].astype(str), claims["verdict"].astype(str))
    topics = [t for t in TOPIC_LABELS if t in table.index] + sorted(set(table.index) - set(TOPIC_LABELS))
    return table.reindex(index=topics, columns=list(VERDICTS), fill_value=0)


def _topic_label(topic: str) -> str:
    return _(TOPIC_LABELS[topic]) if topic in TOPIC_LABELS else topic.replace("-", " ").capitalize()


def claims_by_verdict(claims: pd.DataFrame) -> go.Figure:
    """Stacked bars: the article's checked claims per topic, split by the record's verdict."""
    table = count_claims(claims)
    labels = [_topic_label(t) for t in table.index]
    figure = go.Figure()
    for verdict in VERDICTS:
        colour, pattern = VERDICT_STYLE[verdict]
        counts = table[verdict]
        figure.add_bar(
            name=f"{verdict_label(verdict)} ({counts.sum()})",
            x=counts.values,
            y=labels,
            orientation="h",
            marker=dict(
                color=colour,
                line=dict(color="white", width=1),
                pattern=dict(shape=pattern, fillmode="overlay", fgcolor="#333", size=9, solidity=0.15),
            ),
            text=[str(n) if n else "" for n in counts.values],
            textposition="inside",
            insidetextanchor="middle",
            insidetextfont=dict(color="#111"),
            hovertemplate=_("%{y}: %{x} claim(s) {verdict}").replace("{verdict}", verdict_label(verdict).lower())
            + "<extra></extra>",
        )
    figure.update_layout(
        template=TEMPLATE,
        barmode="stack",
        title=ngettext(
            "The article's {n} checked claim, by topic and the record's verdict",
            "The article's {n} checked claims, by topic and the record's verdict",
            len(claims),
        ).format(n=len(claims)),
        xaxis_title=_("Claims (count)"),
        yaxis_title=_("Topic of the claim"),
        xaxis=dict(dtick=1),
        yaxis=dict(autorange="reversed", showgrid=False, automargin=True),
        legend=dict(title=_("Verdict (total)"), orientation="h", traceorder="normal", y=-0.2, x=0),
        height=480,
    )
    return figure


def describe_claims_by_verdict(claims: pd.DataFrame) -> str:
    table = count_claims(claims)
    totals = "; ".join(labelled(verdict_label(v).lower(), table[v].sum()) for v in VERDICTS)
    topics = []
    for topic, row in table.iterrows():
        parts = ", ".join(labelled(verdict_label(v).lower(), n) for v, n in row.items() if n)
        topics.append(f"{_topic_label(topic)}, {row.sum()} ({parts})")
    return ngettext(
        "Stacked horizontal bar chart of the {n} claim of the news article checked against the record, one bar "
        "per topic, split by verdict. Totals by verdict: {totals}. By topic: {topics}.",
        "Stacked horizontal bar chart of the {n} claims of the news article checked against the record, one bar "
        "per topic, split by verdict. Totals by verdict: {totals}. By topic: {topics}.",
        len(claims),
    ).format(n=len(claims), totals=totals, topics="; ".join(topics))
