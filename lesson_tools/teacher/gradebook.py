"""The gradebook: read a folder of hand-in files, re-score every answer from the answer key, report.

A hand-in's own score is never used: each student's latest answer to each question goes through
`lesson_utils.quiz.check`, the function that marked it in the student's session, against the
teacher's bank. Files that cannot be graded (unreadable, cut off, another quiz, an older duplicate)
are listed with the reason and the rest are graded; anything worth a second look (a hand-in for
another version of the bank, an edited score) is graded and noted.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from lesson_tools.teacher import TeacherError, load_keyed_bank
from lesson_tools.teacher.answer_key import country_names, page
from lesson_tools.teacher.chart import bar_chart
from lesson_tools.teacher.spreadsheet import no_formula
from lesson_tools.teacher.student_copy import student_version
from lesson_utils.i18n import _
from lesson_utils.quiz.answers import ResponseError, check, parse
from lesson_utils.quiz.bank import Bank, QuestionBase
from lesson_utils.quiz.handin import HandIn, HandInError, read_handin

MISSED_BELOW = 50.0
"""A question 'most students missed' is one fewer than this percentage of students got right."""


@dataclass(frozen=True)
class Submission:
    """A hand-in as the gradebook grades it: the file it came from, and what it says."""

    path: Path
    handin: HandIn

    @property
    def student(self) -> str:
        return self.handin.student

    @property
    def user(self) -> str | None:
        """The JupyterHub user who handed in (None off a hub)."""
        return self.handin.user

    @property
    def key(self) -> str:
        """Who this is for the gradebook: the hub user where there is one, else the typed name."""
        return f"user:{self.user}" if self.user else self.student.casefold()

    @property
    def quiz_id(self) -> str:
        return self.handin.quiz_id

    @property
    def bank_version(self) -> str:
        return self.handin.bank_version

    @property
    def handed_in_at(self) -> dt.datetime:
        return self.handin.moment

    @property
    def responses(self) -> dict[str, Any]:
        """The latest answer to each question: the one that counts."""
        return self.handin.latest()

    @property
    def claimed_points(self) -> int | None:
        return self.handin.score.points if self.handin.score else None


@dataclass
class Graded:
    """One student's re-scored hand-in; `points` is None for a question left unanswered."""

    handin: Submission
    points: dict[str, int | None]
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(p or 0 for p in self.points.values())


@dataclass
class Gradebook:
    """A quiz's graded hand-ins and the files that could not be graded."""

    bank: Bank
    graded: list[Graded]
    skipped: list[str]
    """One line per file not graded, with the reason."""

    @property
    def notes(self) -> list[str]:
        return [f"{g.handin.path.name}: {note}" for g in self.graded for note in g.notes]

    def percent(self, graded: Graded) -> float:
        return round(100 * graded.total / self.bank.max_points, 1)

    def table(self) -> pd.DataFrame:
        """A row per student, a column per question (points; blank if unanswered), total and percent."""
        ids = [q.id for q in self.bank.questions]
        rows = [{"student": g.handin.student, "user": g.handin.user or "", "handed_in_at": g.handin.handed_in_at.isoformat(),
                 "file": g.handin.path.name, **g.points, "total": g.total, "max_points": self.bank.max_points,
                 "percent": self.percent(g), "notes": "; ".join(g.notes)} for g in self.graded]  # fmt: skip
        columns = ["student", "user", "handed_in_at", "file", *ids, "total", "max_points", "percent", "notes"]
        return pd.DataFrame(rows, columns=columns).astype({i: "Int64" for i in ids})

    def questions(self) -> pd.DataFrame:
        """Item analysis: per question, how many answered, the percent right, the most common wrong answer."""
        names = country_names(self.bank)
        rows = []
        for question in self.bank.questions:
            answered = [g for g in self.graded if g.points[question.id] is not None]
            right = sum(1 for g in answered if g.points[question.id])
            wrong = Counter(
                _key(question, g.handin.responses[question.id]) for g in answered if not g.points[question.id]
            )
            common, count = wrong.most_common(1)[0] if wrong else (None, 0)
            rows.append({
                "question": question.id, "prompt": question.prompt, "section": question.section,
                "points": question.points, "answered": len(answered), "right": right,
                "percent_right": round(100 * right / len(self.graded), 1) if self.graded else math.nan,
                "common_wrong_answer": show_response(question, json.loads(common), names) if common else "",
                "common_wrong_count": count,
            })  # fmt: skip
        return pd.DataFrame(rows)

    def most_missed(self) -> pd.DataFrame:
        """Questions fewer than half the students got right, hardest first."""
        items = self.questions()
        return items[items["percent_right"] < MISSED_BELOW].sort_values("percent_right", kind="stable")

    def summary(self) -> list[str]:
        """A few lines for the terminal, in the teacher's language (`i18n`)."""
        bank = self.bank
        lines = [
            _('Quiz {quiz} ("{title}"): {n} questions, {points} points.').format(
                quiz=bank.id, title=bank.title, n=len(bank.questions), points=bank.max_points
            )
        ]
        if self.graded:
            percents = pd.Series([self.percent(g) for g in self.graded])
            lines.append(
                _(
                    "Graded {n} student(s): mean {mean:.1f}%, median {median:.1f}%, lowest {lowest:.1f}%, "
                    "highest {highest:.1f}%."
                ).format(
                    n=len(self.graded),
                    mean=percents.mean(),
                    median=percents.median(),
                    lowest=percents.min(),
                    highest=percents.max(),
                )
            )
            missed = self.most_missed()
            right = [
                _("{question} ({percent:.0f}% right)").format(question=r.question, percent=r.percent_right)
                for r in missed.itertuples()
            ]
            lines.append(
                _("Most missed: {questions}.").format(questions=", ".join(right))
                if len(missed)
                else _("No question was missed by more than half of the students.")
            )
        else:
            lines.append(_("No hand-in could be graded."))
        return lines


def grade(folder: str | Path, quiz: str | None = None, exclude: Path | None = None) -> Gradebook:
    """Grade every hand-in under `folder` (subfolders too) for `quiz`, by default the quiz most files are for."""
    folder = Path(folder)
    handins, skipped = read_folder(folder, exclude)
    bank = load_keyed_bank(quiz or _most_common_quiz(handins, skipped, folder), "grade")
    return grade_quiz(bank, handins, skipped, folder)


def grade_course(folder: str | Path, quizzes: list[str] | None = None, exclude: Path | None = None) -> list[Gradebook]:
    """One gradebook per quiz found under `folder` (or per quiz asked for), reading every file once."""
    folder = Path(folder)
    handins, skipped = read_folder(folder, exclude)
    found = sorted({h.quiz_id for h in handins})
    if not found and not quizzes:
        _most_common_quiz(handins, skipped, folder)  # raises: nothing could be read, and says why
    books = []
    for quiz in quizzes or found:
        bank = load_keyed_bank(quiz, "grade")
        books.append(grade_quiz(bank, [h for h in handins if h.quiz_id == bank.id], list(skipped), folder))
    return books


def read_folder(folder: Path, exclude: Path | None = None) -> tuple[list[Submission], list[str]]:
    """Every readable hand-in under `folder`, and a line for each file that is not one."""
    if not folder.is_dir():
        raise TeacherError(f"{folder} is not a folder: give the folder holding the students' .handin.json files.")
    handins, skipped = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _ignored(p, folder, exclude)):
        if path.suffix.lower() != ".json":
            hint = " (a student's answer log: ask for the .handin.json file)" if path.suffix == ".jsonl" else ""
            skipped.append(f"{_rel(path, folder)}: not a .json hand-in file{hint}")
            continue
        try:
            handins.append(Submission(path, read_handin(path)))
        except HandInError as error:
            skipped.append(f"{_rel(path, folder)}: {error}")
    return handins, skipped


def grade_quiz(bank: Bank, handins: list[Submission], skipped: list[str], folder: Path) -> Gradebook:
    """Grade the hand-ins for one bank: each student's latest, re-scored from the key."""
    versions = {bank.version, student_version(bank)}
    latest: dict[str, Submission] = {}
    replaced: dict[str, list[str]] = {}
    for handin in handins:
        if handin.quiz_id != bank.id:
            skipped.append(f"{_rel(handin.path, folder)}: a hand-in for quiz '{handin.quiz_id}', not '{bank.id}'")
        elif handin.responses and not handin.responses.keys() & {q.id for q in bank.questions}:
            skipped.append(f"{_rel(handin.path, folder)}: none of its answers is to a question of quiz '{bank.id}'")
        else:
            _keep_latest(latest, replaced, handin, skipped, folder)
    graded = []
    for key, handin in latest.items():
        try:
            graded.append(_score(bank, handin, versions, replaced.get(key, [])))
        except (ArithmeticError, RecursionError, ValueError, TypeError) as error:  # one odd file never stops the class
            skipped.append(f"{_rel(handin.path, folder)}: could not be graded ({type(error).__name__}: {error})"[:300])
    graded.sort(key=lambda g: (g.handin.student.casefold(), g.handin.user or ""))
    return Gradebook(bank, graded, skipped)


def _ignored(path: Path, folder: Path, exclude: Path | None) -> bool:
    """Hidden files and the gradebook's own output folder are not hand-ins."""
    if exclude is not None and path.resolve().is_relative_to(exclude.resolve()):
        return True
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


FUTURE_SLACK = dt.timedelta(minutes=10)
"""How far ahead of this computer's clock a student's clock may run before a hand-in time is doubted."""


def in_future(moment: dt.datetime) -> bool:
    """A hand-in time later than now (give or take a wrong clock): the file was edited, or forged."""
    return moment > dt.datetime.now(dt.timezone.utc) + FUTURE_SLACK


def _utc(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M} UTC"


def _rel(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def _most_common_quiz(handins: list[Submission], skipped: list[str], folder: Path) -> str:
    counts = Counter(h.quiz_id for h in handins).most_common()
    if not counts:
        found = "\n".join(f"  {line}" for line in skipped) or "  (no files at all)"
        raise TeacherError(f"no hand-in file could be read in {folder}:\n{found}")
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        tied = ", ".join(f"{quiz} ({n} files)" for quiz, n in counts)
        raise TeacherError(
            f"the folder holds hand-ins for several quizzes, equally many: {tied}. Choose one with --quiz."
        )
    return counts[0][0]


def _keep_latest(
    latest: dict[str, Submission], replaced: dict[str, list[str]], handin: Submission, skipped: list[str], folder: Path
) -> None:
    """Keep each student's latest hand-in; the earlier one is listed as not graded, and why."""
    key = handin.key
    other = latest.setdefault(key, handin)
    if other is handin:
        return
    # a time in the future was typed into the file: it never wins over a real one
    newer, older = sorted((handin, other), key=lambda h: (not in_future(h.handed_in_at), h.handed_in_at))[::-1]
    latest[key] = newer
    replaced.setdefault(key, []).append(_rel(older.path, folder))
    if older.handed_in_at == newer.handed_in_at and older.responses != newer.responses:
        skipped.append(
            f"{_rel(older.path, folder)}: conflicts with {_rel(newer.path, folder)} (the same time, "
            f"{_utc(older.handed_in_at)}, but different answers): check with {older.student}; only "
            f"{_rel(newer.path, folder)} is graded"
        )
    elif older.handed_in_at == newer.handed_in_at:
        skipped.append(
            f"{_rel(older.path, folder)}: a copy of {_rel(newer.path, folder)} (the same hand-in by "
            f"{older.student}, {_utc(older.handed_in_at)}), graded once"
        )
    else:
        skipped.append(
            f"{_rel(older.path, folder)}: an earlier hand-in by {older.student} "
            f"({_utc(older.handed_in_at)}); the later {_rel(newer.path, folder)} "
            f"({_utc(newer.handed_in_at)}) is graded instead"
        )


def _score(bank: Bank, handin: Submission, versions: set[str | None], replaced: list[str]) -> Graded:
    points = {q.id: (q.points if check(q, handin.responses[q.id]) else 0) if q.id in handin.responses else None
              for q in bank.questions}  # fmt: skip
    graded = Graded(handin, points)
    if replaced:
        graded.notes.append(f"other hand-ins by this student were not graded: {', '.join(replaced)}")
    if in_future(handin.handed_in_at):
        graded.notes.append(
            f"handed in at {_utc(handin.handed_in_at)}, a time still to come: the file's time was changed, "
            "or the student's clock is wrong; check with the student"
        )
    if handin.bank_version not in versions:
        graded.notes.append(
            f"written for another version of the quiz (file {handin.bank_version}, now "
            f"{bank.version}); graded against the current questions"
        )
    unknown = sorted(handin.responses.keys() - points.keys())
    if unknown:
        graded.notes.append(f"answers to questions no longer in the quiz were not scored: {', '.join(unknown)}")
    if handin.claimed_points is not None and handin.claimed_points != graded.total:
        graded.notes.append(
            f"the file says {handin.claimed_points} points, re-scored {graded.total} "
            "(a hand-in's own score is never used)"
        )
    return graded


def _key(question: QuestionBase, response: Any) -> str:
    """One spelling per answer, so equal answers typed differently are counted together."""
    try:
        response = parse(question, response)
    except ResponseError:
        pass
    return json.dumps(response, sort_keys=True, ensure_ascii=False)


def show_response(question: QuestionBase, value: Any, names: dict[str, str] | None = None) -> str:
    """A response in words, as a teacher reads it in the report."""
    return question.describe(value, names or {})


def write(gradebook: Gradebook, out_dir: str | Path) -> tuple[Path, Path]:
    """Write gradebook.csv (UTF-8 with a BOM, so spreadsheets read accents) and report.html."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    table = gradebook.table()
    for column in ("student", "file", "notes"):
        table[column] = table[column].map(no_formula)
    csv_path, html_path = out / "gradebook.csv", out / "report.html"
    table.to_csv(csv_path, index=False, encoding="utf-8-sig")
    html_path.write_text(report_html(gradebook), encoding="utf-8")
    return csv_path, html_path


def report_html(gradebook: Gradebook) -> str:
    """The report page: summary, files not graded, score distribution, most missed questions, items, students."""
    e = html.escape
    bank = gradebook.bank
    parts = [
        f"<h1>Gradebook: {e(bank.title)}</h1>",
        f"<p>Quiz <code>{e(bank.id)}</code>, bank version <code>{e(bank.version)}</code>. Every answer was "
        "re-scored from the answer key; scores written in hand-in files are not used.</p>",
        "<ul>" + "".join(f"<li>{e(line)}</li>" for line in gradebook.summary()) + "</ul>",
    ]
    for title, lines in (("Files not graded", gradebook.skipped), ("Graded, with a note", gradebook.notes)):
        if lines:
            parts.append(f"<h2>{title}</h2><ul>" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>")
    if gradebook.graded:
        items = gradebook.questions()
        parts += ["<h2>Score distribution</h2>", _distribution(gradebook), "<h2>Questions most students missed</h2>",
                  _missed(gradebook.most_missed()), "<h2>Questions</h2>", _items(items),
                  "<h2>Students</h2>", _students(gradebook)]  # fmt: skip
    return page(f"Gradebook: {bank.title}", "\n".join(parts))


def _distribution(gradebook: Gradebook) -> str:
    """A bar chart of students per 10-point band, and the same in words."""
    bands = [f"{low}–{low + 9}%" for low in range(0, 90, 10)] + ["90–100%"]
    counts = Counter(min(int(gradebook.percent(g) // 10), 9) for g in gradebook.graded)
    described = "; ".join(f"{band}: {counts[i]}" for i, band in enumerate(bands) if counts.get(i))
    return (
        bar_chart(
            bands, [counts.get(i, 0) for i in range(10)], "Students by score", "Score", "Students", unit="student(s)"
        )
        + f"<p>Students per score band: {html.escape(described)}.</p>"
    )


def _missed(missed: pd.DataFrame) -> str:
    if missed.empty:
        return "<p>No question was missed by more than half of the students.</p>"
    return "<ol>" + "".join(
        f"<li><code>{html.escape(r.question)}</code> ({r.percent_right:.0f}% right): {html.escape(r.prompt)}"
        + (f" Most common wrong answer: <em>{html.escape(r.common_wrong_answer)}</em>."
           if r.common_wrong_answer else "")
        + "</li>" for r in missed.itertuples()) + "</ol>"  # fmt: skip


def _items(items: pd.DataFrame) -> str:
    head = (
        "<tr><th>Question</th><th>Prompt</th><th>Lesson section</th><th>Points</th><th>Answered</th>"
        "<th>% right</th><th>Most common wrong answer</th></tr>"
    )
    rows = "".join(
        f"<tr><td><code>{html.escape(r.question)}</code></td><td>{html.escape(r.prompt)}</td>"
        f"<td>{html.escape(r.section)}</td><td class=number>{r.points}</td><td class=number>{r.answered}</td>"
        f"<td class=number>{r.percent_right:.0f}%</td><td>{html.escape(r.common_wrong_answer)}"
        f"{f' ({r.common_wrong_count})' if r.common_wrong_count else ''}</td></tr>"
        for r in items.itertuples())  # fmt: skip
    return f"<table>{head}{rows}</table>"


def _students(gradebook: Gradebook) -> str:
    head = "<tr><th>Student</th><th>Points</th><th>%</th><th>Handed in</th><th>Notes</th></tr>"
    rows = "".join(
        f"<tr><td>{html.escape(g.handin.student)}</td><td class=number>{g.total} / {gradebook.bank.max_points}</td>"
        f"<td class=number>{gradebook.percent(g):.0f}%</td>"
        f"<td>{_utc(g.handin.handed_in_at)}</td>"
        f"<td>{html.escape('; '.join(g.notes))}</td></tr>" for g in gradebook.graded)  # fmt: skip
    return f"<table>{head}{rows}</table>"
