"""The `lesson-utils` command line: help for every command, a non-zero exit and an actionable
message on failure, validate over tables and banks, answer keys, and demo-class → gradebook."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from locations import FIXTURES, REPO

from lesson_tools.cli import main
from lesson_tools.teacher.student_copy import student_bank
from lesson_utils import data
from lesson_utils.quiz import load_bank

BANKS = [p.stem for p in sorted((REPO / "data" / "quizzes").glob("*.yaml"))]
COMMANDS = {
    "validate": [],
    "answer-key": ["QUIZ", "--format", "--out"],
    "student-copy": ["OUT_DIR", "--all-assessments"],
    "gradebook": ["HANDIN_DIR", "--out", "--quiz"],
    "demo-class": ["OUT_DIR", "--students", "--seed", "--quiz"],
}
"""Each command and the arguments its --help must explain."""


def test_the_console_script_runs():
    script = Path(sys.executable).with_name("lesson-utils")
    result = subprocess.run([script, "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and all(command in result.stdout for command in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: lesson-utils {command}") and all(word in out for word in COMMANDS[command])


@pytest.mark.parametrize("argv", [[], ["grade"], ["answer-key"], ["answer-key", "x", "--format", "pdf"],
                                  ["gradebook", "x"], ["demo-class", "x", "--students", "many"]])  # fmt: skip
def test_a_wrong_command_line_exits_2_with_usage(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2 and "usage: lesson-utils" in capsys.readouterr().err


def fails(argv: list[str], capsys) -> str:
    """Run a command that must fail; return what it printed to stderr."""
    assert main(argv) == 1
    captured = capsys.readouterr()
    return captured.err


def test_failures_exit_1_with_a_message_that_says_what_to_do(tmp_path, capsys):
    assert "no such bank" in fails(["answer-key", "no-such-quiz"], capsys)
    assert "is not a folder" in fails(["gradebook", str(tmp_path / "none"), "--out", str(tmp_path / "o")], capsys)
    (tmp_path / "empty").mkdir()
    empty = ["gradebook", str(tmp_path / "empty"), "--out", str(tmp_path / "o")]
    assert "no hand-in file could be read" in fails(empty, capsys)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x.txt").write_text("x", encoding="utf-8")
    assert "not an empty folder" in fails(["demo-class", str(tmp_path / "used")], capsys)
    assert "not an empty folder" in fails(["student-copy", str(tmp_path / "used")], capsys)
    assert "--students must be between 1 and" in fails(["demo-class", str(tmp_path / "d"), "--students", "0"], capsys)
    assert "cannot grade quiz 'nope'" in fails(["gradebook", str(tmp_path / "used"), "--out", str(tmp_path / "o"),
                                                "--quiz", "nope"], capsys)  # fmt: skip


def test_answer_key_and_demo_class_refuse_a_bank_without_its_key(tmp_path, capsys):
    copy = tmp_path / "summit_participants.yaml"  # what student-copy writes: the bank without answers
    copy.write_text(
        yaml.safe_dump(student_bank(load_bank("summit_participants")), allow_unicode=True), encoding="utf-8"
    )
    for argv in (["answer-key", str(copy)], ["demo-class", str(tmp_path / "demo"), "--quiz", str(copy)]):
        err = fails(argv, capsys)
        assert "has no answer key (is this a student copy?)" in err and "Traceback" not in err
    assert not (tmp_path / "demo").exists()


def test_validate_passes_on_the_shipped_data(capsys):
    assert main(["validate"]) == 0
    assert "All tables and quiz banks" in capsys.readouterr().out


def test_validate_lists_every_problem_in_tables_and_banks(tmp_path, monkeypatch, capsys):
    copy = tmp_path / "data"
    shutil.copytree(data.data_dir(), copy)
    monkeypatch.setenv("LESSON_DATA_DIR", str(copy))
    climate = copy / "climate.csv"
    climate.write_text(climate.read_text(encoding="utf-8").replace("\n", "\nbroken-row\n", 1), encoding="utf-8")
    bank_path = copy / "quizzes" / "ukraine_geography.yaml"
    raw = yaml.safe_load(bank_path.read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in raw["questions"]}
    by_id["border-russia"]["answer"] = 1500  # contradicts neighbours.csv
    by_id["hoverla"]["section"] = "A heading that is not there"
    bank_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    other = copy / "quizzes" / "security_guarantee.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("points: 1", "points: none", 1), encoding="utf-8")

    err = fails(["validate"], capsys)
    assert "climate.csv" in err
    assert "border-russia: answer 1500, data 1944" in err
    assert "question 'hoverla', field 'section'" in err
    assert "security_guarantee.yaml" in err and "field 'points'" in err
    assert re.search(r"\d+ problems found in ", err)


@pytest.mark.parametrize("quiz_id", BANKS)
def test_answer_key_holds_every_question_answer_and_source(quiz_id, tmp_path, capsys):
    bank = load_bank(quiz_id)
    assert main(["answer-key", quiz_id]) == 0
    markdown = capsys.readouterr().out
    assert main(["answer-key", quiz_id, "--format", "html", "--out", str(tmp_path / "key.html")]) == 0
    page = (tmp_path / "key.html").read_text(encoding="utf-8")
    cited = [i.strip() for q in bank.questions for i in q.source_id.split(";")]
    urls = set(data.load_sources().set_index("id").loc[cited, "url"])
    for question in bank.questions:
        assert f"`{question.id}`" in markdown and question.prompt in markdown and question.explanation in markdown
        assert f"<code>{question.id}</code>" in page and html.escape(question.prompt) in page
    for url in urls:
        assert url in markdown and html.escape(url, quote=True) in page


def test_answer_key_shows_each_kind_of_answer(capsys):
    assert main(["answer-key", str(FIXTURES / "sample.yaml")]) == 0
    key = capsys.readouterr().out
    for line in [
        "- ✔ **Kyiv**",
        "- ✘ Kharkiv",
        "**Answer:** False",
        "**Answer:** 1944 km",
        "**Answer:** 2200 km (accepted: ± 100)",
        "- 1. Russia",
        "- Giorgia Meloni → Italy",
        "Belarus (BLR)",
    ]:
        assert line in key


def test_answer_key_html_escapes_bank_text(tmp_path):
    out = tmp_path / "key.html"
    bank = FIXTURES / "html_injection.yaml"
    assert main(["answer-key", str(bank), "--format", "html", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;prompt&quot;)&lt;/script&gt;" in page


def test_demo_class_then_gradebook(tmp_path, capsys):
    handins, out = tmp_path / "handins", tmp_path / "marks"
    assert main(["demo-class", str(handins), "--students", "12", "--seed", "3", "--quiz", "ukraine_geography"]) == 0
    assert "Wrote 12 hand-in files" in capsys.readouterr().out
    (handins / "broken.handin.json").write_text('{"format": "lesson-quiz-handin/1", "stud', encoding="utf-8")
    assert main(["gradebook", str(handins), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert 'Quiz ukraine_geography ("' in printed and "Graded 12 student(s): mean" in printed
    assert "Not graded (1):" in printed and "broken.handin.json: the file is cut off" in printed
    assert (out / "gradebook.csv").exists() and (out / "report.html").exists()


def test_gradebook_skips_its_own_output_inside_the_folder(tmp_path, capsys):
    handins = tmp_path / "handins"
    assert main(["demo-class", str(handins), "--students", "3"]) == 0
    for _ in range(2):  # the second run must not read the first run's gradebook.csv and report.html
        assert main(["gradebook", str(handins), "--out", str(handins / "marks")]) == 0
    assert "Not graded" not in capsys.readouterr().out


def test_student_copy_command(tmp_path, capsys):
    assert main(["student-copy", str(tmp_path / "copy")]) == 0
    captured = capsys.readouterr()
    assert "Wrote the student copy" in captured.out and "solution and instructor cells removed" in captured.out
    copied = tmp_path / "copy" / "data" / "quizzes" / "security_guarantee.yaml"
    bank = yaml.safe_load(copied.read_text(encoding="utf-8"))
    assert bank["mode"] == "assessment" and "answer" not in json.dumps(list(bank["questions"][0]))


@pytest.mark.parametrize("language", ["uk", "fr"])
def test_the_command_speaks_the_teachers_language(language, monkeypatch, capsys):
    """$LESSON_LANGUAGE (or the language chosen on the start page) sets the command's own words."""
    from lesson_utils import i18n

    say = i18n.translations("ui", language).gettext
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.setenv(i18n.ENV_VAR, language)
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    translated = say("check every data table and quiz bank")
    assert translated != "check every data table and quiz bank" and translated in help_text
    assert main(["validate"]) == 0
    valid = say("All tables and quiz banks in {folder} are valid.").format(folder=data.data_dir())
    assert valid in capsys.readouterr().out and "valid." not in valid
