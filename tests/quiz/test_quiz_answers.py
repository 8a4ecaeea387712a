"""Parsing and checking responses, per question type: the one check the gradebook reuses."""

from __future__ import annotations

import pytest
from locations import FIXTURES

from lesson_utils.quiz import ResponseError, check, load_bank, parse
from lesson_utils.quiz.answers import parse_number

SAMPLE = load_bank(FIXTURES / "sample.yaml")
RIGHT_RESPONSES = {"capital": "Kyiv", "neighbours": ["Poland", "Slovakia"], "us-absent": False, "border": "1,944 km",
                   "close-enough": 2200, "order": ["Russia", "Moldova", "Belarus"],
                   "leaders": {"Giorgia Meloni": "Italy", "Donald Tusk": "Poland"}, "north": "BLR"}  # fmt: skip


def q(question_id: str):
    return SAMPLE.question(question_id)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1944", 1944), ("1 944", 1944), ("1,944", 1944), ("1944 km", 1944), ("1944km", 1944),
        ("1 944 km", 1944), ("1,944 km", 1944), ("  1944  ", 1944), ("1\u00a0944", 1944), ("1\u202f944", 1944),
        ("1'944", 1944), ("1944 kilometres", 1944), ("1944 KM", 1944), ("1944.", 1944), (1944, 1944),
        (1944.0, 1944), ("2,5", 2.5), ("1944,5", 1944.5), ("0,125", 0.125), (",5", 0.5), ("16.8", 16.8),
        ("1,944.5", 1944.5), ("1.944,5", 1944.5), ("1 944,5", 1944.5), ("1,234,567", 1234567),
        ("1.234.567", 1234567), ("-5", -5), ("\u22125", -5), ("+7", 7),
    ],
)  # fmt: skip
def test_numbers_are_read_the_way_people_type_them(typed, expected):
    assert parse_number(typed, "km") == pytest.approx(expected)


@pytest.mark.parametrize(
    "typed, hint",
    [
        ("", "Type a number"),
        ("   ", "Type a number"),
        ("abc", "not a number"),
        ("about 1944", "not a number"),
        ("1944 miles", "'miles' is not understood"),
        ("1944 kg", "followed by km"),
        ("19 44", "in threes"),
        ("1,94,4", "in threes"),
        ("1.944", "could mean 1944 or 1.944"),
        ("1,944.5.2", "one decimal mark"),
        ("1 944,5.2", "one decimal mark"),
        ("1e3", "not understood"),
        (True, "Type a number"),
        (float("nan"), "ordinary number"),
        ("12abc", "not understood"),
    ],
)
def test_nonsense_is_refused_with_a_message_that_helps(typed, hint):
    with pytest.raises(ResponseError, match=hint):
        parse_number(typed, "km")


def test_a_unit_is_only_accepted_when_the_question_has_one():
    assert parse_number("31") == 31
    with pytest.raises(ResponseError, match="just the number"):
        parse_number("31 km")
    assert parse_number("603 550 km2", "km²") == 603550
    assert parse_number("800 bn", "billion €") == 800


def test_numeric_scoring_uses_the_tolerance():
    assert check(q("border"), "1 944 km")
    assert not check(q("border"), "1945")
    assert check(q("close-enough"), "2,150") and check(q("close-enough"), "2300")
    assert not check(q("close-enough"), "2301")


def test_single_choice_accepts_a_choice_in_any_case_only():
    assert parse(q("capital"), "  kyiv ") == "Kyiv"
    assert check(q("capital"), "Kyiv") and not check(q("capital"), "Lviv")
    with pytest.raises(ResponseError, match="Choose one of the options"):
        parse(q("capital"), None)
    with pytest.raises(ResponseError, match="not one of the options"):
        parse(q("capital"), "Paris")


def test_multiple_select_needs_exactly_the_right_set():
    question = q("neighbours")
    assert check(question, ["Slovakia", "Poland"])
    assert not check(question, ["Poland"])
    assert not check(question, ["Poland", "Slovakia", "Czechia"])
    assert parse(question, ["Slovakia", "Poland", "Poland"]) == ["Poland", "Slovakia"]  # canonical: bank order
    with pytest.raises(ResponseError, match="at least one"):
        parse(question, [])
    with pytest.raises(ResponseError, match="as a list"):
        parse(question, "Poland")


@pytest.mark.parametrize(
    "given, expected", [(False, True), ("false", True), ("No", True), (True, False), ("yes", False)]
)
def test_true_false(given, expected):
    assert check(q("us-absent"), given) is expected


def test_true_false_refuses_other_things():
    with pytest.raises(ResponseError, match="True or False"):
        parse(q("us-absent"), 0)


def test_ordering_is_right_only_in_the_exact_order():
    question = q("order")
    assert check(question, ["Russia", "Moldova", "Belarus"])
    assert not check(question, ["Moldova", "Russia", "Belarus"])
    with pytest.raises(ResponseError, match="used twice: Russia; missing: Belarus"):
        parse(question, ["Russia", "Moldova", "Russia"])
    with pytest.raises(ResponseError, match="exactly one place"):
        parse(question, ["Russia", "Moldova"])
    with pytest.raises(ResponseError, match="Use only the listed items"):
        parse(question, ["Russia", "Moldova", "Poland"])


def test_matching_needs_every_pair_right():
    question = q("leaders")
    assert check(question, {"Giorgia Meloni": "Italy", "Donald Tusk": "Poland"})
    assert not check(question, {"Giorgia Meloni": "Poland", "Donald Tusk": "Italy"})
    assert not check(question, {"Giorgia Meloni": "Italy", "Donald Tusk": "Hungary"})
    with pytest.raises(ResponseError, match="still open: Donald Tusk"):
        parse(question, {"Giorgia Meloni": "Italy", "Donald Tusk": None})
    with pytest.raises(ResponseError, match="Not an item"):
        parse(question, {"Giorgia Meloni": "Italy", "Donald Tusk": "Poland", "Olaf Scholz": "Germany"})
    with pytest.raises(ResponseError, match="Choose matches from the list"):
        parse(question, {"Giorgia Meloni": "Italy", "Donald Tusk": "France"})
    assert list(question.options) == ["Italy", "Poland", "Hungary"]


def test_map_answers_are_iso_codes_of_the_offered_countries():
    question = q("north")
    assert check(question, "BLR") and check(question, "blr")
    assert not check(question, "POL")
    with pytest.raises(ResponseError, match="highlighted countries"):
        parse(question, "FRA")
    with pytest.raises(ResponseError, match="highlighted countries"):
        parse(question, None)


def test_check_never_raises_on_an_unreadable_response():
    """The gradebook re-scores stored responses: an unreadable one is simply wrong."""
    for question in SAMPLE.questions:
        assert check(question, object()) is False
        assert check(question, None) is False


def test_parsed_responses_are_json_ready_and_check_the_same():
    import json

    for question in SAMPLE.questions:
        value = parse(question, RIGHT_RESPONSES[question.id])
        assert json.loads(json.dumps(value)) == value
        assert check(question, value) and check(question, RIGHT_RESPONSES[question.id])


def test_without_the_key_responses_are_read_but_never_checked():
    """A student copy reads items and options from the bank; only the gradebook, with the key, checks."""
    from lesson_tools.teacher.student_copy import student_bank
    from lesson_utils.quiz import QuizError
    from lesson_utils.quiz.bank import parse_bank

    copy = parse_bank(student_bank(SAMPLE))
    order, leaders = copy.question("order"), copy.question("leaders")
    assert parse(order, ["russia", "Moldova", "Belarus"]) == ["Russia", "Moldova", "Belarus"]
    with pytest.raises(ResponseError, match="missing: Belarus"):
        parse(order, ["Russia", "Moldova", "Russia"])
    assert parse(leaders, {"Giorgia Meloni": "italy", "Donald Tusk": "Hungary"}) == {
        "Giorgia Meloni": "Italy",
        "Donald Tusk": "Hungary",
    }
    with pytest.raises(ResponseError, match="Choose matches from the list"):
        parse(leaders, {"Giorgia Meloni": "Italy", "Donald Tusk": "France"})
    for question in copy.questions:
        with pytest.raises(QuizError, match=f"question '{question.id}', field 'answer': has no answer key"):
            check(question, RIGHT_RESPONSES[question.id])


def test_a_number_too_big_for_a_float_is_unreadable_not_a_crash():
    with pytest.raises(ResponseError, match="ordinary number"):
        parse_number(10**400)
    with pytest.raises(ResponseError, match="ordinary number"):
        parse_number("9" * 400)


def test_a_number_error_gives_an_example_that_fits_any_question():
    question = next(q for q in load_bank("summit_participants").questions if q.id == "countries-count")
    with pytest.raises(ResponseError) as error:
        parse(question, "thirty-one")
    message = str(error.value)
    assert "such as 27 or 2.5; the unit (countries) may follow" in message and "1944" not in message
