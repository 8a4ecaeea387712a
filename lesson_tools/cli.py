"""The `lesson-utils` command line for teachers and maintainers: parse, call a module, print.

Every command exits 0 on success and 1 on failure, with a message that says what to do; argparse
itself exits 2 on a mistyped command line. The work happens in `lesson_tools.teacher`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

GUIDE = "lessons/teacher_guide.ipynb"


def validate(args: argparse.Namespace) -> int:
    """Check every data table and quiz bank and report every problem, not just the first."""
    from lesson_tools.teacher.banks import quiz_problems
    from lesson_utils import data

    problems = [str(problem) for problem in data.validate_all()] + quiz_problems()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found in {data.data_dir()}.", file=sys.stderr)
        return 1
    print(f"All tables and quiz banks in {data.data_dir()} are valid.")
    return 0


def answer_key(args: argparse.Namespace) -> int:
    from lesson_tools.teacher import load_keyed_bank
    from lesson_tools.teacher.answer_key import render

    text = render(load_keyed_bank(args.quiz, "print the answer key of"), args.format)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"Wrote the answer key to {args.out}.")
    return 0


def student_copy(args: argparse.Namespace) -> int:
    from lesson_tools.teacher.student_copy import make_student_copy

    result = make_student_copy(args.out_dir, all_assessments=args.all_assessments)
    print(
        f"Wrote the student copy to {result.folder}: {len(result.notebooks)} notebooks "
        f"({result.removed_cells} solution and instructor cells removed, outputs cleared)."
    )
    print(f"Quiz banks without answers (assessment mode): {', '.join(result.answerless_banks) or 'none'}.")
    if result.practice_banks:
        print(f"Practice banks kept with their answers: {', '.join(result.practice_banks)}.")
    print(
        "Publish that folder (not this repository, which holds the answer keys) for Binder or nbgitpuller; "
        f"see {GUIDE}."
    )
    return 0


def gradebook(args: argparse.Namespace) -> int:
    from lesson_tools.teacher import exports
    from lesson_tools.teacher import gradebook as grading
    from lesson_tools.teacher.roster import load_roster

    roster = load_roster(args.roster) if args.roster else None
    course_mode = args.course or len(args.quiz or []) > 1
    if course_mode:
        books = grading.grade_course(args.handin_dir, args.quiz, exclude=args.out)
    else:
        books = [grading.grade(args.handin_dir, (args.quiz or [None])[0], exclude=args.out)]
    for book in books:
        for line in book.summary():
            print(line)
        for title, lines in (("Not graded", book.skipped), ("Graded, with a note", book.notes)):
            if lines:
                print(f"{title} ({len(lines)}):")
                print("\n".join(f"  {line}" for line in lines))
    if not any(book.graded for book in books):
        print(f"Nothing was graded for quiz {', '.join(repr(b.bank.id) for b in books)}.", file=sys.stderr)
        return 1
    for book in books:
        csv_path, html_path = grading.write(book, args.out / book.bank.id if course_mode else args.out)
        print(f"Wrote {csv_path} and {html_path}.")
    if course_mode or roster is not None or args.format or args.due:
        course = exports.course_table(books, roster, args.due)
        for title, lines in (("Check by hand", course.notes), ("Hand-ins on no roster line", course.unmatched)):
            if lines:
                print(f"{title} ({len(lines)}):")
                print("\n".join(f"  {line}" for line in lines))
        for fmt in dict.fromkeys(["csv", *([args.format] if args.format else [])]):
            print(f"Wrote {exports.write_export(course, fmt, args.out)}.")
        if args.format == "classroom":
            print("Google Classroom has no grade import: copy the marks from that sheet into Classroom.")
    return 0


def _moment(text: str) -> dt.datetime:
    """A deadline such as 2026-12-05T18:00 (this computer's time zone) or 2026-12-05T18:00+01:00."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date and time such as 2026-12-05T18:00") from None
    return moment if moment.tzinfo else moment.astimezone()


def release(args: argparse.Namespace) -> int:
    from lesson_tools.teacher.release import release as write_results

    written = write_results(args.handin_dir, args.out, args.quiz, args.due)
    where = args.out or "beside each hand-in (on a hub: the student's own folder, where the quiz shows it)"
    print(f"Released {len(written)} marked result(s) to {where}.")
    if args.out:
        print("Send each student their .feedback.json; in the quiz's results/ folder, the quiz shows it.")
    return 0 if written else 1


def demo_class(args: argparse.Namespace) -> int:
    from lesson_tools.teacher.demo import demo_class as simulate

    paths = simulate(args.out_dir, students=args.students, seed=args.seed, quiz=args.quiz)
    print(f"Wrote {len(paths)} hand-in files of simulated students to {args.out_dir}.")
    out = args.out_dir.resolve()
    print(f"Try: lesson-utils gradebook {args.out_dir} --out {out.with_name(out.name + '-gradebook')}")
    return 0


def translate(args: argparse.Namespace) -> int:
    """Maintainers: update the catalogues from today's English, build editions, or say what is left."""
    from lesson_tools import translate as work
    from lesson_utils import i18n

    languages = args.language or [code for code in i18n.LANGUAGES if code != i18n.SOURCE]
    for language in languages:
        if args.action == "update":
            written = work.update(language)
            print(f"{i18n.LANGUAGES[language]}: updated {', '.join(str(p) for p in written.values())}.")
        elif args.action == "build":
            names = args.notebook or work.built_editions(language)
            for path in work.build(language, names):
                print(f"Wrote {path}.")
        else:
            for domain, (done, total) in work.progress(language).items():
                print(f"{i18n.LANGUAGES[language]} {domain}: {done} of {total} strings translated and reviewed.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lesson-utils",
        description=f"Tools for the Paris summit lessons. The teacher guide, {GUIDE}, shows every command at work.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("validate", help="check every data table and quiz bank",
                        description="Check every data table and quiz bank; list every problem found.",
                        ).set_defaults(run=validate)  # fmt: skip

    key = commands.add_parser(
        "answer-key",
        help="print a quiz's answer key, with explanations and sources",
        description="The answer key of a quiz: every question, its answer, the "
        "explanation and the sources (title and URL).",
    )
    key.add_argument(
        "quiz",
        metavar="QUIZ",
        help="a quiz id (e.g. the file name in data/quizzes/ without .yaml) or the path of a bank file",
    )
    key.add_argument("--format", choices=["md", "html"], default="md", help="Markdown (default) or an HTML page")
    key.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of the screen")
    key.set_defaults(run=answer_key)

    copy = commands.add_parser(
        "student-copy",
        help="write a copy of the lessons for students, without answers",
        description="Write a student copy: lessons without solution or instructor cells "
        "and without outputs, assessment quizzes without answers (practice ones keep theirs), and the data "
        "and package the notebooks need, ready for pip, Binder or nbgitpuller.",
    )
    copy.add_argument("out_dir", metavar="OUT_DIR", type=Path, help="a new or empty folder")
    copy.add_argument(
        "--all-assessments",
        action="store_true",
        help="make every quiz an assessment without answers (by default practice quizzes keep theirs, to give feedback)",
    )
    copy.set_defaults(run=student_copy)

    grade = commands.add_parser(
        "gradebook",
        help="grade a folder of hand-in files",
        description="Re-score every hand-in file in HANDIN_DIR (subfolders too) from "
        "the answer key; write gradebook.csv and report.html. Files that cannot be "
        "graded are listed with the reason, and the rest are graded.",
    )
    grade.add_argument("handin_dir", metavar="HANDIN_DIR", type=Path, help="the folder of .handin.json files")
    grade.add_argument("--out", type=Path, required=True, metavar="OUT_DIR", help="where to write the gradebook")
    grade.add_argument(
        "--quiz",
        metavar="QUIZ",
        action="append",
        help="the quiz to grade (default: the quiz most files are for); give it again for a course book",
    )
    grade.add_argument(
        "--course", action="store_true", help="grade every quiz in the folder: a gradebook per quiz and one course book"
    )
    grade.add_argument(
        "--roster",
        type=Path,
        metavar="ROSTER_CSV",
        help="the class list (id, name, email, username, section): every student gets a row",
    )
    grade.add_argument(
        "--format",
        choices=["moodle", "canvas", "classroom", "csv"],
        help="also write the course book as this platform imports it",
    )
    grade.add_argument("--due", type=_moment, metavar="WHEN", help="deadline: later hand-ins are flagged late")
    grade.set_defaults(run=gradebook)  # fmt: skip

    back = commands.add_parser(
        "release",
        help="give students their marked results, shown in their quiz",
        description="Mark every hand-in in HANDIN_DIR and write a .feedback.json beside each one "
        "(on a hub: in the student's own folder, where their quiz shows it), or into --out.",
    )
    back.add_argument("handin_dir", metavar="HANDIN_DIR", type=Path, help="the folder of .handin.json files")
    back.add_argument("--out", type=Path, metavar="OUT_DIR", help="write the files here instead, to send them")
    back.add_argument("--quiz", metavar="QUIZ", action="append", help="only this quiz (default: every quiz found)")
    back.add_argument("--due", type=_moment, metavar="WHEN", help="deadline: later hand-ins are marked late")
    back.set_defaults(run=release)

    demo = commands.add_parser(
        "demo-class",
        help="simulate a class taking a quiz, to try the gradebook",
        description="Simulated students answer a quiz through the quiz engine and hand "
        "in; their hand-in files go to OUT_DIR. The same seed gives the same answers.",
    )
    demo.add_argument("out_dir", metavar="OUT_DIR", type=Path, help="a new or empty folder")
    demo.add_argument("--students", type=int, default=25, help="how many students (default 25)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo.add_argument("--quiz", metavar="QUIZ", help="the quiz to take (default: the first assessment quiz)")
    demo.set_defaults(run=demo_class)

    words = commands.add_parser(
        "translate",
        help="maintainers: update the translation catalogues, build translated notebooks, show progress",
        description="update: merge today's English into data/locale/<language>/LC_MESSAGES/*.po (changed "
        "English is marked fuzzy). build: write the translated editions of notebooks (lessons/<name>.<language>.ipynb); "
        "it refuses while a string of the notebook lacks a reviewed translation. status: strings done per catalogue. "
        "See docs/translating.md.",
    )
    words.add_argument("action", choices=["update", "build", "status"])
    words.add_argument("--language", action="append", choices=["uk", "fr"], help="only this language (default: all)")
    words.add_argument(
        "--notebook", action="append", metavar="NAME", help="build only this notebook (default: the editions there are)"
    )
    words.set_defaults(run=translate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from lesson_tools.teacher import TeacherError
    from lesson_utils.data import DataError
    from lesson_utils.quiz import QuizError

    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except (TeacherError, QuizError, DataError, OSError, ValueError) as error:  # ValueError: MissingTranslations
        print(f"lesson-utils {args.command}: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
