"""Where an executed notebook's time went: lesson_utils's cells, the other cells, and between cells.

A notebook's wall time is more than its lesson_utils calls: the kernel starts and stops, every
cell costs a round trip, and a lesson's own pandas cells take time too. Splitting the time this
way shows how much of a ratio to the baseline the package can still change.
"""

from __future__ import annotations

import ast
import datetime as dt
from typing import Any

PACKAGE = "lesson_utils"


def package_names(sources: list[str]) -> set[str]:
    """The names the cells bind to the package (`from lesson_utils import data` binds `data`)."""
    return {name for source in sources for node in ast.walk(_parse(source)) for name in _bound(node)}


def uses_package(source: str, names: set[str]) -> bool:
    """True when the cell imports from the package or reads a name bound to it."""
    return any(
        (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names) or _bound(node)
        for node in ast.walk(_parse(source))
    )


def _bound(node: ast.AST) -> set[str]:
    """The names an import statement binds to the package (none for any other node)."""
    if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == PACKAGE:
        return {alias.asname or alias.name for alias in node.names}
    if isinstance(node, ast.Import):
        return {alias.asname or PACKAGE for alias in node.names if alias.name.split(".")[0] == PACKAGE}
    return set()


def _parse(source: str) -> ast.Module:
    """The cell's syntax tree; a cell Python cannot parse (an IPython magic) counts as empty."""
    try:
        return ast.parse(source)
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


def _moment(cell: dict[str, Any], key: str) -> float:
    return dt.datetime.fromisoformat(cell["metadata"]["execution"][key].replace("Z", "+00:00")).timestamp()


def split_times(cells: list[dict[str, Any]], wall_s: float) -> dict[str, float]:
    """Seconds of `wall_s` spent busy in cells that use lesson_utils, busy in the other code
    cells, between cells (round trips), and outside the cells (kernel start and shutdown).

    `cells` are the executed code cells, with the timestamps nbclient records
    (`metadata.execution`: the kernel's busy and idle status for each cell).
    """
    names = package_names([c["source"] for c in cells])
    busy = [
        (_moment(c, "iopub.status.busy"), _moment(c, "iopub.status.idle"), uses_package(c["source"], names))
        for c in cells
    ]
    ours = sum(end - start for start, end, used in busy if used)
    other = sum(end - start for start, end, used in busy if not used)
    span = busy[-1][1] - busy[0][0] if busy else 0.0
    return {
        "package_s": ours,
        "other_cells_s": other,
        "between_cells_s": span - ours - other,
        "outside_cells_s": wall_s - span,
        "code_cells": len(cells),
    }
