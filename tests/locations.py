"""Where the repository is, worked out once for every test module.

Test modules, in folders grouped like the code, import `REPO` from here (`from locations import
REPO`; `pythonpath` in pyproject.toml puts this folder on the path). It is not a conftest.py: tests/browser has its own, and two modules named `conftest` would
shadow each other when imported by name.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
"""The repository root: data/, lessons/, pyproject.toml."""

FIXTURES = REPO / "tests" / "fixtures"
"""Small hand-made inputs shared by several test folders (a sample bank, an HTML-injection bank)."""
