"""Lesson 03's charts: Ukraine's land borders, climate and land cover.

DataFrame in, figure out, never displayed here; each chart has a `describe_*` beside it that writes
its text alternative from the same rows. The computations behind them are in `lesson_utils.geography`;
the lesson's maps are in `geography_maps.py`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lesson_utils.figures.palette import NEUTRAL, PALETTE
from lesson_utils.figures.theme import TEMPLATE
from lesson_utils.figures.words import join, labelled, measured, number, translated
from lesson_utils.geography import border_lengths, total_land_border_km
from lesson_utils.i18n import _, ngettext


def border_chart(neighbours: pd.DataFrame) -> go.Figure:
    """Horizontal bars of land-border length (km), longest at the top; the total in the title."""
    borders = border_lengths(translated(neighbours, "neighbours")).iloc[::-1]
    total = total_land_border_km(neighbours)
    km = _("km")
    fig = go.Figure(
        go.Bar(
            x=borders["border_km"],
            y=borders["name"],
            orientation="h",
            marker_color=PALETTE[0],
            text=[
                f"{number(b)} {km} ({share:.0f}%)" for b, share in zip(borders["border_km"], borders["share_percent"])
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{y}}: %{{x:,.0f}} {km}<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title=dict(text=_("Ukraine's land borders: {km} km in total").format(km=number(total))),
        height=460,
        xaxis=dict(
            title=dict(text=_("Length of land border with Ukraine (km)")), range=[0, borders["border_km"].max() * 1.25]
        ),
        yaxis=dict(title=dict(text=_("Neighbouring country")), showgrid=False, automargin=True),
        margin=dict(l=20, r=40),
    )
    return fig


def describe_border_chart(neighbours: pd.DataFrame) -> str:
    """Text alternative: every border with its share, and the total."""
    borders = border_lengths(translated(neighbours, "neighbours"))
    km = _("km")
    items = "; ".join(
        f"{r.name} {number(r.border_km)} {km} ({number(r.share_percent, 1)}%)" for r in borders.itertuples()
    )
    return ngettext(
        "Horizontal bar chart of the length of Ukraine's land border with its {n} neighbour: {items}. Total land "
        "border: {total} km.",
        "Horizontal bar chart of the length of Ukraine's land border with each of its {n} neighbours, longest "
        "first: {items}. Total land border: {total} km.",
        len(borders),
    ).format(n=len(borders), items=items, total=number(total_land_border_km(neighbours)))


def _bound_word(note: object) -> str:
    """'over' / 'under' when the table's note says the value is a lower / upper bound."""
    note = str(note) if pd.notna(note) else ""
    return _("over {value}") if "lower bound" in note else _("under {value}") if "upper bound" in note else "{value}"


def _range_text(row: pd.Series) -> str:
    low, high = measured(row["low"]), measured(row["high"])
    value = low if row["low"] == row["high"] else _("{low} to {high}").format(low=low, high=high)
    return _bound_word(row["note"]).format(value=value) + f" {row['unit']}"


def _axis_title(rows: pd.DataFrame) -> str:
    measures = list(dict.fromkeys(rows["measure"]))
    text = join([measures[0]] + [m[0].lower() + m[1:] for m in measures[1:]])
    return f"{text} ({rows['unit'].iloc[0]})"


def _stacked_panels(heights: list[float], spacing: float) -> dict[str, Any]:
    """Layout axes for panels stacked top to bottom, each as tall as its share of `heights`.

    The same domains as plotly's `make_subplots(rows=n, cols=1, row_heights=heights,
    vertical_spacing=spacing)`, written out because importing `plotly.subplots` and building the
    grid slows a lesson down (benchmarks/README.md). Panel k (from 1) uses the axes named by `_suffix(k)`.
    """
    room = 1 - spacing * (len(heights) - 1)
    layout: dict[str, Any] = {}
    top = 1.0
    for panel, height in enumerate(heights, start=1):
        bottom = top - room * height / sum(heights)
        suffix = _suffix(panel)
        layout[f"xaxis{suffix}"] = dict(domain=[0.0, 1.0], anchor=f"y{suffix}")
        layout[f"yaxis{suffix}"] = dict(domain=[max(bottom, 0), top], anchor=f"x{suffix}")
        top = bottom - spacing
    return layout


def _suffix(panel: int) -> str:
    """Plotly's axis numbering: panel 1 uses `xaxis`/`x`, panel k uses `xaxis{k}`/`x{k}`."""
    return "" if panel == 1 else str(panel)


def _axes(panel: int) -> dict[str, str]:
    """The trace keys that put a trace in panel `panel` (from 1) of `_stacked_panels`."""
    return dict(xaxis=f"x{_suffix(panel)}", yaxis=f"y{_suffix(panel)}")


def climate_chart(climate: pd.DataFrame) -> go.Figure:
    """One panel per unit: each region's value or low–high range (error bars), labelled with its units."""
    climate = translated(climate, "climate")
    units = list(dict.fromkeys(climate["unit"]))
    layout = _stacked_panels([(climate["unit"] == u).sum() for u in units], spacing=0.22)
    traces = []
    for panel, unit in enumerate(units, start=1):
        rows = climate[climate["unit"] == unit]
        for measure in dict.fromkeys(rows["measure"]):
            part = rows[rows["measure"] == measure]
            colour = PALETTE[list(dict.fromkeys(climate["measure"])).index(measure) % len(PALETTE)]
            traces.append(
                go.Scatter(
                    x=(part["low"] + part["high"]) / 2,
                    y=part["region"],
                    mode="markers+text",
                    name=measure,
                    marker=dict(size=12, color=colour, symbol="diamond"),
                    error_x=dict(
                        type="data", array=(part["high"] - part["low"]) / 2, thickness=6, width=0, color=colour
                    ),
                    text=[_range_text(r) for _i, r in part.iterrows()],
                    textposition="top center",
                    hovertemplate="%{y}: %{text}<extra>" + measure + "</extra>",
                    cliponaxis=False,
                    **_axes(panel),
                )
            )
        span = rows["high"].max() - min(rows["low"].min(), 0)
        layout[f"xaxis{_suffix(panel)}"].update(
            title=dict(text=_axis_title(rows)),
            zeroline=True,
            zerolinecolor=NEUTRAL,
            range=[min(rows["low"].min(), 0) - 0.12 * span, rows["high"].max() + 0.18 * span],
        )
        layout[f"yaxis{_suffix(panel)}"].update(title=dict(text=_("Region")), showgrid=False, automargin=True)
    return go.Figure(
        traces,
        layout=dict(
            layout,
            template=TEMPLATE,
            title=dict(text=_("Ukraine's climate by region: temperature and precipitation")),
            height=260 + 70 * len(climate),
            legend=dict(orientation="h", y=-0.16, x=0),
            margin=dict(l=20),
        ),
    )


def describe_climate_chart(climate: pd.DataFrame) -> str:
    """Text alternative: every measure by region with its range and unit."""
    climate = translated(climate, "climate")
    parts = []
    for measure in dict.fromkeys(climate["measure"]):
        rows = climate[climate["measure"] == measure]
        parts.append(labelled(measure, ", ".join(f"{r['region']} {_range_text(r)}" for _i, r in rows.iterrows())))
    return _(
        "Chart of climate measures by region, one panel per unit; diamonds mark a value, bars a range. {parts}."
    ).format(parts="; ".join(parts))


def _short(category: str) -> str:
    """'Land use: arable land' → 'arable land' (the prefix is the panel's subject)."""
    return category.split(": ", 1)[-1]


def _panel_title(layout: dict[str, Any], panel: int, text: str) -> dict[str, Any]:
    """A title centred above panel `panel`, as make_subplots' `subplot_titles` places it."""
    top = layout[f"yaxis{_suffix(panel)}"]["domain"][1]
    return dict(
        text=text,
        x=0.5,
        y=top,
        xref="paper",
        yref="paper",
        xanchor="center",
        yanchor="bottom",
        showarrow=False,
        font=dict(size=16),
    )


def land_cover_chart(land_cover: pd.DataFrame) -> go.Figure:
    """Factbook land use (stacked where a category has parts) beside the computed natural-zone shares."""
    land_cover = translated(land_cover, "land_cover")
    sourced = land_cover[~land_cover["computed"]]
    computed = land_cover[land_cover["computed"]]
    layout = _stacked_panels([1, 1], spacing=0.3)
    annotations = [
        _panel_title(layout, 1, _("Land use, as the source states it ({years})").format(years=_years(sourced))),
        _panel_title(layout, 2, _("Shares computed from areas in the sources (computed)")),
    ]
    traces = []
    tops = sourced[sourced["parent_id"].isna()].iloc[::-1]
    colours = iter(PALETTE)
    for top in tops.itertuples():
        parts = sourced[sourced["parent_id"] == top.id]
        if not parts.empty:
            annotations.append(
                dict(
                    x=top.percent,
                    y=_short(top.category),
                    xref="x",
                    yref="y",
                    text=_("{percent}% in total").format(percent=measured(top.percent)),
                    showarrow=False,
                    xanchor="left",
                    xshift=6,
                )
            )
        for part in parts.itertuples() if not parts.empty else [top]:
            traces.append(
                go.Bar(
                    x=[part.percent],
                    y=[_short(top.category)],
                    orientation="h",
                    name=_short(part.category),
                    marker_color=next(colours),
                    text=[f"{_short(part.category)} {measured(part.percent)}%" if part.percent >= 10 else ""],
                    textposition="inside",
                    insidetextanchor="middle",
                    hovertemplate=f"{part.category}: {measured(part.percent)}%<extra></extra>",
                    **_axes(1),
                )
            )
    traces.append(
        go.Bar(
            x=computed["percent"],
            y=computed["category"],
            orientation="h",
            name=_("Computed share"),
            marker_color=NEUTRAL,
            marker_pattern=dict(shape="/", fgcolor="#555555"),
            text=[_("{percent}% (computed)").format(percent=measured(p)) for p in computed["percent"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
            **_axes(2),
        )
    )
    layout["xaxis"].update(title=dict(text=_("Share of Ukraine's land area (%)")), range=[0, 100])
    layout["xaxis2"].update(title=dict(text=_("Share of Ukraine's area (%), computed")), range=[0, 100])
    for axis in ("yaxis", "yaxis2"):
        layout[axis].update(showgrid=False, automargin=True)
    return go.Figure(
        traces,
        layout=dict(
            layout,
            template=TEMPLATE,
            barmode="stack",
            height=600,
            margin=dict(l=20),
            annotations=annotations,
            legend=dict(title=dict(text=_("Land use (source)")), orientation="h", x=0, y=-0.18),
            title=dict(text=_("How Ukraine's land is used, and its natural zones")),
        ),
    )


def _years(rows: pd.DataFrame) -> str:
    years = sorted(rows["year"].dropna().unique())
    return ", ".join(_("{year} estimate").format(year=y) for y in years) or _("year not given")


def describe_land_cover_chart(land_cover: pd.DataFrame) -> str:
    """Text alternative: the sourced land-use shares (with their parts) and the computed shares."""
    land_cover = translated(land_cover, "land_cover")
    sourced = land_cover[~land_cover["computed"]]
    items = []
    for top in sourced[sourced["parent_id"].isna()].itertuples():
        parts = sourced[sourced["parent_id"] == top.id]
        shares = ", ".join(f"{_short(p.category)} {measured(p.percent)}%" for p in parts.itertuples())
        detail = " " + _("(of which {parts})").format(parts=shares) if not parts.empty else ""
        items.append(f"{_short(top.category)} {measured(top.percent)}%{detail}")
    computed = land_cover[land_cover["computed"]]
    return _(
        "Two bar charts. Top: land use as the source states it ({years}): {sourced}. Bottom, hatched grey because "
        "these are computed, not stated by a source: {computed}."
    ).format(
        years=_years(sourced),
        sourced="; ".join(items),
        computed="; ".join(f"{r.category} {measured(r.percent)}%" for r in computed.itertuples()),
    )
