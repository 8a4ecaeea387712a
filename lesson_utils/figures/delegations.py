"""Lesson 01's figures: who came to the summit, at what level, and who said what.

DataFrame in, figure out, never displayed here; each builder has a `describe_<name>()` beside it that
writes the figure's text alternative from the same rows. Labels here only translate codes into English.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go

from lesson_utils import geo, i18n
from lesson_utils.figures.cartography import (
    SMALL_PX,
    View,
    collection,
    countries_in_view,
    extent_px,
    label_point,
)
from lesson_utils.figures.mapping import (
    ABSENT_COLOUR,
    LAND_COLOUR,
    MAP_WIDTH,
    borders_note,
    caption,
    country_label,
    country_names,
    fill,
    finish,
    hatching,
    side_note,
)
from lesson_utils.figures.palette import PALETTE
from lesson_utils.figures.theme import TEMPLATE
from lesson_utils.figures.words import alphabetical, join, labelled, translated
from lesson_utils.i18n import N_, _, ngettext
from lesson_utils.workarounds import paused_collector

if TYPE_CHECKING:  # importing pandas' Styler loads jinja2 and its templates, paid only by the
    from pandas.io.formats.style import Styler  # lessons that show a styled table (`DataFrame.style`)


LEVEL_LABELS = {
    "head_of_state_or_government": N_("Head of state or government"),
    "vice_president": N_("Vice-president"),
    "minister": N_("Minister"),
    "ambassador": N_("Ambassador"),
    "head_of_organisation": N_("Head of an organisation"),
}
"""Plain-English names of the `level` codes in participants.csv (`level_label` translates)."""

ROLE_LABELS = {"host": N_("host"), "co-host": N_("co-host")}


def level_label(level: str) -> str:
    """A `level` code as a reader says it, in the kernel's language."""
    return _(LEVEL_LABELS[level])


def status_label(key: str) -> str:
    """'absent' or a level, lower case, as the middle of a sentence or a hover label says it."""
    return _("absent") if key == "absent" else level_label(key).lower()


def count_levels(participants: pd.DataFrame) -> pd.Series:
    """Delegations that attended, counted per level of representation (levels with none left out)."""
    attended = participants[participants["attended"]]
    counts = attended["level"].value_counts(sort=False)
    counts = counts[counts > 0]
    counts.index = [level_label(str(level)) for level in counts.index]
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
            hovertemplate=_("%{y}: %{x} delegations") + "<extra></extra>",
        )
    )
    figure.update_layout(
        template=TEMPLATE,
        title=_("Delegations at the summit by level of representation (n = {n})").format(n=counts.sum()),
        xaxis_title=_("Delegations (count)"),
        yaxis_title=_("Level of representation"),
        yaxis=dict(autorange="reversed", showgrid=False, automargin=True),
        height=420,
        margin=dict(r=60),
    )
    return figure


def describe_level_counts(participants: pd.DataFrame) -> str:
    """Text alternative of `level_counts`: every bar's label and count."""
    counts = count_levels(participants)
    parts = [labelled(label, count) for label, count in counts.items()]
    return ngettext(
        "Horizontal bar chart of the {n} delegation that attended, by the level of the person who led it. {bars}.",
        "Horizontal bar chart of the {n} delegations that attended, by the level of the person who led them. {bars}.",
        counts.sum(),
    ).format(n=counts.sum(), bars="; ".join(parts))


def statements_table(statements: pd.DataFrame, participants: pd.DataFrame) -> Styler:
    """Who said what, with each row labelled Quote or Paraphrase.

    Quotes are shown in quotation marks and paraphrases without, in italics, so a reader can never
    take a summary for someone's own words. A styled table, not a chart: it stays real text.
    """
    delegations = translated(participants, "participants").set_index("id")["name"]
    said, kind = _("What was said"), _("Kind")
    table = pd.DataFrame(
        {
            _("Date"): [i18n.format_day(day, short=True) for day in statements["date"]],
            _("Speaker"): translated(statements, "statements")["speaker"].tolist(),
            _("Delegation"): statements["delegation_id"].map(delegations).tolist(),
            kind: statements["kind"].map({"quote": _("Quote"), "paraphrase": _("Paraphrase")}).tolist(),
            said: [f"“{text}”" if k == "quote" else text for text, k in zip(statements["text"], statements["kind"])],
            _("Source"): statements["source_id"].str.replace(";", "; ").tolist(),
        }
    )
    paraphrase = statements["kind"].eq("paraphrase").tolist()
    return (
        table.style.hide(axis="index")
        .format(escape="html")  # data text is shown as text, never run as markup
        .apply(lambda column: ["font-style: italic" if p else "" for p in paraphrase], subset=[said])
        .apply(lambda column: ["font-weight: bold" if not p else "" for p in paraphrase], subset=[kind])
        .set_properties(
            **{
                "text-align": "left",
                "vertical-align": "top",
                "white-space": "normal",
                "border-bottom": "1px solid #DDDDDD",
            }
        )
        .set_table_styles([{"selector": "th", "props": "text-align: left;"}])
    )


EUROPE_VIEW = View.fit((-25.0, 34.5, 45.0, 71.5), width=MAP_WIDTH, height=700, margin=(10, 240, 70, 70))


WORLD_VIEW = View.fit((-135.0, -47.0, 160.0, 72.0), width=MAP_WIDTH, height=480, margin=(10, 10, 70, 70))


def _participant_groups(participants: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Countries by how they were represented ('absent' for countries named as absent)."""
    named = translated(participants, "participants")
    countries = named[(named["kind"] == "country") & named["iso3"].notna()]
    absent = countries[~countries["attended"].astype(bool) | (countries["role"] == "absent")]
    present = countries.drop(absent.index)
    groups = {level: present[present["level"] == level] for level in LEVEL_LABELS}
    groups["absent"] = absent
    return {key: rows for key, rows in groups.items() if not rows.empty}


def _participants_figure(participants: pd.DataFrame, view: View, geometry: str) -> tuple[go.Figure, list[str]]:
    """The coloured countries of a participants map, and the names of those it could not show."""
    shapes = countries_in_view(view, geometry)
    groups = _participant_groups(participants)
    fig = go.Figure()
    shown = {code for rows in groups.values() for code in rows["iso3"]}
    fig.add_trace(
        fill(
            [f for code, f in shapes.items() if code not in shown],
            LAND_COLOUR,
            _("Not invited / not listed"),
            legend=False,
            line="#FFFFFF",
        )
    )
    dots: list[tuple[dict[str, Any], str, str]] = []
    for i, (key, rows) in enumerate(groups.items()):
        on_map = [shapes[c] for c in rows["iso3"] if c in shapes]
        colour = ABSENT_COLOUR if key == "absent" else PALETTE[i]
        dots += [(f, colour, key) for f in on_map if extent_px(view, f) < SMALL_PX]
        if key == "absent":
            fig.add_trace(
                fill(on_map, ABSENT_COLOUR, _("Absent (hatched)"), hover=_("absent"), line="#222222", width=1)
            )
            fig.add_trace(hatching(on_map, spacing=0.45 * 2 ** (3.2 - view.zoom), name="absent hatching"))
        else:
            fig.add_trace(fill(on_map, colour, level_label(key), hover=status_label(key)))
    if dots:
        names = country_names()
        points = [label_point(view, f) for f, _c, _k in dots]
        fig.add_trace(
            go.Scattermap(
                lat=[p[0] for p in points],
                lon=[p[1] for p in points],
                mode="markers",
                showlegend=False,
                marker=dict(size=11, color=[c for _f, c, _k in dots]),
                name="small countries",
                text=[f"{country_label(f, names)}: {status_label(k)}" for f, _c, k in dots],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    named = translated(participants, "participants")
    hosts = named[named["role"].isin(["host", "co-host"]) & named["iso3"].isin(list(shapes))]
    fig.add_trace(
        go.Choroplethmap(
            geojson=collection(shapes[c] for c in hosts["iso3"]),
            featureidkey="properties.iso3",
            locations=list(hosts["iso3"]),
            z=[1] * len(hosts),
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
            showscale=False,
            marker=dict(line=dict(color="black", width=3)),
            name=_("Host and co-host: thick black outline"),
            showlegend=not hosts.empty,
            text=[f"{r.name}: {_(ROLE_LABELS[r.role])}" for r in hosts.itertuples()],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    status = {code: key for key, rows in groups.items() for code in rows["iso3"]}
    off_map = [
        f"{r.name} ({status_label(status[r.iso3])})"
        for r in named.itertuples()
        if r.iso3 in status and r.iso3 not in shapes
    ]
    return fig, off_map


def _organisations(participants: pd.DataFrame) -> list[str]:
    orgs = translated(participants[participants["kind"] == "organisation"], "participants")
    return [
        f"{r.name}" + (f" ({r.title} {r.leader})" if pd.notna(r.leader) and pd.notna(r.title) else "")
        for r in orgs.itertuples()
    ]


@paused_collector()
def participants_map(participants: pd.DataFrame, timeline: pd.DataFrame) -> go.Figure:
    """Europe with each delegation coloured by its level of representation; absentees hatched grey."""
    fig, off_map = _participants_figure(participants, EUROPE_VIEW, "europe")
    orgs = _organisations(participants)
    also, beyond = _("Also at the table"), _("Beyond this map")
    side = f"<b>{also}</b><br>" + "<br>".join(textwrap.fill(o, 30).replace("\n", "<br>") for o in orgs)
    if off_map:
        side += f"<br><br><b>{beyond}</b><br>" + "<br>".join(off_map)
    title = _("Who came to the Paris summit, by level of representation")
    return finish(fig, EUROPE_VIEW, title, [side_note(side), caption(EUROPE_VIEW, timeline)])


@paused_collector()
def participants_world_map(participants: pd.DataFrame, timeline: pd.DataFrame) -> go.Figure:
    """The same colouring on a world map, so Canada, Australia and the United States are visible too."""
    fig, _off_map = _participants_figure(participants, WORLD_VIEW, "world")
    return finish(
        fig, WORLD_VIEW, _("The summit's delegations on a world map"), [caption(WORLD_VIEW, timeline)], legend_y=0.02
    )


def describe_participants_map(participants: pd.DataFrame, timeline: pd.DataFrame) -> str:
    """Text alternative: how many countries at each level, who was absent, what lies off the map."""
    groups = _participant_groups(participants)
    parts = []
    for key, rows in groups.items():
        parts.append(labelled(f"{status_label(key)} ({len(rows)})", join(alphabetical(rows["name"]))))
    europe = set(geo.country_codes("europe"))
    named = translated(participants, "participants")
    beyond = alphabetical(named.loc[named["iso3"].notna() & ~named["iso3"].isin(europe), "name"])
    hosts = named[named["role"].isin(["host", "co-host"])]
    return _(
        "Map of Europe. Countries are coloured by how they were represented at the summit: {levels}. Absent "
        "countries are grey with white hatching. Host and co-host, outlined in black: {hosts}. Not on the "
        "European map, listed beside it: {beyond}. Organisations listed beside the map: {organisations}. {note}."
    ).format(
        levels="; ".join(parts),
        hosts=join([f"{r.name} ({_(ROLE_LABELS[r.role])})" for r in hosts.itertuples()]),
        beyond=join(beyond),
        organisations=join(_organisations(participants)),
        note=borders_note(timeline),
    )
