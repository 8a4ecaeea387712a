"""The teacher workflow end to end: students answer through QuizSession and hand in, the gradebook
re-scores the files exactly (whatever they claim) and reports the ones it cannot grade; the demo
class; the lesson plans; and the student copy, which holds no answers and still runs."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from locations import REPO

from lesson_tools.teacher import TeacherError, gradebook, plan
from lesson_tools.teacher.chart import bar_chart
from lesson_tools.teacher.demo import demo_class
from lesson_tools.teacher.student_copy import (
    ASSESSMENT_INSTRUCTIONS,
    HIDDEN_TAGS,
    make_student_copy,
    student_bank,
    student_version,
)  # fmt: skip
from lesson_utils import i18n
from lesson_utils.quiz import QuizSession, load_bank
from lesson_utils.quiz.bank import parse_bank
from lesson_utils.quiz.kinds import MapClick, Matching, Numeric, Ordering

QUIZ = "security_guarantee"


@pytest.fixture(scope="module")
def bank():
    return load_bank(QUIZ)


def right(question):
    """The right response, straight from the teacher's bank."""
    if isinstance(question, MapClick):
        return question.answer[0]
    if isinstance(question, Matching):
        return dict(question.answer)
    return question.answer


def wrong_order(question: Ordering) -> list[str]:
    return [question.answer[1], question.answer[0], *question.answer[2:]]


def take(bank, student: str, responses: list[tuple[str, object]], folder: Path, logs: Path) -> Path:
    """One student answers (in this order; a repeated id is a change of mind) and hands in."""
    session = QuizSession(bank, student, logs)
    for question_id, response in responses:
        session.answer(question_id, response)
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(session.hand_in(), folder))


@pytest.fixture
def klass(bank, tmp_path):
    """Four students with known scores (16 points in all): 16, 13, 1 and 1."""
    handins, logs = tmp_path / "handins", tmp_path / "logs"
    everything = [(q.id, right(q)) for q in bank.questions]
    road = bank.question("road-to-paris")
    zoe = [(qid, r) for qid, r in everything if qid not in {"road-to-paris", "unanimity"}]
    files = {
        "Alex Martin": take(bank, "Alex Martin", everything, handins, logs),
        "Zoë Brun": take(bank, "Zoë Brun", [*zoe, ("road-to-paris", wrong_order(road)),
                                              ("unanimity", not bank.question("unanimity").answer)], handins, logs),
        "Sam Lee": take(bank, "Sam Lee", [("pillar-count", "3"), ("first-line", "Rearming Europe")], handins, logs),
        "Noor Haddad": take(bank, "Noor Haddad", [("first-line", "Sanctions on Russia"),
                                                 ("first-line", bank.question("first-line").answer)], handins, logs),
    }  # fmt: skip
    return handins, files


def edit(path: Path, **changes) -> dict:
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload.update(changes)
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return payload


# ── the gradebook ─────────────────────────────────────────────────────────────────────────────


def test_gradebook_rescores_a_class_exactly(bank, klass):
    handins, _ = klass
    book = gradebook.grade(handins)
    table = book.table().set_index("student")
    assert list(table.index) == ["Alex Martin", "Noor Haddad", "Sam Lee", "Zoë Brun"]
    assert table["total"].to_dict() == {"Alex Martin": 16, "Noor Haddad": 1, "Sam Lee": 1, "Zoë Brun": 13}
    assert table["percent"].to_dict() == {"Alex Martin": 100.0, "Noor Haddad": 6.2, "Sam Lee": 6.2, "Zoë Brun": 81.2}
    assert table.loc["Zoë Brun", "road-to-paris"] == 0 and table.loc["Zoë Brun", "reassurance-force"] == 2
    assert table.loc["Sam Lee", "pillar-count"] == 1 and table.loc["Sam Lee", "first-line"] == 0
    assert pd.isna(table.loc["Sam Lee", "unanimity"])  # not answered: blank, not 0
    assert table.loc["Noor Haddad", "first-line"] == 1  # the latest answer counts
    assert not book.skipped and not book.notes

    items = book.questions().set_index("question")
    assert items.loc["first-line", ["answered", "right", "percent_right"]].tolist() == [4, 3, 75.0]
    assert items.loc["first-line", "common_wrong_answer"] == "Rearming Europe"
    road = bank.question("road-to-paris")
    assert items.loc["road-to-paris", "common_wrong_answer"] == " → ".join(map(road.label, wrong_order(road)))
    assert list(book.most_missed()["question"]) == ["unanimity", "road-to-paris"]
    assert "Most missed: unanimity (25% right), road-to-paris (25% right)." in book.summary()


def test_an_edited_score_is_ignored(bank, klass):
    handins, files = klass
    payload = json.loads(files["Sam Lee"].read_text(encoding="utf-8"))
    payload["score"]["points"] = 16
    payload["score"]["questions"] = [
        {**q, "correct": True, "points": q["max_points"]} for q in payload["score"]["questions"]
    ]
    files["Sam Lee"].write_text(json.dumps(payload), encoding="utf-8")
    book = gradebook.grade(handins)
    sam = next(g for g in book.graded if g.handin.student == "Sam Lee")
    assert sam.total == 1
    assert any("says 16 points, re-scored 1" in note for note in sam.notes)


def test_unreadable_and_other_quiz_files_are_reported_and_the_rest_graded(klass, tmp_path):
    handins, files = klass
    text = files["Alex Martin"].read_text(encoding="utf-8")
    (handins / "cut.handin.json").write_text(text[: len(text) // 2], encoding="utf-8")
    (handins / "essay.json").write_text("My answers are 3, 800 and Belarus.", encoding="utf-8")
    (handins / "other.json").write_text(json.dumps({"student": "X", "answers": []}), encoding="utf-8")
    (handins / "log.jsonl").write_text("{}\n", encoding="utf-8")
    (handins / "photo.json").write_bytes(b"\xff\xd8\xff\xe0 not text")
    other = load_bank("summit_participants")
    take(other, "Alex Martin", [("co-host", "Keir Starmer")], handins / "sub", tmp_path / "l2")
    book = gradebook.grade(handins)
    assert sorted(g.handin.student for g in book.graded) == ["Alex Martin", "Noor Haddad", "Sam Lee", "Zoë Brun"]
    reasons = dict(line.split(": ", 1) for line in book.skipped)
    assert "cut off" in reasons["cut.handin.json"]
    assert "not valid JSON" in reasons["essay.json"]
    assert "not a quiz hand-in" in reasons["other.json"]
    assert "answer log" in reasons["log.jsonl"]
    assert "not a text file" in reasons["photo.json"]
    other_quiz = next(reason for name, reason in reasons.items() if name.startswith("sub/"))
    assert "quiz 'summit_participants', not 'security_guarantee'" in other_quiz
    assert len(book.skipped) == 6


def test_duplicates_keep_the_latest_and_say_so(bank, klass):
    handins, files = klass
    later = json.loads(files["Zoë Brun"].read_text(encoding="utf-8"))
    earlier_time = (dt.datetime.fromisoformat(later["handed_in_at"]) - dt.timedelta(days=1)).isoformat()
    earlier = {
        **later,
        "student": "zoë  brun",
        "handed_in_at": earlier_time,
        "responses": [{**r, "response": "0"} for r in later["responses"] if r["question_id"] == "pillar-count"],
    }
    (handins / "zz-earlier.json").write_text(json.dumps(earlier), encoding="utf-8")  # read after the later one
    book = gradebook.grade(handins)
    zoe = [g for g in book.graded if g.handin.student.casefold() == "zoë brun"]
    assert len(zoe) == 1 and zoe[0].total == 13 and zoe[0].handin.path == files["Zoë Brun"]
    assert any(line.startswith("zz-earlier.json: an earlier hand-in by zoë brun") for line in book.skipped)
    assert zoe[0].notes == ["other hand-ins by this student were not graded: zz-earlier.json"]
    shutil.copy2(files["Sam Lee"], handins / "a-copy.json")  # the same file twice: graded once
    book = gradebook.grade(handins)
    assert [g.handin.student for g in book.graded].count("Sam Lee") == 1
    assert any(": a copy of " in line and "Sam Lee" in line for line in book.skipped)


def test_another_bank_version_is_graded_with_a_note(klass):
    handins, files = klass
    payload = json.loads(files["Alex Martin"].read_text(encoding="utf-8"))
    payload["bank_version"] = "0123456789abcdef"
    payload["responses"].append({"question_id": "retired-question", "response": "x"})
    files["Alex Martin"].write_text(json.dumps(payload), encoding="utf-8")
    edit(files["Sam Lee"], responses=[{"question_id": "retired-question", "response": "x"}])
    book = gradebook.grade(handins)
    alex = next(g for g in book.graded if g.handin.student == "Alex Martin")
    assert alex.total == 16
    assert any("another version of the quiz (file 0123456789abcdef" in note for note in alex.notes)
    assert any("not scored: retired-question" in note for note in alex.notes)
    assert any("none of its answers is to a question" in line for line in book.skipped)  # Sam's file


def test_the_quiz_is_the_one_most_files_are_for_unless_chosen(bank, klass, tmp_path):
    handins, _ = klass
    assert gradebook.grade(handins).bank.id == QUIZ
    other = load_bank("summit_participants")
    for name in ["A B", "C D", "E F", "G H"]:
        take(other, name, [("co-host", "Keir Starmer")], handins, tmp_path / "l3")
    with pytest.raises(TeacherError, match="equally many.*--quiz"):
        gradebook.grade(handins)
    chosen = gradebook.grade(handins, "summit_participants")
    assert [g.total for g in chosen.graded] == [1, 1, 1, 1] and len(chosen.skipped) == 4


def test_csv_and_report(bank, klass, tmp_path):
    handins, _ = klass
    take(bank, "<b>Bold</b> =1+1", [("pillar-count", "3")], handins, tmp_path / "logs")
    take(bank, "=HYPERLINK(1)", [("pillar-count", "3")], handins, tmp_path / "logs")
    book = gradebook.grade(handins)
    csv_path, html_path = gradebook.write(book, tmp_path / "out")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read Zoë
    table = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert list(table.columns) == ["student", "user", "handed_in_at", "file", *(q.id for q in bank.questions),
                                   "total", "max_points", "percent", "notes"]  # fmt: skip
    assert len(table) == 6 and "Zoë Brun" in set(table["student"])
    assert "'=HYPERLINK(1)" in set(table["student"])  # a name never becomes a formula
    report = html_path.read_text(encoding="utf-8")
    assert "&lt;b&gt;Bold&lt;/b&gt;" in report and "<b>Bold</b>" not in report
    assert "<script" not in report and "<svg" in report  # one file, no JavaScript: works offline and prints
    assert report.count("<rect") == 10 and report.count(" student(s)</title>") == 10  # a bar and tooltip per band
    for text in [
        "Score distribution",
        "Questions most students missed",
        "Most common wrong answer",
        *(q.id for q in bank.questions),
    ]:
        assert text in report


def test_an_empty_or_missing_folder_is_an_error(tmp_path):
    with pytest.raises(TeacherError, match="not a folder"):
        gradebook.grade(tmp_path / "nowhere")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(TeacherError, match="(?s)no hand-in file could be read.*notes.txt"):
        gradebook.grade(tmp_path)


# ── the demo class ────────────────────────────────────────────────────────────────────────────


def answers_of(folder: Path) -> dict[str, list]:
    result = {}
    for path in folder.glob("*.json"):
        payload = json.loads(path.read_text(encoding="utf-8"))
        result[payload["student"]] = [(r["question_id"], r["response"]) for r in payload["responses"]]
    return result


def test_demo_class_is_deterministic_and_graded_as_the_sessions_scored_it(tmp_path):
    paths = demo_class(tmp_path / "a", students=25, seed=7)
    demo_class(tmp_path / "b", students=25, seed=7)
    demo_class(tmp_path / "c", students=25, seed=8)
    assert len(paths) == 25 and answers_of(tmp_path / "a") == answers_of(tmp_path / "b")
    assert answers_of(tmp_path / "a") != answers_of(tmp_path / "c")
    book = gradebook.grade(tmp_path / "a")
    assert book.bank.mode == "assessment" and not book.skipped and not book.notes  # the hand-ins' own scores agree
    percents = [book.percent(g) for g in book.graded]
    assert 0 < min(percents) < 60 < max(percents) <= 100 and len(set(percents)) > 5  # a realistic mix
    items = book.questions()
    assert items["answered"].lt(25).any() and items["common_wrong_answer"].ne("").sum() >= len(items) - 2


def test_demo_class_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "real.handin.json").write_text("{}", encoding="utf-8")
    with pytest.raises(TeacherError, match="not an empty folder"):
        demo_class(tmp_path)


def test_the_report_chart_keeps_its_axis_short_and_its_bars_labelled():
    svg = bar_chart(["a", "b<c"], [0, 37], "Title", "x", "y", unit="student(s)")
    assert svg.count("<rect") == 2 and "<title>b&lt;c: 37 student(s)</title>" in svg
    assert (
        ">35</text>" in svg and ">40</text>" in svg and ">45</text>" not in svg and ">2</text>" not in svg
    )  # 0, 5, ..., 40


# ── notebooks read once per version ─────────────────────────────────────────────────


def test_a_notebook_is_read_again_when_it_changes(tmp_path):
    path = tmp_path / "lesson.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "markdown", "source": ["## One"]}]}), encoding="utf-8")
    assert plan.outline(path).headings == ["One"]
    path.write_text(
        json.dumps({"cells": [{"cell_type": "markdown", "source": ["## Two\n", "## Three"]}]}), encoding="utf-8"
    )
    assert plan.outline(path).headings == ["Two", "Three"]


# ── lesson plans ──────────────────────────────────────────────────────────────────────────────


def test_every_question_is_mapped_to_a_section_of_its_lesson():
    mapping = plan.question_map()
    mapped = sorted(q for cell in mapping["questions"] for q in cell.split(", ") if q)
    every = sorted(q.id for bank in plan.banks() for q in bank.questions)
    assert mapped == every
    assert not mapping["section"].str.endswith("(not a heading)").any()


def test_lesson_plans_come_from_the_notebooks():
    plans = plan.lesson_plans().set_index("notebook")
    sources = sorted(p for p in (REPO / "lessons").glob("0[1-9]_*.ipynb") if not i18n.edition_language(p))
    assert list(plans.index) == [p.name for p in sources]
    for name, row in plans.iterrows():
        timing = nbformat.read(REPO / "lessons" / name, as_version=4).metadata["lesson"]
        assert (row.teaching_minutes, row.exercise_minutes) == (timing["teaching_minutes"], timing["exercise_minutes"])
        assert row.total_minutes == row.teaching_minutes + row.exercise_minutes + row.quiz_minutes
        assert 3 <= len(row.objectives) <= 5 and row.quiz_notebook.startswith("quiz_")
    markdown = plan.plans_markdown()
    assert all(objective in markdown for objectives in plans["objectives"] for objective in objectives)


def test_quiz_links_follow_the_documented_formats():
    repo, quiz = "https://github.com/school/lessons-students", "quiz_01_summit_participants.ipynb"
    links = plan.quiz_links(repo, hub="hub.school.example").set_index("notebook")
    pull = urllib.parse.unquote(links.loc[quiz, "jupyterhub"])
    assert pull == (
        f"https://hub.school.example/hub/user-redirect/git-pull?repo={repo}"
        f"&urlpath=lab/tree/lessons-students/lessons/{quiz}&branch=main"
    )
    binder = "https://mybinder.org/v2/gh/school/lessons-students/main"
    assert links.loc[quiz, "binder"] == f"{binder}?urlpath=lab/tree/lessons/{quiz}"
    assert len(links) == len(list((REPO / "lessons").glob("quiz_*.ipynb")))


def test_the_guide_shows_every_quiz_link_whole_to_copy():
    repo = "https://github.com/school/lessons-students"
    shown = plan.quiz_links_html(repo, hub="hub.school.example")
    for link in plan.quiz_links(repo, hub="hub.school.example").itertuples():
        assert html.escape(link.binder) in shown and html.escape(link.jupyterhub) in shown  # never cut with "…"
    assert "…" not in shown and "overflow-wrap: anywhere" in shown


# ── the student copy ──────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """The strictest copy: every quiz an assessment without its key."""
    folder = tmp_path_factory.mktemp("bundle") / "students"
    make_student_copy(folder, all_assessments=True)
    return folder


def bundle_env(bundle: Path) -> dict[str, str]:
    """The bundle's own package first on the path (before the editable install of this repository)."""
    env = {k: v for k, v in os.environ.items() if k not in {"LESSON_DATA_DIR", "LESSON_RESULTS_DIR"}}
    env["PYTHONPATH"] = str(bundle)
    return env


def test_student_copy_has_the_repository_layout(bundle):
    for path in [
        "lessons/00_start_here.ipynb",
        "data/sources.csv",
        "data/geo/europe.geojson",
        "lesson_utils/quiz/bank.py",
        "pyproject.toml",
        "binder/requirements.txt",
        "binder/postBuild",
        "README.md",
        "LICENSE",
    ]:
        assert (bundle / path).exists(), path
    names = {p.name for p in (bundle / "lessons").iterdir()}
    assert not any(name.startswith("teacher_guide.") for name in names) and "_template.ipynb" not in names
    assert not (bundle / "lesson_tools").exists(), "the teacher's tools stay in the teacher's repository"
    pyproject = (bundle / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["lesson_utils"]' in pyproject and "lesson_tools" not in pyproject
    assert not list(bundle.rglob("__pycache__")) and not list(bundle.rglob("results"))


def test_student_copy_lessons_have_no_solutions_notes_or_outputs(bundle):
    notebooks = sorted((bundle / "lessons").glob("*.ipynb"))
    assert len(notebooks) == len(
        [
            p
            for p in (REPO / "lessons").glob("*.ipynb")
            if not p.name.startswith("_") and not p.name.startswith("teacher_guide.")
        ]
    )
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            assert not HIDDEN_TAGS & set(cell.metadata.get("tags", [])), path.name
            assert not cell.get("outputs") and not cell.get("execution_count"), path.name
    original = nbformat.read(REPO / "lessons" / "01_summit_participants.ipynb", as_version=4)
    solutions = [c.source for c in original.cells if "solution" in c.metadata.get("tags", []) and c.source.strip()]
    copied = (bundle / "lessons" / "01_summit_participants.ipynb").read_text(encoding="utf-8")
    assert solutions and not any(json.dumps(s)[1:-1] in copied for s in solutions)


def walk_keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from walk_keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from walk_keys(inner)


@pytest.mark.parametrize("quiz_id", [p.stem for p in sorted((REPO / "data" / "quizzes").glob("*.yaml"))])
def test_student_banks_hold_no_answers(bundle, quiz_id):
    teacher = load_bank(quiz_id)
    text = (bundle / "data" / "quizzes" / f"{quiz_id}.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert raw["mode"] == "assessment" and raw["instructions"] == ASSESSMENT_INSTRUCTIONS
    assert not {"answer", "explanation", "source_id", "data", "tolerance", "distractors"} & set(walk_keys(raw))
    students = {q["id"]: q for q in raw["questions"]}
    for question in teacher.questions:
        assert question.explanation not in text
        for source_id in question.source_id.split(";"):
            assert source_id.strip() not in text
        mine = students[question.id]
        values = [v for k, v in mine.items() if k != "points"]
        if isinstance(question, Numeric):
            assert question.answer not in values
        elif isinstance(question, Ordering):
            assert texts(mine["items"]) == sorted(question.items.values(), key=str.casefold)  # gives nothing away
        elif isinstance(question, Matching):
            assert texts(mine["options"]) == sorted(question.options.values(), key=str.casefold)
            assert mine["items"] == dict(question.items)  # ids to texts, no left → right pairs
        elif "choices" in mine and getattr(question, "shuffle", True):
            assert texts(mine["choices"]) == sorted(texts(question.choices), key=str.casefold)
    for path in [*(bundle / "data").rglob("*.*"), *(bundle / "lessons").glob("*.ipynb")]:
        content = path.read_text(encoding="utf-8")
        assert not any(q.explanation in content for q in teacher.questions), path


def texts(labels: dict | list) -> list:
    """What a student reads of choices, items or options, in their order: a bank may list or map them."""
    return list(labels.values()) if isinstance(labels, dict) else list(labels)


def test_student_copy_finds_its_own_package_and_data(bundle):
    probe = "import lesson_utils, lesson_utils.data as d; print(lesson_utils.__file__); print(d.data_dir())"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=bundle / "lessons",
        env=bundle_env(bundle),
        capture_output=True,
        text=True,
        check=True,
    )
    package, data_dir = result.stdout.split()
    assert Path(package).resolve().is_relative_to(bundle.resolve())
    assert Path(data_dir).resolve() == (bundle / "data").resolve()


def run_nbval(bundle: Path, notebooks: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                           "--nbval-current-env", *(str(p.relative_to(bundle)) for p in notebooks)],
                          cwd=bundle, env=bundle_env(bundle), capture_output=True, text=True, timeout=900)  # fmt: skip


def test_student_copy_lessons_run_under_nbval(bundle):
    lessons = sorted(p for p in (bundle / "lessons").glob("*.ipynb") if not p.name.startswith("quiz_"))
    result = run_nbval(bundle, lessons)
    assert result.returncode == 0, result.stdout[-4000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_student_copy_quizzes_run_under_nbval(bundle):
    result = run_nbval(bundle, sorted((bundle / "lessons").glob("quiz_*.ipynb")))
    assert result.returncode == 0, result.stdout[-4000:]


def test_an_answerless_bank_records_answers_and_is_graded_from_the_key(bank, tmp_path):
    student_bank_model = parse_bank(student_bank(bank), f"{QUIZ}.yaml")
    session = QuizSession(student_bank_model, "Alex Martin", tmp_path / "logs")
    feedback = session.answer("pillar-count", "3")
    assert feedback.correct is None
    (tmp_path / "handins").mkdir()
    shutil.copy2(session.hand_in(), tmp_path / "handins")
    book = gradebook.grade(tmp_path / "handins")
    assert book.graded[0].total == 1 and not book.notes  # the student copy's version is recognised
    assert student_version(bank) == student_bank_model.version


@pytest.mark.parametrize("quiz_id", [p.stem for p in sorted((REPO / "data" / "quizzes").glob("*.yaml"))])
def test_student_banks_load_with_the_version_their_hand_ins_carry(bundle, quiz_id):
    copied = load_bank(bundle / "data" / "quizzes" / f"{quiz_id}.yaml")
    assert not copied.has_key and load_bank(quiz_id).has_key
    assert copied.version == student_version(load_bank(quiz_id))  # what the gradebook accepts as this quiz


def test_the_gradebook_refuses_a_bank_without_its_key(klass, tmp_path):
    handins, _ = klass
    path = tmp_path / f"{QUIZ}.yaml"
    path.write_text(yaml.safe_dump(student_bank(load_bank(QUIZ)), allow_unicode=True), encoding="utf-8")
    with pytest.raises(TeacherError, match="no answer key"):
        gradebook.grade(handins, str(path))


def test_by_default_practice_stays_practice_and_assessments_lose_their_key(tmp_path):
    result = make_student_copy(tmp_path / "copy")
    for path in sorted((REPO / "data" / "quizzes").glob("*.yaml")):
        copied = (tmp_path / "copy" / "data" / "quizzes" / path.name).read_text(encoding="utf-8")
        if load_bank(path).mode == "practice":
            assert copied == path.read_text(encoding="utf-8") and path.stem in result.practice_banks
        else:
            assert "explanation" not in copied and path.stem in result.answerless_banks
    intro = json.loads((tmp_path / "copy" / "lessons" / "quiz_01_summit_participants.ipynb").read_text())["cells"][0]
    assert "as often as you like" in "".join(intro["source"])  # practice, and it says so


def test_a_practice_quiz_made_an_assessment_says_assessment_and_nothing_else(bundle):
    for name in ("quiz_01_summit_participants.ipynb", "quiz_03_ukraine_geography.ipynb"):
        text = "".join("".join(cell["source"]) for cell in json.loads((bundle / "lessons" / name).read_text())["cells"])
        assert "as often as you like" not in text and "**practice**" not in text
        assert "In this copy the quiz is an **assessment**" in text


def test_the_copys_editions_say_what_its_english_copy_says(bundle):
    """Editions are built again from the copy's own English notebooks: a practice quiz made an
    assessment says so in Ukrainian and French too, and the copy's editions are complete."""
    for language, said in [
        ("uk", "У цій копії тест **підсумковий**"),
        ("fr", "Dans cette copie, le quiz est une **évaluation**"),
    ]:
        for name in ("quiz_01_summit_participants", "quiz_03_ukraine_geography"):
            cells = json.loads((bundle / "lessons" / f"{name}.{language}.ipynb").read_text(encoding="utf-8"))["cells"]
            text = "".join("".join(cell["source"]) for cell in cells)
            assert said in text and "**тренувальний**" not in text and "**entraînement**" not in text
    assert (bundle / "lessons" / "quiz_02_security_guarantee.uk.ipynb").is_file()


def test_student_copy_never_overwrites(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(TeacherError, match="not an empty folder"):
        make_student_copy(tmp_path)
    with pytest.raises(TeacherError, match="inside"):
        make_student_copy(REPO / "data" / "students")
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


# ── hostile hand-ins: one odd file never stops the class ─────────────────────────────────────


def test_a_hostile_hand_in_is_skipped_with_its_reason_and_the_rest_graded(klass):
    handins, files = klass
    genuine = json.loads(files["Alex Martin"].read_text(encoding="utf-8"))
    (handins / "deep.handin.json").write_text('{"a": ' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    (handins / "digits.handin.json").write_text('{"format": "lesson-quiz-handin/1", "n": ' + "9" * 5000 + "}")
    extreme = {**genuine, "student": "Kim Extreme", "handed_in_at": "9999-12-31T23:59:59-23:59"}
    (handins / "extreme.handin.json").write_text(json.dumps(extreme), encoding="utf-8")
    huge = {**genuine, "student": "Lou Huge", "responses": [{"question_id": "pillar-count", "response": 10**400}]}
    (handins / "huge.handin.json").write_text(json.dumps(huge), encoding="utf-8")
    book = gradebook.grade(handins)
    reasons = dict(line.split(": ", 1) for line in book.skipped)
    assert "nested too deeply" in reasons["deep.handin.json"]
    assert "not a hand-in" in reasons["digits.handin.json"]
    assert "'handed_in_at' is not a date and time" in reasons["extreme.handin.json"]
    students = {g.handin.student for g in book.graded}
    assert {"Alex Martin", "Noor Haddad", "Sam Lee", "Zoë Brun", "Lou Huge"} <= students
    lou = next(g for g in book.graded if g.handin.student == "Lou Huge")
    assert lou.points["pillar-count"] == 0  # an unreadable number is simply not right


def test_a_copy_dated_in_the_future_never_replaces_the_genuine_hand_in(klass):
    handins, files = klass
    genuine = json.loads(files["Sam Lee"].read_text(encoding="utf-8"))
    future = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30)).isoformat()
    forged = {**genuine, "handed_in_at": future, "responses": [{"question_id": "pillar-count", "response": "3"}]}
    (handins / "forged.handin.json").write_text(json.dumps(forged), encoding="utf-8")
    book = gradebook.grade(handins)
    sam = next(g for g in book.graded if g.handin.student == "Sam Lee")
    assert sam.handin.path == files["Sam Lee"], "the genuine hand-in is graded"
    assert any(line.startswith("forged.handin.json") for line in book.skipped)


def test_a_lone_future_hand_in_is_graded_with_a_note(klass):
    handins, files = klass
    payload = json.loads(files["Noor Haddad"].read_text(encoding="utf-8"))
    payload["handed_in_at"] = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)).isoformat()
    files["Noor Haddad"].write_text(json.dumps(payload), encoding="utf-8")
    noor = next(g for g in gradebook.grade(handins).graded if g.handin.student == "Noor Haddad")
    assert any("a time still to come" in note for note in noor.notes)


def test_conflicting_copies_with_the_same_time_are_flagged(klass):
    handins, files = klass
    payload = json.loads(files["Zoë Brun"].read_text(encoding="utf-8"))
    payload["responses"] = [{"question_id": "pillar-count", "response": "7"}]
    (handins / "zz-conflict.handin.json").write_text(json.dumps(payload), encoding="utf-8")
    book = gradebook.grade(handins)
    assert any("conflicts with" in line and "different answers" in line for line in book.skipped)
