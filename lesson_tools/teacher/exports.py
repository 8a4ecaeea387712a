"""The course book: one row per student, one column per quiz, written as the school's platform imports it.

`course_table` joins the gradebooks of several quizzes (and, with a roster, the class list: every
student on it has a row, with or without hand-ins, and hand-ins that match nobody are listed
apart). `write_export` writes it in one of the formats of WRITERS; each format's rules, and the documentation they
come from, are in its writer's docstring and in tests/tools/test_exports.py.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lesson_tools.teacher import TeacherError
from lesson_tools.teacher.gradebook import Gradebook, Graded
from lesson_tools.teacher.roster import Matching, Person, Student, match
from lesson_tools.teacher.spreadsheet import no_formula


@dataclass
class Row:
    """One student of the course book: who, and each quiz's points (None: no hand-in)."""

    name: str
    user: str = ""
    student: Student | None = None
    points: dict[str, int | None] = field(default_factory=dict)
    late: list[str] = field(default_factory=list)
    matched: bool = True


@dataclass
class CourseBook:
    books: list[Gradebook]
    rows: list[Row]
    unmatched: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def course_table(
    books: list[Gradebook], roster: list[Student] | None = None, due: dt.datetime | None = None
) -> CourseBook:
    """Join the quizzes' gradebooks per student; with a roster, per student on the list."""
    people: dict[str, Row] = {}
    graded: dict[tuple[str, str], Graded] = {}
    for book in books:
        for entry in book.graded:
            key = entry.handin.key
            people.setdefault(key, Row(entry.handin.student, entry.handin.user or ""))
            graded[key, book.bank.id] = entry
    course = CourseBook(books, [])
    if roster is None:
        for key, row in sorted(people.items(), key=lambda item: item[1].name.casefold()):
            _fill(row, [key], books, graded, due)
            course.rows.append(row)
        return course
    quizzes = {key: frozenset(quiz for k, quiz in graded if k == key) for key in people}
    persons = [Person(key, row.user or None, row.name, quizzes[key]) for key, row in people.items()]
    matching: Matching = match(roster, persons)
    course.notes += matching.notes
    for student in roster:
        keys = matching.matched.get(student.id, [])
        row = Row(student.name, ", ".join(sorted({people[k].user for k in keys} - {""})), student)
        _fill(row, keys, books, graded, due)
        course.rows.append(row)
    for person in matching.unmatched:
        row = Row(person.name, person.user or "", None, matched=False)
        _fill(row, [person.key], books, graded, due)
        course.rows.append(row)
        course.unmatched.append(
            f"{person.name}{f' (hub user {person.user})' if person.user else ''}: on no roster line"
        )
    missing = matching.missing(roster)
    if missing:
        course.notes.append("no hand-in at all: " + ", ".join(f"{s.name} ({s.id})" for s in missing))
    return course


def _fill(row: Row, keys: list[str], books: list[Gradebook], graded: dict, due: dt.datetime | None) -> None:
    for book in books:
        entry = next((graded[key, book.bank.id] for key in keys if (key, book.bank.id) in graded), None)
        row.points[book.bank.id] = entry.total if entry else None
        if entry and due and entry.handin.handed_in_at > due:
            late = entry.handin.handed_in_at - due
            row.late.append(f"{book.bank.id} {_duration(late)} late")


def _duration(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.1f} h"


# --- the formats --------------------------------------------------------------------------------


def write_export(course: CourseBook, fmt: str, out_dir: Path) -> Path:
    """Write the course book in `fmt`; TeacherError when the format needs what is missing (a roster)."""
    writer, name = WRITERS[fmt]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / name
    header, rows, encoding = writer(course)
    with path.open("w", encoding=encoding, newline="") as handle:
        table = csv.writer(handle, lineterminator="\r\n")
        table.writerow(header)
        table.writerows([[no_formula(cell) if isinstance(cell, str) else cell for cell in row] for row in rows])
    return path


def _titles(course: CourseBook) -> list[str]:
    return [book.bank.title for book in course.books]


def _points(row: Row, course: CourseBook) -> list[int | str]:
    return ["" if row.points[b.bank.id] is None else row.points[b.bank.id] for b in course.books]


def _plain_csv(course: CourseBook) -> tuple[list[str], list[list], str]:
    """Everything, for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads accents)."""
    maxima = [f"{b.bank.title} (/{b.bank.max_points})" for b in course.books]
    header = ["name", "user", "roster id", "email", "section", *maxima, "late", "on the roster"]
    rows = [
        [row.name, row.user, row.student.id if row.student else "", row.student.email if row.student else "",
         row.student.section if row.student else "", *_points(row, course), "; ".join(row.late),
         "yes" if row.student else ("no" if not row.matched else "")]
        for row in course.rows
    ]  # fmt: skip
    return header, rows, "utf-8-sig"


def _needs_roster(course: CourseBook, platform: str, what: str) -> list[Row]:
    rows = [row for row in course.rows if row.student is not None]
    if not rows:
        raise TeacherError(f"{platform} matches grades only by {what}: give the class list with --roster roster.csv")
    return rows


def _moodle(course: CourseBook) -> tuple[list[str], list[list], str]:
    """Moodle's "Import grades, CSV file": a header row; an identifier column the teacher maps to
    "ID number" or "Email address"; one column per grade item; UTF-8, comma, decimal point."""
    rows = _needs_roster(course, "Moodle", "ID number, username or e-mail")
    header = ["ID number", "Email address", "Full name", *_titles(course)]
    return header, [[r.student.id, r.student.email, r.student.name, *_points(r, course)] for r in rows], "utf-8"


def _canvas(course: CourseBook) -> tuple[list[str], list[list], str]:
    """Canvas's Gradebook import: Student, ID, SIS User ID, SIS Login ID and Section first, then one
    column per assignment (a new name makes a new assignment), and a "Points Possible" row."""
    rows = _needs_roster(course, "Canvas", "its student ID or SIS ID")
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *_titles(course)]
    possible = ["Points Possible", "", "", "", "", *(b.bank.max_points for b in course.books)]
    body = [[r.student.name, "", r.student.id, r.student.username or r.student.email, r.student.section,
             *_points(r, course)] for r in rows]  # fmt: skip
    return header, [possible, *body], "utf-8"


def _classroom(course: CourseBook) -> tuple[list[str], list[list], str]:
    """Google Classroom has no grade import: a sheet to copy the marks from, by e-mail, as Classroom lists students."""
    rows = [row for row in course.rows if row.student is not None] or course.rows
    header = [
        "Email",
        "Name",
        *(f"{t} (/{b.bank.max_points})" for t, b in zip(_titles(course), course.books, strict=True)),
    ]
    body = [[r.student.email if r.student else "", r.name, *_points(r, course)] for r in rows]
    return header, body, "utf-8-sig"


WRITERS: dict[str, tuple[Callable[[CourseBook], tuple[list[str], list[list], str]], str]] = {
    "csv": (_plain_csv, "coursebook.csv"),
    "moodle": (_moodle, "moodle-grades.csv"),
    "canvas": (_canvas, "canvas-grades.csv"),
    "classroom": (_classroom, "classroom-grades.csv"),
}
