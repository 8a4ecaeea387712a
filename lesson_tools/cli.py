"""The `lesson-utils` command line for teachers and maintainers: parse, call a module, print.

Every command exits 0 on success and 1 on failure, with a message that says what to do; argparse
itself exits 2 on a mistyped command line. The work happens in `lesson_tools.teacher`. The command
speaks the teacher's language: `$LESSON_LANGUAGE`, or the one chosen on the start page (`i18n`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lesson_utils.i18n import _, ngettext

GUIDE = "lessons/teacher_guide.ipynb"


def validate(args: argparse.Namespace) -> int:
    """Check every data table and quiz bank and report every problem, not just the first."""
    from lesson_tools.teacher.banks import quiz_problems
    from lesson_utils import data

    problems = [str(problem) for problem in data.validate_all()] + quiz_problems()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        message = ngettext("{n} problem found in {folder}.", "{n} problems found in {folder}.", len(problems))
        print(message.format(n=len(problems), folder=data.data_dir()), file=sys.stderr)
        return 1
    print(_("All tables and quiz banks in {folder} are valid.").format(folder=data.data_dir()))
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
        print(_("Wrote the answer key to {path}.").format(path=args.out))
    return 0


def student_copy(args: argparse.Namespace) -> int:
    from lesson_tools.teacher.student_copy import make_student_copy

    result = make_student_copy(args.out_dir, all_assessments=args.all_assessments)
    print(
        _(
            "Wrote the student copy to {folder}: {n} notebooks ({removed} solution and instructor cells removed, "
            "outputs cleared)."
        ).format(folder=result.folder, n=len(result.notebooks), removed=result.removed_cells)
    )
    answerless = ", ".join(result.answerless_banks) or _("none")
    print(_("Quiz banks without answers (assessment mode): {banks}.").format(banks=answerless))
    if result.practice_banks:
        print(_("Practice banks kept with their answers: {banks}.").format(banks=", ".join(result.practice_banks)))
    print(
        _(
            "Publish that folder (not this repository, which holds the answer keys) for Binder or nbgitpuller; "
            "see {guide}."
        ).format(guide=GUIDE)
    )
    return 0


def _listed(title: str, lines: list[str]) -> None:
    if lines:
        print(_("{title} ({n}):").format(title=title, n=len(lines)))
        print("\n".join(f"  {line}" for line in lines))


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
        _listed(_("Not graded"), book.skipped)
        _listed(_("Graded, with a note"), book.notes)
    if not any(book.graded for book in books):
        quizzes = ", ".join(repr(b.bank.id) for b in books)
        print(_("Nothing was graded for quiz {quizzes}.").format(quizzes=quizzes), file=sys.stderr)
        return 1
    for book in books:
        csv_path, html_path = grading.write(book, args.out / book.bank.id if course_mode else args.out)
        print(_("Wrote {csv} and {html}.").format(csv=csv_path, html=html_path))
    if course_mode or roster is not None or args.format or args.due:
        course = exports.course_table(books, roster, args.due)
        _listed(_("Check by hand"), course.notes)
        _listed(_("Hand-ins on no roster line"), course.unmatched)
        for fmt in dict.fromkeys(["csv", *([args.format] if args.format else [])]):
            print(_("Wrote {path}.").format(path=exports.write_export(course, fmt, args.out)))
        if args.format == "classroom":
            print(_("Google Classroom has no grade import: copy the marks from that sheet into Classroom."))
    return 0


def _moment(text: str) -> dt.datetime:
    """A deadline such as 2026-12-05T18:00 (this computer's time zone) or 2026-12-05T18:00+01:00."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        message = _("{text!r} is not a date and time such as 2026-12-05T18:00").format(text=text)
        raise argparse.ArgumentTypeError(message) from None
    return moment if moment.tzinfo else moment.astimezone()


def release(args: argparse.Namespace) -> int:
    from lesson_tools.teacher.release import release as write_results

    written = write_results(args.handin_dir, args.out, args.quiz, args.due)
    where = args.out or _("beside each hand-in (on a hub: the student's own folder, where the quiz shows it)")
    message = ngettext(
        "Released {n} marked result to {where}.", "Released {n} marked results to {where}.", len(written)
    )
    print(message.format(n=len(written), where=where))
    if args.out:
        print(_("Send each student their .feedback.json; in the quiz's results/ folder, the quiz shows it."))
    return 0 if written else 1


def demo_class(args: argparse.Namespace) -> int:
    from lesson_tools.teacher.demo import demo_class as simulate

    paths = simulate(args.out_dir, students=args.students, seed=args.seed, quiz=args.quiz)
    print(_("Wrote {n} hand-in files of simulated students to {folder}.").format(n=len(paths), folder=args.out_dir))
    out = args.out_dir.resolve()
    command = f"lesson-utils gradebook {args.out_dir} --out {out.with_name(out.name + '-gradebook')}"
    print(_("Try: {command}").format(command=command))
    return 0


def translate(args: argparse.Namespace) -> int:
    """Maintainers: update the catalogues from today's English, build editions, or say what is left."""
    from lesson_tools import translate as work
    from lesson_utils import i18n

    languages = args.language or [code for code in i18n.LANGUAGES if code != i18n.SOURCE]
    for language in languages:
        name = i18n.LANGUAGES[language]
        if args.action == "update":
            written = work.update(language)
            paths = ", ".join(str(p) for p in written.values())
            print(_("{language}: updated {paths}.").format(language=name, paths=paths))
        elif args.action == "build":
            names = args.notebook or work.built_editions(language)
            for path in work.build(language, names):
                print(_("Wrote {path}.").format(path=path))
        else:
            for domain, (done, total) in work.progress(language).items():
                print(
                    _("{language} {domain}: {done} of {total} strings translated and reviewed.").format(
                        language=name, domain=domain, done=done, total=total
                    )
                )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lesson-utils",
        description=_(
            "Tools for the Paris summit lessons. The teacher guide, {guide}, shows every command at work."
        ).format(guide=GUIDE),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("validate", help=_("check every data table and quiz bank"),
                        description=_("Check every data table and quiz bank; list every problem found."),
                        ).set_defaults(run=validate)  # fmt: skip

    key = commands.add_parser(
        "answer-key",
        help=_("print a quiz's answer key, with explanations and sources"),
        description=_(
            "The answer key of a quiz: every question, its answer, the explanation and the sources (title and URL)."
        ),
    )
    key.add_argument(
        "quiz",
        metavar="QUIZ",
        help=_("a quiz id (e.g. the file name in data/quizzes/ without .yaml) or the path of a bank file"),
    )
    key.add_argument("--format", choices=["md", "html"], default="md", help=_("Markdown (default) or an HTML page"))
    key.add_argument("--out", type=Path, metavar="FILE", help=_("write to FILE instead of the screen"))
    key.set_defaults(run=answer_key)

    copy = commands.add_parser(
        "student-copy",
        help=_("write a copy of the lessons for students, without answers"),
        description=_(
            "Write a student copy: lessons without solution or instructor cells and without outputs, assessment "
            "quizzes without answers (practice ones keep theirs), and the data and package the notebooks need, "
            "ready for pip, Binder or nbgitpuller."
        ),
    )
    copy.add_argument("out_dir", metavar="OUT_DIR", type=Path, help=_("a new or empty folder"))
    copy.add_argument(
        "--all-assessments",
        action="store_true",
        help=_(
            "make every quiz an assessment without answers (by default practice quizzes keep theirs, to give feedback)"
        ),
    )
    copy.set_defaults(run=student_copy)

    grade = commands.add_parser(
        "gradebook",
        help=_("grade a folder of hand-in files"),
        description=_(
            "Re-score every hand-in file in HANDIN_DIR (subfolders too) from the answer key; write gradebook.csv "
            "and report.html. Files that cannot be graded are listed with the reason, and the rest are graded."
        ),
    )
    grade.add_argument("handin_dir", metavar="HANDIN_DIR", type=Path, help=_("the folder of .handin.json files"))
    grade.add_argument("--out", type=Path, required=True, metavar="OUT_DIR", help=_("where to write the gradebook"))
    grade.add_argument(
        "--quiz",
        metavar="QUIZ",
        action="append",
        help=_("the quiz to grade (default: the quiz most files are for); give it again for a course book"),
    )
    grade.add_argument(
        "--course",
        action="store_true",
        help=_("grade every quiz in the folder: a gradebook per quiz and one course book"),
    )
    grade.add_argument(
        "--roster",
        type=Path,
        metavar="ROSTER_CSV",
        help=_("the class list (id, name, email, username, section): every student gets a row"),
    )
    grade.add_argument(
        "--format",
        choices=["moodle", "canvas", "classroom", "csv"],
        help=_("also write the course book as this platform imports it"),
    )
    grade.add_argument("--due", type=_moment, metavar="WHEN", help=_("deadline: later hand-ins are flagged late"))
    grade.set_defaults(run=gradebook)  # fmt: skip

    back = commands.add_parser(
        "release",
        help=_("give students their marked results, shown in their quiz"),
        description=_(
            "Mark every hand-in in HANDIN_DIR and write a .feedback.json beside each one (on a hub: in the "
            "student's own folder, where their quiz shows it), or into --out."
        ),
    )
    back.add_argument("handin_dir", metavar="HANDIN_DIR", type=Path, help=_("the folder of .handin.json files"))
    back.add_argument("--out", type=Path, metavar="OUT_DIR", help=_("write the files here instead, to send them"))
    back.add_argument("--quiz", metavar="QUIZ", action="append", help=_("only this quiz (default: every quiz found)"))
    back.add_argument("--due", type=_moment, metavar="WHEN", help=_("deadline: later hand-ins are marked late"))
    back.set_defaults(run=release)

    demo = commands.add_parser(
        "demo-class",
        help=_("simulate a class taking a quiz, to try the gradebook"),
        description=_(
            "Simulated students answer a quiz through the quiz engine and hand in; their hand-in files go to "
            "OUT_DIR. The same seed gives the same answers."
        ),
    )
    demo.add_argument("out_dir", metavar="OUT_DIR", type=Path, help=_("a new or empty folder"))
    demo.add_argument("--students", type=int, default=25, help=_("how many students (default 25)"))
    demo.add_argument("--seed", type=int, default=0, help=_("random seed (default 0)"))
    demo.add_argument("--quiz", metavar="QUIZ", help=_("the quiz to take (default: the first assessment quiz)"))
    demo.set_defaults(run=demo_class)

    words = commands.add_parser(
        "translate",
        help=_("maintainers: update the translation catalogues, build translated notebooks, show progress"),
        description=_(
            "update: merge today's English into data/locale/<language>/LC_MESSAGES/*.po (changed English is "
            "marked fuzzy). build: write the translated editions of notebooks (lessons/<name>.<language>.ipynb); "
            "it refuses while a string of the notebook lacks a reviewed translation. status: strings done per "
            "catalogue. See docs/translating.md."
        ),
    )
    words.add_argument("action", choices=["update", "build", "status"])
    words.add_argument("--language", action="append", choices=["uk", "fr"], help=_("only this language (default: all)"))
    words.add_argument(
        "--notebook",
        action="append",
        metavar="NAME",
        help=_("build only this notebook (default: the editions there are)"),
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
        print(_("lesson-utils {command}: error: {error}").format(command=args.command, error=error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
