"""Notebook hygiene: committed without outputs, and listed by the start page's catalogue."""

from __future__ import annotations

import shutil
import subprocess

import nbformat
import pytest
from locations import REPO

from lesson_utils import i18n
from lesson_utils.catalogue import list_lessons

NOTEBOOKS = sorted((REPO / "lessons").glob("*.ipynb"))


def test_there_are_lessons():
    assert (REPO / "lessons" / "00_start_here.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    with_outputs = [i for i, cell in enumerate(notebook.cells) if cell.get("outputs") or cell.get("execution_count")]
    assert not with_outputs, f"{path.name}: cells {with_outputs} hold outputs; clear them before committing"


def test_committed_notebooks_hold_no_outputs():
    """The same check on what git has, so a notebook saved with outputs but not yet re-read is caught."""
    listed = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=REPO, capture_output=True, text=True).stdout.split()
    for name in listed:
        blob = subprocess.run(["git", "show", f"HEAD:{name}"], cwd=REPO, capture_output=True, text=True)
        if blob.returncode:  # added but not yet committed
            continue
        notebook = nbformat.reads(blob.stdout, as_version=4)
        assert not any(cell.get("outputs") for cell in notebook.cells), f"{name} is committed with outputs"


def test_catalogue_lists_every_lesson_with_its_title():
    catalogue = list_lessons(REPO / "lessons", "en")
    visible = [p.name for p in NOTEBOOKS if not p.name.startswith("_") and not i18n.edition_language(p)]
    assert list(catalogue["notebook"]) == visible
    assert catalogue["title"].str.len().gt(0).all(), catalogue
    assert set(catalogue["language"]) == {"en"}


def test_catalogue_lists_the_edition_in_the_students_language_where_there_is_one(tmp_path):
    catalogue = list_lessons(REPO / "lessons", "uk").set_index("notebook")
    assert catalogue.loc["quiz_02_security_guarantee.uk.ipynb", ["title", "language"]].tolist() == [
        "Тест 2: план гарантій безпеки",
        "uk",
    ]
    assert catalogue.loc["01_summit_participants.uk.ipynb", "language"] == "uk"
    assert len(catalogue) == len(list_lessons(REPO / "lessons", "en"))
    for name in [
        "01_summit_participants.ipynb",
        "quiz_02_security_guarantee.ipynb",
        "quiz_02_security_guarantee.uk.ipynb",
    ]:
        shutil.copy(REPO / "lessons" / name, tmp_path)  # a folder where lesson 01 has no Ukrainian edition
    folder = list_lessons(tmp_path, "uk").set_index("notebook")
    assert folder["language"].to_dict() == {
        "01_summit_participants.ipynb": "en",
        "quiz_02_security_guarantee.uk.ipynb": "uk",
    }
