"""The class list, and which hand-in belongs to which student on it: by hub user where there is one,
else by name, fuzzily but never silently. Unmatched hand-ins and students without one are listed.

A roster is a CSV file (comma or semicolon, UTF-8 with or without a byte-order mark) with a header
row. Columns are found by name, in any case: `id` (or "ID number", "student id"; required),
`name` (or "full name", or "first name" + "last name"; required), and optionally `email`,
`username` (the hub user: "hub user", "login") and `section`.
"""

from __future__ import annotations

import csv
import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lesson_tools.teacher import TeacherError

SIMILAR = 0.85
"""How alike two names must be (difflib's ratio, accents and case ignored) to be matched with a note."""

ALIASES = {
    "id": ("id", "id number", "idnumber", "student id", "student number", "sis user id"),
    "name": ("name", "full name", "student", "student name"),
    "first": ("first name", "firstname", "given name"),
    "last": ("last name", "lastname", "surname", "family name"),
    "email": ("email", "email address", "e-mail", "mail"),
    "username": ("username", "user name", "hub user", "login", "user"),
    "section": ("section", "class", "group"),
}


@dataclass(frozen=True)
class Student:
    """One line of the class list."""

    id: str
    name: str
    email: str = ""
    username: str = ""
    section: str = ""


@dataclass(frozen=True)
class Person:
    """Who handed in, as the hand-ins say: the gradebook's key, the hub user (if any), the name typed,
    and the quizzes handed in under that key (a name typed two ways in two quizzes is one student)."""

    key: str
    user: str | None
    name: str
    quizzes: frozenset[str] = frozenset()


@dataclass
class Matching:
    """Roster id → the keys of the hand-ins matched to that student; what matched nothing; what to check."""

    matched: dict[str, list[str]] = field(default_factory=dict)
    unmatched: list[Person] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def missing(self, roster: list[Student]) -> list[Student]:
        """Students on the list with no hand-in matched to them."""
        return [student for student in roster if student.id not in self.matched]


def load_roster(path: str | Path) -> list[Student]:
    """Read a class list; TeacherError names the file, the line and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TeacherError(f"{path}: no such roster file") from None
    except UnicodeDecodeError:
        raise TeacherError(f"{path}: not UTF-8 text; save the class list as CSV UTF-8") from None
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    if not rows:
        raise TeacherError(f"{path}: the roster is empty; it needs a header row (id, name, email, ...)")
    columns = _columns(path, rows[0])
    students, seen = [], {}
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        cell = lambda key: row[columns[key]].strip() if key in columns and columns[key] < len(row) else ""  # noqa: E731
        name = cell("name") or " ".join(part for part in (cell("first"), cell("last")) if part)
        if not cell("id") or not name:
            raise TeacherError(f"{path}, line {line}: every student needs an id and a name")
        if cell("id") in seen:
            raise TeacherError(f"{path}, line {line}: id {cell('id')!r} is also on line {seen[cell('id')]}")
        seen[cell("id")] = line
        students.append(Student(cell("id"), name, cell("email"), cell("username"), cell("section")))
    return students


def _columns(path: Path, header: list[str]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        for key, names in ALIASES.items():
            if title.strip().casefold() in names and key not in found:
                found[key] = index
    if "id" not in found or not ("name" in found or {"first", "last"} <= found.keys()):
        raise TeacherError(
            f"{path}, line 1: the roster needs an 'id' column and a 'name' column (or 'first name' and "
            f"'last name'); found {', '.join(repr(h) for h in header)}"
        )
    return found


def plain(name: str) -> str:
    """A name without accents, case or extra spaces: 'Zoë  BRUN' and 'zoe brun' read the same."""
    letters = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in letters if not unicodedata.combining(c)).casefold().split())


def match(roster: list[Student], people: list[Person]) -> Matching:
    """Match each person who handed in to a student of the roster (see the module docstring)."""
    result = Matching()
    by_user = {}
    for student in roster:
        for handle in {student.username, student.email.split("@")[0] if student.email else "", student.id} - {""}:
            by_user.setdefault(handle.casefold(), []).append(student)
    by_name: dict[str, list[Student]] = {}
    for student in roster:
        by_name.setdefault(plain(student.name), []).append(student)
    claimed: dict[str, list[Person]] = {}
    refused: set[str] = set()
    for person in people:
        student, how = _find(person, by_user, by_name, result)
        if student is None:
            result.unmatched.append(person)
            continue
        others = claimed.setdefault(student.id, [])
        clash = [other for other in others if other.quizzes & person.quizzes]
        if clash or student.id in refused:
            names = ", ".join(repr(p.name) for p in [*clash, person])
            result.notes.append(
                f"two hand-ins of one quiz match {student.name} ({student.id}): {names}; "
                "none of that student's is entered: decide by hand"
            )
            refused.add(student.id)
            result.unmatched += [*others, person]
            others.clear()
            result.matched.pop(student.id, None)
            continue
        others.append(person)
        result.matched.setdefault(student.id, []).append(person.key)
        if how:
            result.notes.append(how)
    return result


def _find(
    person: Person, by_user: dict[str, list[Student]], by_name: dict[str, list[Student]], result: Matching
) -> tuple[Student | None, str]:
    """The roster student this person is, and a note when the match needs a human look ('' when sure)."""
    if person.user:
        found = by_user.get(person.user.casefold(), [])
        if len(found) == 1:
            return found[0], ""
    same = by_name.get(plain(person.name), [])
    if len(same) == 1:
        return same[0], ""
    if len(same) > 1:
        result.notes.append(
            f"'{person.name}' is the name of {len(same)} students on the roster "
            f"({', '.join(s.id for s in same)}): not entered; match by hand"
        )
        return None, ""
    close = difflib.get_close_matches(plain(person.name), list(by_name), n=2, cutoff=SIMILAR)
    if len(close) == 1 and len(by_name[close[0]]) == 1:
        student = by_name[close[0]][0]
        return student, f"'{person.name}' matched to {student.name} ({student.id}) by a similar name: check"
    return None, ""
