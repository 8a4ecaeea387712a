"""Question banks: malformed files raise QuizError naming file, question and field; the published
JSON Schema is up to date; the shipped banks meet the issue's requirements."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
import yaml
from locations import FIXTURES, REPO

from lesson_utils.quiz import QuizError, load_bank
from lesson_utils.quiz.__main__ import schema_text
from lesson_utils.quiz.bank import QUESTION_TYPES, SCHEMA_FILE, bank_path, parse_bank, quizzes_dir

SAMPLE = FIXTURES / "sample.yaml"
BANKS = ["summit_participants", "security_guarantee", "ukraine_geography"]


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def write(tmp_path: Path, bank: dict, name: str = "sample") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def question(bank: dict, question_id: str) -> dict:
    return next(q for q in bank["questions"] if q.get("id") == question_id)


def assert_error(path: Path, question_id: str | None, field: str | None, text: str) -> QuizError:
    with pytest.raises(QuizError) as caught:
        load_bank(path)
    error = caught.value
    assert (error.question_id, error.field) == (question_id, field), str(error)
    assert text in str(error)
    assert path.name in str(error)
    if question_id:
        assert f"question '{question_id}'" in str(error)
    if field:
        assert f"field '{field}'" in str(error)
    return error


def test_the_sample_bank_loads(raw):
    bank = load_bank(SAMPLE)
    assert [q.id for q in bank.questions] == [q["id"] for q in raw["questions"]]
    assert {q.type for q in bank.questions} == set(QUESTION_TYPES)


def test_missing_field(tmp_path, raw):
    del question(raw, "neighbours")["explanation"]
    assert_error(write(tmp_path, raw), "neighbours", "explanation", "Field required")


def test_missing_field_of_the_bank(tmp_path, raw):
    del raw["mode"]
    assert_error(write(tmp_path, raw), None, "mode", "Field required")


def test_wrong_type(tmp_path, raw):
    question(raw, "border")["answer"] = "lots"
    assert_error(write(tmp_path, raw), "border", "answer", "valid number")


def test_wrong_type_of_points(tmp_path, raw):
    question(raw, "capital")["points"] = "two"
    assert_error(write(tmp_path, raw), "capital", "points", "valid integer")


def test_true_false_answer_must_be_a_boolean(tmp_path, raw):
    question(raw, "us-absent")["answer"] = 0
    assert_error(write(tmp_path, raw), "us-absent", "answer", "valid boolean")


def test_unknown_source_id(tmp_path, raw):
    question(raw, "order")["source_id"] = "factbook-2020;no-such-source"
    assert_error(write(tmp_path, raw), "order", "source_id", "'no-such-source' is not an id in data/sources.csv")


def test_answer_not_among_choices(tmp_path, raw):
    question(raw, "capital")["answer"] = "Paris"
    assert_error(write(tmp_path, raw), "capital", "answer", "'Paris' is not one of the choices")


def test_multiple_select_answer_not_among_choices(tmp_path, raw):
    question(raw, "neighbours")["answer"] = ["Poland", "Romania"]
    assert_error(write(tmp_path, raw), "neighbours", "answer", "not among the choices: 'Romania'")


def test_map_answer_not_among_choices(tmp_path, raw):
    question(raw, "north")["answer"] = ["FRA"]
    assert_error(write(tmp_path, raw), "north", "answer", "not among the choices: FRA")


def test_map_reference_cannot_be_a_choice(tmp_path, raw):
    question(raw, "north")["reference"] = ["UKR", "BLR"]
    assert_error(write(tmp_path, raw), "north", "reference", "also a choice: BLR")


def test_map_codes_must_be_iso3(tmp_path, raw):
    question(raw, "north")["choices"] = ["BLR", "Poland"]
    assert_error(write(tmp_path, raw), "north", "choices.1", "should match pattern")


def test_repeated_choices(tmp_path, raw):
    question(raw, "capital")["choices"] = ["Kyiv", "Kyiv", "Lviv"]
    assert_error(write(tmp_path, raw), "capital", "choices", "repeated: 'Kyiv'")


def test_distractor_that_is_also_a_match(tmp_path, raw):
    question(raw, "leaders")["distractors"] = ["Italy"]
    assert_error(write(tmp_path, raw), "leaders", "distractors", "also a correct match")


def test_duplicate_ids(tmp_path, raw):
    twin = copy.deepcopy(question(raw, "capital"))
    raw["questions"].append(twin)
    assert_error(write(tmp_path, raw), "capital", "id", "more than one question")


def test_unknown_type(tmp_path, raw):
    question(raw, "capital")["type"] = "essay"
    assert_error(write(tmp_path, raw), "capital", "type", "must be one of: single, multiple")


def test_missing_type(tmp_path, raw):
    del question(raw, "capital")["type"]
    assert_error(write(tmp_path, raw), "capital", "type", "must be one of")


def test_misspelt_field(tmp_path, raw):
    question(raw, "capital")["explaination"] = "typo"
    assert_error(write(tmp_path, raw), "capital", "explaination", "Extra inputs are not permitted")


def test_a_question_without_an_id_is_named_by_its_position(tmp_path, raw):
    del raw["questions"][1]["id"]
    assert_error(write(tmp_path, raw), "#2", "id", "Field required")


def test_every_problem_is_reported_not_just_the_first(tmp_path, raw):
    del question(raw, "capital")["explanation"]
    question(raw, "border")["answer"] = "lots"
    error = assert_error(write(tmp_path, raw), "capital", "explanation", "Field required")
    assert "and 1 more: question 'border', field 'answer': Input should be a valid number" in str(error)


def test_id_must_match_the_file_name(tmp_path, raw):
    assert_error(write(tmp_path, raw, name="other"), None, "id", "must match the file name 'other'")


def test_not_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    assert_error(path, None, None, "not valid YAML")


def test_not_a_mapping(tmp_path):
    path = tmp_path / "listy.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    assert_error(path, None, None, "a bank must be a mapping")


def test_an_unknown_quiz_id_lists_the_banks_there_are():
    with pytest.raises(QuizError, match="no such bank .*ukraine_geography"):
        load_bank("no_such_quiz")


# --- the published JSON Schema -----------------------------------------------------------------


def test_published_schema_is_up_to_date():
    published = (quizzes_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    assert published == schema_text(), "run: python -m lesson_utils.quiz schema"


def test_schema_check_command_agrees():
    result = subprocess.run(
        [sys.executable, "-m", "lesson_utils.quiz", "schema", "--check"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_schema_accepts_the_banks_and_rejects_a_broken_one(raw):
    schema = json.loads((quizzes_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    for name in BANKS:
        jsonschema.validate(yaml.safe_load((quizzes_dir() / f"{name}.yaml").read_text(encoding="utf-8")), schema)
    del question(raw, "capital")["explanation"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(raw, schema)


# --- the shipped banks ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", BANKS)
def test_shipped_bank_is_valid_and_big_enough(name):
    bank = load_bank(name)
    assert bank.id == name
    assert len(bank.questions) >= 10
    assert all(q.explanation and q.section for q in bank.questions)


def test_banks_use_every_type_and_at_least_two_maps():
    questions = [q for name in BANKS for q in load_bank(name).questions]
    assert {q.type for q in questions} == set(QUESTION_TYPES)
    assert sum(q.type == "map" for q in questions) >= 2


def test_at_least_one_bank_is_an_assessment():
    assert {load_bank(name).mode for name in BANKS} == {"practice", "assessment"}


def test_validate_command_passes():
    result = subprocess.run(
        [sys.executable, "-m", "lesson_utils.quiz", "validate"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ok ") == len(list(quizzes_dir().glob("*.yaml")))


def test_version_depends_on_content_not_layout(tmp_path, raw):
    original = load_bank(SAMPLE).version
    assert load_bank(write(tmp_path, raw)).version == original  # re-serialised, comments gone
    question(raw, "border")["answer"] = 1945
    assert load_bank(write(tmp_path, raw)).version != original


# --- banks without the answer key (a student copy) ------------------------------------------------


@pytest.fixture
def answerless() -> dict:
    """The sample bank as `lesson-utils student-copy` writes it: an assessment with no key."""
    from lesson_tools.teacher.student_copy import student_bank

    return student_bank(load_bank(SAMPLE))


def test_an_answerless_assessment_bank_loads(tmp_path, answerless):
    bank = load_bank(write(tmp_path, answerless))
    assert bank.mode == "assessment" and not bank.has_key and load_bank(SAMPLE).has_key
    assert all(q.answer is None and q.explanation is None and q.source_id is None for q in bank.questions)
    assert list(bank.question("order").items) == ["Belarus", "Moldova", "Russia"]
    assert (list(bank.question("leaders").items), list(bank.question("leaders").options)) == (
        ["Giorgia Meloni", "Donald Tusk"],
        ["Hungary", "Italy", "Poland"],
    )


def test_a_keyed_bank_derives_items_and_options_from_the_answer():
    bank = load_bank(SAMPLE)
    assert list(bank.question("order").items) == ["Russia", "Moldova", "Belarus"]
    assert list(bank.question("leaders").items) == ["Giorgia Meloni", "Donald Tusk"]
    assert list(bank.question("leaders").options) == ["Italy", "Poland", "Hungary"]  # matches, then distractors


def test_a_practice_bank_without_answers_is_rejected(tmp_path, answerless):
    answerless["mode"] = "practice"
    assert_error(write(tmp_path, answerless), answerless["questions"][0]["id"], "answer", "practice quiz")


def test_half_an_answer_key_is_rejected(tmp_path, raw):
    raw["mode"] = "assessment"
    for field in ("answer", "explanation", "source_id"):
        del question(raw, "border")[field]
    assert_error(write(tmp_path, raw), "border", "answer", "whole answer key")


def test_an_explanation_without_its_answer_is_rejected(tmp_path, raw):
    raw["mode"] = "assessment"
    del question(raw, "border")["answer"]
    assert_error(write(tmp_path, raw), "border", "answer", "has its explanation, so it needs its answer")


@pytest.mark.parametrize("question_id, field", [("order", "items"), ("leaders", "items"), ("leaders", "options")])
def test_without_an_answer_the_items_and_options_are_required(tmp_path, answerless, question_id, field):
    del question(answerless, question_id)[field]
    assert_error(write(tmp_path, answerless), question_id, field, "Field required")


def test_ordering_items_must_be_the_answers_items(tmp_path, raw):
    question(raw, "order")["items"] = ["Russia", "Moldova", "Poland"]
    assert_error(write(tmp_path, raw), "order", "items", "must be the answer's items")
    question(raw, "order")["items"] = ["Belarus", "Moldova", "Russia"]  # the same items, another order: fine
    assert list(load_bank(write(tmp_path, raw)).question("order").items) == ["Belarus", "Moldova", "Russia"]


def test_matching_options_must_be_the_matches_and_distractors(tmp_path, raw):
    question(raw, "leaders")["options"] = ["Italy", "Poland"]
    assert_error(write(tmp_path, raw), "leaders", "options", "the answer's matches and the distractors")


def test_a_wrong_answer_is_reported_once(tmp_path, raw):
    """items defaults to the answer; when the answer is wrong, that is the one error."""
    question(raw, "order")["answer"] = ["Russia"]
    error = assert_error(write(tmp_path, raw), "order", "answer", "at least 2 items")
    assert "more" not in str(error)


def test_schema_accepts_an_answerless_assessment_only(answerless, raw):
    schema = json.loads((quizzes_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.validate(answerless, schema)
    half_a_key = {**answerless, "questions": [raw["questions"][0], *answerless["questions"][1:]]}
    for broken in ({**answerless, "mode": "practice"}, half_a_key):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_items_derived_from_the_answer_leave_the_version_alone(tmp_path, raw):
    """Hand-ins written before `items` and `options` existed still carry the bank's version."""
    original = load_bank(SAMPLE).version
    question(raw, "order")["items"] = question(raw, "order")["answer"]
    question(raw, "leaders")["options"] = ["Italy", "Poland", "Hungary"]
    assert load_bank(write(tmp_path, raw)).version == original


def test_a_bank_is_read_once_and_again_when_its_file_changes(tmp_path):
    path = tmp_path / "summit_participants.yaml"
    shutil.copyfile(bank_path("summit_participants"), path)
    first = load_bank(path)
    assert load_bank(path) is first
    path.write_text(path.read_text(encoding="utf-8").replace(first.title, "A new title", 1), encoding="utf-8")
    assert load_bank(path).title == "A new title"
    path.write_text("id: [", encoding="utf-8")
    for _ in range(2):  # a bank that fails is never kept: its error comes every time
        with pytest.raises(QuizError, match="not valid YAML"):
            load_bank(path)
    with pytest.raises(QuizError, match="no such bank"):
        load_bank(tmp_path / "missing.yaml")


# ── hostile banks ──────────────────────────────────────────────────────────────────────────────


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(8):
        name, previous = chr(98 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(QuizError, match="YAML aliases"):
        load_bank(path)
    assert time.perf_counter() - started < 5


def test_a_key_given_twice_is_an_error_not_a_silent_loss(tmp_path):
    path = tmp_path / "twice.yaml"
    text = bank_path("summit_participants").read_text(encoding="utf-8")
    path.write_text(text + "\nquestions: []\n", encoding="utf-8")
    with pytest.raises(QuizError, match="'questions' is given twice"):
        load_bank(path)


def test_a_bank_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("id: café\n".encode("latin-1"))
    with pytest.raises(QuizError, match="not valid UTF-8"):
        load_bank(path)


def test_nan_and_inf_are_no_answers(tmp_path):
    raw = yaml.safe_load(bank_path("ukraine_geography").read_text(encoding="utf-8"))
    numeric = next(q for q in raw["questions"] if q["type"] == "numeric")
    for bad in (".nan", ".inf"):
        numeric["answer"] = float(bad.replace(".", ""))
        with pytest.raises(QuizError, match="finite"):
            parse_bank(raw)


def test_choices_that_differ_only_in_case_are_refused():
    raw = yaml.safe_load(bank_path("summit_participants").read_text(encoding="utf-8"))
    single = next(q for q in raw["questions"] if q["type"] == "single")
    single["choices"]["shouted"] = next(iter(single["choices"].values())).upper()
    with pytest.raises(QuizError, match="repeated"):
        parse_bank(raw)


@pytest.mark.parametrize(
    "written, read_as",
    [("03700", "1984"), ("0x7B0", "1968"), ("1_944", "1944"), ("32:24", "1944"), ("no", "False"), ("on", "True")],
)
def test_values_yaml_1_1_misreads_are_refused_with_the_line(written, read_as, tmp_path):
    """pyyaml reads YAML 1.1: an unquoted `03700` is octal 1984, `32:24` base 60, `no` a boolean."""
    text = bank_path("ukraine_geography").read_text(encoding="utf-8")
    field = "answer: 1944" if read_as not in ("False", "True") else "answer: false"
    assert field in text
    line = text[: text.index(field)].count("\n") + 1
    path = tmp_path / "ukraine_geography.yaml"
    path.write_text(text.replace(field, f"answer: {written}", 1), encoding="utf-8")
    with pytest.raises(QuizError, match=f"line {line}: '{written}' is read by YAML as {read_as}"):
        load_bank(path)
    path.write_text(text.replace(field, f"answer: '{written}'", 1), encoding="utf-8")  # quoted: taken as written
    try:
        question = load_bank(path).question("border-russia")
    except QuizError as error:  # text where a number or true/false belongs: refused by the model, not YAML
        assert "read by YAML" not in str(error)
    else:
        assert question.answer == float(written.lstrip("0").replace("_", ""))
