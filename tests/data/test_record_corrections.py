"""The corrections of the 2026 re-check (issue 14), pinned so a later edit cannot quietly undo them.

Each test names what the record now says and why; data/README.md lists the findings.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lesson_utils import data
from lesson_utils.geo import load_geometry
from lesson_utils.quiz.bank import load_bank


@pytest.fixture(scope="module")
def statements() -> pd.DataFrame:
    return data.load_statements().set_index("id")


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return data.load_article_claims().set_index("id")


def test_franco_british_team_is_macrons_phrase(statements):
    team = statements[statements["text"].str.contains("Franco-British team")]
    assert list(team["speaker"]) == ["Emmanuel Macron"]
    assert "translated from French" in team["note"].iloc[0]


def test_starmer_naming_germany_is_reported_not_quoted(statements):
    reported = statements.loc["starmer-chiefs-uk-france-germany"]
    assert reported["speaker"] == "Keir Starmer" and reported["kind"] == "paraphrase"
    assert "Germany" in reported["text"]


def test_von_der_leyen_has_a_27_march_row_and_the_claim_is_supported(statements, claims):
    said = statements.loc["von-der-leyen-three-conclusions"]
    assert said["date"] == pd.Timestamp("2025-03-27") and said["kind"] == "paraphrase"
    assert claims.loc["von-der-leyen-key-lines", "verdict"] == "supported"
    assert "4 September" not in claims.loc["von-der-leyen-key-lines", "correction"]


@pytest.mark.parametrize(
    ("claim_id", "verdict"),
    [
        ("army-chiefs-to-kyiv", "partly"),
        ("playing-games", "partly"),
        ("not-russias-decision", "partly"),
        ("eiffel-tower", "unsupported"),
    ],
)
def test_corrected_verdicts(claims, claim_id, verdict):
    assert claims.loc[claim_id, "verdict"] == verdict


def test_garbled_sentence_is_read_as_unanimity_not_russian_approval(claims):
    assert "unanimity" in claims.loc["not-russias-decision", "correction"]


def test_playing_for_time_is_not_starmers(statements):
    starmer = statements[statements["speaker"] == "Keir Starmer"]
    assert not starmer["text"].str.contains("playing for time").any()
    assert statements.loc["zelenskyy-playing-for-time", "speaker"] == "Volodymyr Zelenskyy"


def test_eiffel_correction_drops_the_mix_up_inference(claims):
    assert "mix-up" not in claims.loc["eiffel-tower", "correction"] + claims.loc["eiffel-tower", "note"]


def test_macrons_quotes_say_they_are_translated(statements):
    macron = statements[(statements["speaker"] == "Emmanuel Macron") & (statements["kind"] == "quote")]
    assert not macron.empty and macron["note"].str.contains("ranslated from French").all()


def test_first_line_is_not_put_in_macrons_mouth():
    guarantee = data.load_guarantee().set_index("id")
    assert '"first line"' not in guarantee.loc["pillar-1-ukrainian-army", "description"]


def test_foreign_ministers_were_to_propose_ceasefire_monitoring():
    summit = data.load_summit().set_index("fact")
    assert "monitor" in summit.loc["follow_up_monitoring", "value"]
    assert "legal_questions" not in summit.index and "follow_up_legal" not in summit.index


def test_factbook_borders_say_what_later_editions_give():
    neighbours = data.load_neighbours().set_index("name")
    assert neighbours.loc["Poland", "border_km"] == 535
    assert "498 km" in neighbours.loc["Poland", "note"] and "5,581 km" in neighbours.loc["Poland", "note"]
    assert neighbours.loc["Romania", "direction"] == "S and SW"


def test_western_precipitation_and_carpathians_are_corrected():
    climate = data.load_climate().set_index("id")
    assert climate.loc["precip-west", "high"] < 1000
    features = data.load_features().set_index("id")
    assert features.loc["carpathians", "value"] == 280


def test_crimea_declaration_was_adopted_on_11_march_2014():
    timeline = data.load_timeline().set_index("id")
    assert timeline.loc["crimea-declaration-2014", "date"] == pd.Timestamp("2014-03-11")
    assert "17 March" in timeline.loc["crimea-referendum-2014", "event"]


def test_occupation_since_2022_is_recorded_and_mapped():
    timeline = data.load_timeline().set_index("id")
    assert "ES-11/4" in timeline.loc["unga-es-11-4-2022-10-12", "event"]
    regions = data.load_occupied_regions()
    assert set(regions["id"]) == {"crimea", "donetsk", "luhansk", "zaporizhzhia", "kherson"}
    assert set(regions["id"]) == {f["id"] for f in load_geometry("regions")["features"]}
    assert (regions.loc[regions["id"] != "crimea", "annexation_claimed"] == pd.Timestamp("2022-09-30")).all()


def test_changes_of_office_are_dated_and_sourced():
    changes = data.load_office_changes().set_index("delegation_id")
    assert changes.loc["germany", "successor"] == "Friedrich Merz"
    assert changes.loc["germany", "date"] == pd.Timestamp("2025-05-06")


def test_every_source_has_an_access_date():
    assert data.load_sources()["date_accessed"].notna().all()


def test_quiz_keys_no_longer_mark_a_defensible_answer_wrong():
    news = {q.id: q for q in load_bank("reading_the_news").questions}
    assert "4 April 2025" in news["army-chiefs"].prompt
    guarantee = {q.id: q for q in load_bank("security_guarantee").questions}
    assert "Macron announce" in guarantee["military-team"].prompt
    participants = {q.id: q for q in load_bank("summit_participants").questions}
    assert "AUT" not in participants["map-eu-absent"].choices


def test_balance_russias_rejection_and_participants_reservations(statements):
    timeline = data.load_timeline().set_index("id")
    assert "categorically against" in timeline.loc["zakharova-rejects-force-2025-03-27", "event"]
    reservations = statements[statements["topic"] == "reassurance-force"]
    assert {"italy", "poland", "germany"} <= set(reservations["delegation_id"])
