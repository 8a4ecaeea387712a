"""Matching hand-ins to a class list: by hub user, else by name, fuzzily but never silently."""

from __future__ import annotations

import pytest

from lesson_tools.teacher import TeacherError
from lesson_tools.teacher.roster import Person, Student, load_roster, match
from lesson_tools.teacher.spreadsheet import no_formula

ROSTER = """id;name;email;username;section
1001;Zoë Brun;zoe.brun@school.example;student-1;2B
1002;Sam Lee;sam.lee@school.example;;2B
1003;Alex Martin;alex.m@school.example;;2A
1004;Alex Martin;alex.martin2@school.example;;2A
1005;Noor Haddad;noor@school.example;;2A
"""


@pytest.fixture
def roster(tmp_path) -> list[Student]:
    path = tmp_path / "roster.csv"
    path.write_text("\ufeff" + ROSTER, encoding="utf-8")  # as Excel saves "CSV UTF-8", in a ';' locale
    return load_roster(path)


def test_a_roster_reads_with_semicolons_and_a_byte_order_mark(roster):
    assert [s.id for s in roster] == ["1001", "1002", "1003", "1004", "1005"]
    assert roster[0] == Student("1001", "Zoë Brun", "zoe.brun@school.example", "student-1", "2B")


def test_each_way_of_matching_and_what_is_left_for_a_human(roster):
    people = [
        Person("user:student-1", "student-1", "Zozo"),  # the hub user decides, whatever name was typed
        Person("sam lee", None, "  SAM   lee "),  # same name, other case and spacing: sure
        Person("noor hadad", None, "Noor Hadad"),  # a typo: matched, with a note
        Person("alex martin", None, "Alex Martin"),  # two students of that name: not guessed
        Person("renamed", None, "Kim Park"),  # nobody of that name: an extra hand-in
    ]
    result = match(roster, people)
    assert result.matched == {"1001": ["user:student-1"], "1002": ["sam lee"], "1005": ["noor hadad"]}
    assert [p.name for p in result.unmatched] == ["Alex Martin", "Kim Park"]
    assert any("Noor Hadad" in n and "similar name: check" in n for n in result.notes)
    assert any("name of 2 students" in n for n in result.notes)
    assert [s.id for s in result.missing(roster)] == ["1003", "1004"]


def test_two_hand_ins_of_one_quiz_for_one_student_are_not_entered(roster):
    quiz = frozenset({"security_guarantee"})
    result = match(roster, [Person("a", None, "Sam Lee", quiz), Person("b", None, "Sam  Lee.", quiz)])
    assert "1002" not in result.matched and len(result.unmatched) == 2
    assert any("two hand-ins of one quiz match Sam Lee" in n for n in result.notes)


def test_a_name_typed_two_ways_in_two_quizzes_is_one_student(roster):
    result = match(roster, [Person("zoë brun", None, "Zoë Brun", frozenset({"q1"})),
                            Person("zoe brun", None, "Zoe Brun", frozenset({"q2"}))])  # fmt: skip
    assert result.matched == {"1001": ["zoë brun", "zoe brun"]} and not result.unmatched


@pytest.mark.parametrize(
    "text, problem",
    [
        ("name,email\nA,a@x\n", "line 1: the roster needs an 'id' column"),
        ("id,name\n1,Ann\n1,Bob\n", "line 3: id '1' is also on line 2"),
        ("id,name\n1,\n", "line 2: every student needs an id and a name"),
    ],
)
def test_a_bad_roster_names_the_line(tmp_path, text, problem):
    path = tmp_path / "class.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TeacherError, match=problem):
        load_roster(path)


def test_first_and_last_name_columns_make_the_name(tmp_path):
    path = tmp_path / "moodle-export.csv"
    path.write_text("First name,Last name,ID number,Email address\nZoë,Brun,1001,z@x\n", encoding="utf-8")
    assert load_roster(path) == [Student("1001", "Zoë Brun", "z@x")]


@pytest.mark.parametrize(
    "cell, shown",
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("Alex;=1+1", "Alex;'=1+1"),  # a ';' locale splits here: the part after it is guarded too
        ("Alex, -2+3", "Alex, '-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Zoë Brun", "Zoë Brun"),
        ("Jean-Luc", "Jean-Luc"),
    ],
)
def test_no_cell_or_part_of_one_becomes_a_formula(cell, shown):
    assert no_formula(cell) == shown
