"""One way to read a file once and keep what was read until the file changes.

Data tables, map geometry, quiz banks and notebooks are all cached on their file's *version*: its
resolved path, modification time (ns) and size, so an edited or replaced file is read again at the
next call, in a lesson or a teacher's long-running kernel alike. Callers pass versions to a
`functools.cache`/`lru_cache`d reader; a read that fails raises and is never kept.
"""

from __future__ import annotations

from pathlib import Path

FileVersion = tuple[Path, int, int]
"""Absolute path, modification time (ns) and size: a changed or replaced file gets a new one."""


def version(path: Path) -> FileVersion:
    """The file's version; FileNotFoundError when there is no file, for the caller to explain."""
    stat = Path(path).stat()
    return Path(path).resolve(), stat.st_mtime_ns, stat.st_size
