"""The figure builders: right traces, the data's values, titles and axes, no URLs, honest descriptions."""

from __future__ import annotations

import re
import subprocess
import sys
import typing

import pandas as pd
import plotly.graph_objects as go
import pytest

from lesson_utils import data
from lesson_utils.figures import delegations, guarantee_plan
from lesson_utils.figures.palette import OKABE_ITO
from lesson_utils.figures.theme import TEMPLATE
from lesson_utils.schemas import Level, TimelineEvent

FEB_MAR = ("2025-02-01", "2025-03-31")
MAX_JSON = 300_000


@pytest.fixture(scope="module")
def participants() -> pd.DataFrame:
    return data.load_participants()


@pytest.fixture(scope="module")
def statements() -> pd.DataFrame:
    return data.load_statements()


@pytest.fixture(scope="module")
def guarantee() -> pd.DataFrame:
    return data.load_guarantee()


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return data.load_timeline()


def assert_well_formed(figure: go.Figure) -> None:
    """What every figure promises: the shared template, a title, and nothing fetched from the web."""
    assert figure.layout.template.layout.font.family == TEMPLATE.layout.font.family
    assert figure.layout.title.text
    payload = figure.to_json()
    assert "http" not in payload
    assert len(payload) < MAX_JSON


def test_labels_cover_every_code_in_the_schemas():
    assert set(delegations.LEVEL_LABELS) == set(typing.get_args(Level))
    categories = typing.get_args(TimelineEvent.model_fields["category"].annotation)
    assert set(guarantee_plan.CATEGORY_LABELS) == set(categories)


# ── level_counts ────────────────────────────────────────────────────────────────────────────


def test_level_counts_shows_attending_delegations_per_level(participants):
    figure = delegations.level_counts(participants)
    assert_well_formed(figure)
    (bar,) = figure.data
    assert isinstance(bar, go.Bar) and bar.orientation == "h"
    expected = participants[participants["attended"]].groupby("level", observed=True).size()
    shown = dict(zip(bar.y, bar.x))
    assert shown == {delegations.LEVEL_LABELS[level]: count for level, count in expected.items()}
    assert sum(bar.x) == participants["attended"].sum()
    assert str(sum(bar.x)) in figure.layout.title.text
    assert "count" in figure.layout.xaxis.title.text
    assert figure.layout.yaxis.title.text == "Level of representation"


def test_level_counts_agrees_with_the_summit_totals(participants):
    summit = data.load_summit().set_index("fact")
    counts = delegations.count_levels(participants)
    assert counts.sum() == summit.loc["delegations", "number"]
    assert (
        counts[delegations.LEVEL_LABELS["head_of_state_or_government"]]
        == summit.loc["heads_of_state_or_government", "number"]
    )
    assert counts[delegations.LEVEL_LABELS["ambassador"]] == summit.loc["ambassadors", "number"]


def test_level_counts_description_follows_the_data(participants):
    text = delegations.describe_level_counts(participants)
    for label, count in delegations.count_levels(participants).items():
        assert f"{label}: {count}" in text
    without_vice_president = participants[participants["level"] != "vice_president"]
    changed = delegations.describe_level_counts(without_vice_president)
    assert "Vice-president" not in changed
    assert f"the {len(without_vice_president[without_vice_president['attended']])} delegations" in changed


# ── statements_table ───────────────────────────────────────────────────────────────────────


def test_statements_table_marks_quotes_apart_from_paraphrases(statements, participants):
    table = delegations.statements_table(statements, participants).data
    assert len(table) == len(statements)
    assert set(table["Kind"]) == {"Quote", "Paraphrase"}
    for (_, row), text in zip(table.iterrows(), statements["text"]):
        if row["Kind"] == "Quote":
            assert row["What was said"] == f"“{text}”"
        else:
            assert row["What was said"] == text and not text.startswith("“")


def test_statements_table_renders_paraphrases_in_italics(statements, participants):
    html = delegations.statements_table(statements, participants).to_html()
    italic_rules = re.findall(r"([^{}]+)\{[^}]*font-style: italic", html)
    italic_rows = {int(row) for rule in italic_rules for row in re.findall(r"_row(\d+)_col4\b", rule)}
    assert italic_rows == set(statements.index[statements["kind"] == "paraphrase"])
    assert "Quote" in html and "Paraphrase" in html


# ── guarantee_tree ─────────────────────────────────────────────────────────────────────────


def test_guarantee_tree_draws_the_hierarchy(guarantee):
    figure = guarantee_plan.guarantee_tree(guarantee)
    assert_well_formed(figure)
    (tree,) = figure.data
    assert isinstance(tree, go.Treemap)
    assert list(tree.ids) == list(guarantee["id"])
    assert list(tree.parents) == list(guarantee["parent_id"].fillna(""))
    plan = guarantee.loc[guarantee["level"] == "plan", "name"].iloc[0]
    assert plan in figure.layout.title.text


def test_guarantee_tree_areas_add_up(guarantee):
    """With branchvalues='total' plotly drops a node whose children outgrow it: check none does."""
    (tree,) = guarantee_plan.guarantee_tree(guarantee).data
    assert tree.branchvalues == "total"
    value = dict(zip(tree.ids, tree.values))
    for parent in set(tree.parents) - {""}:
        children = [v for i, p, v in zip(tree.ids, tree.parents, tree.values) if p == parent]
        assert sum(children) == pytest.approx(value[parent])


def test_guarantee_tree_hover_carries_each_description(guarantee):
    (tree,) = guarantee_plan.guarantee_tree(guarantee).data
    for shown, description in zip(tree.customdata, guarantee["description"]):
        assert shown.replace("<br>", " ") == description


def test_guarantee_tree_description_lists_every_part(guarantee):
    text = guarantee_plan.describe_guarantee_tree(guarantee)
    for row in guarantee.itertuples():
        assert row.name in text
    for pillar in guarantee.loc[guarantee["level"] == "pillar", "id"]:
        count = (guarantee["parent_id"] == pillar).sum()
        assert f"({count} component" in text


# ── timeline_chart ─────────────────────────────────────────────────────────────────────────


def marker_traces(figure: go.Figure) -> list[go.Scatter]:
    return [trace for trace in figure.data if trace.mode == "markers"]


def test_timeline_chart_shows_every_event_in_the_range(timeline):
    figure = guarantee_plan.timeline_chart(timeline, *FEB_MAR)
    assert_well_formed(figure)
    expected = timeline[timeline["date"].between(*map(pd.Timestamp, FEB_MAR))]
    shown = [pd.Timestamp(x) for trace in marker_traces(figure) for x in trace.x]
    assert sorted(shown) == sorted(expected["date"])
    assert len(figure.layout.yaxis.ticktext) == len(expected)
    for label in expected["label"]:
        assert any(label in tick for tick in figure.layout.yaxis.ticktext)
    assert figure.layout.xaxis.title.text == "Date"
    assert f"{len(expected)} events" in figure.layout.title.text


def test_timeline_chart_key_dates_of_early_2025(timeline):
    """The events the lesson talks about are on the chart, at their dates."""
    figure = guarantee_plan.timeline_chart(timeline, *FEB_MAR)
    events = timeline.set_index("id")
    shown = {pd.Timestamp(x) for trace in marker_traces(figure) for x in trace.x}
    for event in ["paris-meeting-2025-02-17", "london-summit-2025-03-02", "jeddah-2025-03-11",
                  "trump-putin-call-2025-03-18", "riyadh-outcome-2025-03-25", "paris-summit-2025-03-27"]:  # fmt: skip
        assert events.loc[event, "date"] in shown


def test_timeline_chart_colours_by_category(timeline):
    figure = guarantee_plan.timeline_chart(timeline, "2025-02-01", timeline["date"].max())
    traces = marker_traces(figure)
    names = [trace.name for trace in traces]
    assert len(names) == len(set(names))
    assert set(names) <= set(guarantee_plan.CATEGORY_LABELS.values())
    styles = {(trace.marker.color, trace.marker.symbol) for trace in traces}
    assert len(styles) == len(traces)
    assert OKABE_ITO["yellow"] not in {colour for colour, _ in styles}
    assert any("coalition" in name.lower() for name in names)


def test_timeline_chart_hover_shows_the_event(timeline):
    figure = guarantee_plan.timeline_chart(timeline, *FEB_MAR)
    hovered = {custom[1].replace("<br>", " ") for trace in marker_traces(figure) for custom in trace.customdata}
    expected = timeline[timeline["date"].between(*map(pd.Timestamp, FEB_MAR))]
    assert hovered == set(expected["event"])


def test_timeline_chart_draws_multi_day_events_as_spans(timeline):
    figure = guarantee_plan.timeline_chart(timeline, *FEB_MAR)
    spans = [trace for trace in figure.data if trace.mode == "lines"]
    expected = timeline[timeline["date"].between(*map(pd.Timestamp, FEB_MAR)) & timeline["date_end"].notna()]
    assert len(spans) == (1 if len(expected) else 0)
    if len(expected):
        ends = {pd.Timestamp(x) for x in spans[0].x if x is not None}
        assert set(expected["date_end"]) <= ends


def test_timeline_chart_rejects_an_empty_range(timeline):
    with pytest.raises(ValueError, match="no timeline events"):
        guarantee_plan.timeline_chart(timeline, "1900-01-01", "1900-12-31")


def test_timeline_description_lists_the_events(timeline):
    text = guarantee_plan.describe_timeline_chart(timeline, *FEB_MAR)
    expected = timeline[timeline["date"].between(*map(pd.Timestamp, FEB_MAR))]
    assert f"{len(expected)} events" in text
    for row in expected.itertuples():
        assert f"{row.label}: {guarantee_plan.headline(row.event)}" in text


@pytest.mark.parametrize(
    ("event", "headline"),
    [
        ("Talks in Jeddah: Ukraine accepts.", "Talks in Jeddah"),
        ("A call; a pause is agreed.", "A call"),
        ("One sentence. Another one.", "One sentence"),
        ("Only one clause.", "Only one clause"),
    ],
)
def test_headline_is_the_first_clause(event, headline):
    assert guarantee_plan.headline(event) == headline


def test_figure_bundle_is_plotly_json_with_a_plain_text_title(participants: pd.DataFrame) -> None:
    from lesson_utils.display import PLOTLY_MIME, figure_bundle

    figure = delegations.level_counts(participants)
    bundle = figure_bundle(figure)
    assert bundle[PLOTLY_MIME]["data"][0]["type"] == "bar"
    assert bundle[PLOTLY_MIME]["layout"]["title"]["text"] == figure.layout.title.text
    assert bundle["text/plain"] == f"<Figure: {figure.layout.title.text}>"


def test_showing_a_figure_loads_neither_plotly_renderers_nor_nbformat() -> None:
    """The renderers' module costs a lesson 0.3 s at its first figure (see `display.figure_bundle`)."""
    code = (
        "import sys\n"
        "from lesson_utils import data\n"
        "from lesson_utils.figures import delegations\n"
        "from lesson_utils.display import show\n"
        "show(delegations.level_counts(data.load_participants()), 'a description')\n"
        "print(sorted(m for m in ('plotly.io._renderers', 'nbformat', 'jsonschema') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_the_statements_table_shows_markup_in_the_data_as_text():
    statements = data.load_statements()
    statements.loc[0, "text"] = '<img src="x" onerror="alert(1)">'
    page = delegations.statements_table(statements, data.load_participants()).to_html()
    assert "<img" not in page and "&lt;img" in page
