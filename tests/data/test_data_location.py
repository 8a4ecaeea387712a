"""Which data a kernel reads: on a hub the package is installed once, the lessons arrive by nbgitpuller,
and a teacher's fix in the pulled copy must reach students without a reinstall."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from locations import REPO

PROBE = "from lesson_utils import data; from lesson_utils.quiz import load_bank; " \
        "print(data.data_dir()); print(load_bank('security_guarantee').title)"  # fmt: skip


def installed(tmp_path: Path) -> Path:
    """lesson_utils as a wheel installs it: the package with its data copied into `_data`."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "lesson_utils", site / "lesson_utils", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "data", site / "lesson_utils" / "_data")
    return site


def probe(site: Path, cwd: Path) -> list[str]:
    env = {key: value for key, value in os.environ.items() if key != "LESSON_DATA_DIR"}
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=cwd, env={**env, "PYTHONPATH": str(site)},
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


def test_a_pulled_lesson_copy_wins_over_the_installed_data(tmp_path):
    site = installed(tmp_path)
    pulled = tmp_path / "home" / "paris-summit-lessons"
    shutil.copytree(REPO / "data", pulled / "data")
    (pulled / "lessons").mkdir()
    bank = pulled / "data" / "quizzes" / "security_guarantee.yaml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace('title: "Quiz 2:', 'title: "Quiz 2 (fixed by the teacher):', 1), encoding="utf-8")

    folder, title = probe(site, pulled / "lessons")
    assert Path(folder) == pulled / "data" and title.startswith("Quiz 2 (fixed by the teacher):")

    folder, title = probe(site, tmp_path)  # no lesson copy here: the installed data
    assert Path(folder) == site / "lesson_utils" / "_data" and "fixed" not in title


def test_a_folder_merely_called_data_is_not_taken_for_lessons(tmp_path):
    site = installed(tmp_path)
    (tmp_path / "work" / "data").mkdir(parents=True)
    (tmp_path / "work" / "data" / "notes.txt").write_text("a student's own folder")
    folder, _ = probe(site, tmp_path / "work")
    assert Path(folder) == site / "lesson_utils" / "_data"
