"""Checked tables kept on disk, keyed by the exact bytes they were checked from.

Checking a table with pydantic costs a lesson about 0.3 s each time a kernel starts, most of it
importing pydantic and building the row models. The outcome depends only on the CSV files, the
code that checks them and the library versions, so it is stored under a fingerprint of all of
these: a table whose files were checked before is read back as the DataFrame its check produced;
any change to any table, to the checking code or to a library version gives a new fingerprint and
a fresh check. Tables with problems are never stored, so a broken file always raises its DataError.

The cache lives in `$XDG_CACHE_HOME/paris-summit-lessons` (`~/.cache/...`); `LESSON_CACHE_DIR`
moves it, and an empty `LESSON_CACHE_DIR` switches it off. When the folder cannot be written
(a read-only home, a full disk) tables are simply checked every time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path

import pandas as pd

ENV_VAR = "LESSON_CACHE_DIR"
CHECKING_CODE = ("data.py", "checks.py", "schemas.py")
"""The modules whose behaviour decides a check's outcome: part of the fingerprint."""


def cache_dir() -> Path | None:
    """Where checked tables are kept, or None when caching is switched off."""
    if (override := os.environ.get(ENV_VAR)) is not None:
        return Path(override) if override else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "paris-summit-lessons"


def fingerprint(folder: Path) -> str:
    """A digest of every CSV in `folder` (names and bytes), the checking code and the versions.

    Content, not modification times: an edit that keeps a file's time and size still counts.
    """
    digest = hashlib.sha256(_code_and_versions())
    for path in sorted(folder.glob("*.csv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


@cache
def _code_and_versions() -> bytes:
    here = Path(__file__).resolve().parent
    pydantic = importlib.util.find_spec("pydantic")
    pydantic_version = Path(pydantic.origin).with_name("version.py").read_bytes() if pydantic and pydantic.origin else b""
    parts = [sys.version.encode(), pd.__version__.encode(), pydantic_version]
    parts += [(here / name).read_bytes() for name in CHECKING_CODE]
    return b"\0".join(parts)


def read(key: str, name: str) -> pd.DataFrame | None:
    """The table stored under `key`, or None when it is not there or cannot be read back."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        frame = pickle.loads((folder / key / f"{name}.pickle").read_bytes())
    except Exception:  # missing, truncated, or written by another pandas: check the table again
        return None
    return frame if isinstance(frame, pd.DataFrame) else None


def write(key: str, name: str, frame: pd.DataFrame) -> None:
    """Store a checked table atomically (a half-written file is never read), dropping older keys."""
    folder = cache_dir()
    if folder is None:
        return
    target = folder / key
    try:
        target.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(frame, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target / f"{name}.pickle")
    except OSError:
        return
    for old in folder.iterdir():
        if old.name != key and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
