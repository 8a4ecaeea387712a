"""Strategies for hostile values: what a careless edit, a bad tool or an attacker puts in a file."""

from __future__ import annotations

from hypothesis import strategies as st

HOSTILE_TEXT = st.sampled_from([
    "", " ", "nan", "NaN", "inf", "-inf", "1e309", "0", "-0", "00", "03700", "1_944", "0x7B0", "1,944", "1 944",
    "9" * 30, "-" + "9" * 30, "9" * 5000, "1e-400", "2025-02-30", "2025-13-01", "9999-12-31", "0000-01-01",
    "27/03/2025", "27 March 2025", "true", "True", "yes", "no", "on", "1", "null", "None", "~",
    "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "\x00", "a\x00b",
    "é" * 3, "\u202e", "\ufeff", "line\nbreak", 'quote"inside', "comma,inside", "x" * 200_000,
    "🇺🇦", "Київ", "Ukraine ", " Kyiv", "KYIV",
])  # fmt: skip
"""Texts that have broken parsers before: numbers in every spelling, dates out of range, booleans
YAML 1.1 reads, HTML and spreadsheet formulas, control characters, huge and empty cells."""

TEXT = st.one_of(HOSTILE_TEXT, st.text(max_size=40))

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**18, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)

JSON_LIKE = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.one_of(TEXT, st.text(max_size=10)), children, max_size=5)
    ),
    max_leaves=20,
)
"""Any value a YAML or JSON file can hold, nested a little."""
