"""The bank loader under hostile fields and damaged YAML: a clear QuizError, or exactly what was written."""

from __future__ import annotations

import itertools
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile import JSON_LIKE, TEXT
from hypothesis import given
from hypothesis import strategies as st
from outcomes import record

from lesson_utils.quiz import load_bank
from lesson_utils.quiz.bank import bank_path
from lesson_utils.quiz.kinds import QuizError

BANKS = ["summit_participants", "security_guarantee", "ukraine_geography", "reading_the_news"]
FIELDS = ["id", "type", "prompt", "answer", "choices", "items", "options", "distractors", "explanation",
          "source_id", "section", "points", "hint", "data", "tolerance", "unit", "shuffle", "region",
          "reference", "colour"]  # fmt: skip
WRITES = itertools.count(1)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as temporary:
        yield Path(temporary)


def raw_bank(name: str) -> dict:
    return yaml.safe_load(bank_path(name).read_text(encoding="utf-8"))


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / f"{name}.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    stamp = 1_700_000_000_000_000_000 + next(WRITES) * 1_000_000  # the bank cache keys on mtime and size
    os.utime(path, ns=(stamp, stamp))
    return path


def same(written: Any, loaded: Any) -> bool:
    """Whether a loaded field is the written value, up to what the model documents: texts are
    stripped, integers may be read as numbers, a list of texts becomes a mapping of each to itself."""
    if isinstance(loaded, BaseException):
        return False
    if hasattr(loaded, "model_dump"):
        loaded = loaded.model_dump(exclude_defaults=True)
    if isinstance(written, str) and isinstance(loaded, str):
        return loaded in (written, written.strip())
    if isinstance(written, bool) or isinstance(loaded, bool):
        return written is loaded
    if isinstance(written, int) and isinstance(loaded, int):
        return written == loaded
    if isinstance(written, str) and isinstance(loaded, int | float):  # '1' for 1: the same number, quoted
        try:
            return float(written.strip()) == loaded
        except ValueError:
            return False
    if isinstance(written, int | float) and isinstance(loaded, int | float):
        return math.isfinite(loaded) and float(written) == float(loaded)
    if isinstance(written, list) and isinstance(loaded, dict) and all(isinstance(w, str) for w in written):
        return same({w: w for w in written}, loaded)
    if isinstance(written, list) and isinstance(loaded, list):
        return len(written) == len(loaded) and all(same(w, v) for w, v in zip(written, loaded, strict=True))
    if isinstance(written, dict) and isinstance(loaded, dict):
        return len(written) == len(loaded) and all(
            same(k, lk) and same(w, v) for (k, w), (lk, v) in zip(written.items(), loaded.items(), strict=True)
        )
    return written == loaded


def outcome_of(path: Path, check) -> str:
    try:
        bank = load_bank(path)
    except QuizError as error:
        assert str(path) in str(error), f"the error does not name the file: {error}"
        return "clear error"
    except Exception as error:  # noqa: BLE001  (the fuzz counts what escapes, then fails on it)
        return f"other exception: {type(error).__name__}: {error}"[:300]
    return "accepted" if check(bank) else "silently changed"


def twists(value: Any) -> list[Any]:
    """Near misses of a real value: other types, spellings and shapes of the same thing."""
    variants: list[Any] = [str(value), f" {value} ", [value], {"value": value}, True, 1, 1.5, None]
    if isinstance(value, bool):
        variants += [int(value), "yes", "no", str(value).lower()]
    elif isinstance(value, int | float):
        variants += [value + 1, -value, float(value), value * 10**30, str(value).replace(".", ",")]
    elif isinstance(value, str):
        variants += [value.upper(), value + "\n", value * 2, "", value[:1]]
    elif isinstance(value, list) and value:
        variants += [value[:1], value + value[:1], value[::-1], [*value, ""], list(map(str, value))]
    elif isinstance(value, dict) and value:
        key = next(iter(value))
        variants += [{**value, key: None}, {k: v for k, v in value.items() if k != key}, list(value), {**value, "": 1}]
    return variants


@given(name=st.sampled_from(BANKS), index=st.integers(min_value=0), draw=st.data())
def test_a_hostile_field_is_refused_or_loaded_as_written(folder, name, index, draw):
    raw = raw_bank(name)
    question = raw["questions"][index % len(raw["questions"])]
    field = draw.draw(st.sampled_from(sorted(question)) if draw.draw(st.booleans()) else st.sampled_from(FIELDS))
    near = twists(question[field]) if field in question else []
    value = (
        draw.draw(st.sampled_from(near) if near else JSON_LIKE) if draw.draw(st.booleans()) else draw.draw(JSON_LIKE)
    )
    question[field] = value
    try:
        text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, OverflowError, ValueError):
        return  # not even YAML can write it
    path = write(folder, name, text)

    def check(bank) -> bool:
        loaded = next(q for q in bank.questions if q.id == str(question["id"]).strip())
        return same(value, getattr(loaded, field, AttributeError(field)))

    outcome = outcome_of(path, check)
    record("bank field", outcome.split(":")[0])
    assert outcome in ("accepted", "clear error"), (name, question.get("id"), field, repr(value)[:120], outcome)


@given(
    name=st.sampled_from(BANKS),
    at=st.integers(min_value=0),
    inserted=st.one_of(
        TEXT,
        st.sampled_from(
            [
                ":",
                "- ",
                "\t",
                "&a ",
                "*a",
                "!!python/object:os.system ",
                "{",
                "[",
                "'",
                '"',
                "\n  ",
                "\n- ",
                "---\n",
                "%YAML 1.1\n",
            ]
        ),
    ),
)
def test_damaged_yaml_is_a_clear_error_or_a_bank(folder, name, at, inserted):
    text = bank_path(name).read_text(encoding="utf-8")
    at = at % len(text)
    path = write(folder, name, text[:at] + inserted + text[at:])
    outcome = outcome_of(path, lambda bank: True)  # a valid bank after an insertion is a different bank
    record("bank text", outcome.split(":")[0])
    assert outcome in ("accepted", "clear error"), (name, at, inserted, outcome)


@given(name=st.sampled_from(BANKS), at=st.integers(min_value=0), byte=st.integers(min_value=0, max_value=255))
def test_a_damaged_byte_is_a_clear_error_or_a_bank(folder, name, at, byte):
    content = bank_path(name).read_bytes()
    at = at % len(content)
    path = write(folder, name, content[:at] + bytes([byte]) + content[at + 1 :])
    outcome = outcome_of(path, lambda bank: True)
    record("bank bytes", outcome.split(":")[0])
    assert outcome in ("accepted", "clear error"), (name, at, byte, outcome)
