"""Cells a spreadsheet shows as text: names and notes from students never run as formulas."""

from __future__ import annotations

import re

FORMULA = re.compile(r"(^|[,;\t\r\n])(\s*)([=+\-@\t\r])")
"""A cell, or a part of one after a separator, that a spreadsheet would run as a formula. Parts count
too: where the list separator is ';', Excel splits a comma file's line at ';' (and vice versa)."""


def no_formula(text: str) -> str:
    """The text with an apostrophe before each would-be formula (OWASP, "CSV injection")."""
    return FORMULA.sub(lambda m: f"{m.group(1)}{m.group(2)}'{m.group(3)}", text)
