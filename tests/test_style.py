"""The code's own rules ([tool.ruff] in pyproject.toml): formatted, and clean of the lint rules chosen there."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from locations import REPO


def ruff() -> str:
    """The ruff installed with the test tools (beside this Python), else one on the PATH."""
    beside = Path(sys.executable).with_name("ruff")
    found = str(beside) if beside.exists() else shutil.which("ruff")
    if not found:
        pytest.fail("ruff is not installed: it comes with the test tools (binder/requirements.txt)")
    return found


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_the_code_follows_the_projects_ruff_rules(command):
    result = subprocess.run([ruff(), *command, "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, f"run `ruff {' '.join(command)} .` and fix what it reports:\n{result.stdout[-3000:]}"
