"""The data module: every loader, the dtypes it promises, and clear errors on bad input."""

from __future__ import annotations

import csv
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from locations import REPO

from lesson_utils import data
from lesson_utils.schemas import TABLES


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that a test may break; the loaders read it via LESSON_DATA_DIR."""
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    monkeypatch.setenv(data.ENV_VAR, str(copy))
    return copy


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}: the test needs updating"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def edit_cell(path: Path, row: int, column: str, value: str) -> int:
    """Set one cell of data row `row` (0-based) and return its line number in the file."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows, lines = [], []
        for record in reader:
            rows.append(record)
            lines.append(reader.line_num)
    rows[row][column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return lines[row]


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_with_its_declared_columns(name):
    frame = data.load_table(name)
    assert list(frame.columns) == list(TABLES[name].model_fields)
    assert len(frame) > 0


@pytest.mark.parametrize("name", TABLES)
def test_each_table_has_a_named_loader(name):
    loader = getattr(data, f"load_{name}")
    pd.testing.assert_frame_equal(
        loader().sort_values(list(loader().columns[:1]), ignore_index=True),
        data.load_table(name).sort_values(list(loader().columns[:1]), ignore_index=True),
    )


def test_dtypes_follow_the_schema():
    participants = data.load_participants()
    assert isinstance(participants["level"].dtype, pd.CategoricalDtype)
    assert "ambassador" in participants["level"].cat.categories
    assert participants["attended"].dtype == bool
    timeline = data.load_timeline()
    assert pd.api.types.is_datetime64_any_dtype(timeline["date"])
    assert timeline["date"].is_monotonic_increasing
    assert pd.api.types.is_float_dtype(data.load_neighbours()["border_km"])
    assert pd.api.types.is_integer_dtype(data.load_cities()["population"])


def test_participant_counts_match_the_record():
    participants = data.load_participants()
    present = participants[participants["attended"]]
    countries = present[present["kind"] == "country"]
    assert len(countries) == 31
    assert len(present) == 34
    assert (present["level"] == "head_of_state_or_government").sum() == 27
    assert set(present.loc[present["level"] == "ambassador", "iso3"]) == {"CAN", "AUS", "AUT"}
    absent = set(participants.loc[~participants["attended"], "iso3"])
    assert {"USA", "HUN", "SVK", "MLT"} <= absent


def test_summit_was_one_day_on_27_march_2025():
    summit = data.load_summit().set_index("fact")
    assert summit.loc["date", "date"] == pd.Timestamp("2025-03-27")
    assert summit.loc["duration", "number"] == 1


def test_land_borders_add_up_to_the_factbook_total():
    neighbours = data.load_neighbours()
    land = neighbours[neighbours["kind"] == "country"]
    assert len(land) == 7
    assert land["border_km"].sum() == 5618
    assert land.set_index("iso3").loc["RUS", "border_km"] == 1944
    assert set(neighbours.loc[neighbours["kind"] == "sea", "name"]) == {"Black Sea", "Sea of Azov"}


def test_article_errors_are_held_as_claims_not_as_facts():
    claims = data.load_article_claims()
    assert set(claims["verdict"]) <= {"supported", "partly", "unsupported", "wrong"}
    two_day = claims[claims["article_text"].str.contains("two-day")]
    assert len(two_day) == 1 and two_day["verdict"].iloc[0] != "supported"
    willingness = claims[claims["article_text"].str.contains("coalition of willingness", case=False)]
    assert (willingness["verdict"] == "wrong").all() and len(willingness) >= 1


def test_statements_are_quote_or_paraphrase_and_quotes_carry_no_quote_marks_inside():
    statements = data.load_statements()
    assert set(statements["kind"]) == {"quote", "paraphrase"}
    assert not statements["text"].str.startswith(("'", '"', "‘", "“")).any()


def test_sources_for_resolves_semicolon_lists():
    participants = data.load_participants()
    ids = participants["source_id"].iloc[0]
    assert len(data.sources_for(ids)) == len(set(ids.split(";")))
    with pytest.raises(data.DataError, match="no source with id 'nope'"):
        data.sources_for("nope")


def test_loaders_return_copies():
    participants = data.load_participants()
    participants.loc[0, "name"] = "changed"
    assert data.load_participants().loc[0, "name"] != "changed"


def test_data_dir_can_be_pointed_elsewhere(data_copy):
    assert data.data_dir() == data_copy
    replace_in(data_copy / "cities.csv", "Kyiv", "Kyiv (copy)")
    assert "Kyiv (copy)" in set(data.load_cities()["name"])


def test_an_edited_file_is_read_again(data_copy):
    data.load_cities()
    path = data_copy / "cities.csv"
    replace_in(path, "Lviv", "Lviv (edited)")
    bump = path.stat().st_mtime_ns + 1_000_000
    os.utime(path, ns=(bump, bump))
    assert "Lviv (edited)" in set(data.load_cities()["name"])


def test_an_edit_to_a_referenced_table_checks_the_referring_one_again(data_copy):
    """statements.csv names delegations in participants.csv: removing one must surface, in the same kernel."""
    statements = data.load_statements()
    gone = statements["delegation_id"].dropna().iloc[0]
    path = data_copy / "participants.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        "".join(line for line in lines if f",{gone}," not in line and not line.startswith(f"{gone},")), encoding="utf-8"
    )
    bump = path.stat().st_mtime_ns + 1_000_000
    os.utime(path, ns=(bump, bump))
    assert_error("statements", f"{gone!r} is not an 'id' in participants.csv")


def test_unknown_table_names_the_known_ones():
    with pytest.raises(data.DataError, match="'participant' is not a table. Known tables: .*participants"):
        data.load_table("participant")


def assert_error(name: str, *fragments: str) -> data.DataError:
    with pytest.raises(data.DataError) as caught:
        data.load_table(name)
    message = str(caught.value)
    assert f"{name}.csv" in message
    for fragment in fragments:
        assert fragment in message, message
    return caught.value


def test_missing_column(data_copy):
    path = data_copy / "neighbours.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    replace_in(path, header, header.replace("border_km", "border"))
    assert_error("neighbours", "line 1", "column 'border_km'", "required column is missing")


def test_wrong_type(data_copy):
    line = edit_cell(data_copy / "neighbours.csv", 0, "border_km", "about 1944")
    error = assert_error("neighbours", f"line {line}", "column 'border_km'", "'about 1944'")
    assert len(error.problems) == 1


@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity"])
def test_nan_and_inf_are_no_numbers(data_copy, value):
    line = edit_cell(data_copy / "neighbours.csv", 0, "border_km", value)
    assert_error("neighbours", f"line {line}", "column 'border_km'", f"'{value}'")


def test_bad_date(data_copy):
    line = edit_cell(data_copy / "timeline.csv", 3, "date", "2025-02-30")
    assert_error("timeline", f"line {line}", "column 'date'", "'2025-02-30'")


def test_unknown_source_id(data_copy):
    line = edit_cell(data_copy / "cities.csv", 2, "source_id", "no-such-source")
    assert_error("cities", f"line {line}", "column 'source_id'", "'no-such-source' is not in sources.csv")


def test_duplicate_key(data_copy):
    path = data_copy / "participants.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")
    assert_error("participants", f"line {len(lines) + 1}", "column 'id'", "duplicate key", "first used on line 2")


def test_non_utf8_bytes(data_copy):
    path = data_copy / "cities.csv"
    raw = path.read_bytes().replace("Kyiv".encode(), "Ky\xefv".encode("latin-1"), 1)
    path.write_bytes(raw)
    line = raw[: raw.index(b"Ky")].count(b"\n") + 1
    assert_error("cities", f"line {line}", "not valid UTF-8")


def test_empty_file(data_copy):
    (data_copy / "features.csv").write_text("", encoding="utf-8")
    assert_error("features", "the file is empty")


def test_header_only(data_copy):
    path = data_copy / "features.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert_error("features", "line 2", "no rows")


def test_blank_required_cell_and_bad_category(data_copy):
    path = data_copy / "participants.csv"
    king = edit_cell(path, 4, "level", "king")
    blank = edit_cell(path, 5, "name", "")
    error = assert_error("participants", f"line {king}, column 'level'", "'king'", "column 'name'", "cell is blank")
    assert [p.line for p in error.problems] == [king, blank]


def test_coordinates_out_of_range(data_copy):
    line = edit_cell(data_copy / "features.csv", 0, "lat", "148.5")
    assert_error("features", f"line {line}", "column 'lat'", "less than or equal to 90")


def test_missing_file(data_copy):
    (data_copy / "climate.csv").unlink()
    assert_error("climate", "file not found")


def test_validate_all_lists_every_problem(data_copy):
    edit_cell(data_copy / "neighbours.csv", 0, "border_km", "lots")
    (data_copy / "features.csv").write_text("", encoding="utf-8")
    problems = data.validate_all()
    files = {p.file.name for p in problems}
    assert {"neighbours.csv", "features.csv"} <= files


def test_import_is_light():
    """`import lesson_utils` must not pay for plotly, pandas or pydantic."""
    code = "import sys, lesson_utils; print(sorted(m for m in ('plotly', 'pandas', 'pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ── what CSV would accept silently (issue 16) ─────────────────────────────────────────────────


def test_an_integer_past_int64_is_an_error_not_a_negative_population(data_copy):
    line = edit_cell(data_copy / "cities.csv", 0, "population", str(2**64))
    assert_error("cities", f"line {line}", "column 'population'")


def test_a_date_must_be_written_as_a_date(data_copy):
    line = edit_cell(data_copy / "timeline.csv", 0, "date", "0")
    assert_error("timeline", f"line {line}", "column 'date'", "YYYY-MM-DD")


def test_a_short_row_is_reported_not_padded(data_copy):
    path = data_copy / "neighbours.csv"
    path.write_text(path.read_text(encoding="utf-8") + "factbook-2020,Atlantis,country\n", encoding="utf-8")
    assert_error("neighbours", "3 cells, but the header has 7")


def test_an_unclosed_quote_is_reported_not_merged(data_copy):
    path = data_copy / "neighbours.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'factbook-2020,"Atlantis,country,,,W,\n', encoding="utf-8")
    assert_error("neighbours", "cannot be read as CSV")


def test_a_header_column_given_twice_is_reported(data_copy):
    path = data_copy / "neighbours.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = lines[0].rstrip("\n") + ",note\n"
    lines[1:] = [line.rstrip("\n") + ",\n" for line in lines[1:]]
    path.write_text("".join(lines), encoding="utf-8")
    assert_error("neighbours", "column 'note'", "appears twice")


def test_a_table_path_that_is_a_folder_is_named(data_copy):
    path = data_copy / "neighbours.csv"
    path.unlink()
    path.mkdir()
    assert_error("neighbours", "is a folder")


def test_a_cell_past_the_csv_size_limit_is_reported(data_copy):
    line = edit_cell(data_copy / "neighbours.csv", 0, "note", "x" * (200 * 1024))
    assert_error("neighbours", "cannot be read as CSV", f"line {line}")


def test_climate_low_above_high_is_reported(data_copy):
    line = edit_cell(data_copy / "climate.csv", 0, "low", "99")
    assert_error("climate", f"line {line}", "low (99) is above high")


def test_the_guarantee_tree_cannot_go_round_in_a_circle(data_copy):
    line = edit_cell(data_copy / "guarantee.csv", 0, "parent_id", "pillar-1-ukrainian-army")
    assert_error("guarantee", f"line {line}", "goes round in a circle")


def test_country_names_are_cldrs_as_the_source_row_says():
    """country_names.csv cites `unicode-cldr`: every name must be what CLDR (as Babel ships it) says."""
    spec = importlib.util.spec_from_file_location("country_names", REPO / "scripts" / "country_names.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    with (REPO / "data" / "country_names.csv").open(encoding="utf-8", newline="") as file:
        assert list(csv.DictReader(file)) == script.country_rows()
    assert "unicode-cldr" in set(data.load_sources()["id"])


def test_every_country_in_the_tables_goes_by_its_cldr_english_name():
    """So a table shown in another language names it by CLDR (`figures.words.translated`)."""
    english = dict(zip(data.load_country_names()["iso3"], data.load_country_names()["name_en"]))
    for frame in (data.load_participants(), data.load_neighbours()):
        countries = frame[frame["iso3"].notna()]
        assert [english.get(code) for code in countries["iso3"]] == list(countries["name"])
