"""Files a quiz writes: one JSON Lines log per student and quiz, and one hand-in file.

Every answer is appended and fsync'ed before the student sees feedback, so a kernel that dies
keeps all answers but perhaps the one being written. Reading skips a torn line with a warning
instead of failing, and the next append starts on a fresh line, so damage never spreads.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
import warnings
from pathlib import Path
from typing import Any

from lesson_utils.i18n import _

RESULTS_ENV = "LESSON_RESULTS_DIR"


def results_dir(override: str | Path | None = None) -> Path:
    """`override`, else $LESSON_RESULTS_DIR, else `results/` beside the notebook (the kernel's cwd)."""
    if override is not None:
        return Path(override)
    if env := os.environ.get(RESULTS_ENV):
        return Path(env)
    return Path.cwd() / "results"


def clean_name(student: Any) -> str:
    """The student's name with spacing tidied; ValueError if there is no name to speak of."""
    if not isinstance(student, str) or not student.strip():
        raise ValueError(
            _('Type your name in the STUDENT cell, for example STUDENT = "Alex Martin", and run it again.')
        )
    name = " ".join(unicodedata.normalize("NFC", student).split())
    if len(name) > 100 or any(unicodedata.category(ch) == "Cc" for ch in name):
        raise ValueError(_("That name is too long or contains control characters; type just your name."))
    return name


def student_slug(student: str) -> str:
    """A filesystem-safe stand-in for the name: readable ASCII plus a short hash.

    The hash (of the case-folded name) keeps 'Zoë' and 'Zoe' apart while 'zoë' and 'Zoë' share
    a file, so a student who types their name differently in case still gets their answers back.
    """
    name = clean_name(student)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-") or "student"
    digest = hashlib.sha256(name.casefold().encode()).hexdigest()[:6]
    return f"{readable}-{digest}"


def append_record(path: Path, record: dict) -> None:
    """Append one JSON line and force it to disk before returning."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    line = json.dumps(record, ensure_ascii=False, sort_keys=True).encode() + b"\n"
    with open(path, "ab") as handle:
        if not new and not _ends_with_newline(path):
            line = b"\n" + line  # a torn last line stays on its own line, skipped on read
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())
    if new:
        _sync_dir(path.parent)


def read_records(path: Path) -> list[dict]:
    """Every readable record, in order; unreadable lines are skipped with a warning."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    records = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            record = None
        if not isinstance(record, dict) or "kind" not in record:
            warnings.warn(
                f"{path}: skipped unreadable line {number} (probably cut off when the kernel stopped).",
                RuntimeWarning,
                stacklevel=2,
            )
            continue
        records.append(record)
    return records


def write_atomically(path: Path, payload: dict) -> None:
    """Write JSON to a temporary file, fsync, then rename over `path`: readers see old or new, never half."""
    _replace_atomically(path, (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def copy_atomically(source: Path, target: Path) -> None:
    """Copy a file the same way: the target is the old file or the whole new one, never half of it."""
    _replace_atomically(target, source.read_bytes())


def _replace_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a full disk or a read-only folder leaves nothing behind
        raise
    _sync_dir(path.parent)


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        if handle.tell() == 0:
            return True
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _sync_dir(folder: Path) -> None:
    """Make a new directory entry durable too (a no-op where directories cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
