"""Every figure in Ukrainian and French: titles, legends, hover text and text alternatives in the
student's language, names of countries (CLDR), people and places (`data` catalogue) translated, and
the same numbers as in English."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from lesson_tools import translate
from lesson_utils import data, i18n
from lesson_utils.figures import delegations, geography_charts, geography_maps, guarantee_plan, news

LANGUAGES = ["uk", "fr"]


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.use("en")


def figures() -> dict[str, tuple[go.Figure, str]]:
    """Every lesson figure with its text alternative, built from the shipped tables in the kernel's language."""
    participants, timeline = data.load_participants(), data.load_timeline()
    neighbours, features, cities = data.load_neighbours(), data.load_features(), data.load_cities()
    occupied, climate, land_cover = data.load_occupied_regions(), data.load_climate(), data.load_land_cover()
    guarantee, claims = data.load_guarantee(), data.load_article_claims()
    window = (timeline, "2025-02-01", "2025-03-31")
    return {
        "participants map": (
            delegations.participants_map(participants, timeline),
            delegations.describe_participants_map(participants, timeline),
        ),
        "level counts": (delegations.level_counts(participants), delegations.describe_level_counts(participants)),
        "guarantee tree": (guarantee_plan.guarantee_tree(guarantee), guarantee_plan.describe_guarantee_tree(guarantee)),
        "timeline": (guarantee_plan.timeline_chart(*window), guarantee_plan.describe_timeline_chart(*window)),
        "locator map": (
            geography_maps.locator_map(neighbours, features, timeline),
            geography_maps.describe_locator_map(neighbours, features, timeline),
        ),
        "occupation map": (
            geography_maps.occupation_map(occupied, timeline),
            geography_maps.describe_occupation_map(occupied, timeline),
        ),
        "physical map": (
            geography_maps.physical_map(features, cities, timeline),
            geography_maps.describe_physical_map(features, cities, timeline),
        ),
        "border chart": (geography_charts.border_chart(neighbours), geography_charts.describe_border_chart(neighbours)),
        "climate chart": (geography_charts.climate_chart(climate), geography_charts.describe_climate_chart(climate)),
        "land cover chart": (
            geography_charts.land_cover_chart(land_cover),
            geography_charts.describe_land_cover_chart(land_cover),
        ),
        "claims by verdict": (news.claims_by_verdict(claims), news.describe_claims_by_verdict(claims)),
    }


def shown_text(figure: go.Figure) -> str:
    """Everything a figure writes: title, axis and legend titles, trace names, labels, hover text."""
    layout = figure.layout
    parts = [layout.title.text or "", layout.legend.title.text or ""]
    parts += [a.text or "" for a in layout.annotations]
    for key in layout.to_plotly_json():
        if key.startswith(("xaxis", "yaxis")):
            parts.append(layout[key].title.text or "")
    for trace in figure.data:
        parts.append(str(trace.name or ""))
        for field in ("text", "hovertemplate", "y", "labels", "customdata", "ticktext"):
            value = getattr(trace, field, None)
            if value is not None:
                parts.append(str(list(value) if not isinstance(value, str) else value))
    return " ".join(parts)


def english_texts(language: str) -> list[str]:
    """The English the figures could leak: every `ui` and `data` string of some length whose translation
    differs from it (a name like "Ursula von der Leyen" is the same in French), placeholders cut out."""
    texts = []
    for domain in ("ui", "data"):
        for message in translate.read(language, domain):
            if not message.id or message.string == message.id:
                continue
            english = message.id if isinstance(message.id, str) else message.id[1]
            texts += [part.strip() for part in re.split(r"\{[a-z_]*\}|%\{[a-z]\}|<[^>]+>", english)]
    return sorted({t for t in texts if len(t) >= 18 and re.search(r"[a-z]{4}", t)})


@pytest.fixture(scope="module")
def english():
    i18n.use("en")
    return {name: (shown_text(figure), text) for name, (figure, text) in figures().items()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_figure_and_its_description_speak_the_language(language, english):
    shown_english, leaks = english, english_texts(language)
    i18n.use(language)
    for name, (figure, description) in figures().items():
        drawn = shown_text(figure)
        assert description != shown_english[name][1], f"{name}: the description is still English"
        for text in leaks:
            assert text not in description, f"{name} ({language}) description: English {text!r}"
            assert text not in drawn, f"{name} ({language}) figure: English {text!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translated_figures_keep_every_number(language, english):
    """The same counts, lengths and years as the English description (grouping aside: 1,974 → 1 974)."""
    shown_english = english
    i18n.use(language)
    for name, (_figure, description) in figures().items():
        numbers = lambda text: sorted(re.findall(r"\d+", re.sub(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)", "", text)))  # noqa: E731
        assert numbers(description) == numbers(shown_english[name][1]), name


def test_names_come_from_cldr_and_the_data_catalogue():
    participants, timeline = data.load_participants(), data.load_timeline()
    i18n.use("uk")
    text = delegations.describe_participants_map(participants, timeline)
    assert "Франція" in text and "Велика Британія" in text and "Європейська комісія" in text
    i18n.use("fr")
    text = delegations.describe_participants_map(participants, timeline)
    assert "Royaume-Uni" in text and "Allemagne" in text
    cities = geography_maps.describe_physical_map(data.load_features(), data.load_cities(), timeline)
    assert "Kyiv" in cities and "Kiev" not in cities


def test_tables_keep_their_english_keys_whatever_the_language():
    """Lessons select rows by English names (`loc["Kyiv"]`): only what figures draw is translated."""
    i18n.use("uk")
    cities = data.load_cities()
    assert "Kyiv" in set(cities["name"]) and isinstance(cities, pd.DataFrame)


def test_a_table_a_lesson_shows_names_its_people_and_places_in_the_language():
    """What JupyterLab shows for `cities[["name", "population"]]` in a Ukrainian lesson; codes stay."""
    from lesson_utils.display import table_html

    participants = data.load_participants()[["name", "kind", "leader", "title"]]
    english = table_html(participants)
    assert english == participants._repr_html_()
    i18n.use("uk")
    shown = table_html(participants)
    assert "Франція" in shown and "Емманюель Макрон" in shown and "Президент" in shown
    assert "country" in shown and "France" not in shown  # the code column stays as the code selects it
    assert "Київ" in table_html(data.load_cities()[["name", "population"]])
    merged = participants.merge(data.load_statements(), left_on="leader", right_on="speaker")
    assert table_html(merged) == merged._repr_html_()  # not a data table any more: shown as it is


@pytest.mark.parametrize("items", [[], ["a"], ["a", "b"], ["a", "b", "c"], ["a", "b", "c", "d"]])
def test_an_english_list_reads_as_babels_british_english(items):
    from babel.lists import format_list

    from lesson_utils.figures.words import join

    assert join(items) == (format_list(items, locale="en_GB") if items else "none")


def test_lists_follow_the_alphabet_of_the_language():
    from lesson_utils.figures.words import alphabetical

    i18n.use("uk")
    assert alphabetical(["Італія", "Австрія", "Ґамбія", "Естонія", "Єгипет", "Ірландія", "Гана", "Йорданія"]) == [
        "Австрія", "Гана", "Ґамбія", "Естонія", "Єгипет", "Ірландія", "Італія", "Йорданія",
    ]  # fmt: skip
    i18n.use("fr")
    assert alphabetical(["Suède", "États-Unis", "Espagne", "Autriche"]) == [
        "Autriche",
        "Espagne",
        "États-Unis",
        "Suède",
    ]
    i18n.use("en")
    assert alphabetical(["b", "a"]) == ["a", "b"]


@pytest.mark.parametrize(("language", "month"), [("uk", "квіт."), ("fr", "avr.")])
def test_the_timelines_date_axis_names_months_in_the_language(language, month):
    i18n.use(language)
    timeline = data.load_timeline()
    axis = guarantee_plan.timeline_chart(timeline, "2025-02-01", timeline["date"].max()).layout.xaxis
    assert any(month in text for text in axis.ticktext) and len(axis.tickvals) == len(axis.ticktext) >= 5
    assert not any(re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", t) for t in axis.ticktext)
