"""JupyterLite at run time: how the lessons find their data when they run in the browser (Pyodide).

The lessons' package comes as a wheel from the site itself (piplite, no PyPI fallback), and normally
finds its data inside that wheel (`lesson_utils/_data`). When that local path is missing,
`ensure_data()` fetches the files listed in the site's `files/data/manifest.json` into a local folder
and points `LESSON_DATA_DIR` at it, so every loader in `lesson_utils.data` reads them as usual. The
site itself is built by `lesson_tools.publish.lite` (`make lite`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from lesson_utils import tables

MANIFEST = "manifest.json"


URL_ENV_VAR = "LESSON_LITE_URL"
"""The JupyterLite site's root URL, when it cannot be told from the kernel's own address."""


def in_pyodide() -> bool:
    return sys.platform == "emscripten"


def site_root() -> str:
    """The JupyterLite site's root URL: `$LESSON_LITE_URL`, else read from the kernel worker's address
    (`<root>/extensions/@jupyterlite/pyodide-kernel-extension/...`)."""
    if url := os.environ.get(URL_ENV_VAR):
        return url.rstrip("/") + "/"
    import js  # type: ignore[import-not-found]  # Pyodide's bridge to the browser

    href = str(js.location.href)
    for marker in ("/extensions/", "/build/", "/lab/", "/notebooks/"):
        if marker in href:
            return href.split(marker, 1)[0] + "/"
    return urllib.parse.urljoin(href, "./")


def _browser_fetch(url: str) -> str:
    from pyodide.http import open_url  # type: ignore[import-not-found]  # synchronous, fine in a worker

    return open_url(url).read()


def _has_data(folder: Path) -> bool:
    return (folder / "sources.csv").is_file()


def ensure_data(
    fetch: Callable[[str], str] | None = None, base_url: str | None = None, target: str | Path | None = None
) -> Path:
    """The data folder, fetched from the site into `target` first if the local one is missing.

    `fetch(url) -> text` defaults to the browser's (Pyodide); `base_url` to `site_root()`. Outside
    Pyodide, with no `fetch` given, a missing folder is left for `data` to report as usual.
    """
    if _has_data(tables.data_dir()):
        return tables.data_dir()
    if fetch is None and not in_pyodide():
        return tables.data_dir()
    fetch = fetch or _browser_fetch
    base = urllib.parse.urljoin(base_url or site_root(), "files/data/")
    folder = Path(target) if target else Path(tempfile.gettempdir()) / "lesson-data"
    for name in json.loads(fetch(base + MANIFEST)):
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise ValueError(f"{MANIFEST} lists {name!r}, which is not a path inside data/")
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fetch(base + urllib.parse.quote(name)), encoding="utf-8")
    os.environ[tables.ENV_VAR] = str(folder)
    return folder
