"""The course book and the platform formats, checked against each platform's documented import rules.

Moodle, "Grade import" (https://docs.moodle.org/311/en/Grade_import): a header row; the student is
found by the column the teacher maps to "ID number" (useridnumber) or "Email address" (useremail);
each other column maps to a grade item; an empty cell is "no grade"; values are numbers (not above
100 unless the site allows it). Moodle's grade/import/csv/classes/load_data.php does the same.

Canvas, "How do I import grades in the Gradebook?" (community.canvaslms.com/t5/Instructor-Guide/
How-do-I-import-grades-in-the-Gradebook/ta-p/807), as canvas-lms lib/gradebook_importer.rb reads it:
column 1 "Student", column 2 "ID", then "SIS User ID", "SIS Login ID", and "Section" last of the
student columns; a row whose first cell is "Points Possible"; every other column is an assignment
(a new title makes a new assignment, so per-question columns would each become one); columns whose
title contains Current/Final/Override Score/Points/Grade are dropped; students are matched by ID,
then SIS User ID, then SIS Login ID.

Google Classroom documents no CSV grade import: the package writes a sheet to copy from and says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
import shutil

import pytest

from lesson_tools.cli import main
from lesson_tools.teacher import TeacherError
from lesson_tools.teacher.exports import course_table, write_export
from lesson_tools.teacher.gradebook import grade_course
from lesson_tools.teacher.roster import load_roster
from lesson_utils.quiz import QuizSession, load_bank

QUIZZES = ["security_guarantee", "ukraine_geography"]
ROSTER = """id,name,email,username,section
1001,Zoë Brun,zoe.brun@school.example,,2B
1002,Sam Lee,sam.lee@school.example,,2B
1003,Alex Martin,alex.m@school.example,,2A
1004,Alex Martin,alex.martin2@school.example,,2A
1005,Noor Haddad,noor@school.example,,2A
"""
DUE = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)


def hand_in(folder, logs, quiz: str, student: str, right: int, when: str, rename: str | None = None) -> None:
    bank = load_bank(quiz)
    session = QuizSession(bank, student, logs)
    rng = random.Random(right)
    for n, question in enumerate(bank.questions):
        session.answer(question.id, question.right_response(rng) if n < right else question.wrong_response(rng))
    path = session.hand_in()
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["handed_in_at"] = when
    (folder / (rename or path.name)).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    """Two quizzes; a student with none (Noor), an extra hand-in (Kim), two Alex Martins on the roster, a renamed file."""
    root = tmp_path_factory.mktemp("class")
    folder, logs = root / "handins", root / "logs"
    folder.mkdir()
    hand_in(folder, logs, QUIZZES[0], "Zoë Brun", 13, "2026-12-01T10:00:00+00:00")
    hand_in(folder, logs, QUIZZES[1], "Zoe Brun", 5, "2026-12-01T13:30:00+00:00")  # late, typed without the ë
    hand_in(folder, logs, QUIZZES[0], "Sam Lee", 4, "2026-12-01T11:00:00+00:00", rename="sam's quiz.json")
    hand_in(folder, logs, QUIZZES[0], "Alex Martin", 9, "2026-12-01T11:00:00+00:00")
    hand_in(folder, logs, QUIZZES[0], "Kim Park", 2, "2026-12-01T11:00:00+00:00")
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return folder, root / "roster.csv"


@pytest.fixture(scope="module")
def course(klass):
    folder, roster = klass
    return course_table(grade_course(folder), load_roster(roster), DUE)


def read(path, encoding="utf-8"):
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def test_the_course_book_has_every_student_on_the_list_and_every_hand_in(course):
    rows = {(r.name, r.student.id if r.student else None): r for r in course.rows}
    zoe = rows["Zoë Brun", "1001"]
    assert zoe.points[QUIZZES[0]] is not None and zoe.points[QUIZZES[1]] is not None  # 'Zoe' matched, with a note
    assert zoe.late == [f"{QUIZZES[1]} 1.5 h late"]
    assert rows["Noor Haddad", "1005"].points == {QUIZZES[0]: None, QUIZZES[1]: None}  # listed, never dropped
    assert rows["Sam Lee", "1002"].points[QUIZZES[0]] is not None  # the renamed file still counts
    assert ("Kim Park", None) in rows and ("Alex Martin", None) in rows  # not guessed: left for the teacher
    assert rows["Alex Martin", "1003"].points[QUIZZES[0]] is None
    assert any("Kim Park" in line for line in course.unmatched)
    assert any("name of 2 students" in note for note in course.notes)
    assert any("no hand-in at all" in note and "Noor Haddad" in note for note in course.notes)


def test_moodle_gets_an_id_column_and_one_number_per_quiz(course, tmp_path):
    table = read(write_export(course, "moodle", tmp_path))
    header, body = table[0], table[1:]
    assert header[:2] == ["ID number", "Email address"] and not header[0].startswith("\ufeff")
    assert header[3:] == [load_bank(q).title for q in QUIZZES]  # one grade item per quiz, none per question
    assert {row[0] for row in body} <= {"1001", "1002", "1003", "1004", "1005"}  # unmatched hand-ins are not sent
    for row in body:
        assert all(cell == "" or (cell.isdigit() and int(cell) <= 100) for cell in row[3:]), row


def test_canvas_gets_its_student_columns_and_a_points_possible_row(course, tmp_path):
    table = read(write_export(course, "canvas", tmp_path))
    header, possible, body = table[0], table[1], table[2:]
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert possible[0] == "Points Possible" and possible[5:] == [str(load_bank(q).max_points) for q in QUIZZES]
    assert not any(re.search(r"(Current|Final|Override|Unposted).*(Score|Points|Grade)", h) for h in header[5:])
    assert len(header) == 5 + len(QUIZZES)  # per-question columns would each become an assignment
    assert {row[2] for row in body} <= {"1001", "1002", "1003", "1004", "1005"} and all(row[0] for row in body)


def test_classroom_gets_a_sheet_to_copy_from(course, tmp_path):
    header, *body = read(write_export(course, "classroom", tmp_path), encoding="utf-8-sig")
    assert header[:2] == ["Email", "Name"] and any(row[0] == "zoe.brun@school.example" for row in body)


def test_platform_formats_need_the_class_list(klass, tmp_path):
    folder, _ = klass
    with pytest.raises(TeacherError, match="Moodle matches grades only by ID number, username or e-mail"):
        write_export(course_table(grade_course(folder)), "moodle", tmp_path)


def test_one_command_from_a_folder_and_a_class_list_to_the_import_file(klass, tmp_path, capsys):
    folder, roster = klass
    copy = tmp_path / "handins"
    shutil.copytree(folder, copy)
    out = tmp_path / "marks"
    code = main(["gradebook", str(copy), "--out", str(out), "--course", "--roster", str(roster),
                 "--format", "moodle", "--due", "2026-12-01T13:00+01:00"])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert (out / "moodle-grades.csv").is_file() and (out / "coursebook.csv").is_file()
    for quiz in QUIZZES:
        assert (out / quiz / "gradebook.csv").is_file() and (out / quiz / "report.html").is_file()
    assert "Hand-ins on no roster line" in printed and "Kim Park" in printed
    late = {row[0]: row for row in read(out / "coursebook.csv", encoding="utf-8-sig")}
    assert "late" in late["Zoë Brun"][-2]
