"""JupyterLite at build time (`make lite`, `python -m lesson_tools.publish.site lite OUT`).

`build_lite()` writes the student copy (`make_student_copy`: no solutions, instructor notes or
assessment answer keys; practice quizzes keep theirs to give feedback), builds the lessons' wheel from it, downloads the pinned pure-Python wheels the lessons need
that Pyodide does not ship (from PyPI, the versions of `binder/requirements.txt`), and runs
`jupyter lite build`. Pyodide itself, and its own packages such as pandas, load from Pyodide's CDN on
a reader's first visit: they are not on the package registries this project builds from. How the
lessons find their data in the browser is `lesson_utils.lite`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lesson_tools.config import repo_root
from lesson_tools.teacher.student_copy import make_student_copy
from lesson_utils.lite import MANIFEST

PYODIDE_PACKAGES = ("numpy", "pandas", "pydantic", "pyyaml", "packaging", "typing-extensions", "shapely")
"""What the lessons import that Pyodide ships itself: loaded from Pyodide's CDN."""


SHIPPED = ("plotly", "narwhals", "ipywidgets", "comm", "jupyterlab-widgets", "anywidget", "psygnal")
"""Pure-Python dependencies served from the site as wheels, at the versions of binder/requirements.txt."""


DISTRIBUTION = "paris-summit-lessons"


def bootstrap_source(wheels: list[str]) -> str:
    """The first code cell of every notebook in the JupyterLite build."""
    return f"""# JupyterLite only (the lesson runs in your browser): install the lessons' package and its libraries,
# then find the data. The first time, this downloads Python (Pyodide) and takes a minute.
import sys

if sys.platform == "emscripten":
    import piplite

    await piplite.install({list(PYODIDE_PACKAGES)!r})
    await piplite.install({wheels!r}, deps=False)
    from lesson_utils import lite

    lite.ensure_data()"""


def pinned_versions(requirements: Path, names: tuple[str, ...] = SHIPPED) -> dict[str, str]:
    """`name==version` pins for `names` from a compiled requirements file; KeyError names a missing one."""
    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        if found := re.match(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)", line):
            pins[re.sub(r"[-_.]+", "-", found.group(1).lower())] = found.group(2)
    return {name: pins[name] for name in names}


def manifest(folder: Path) -> list[str]:
    """Every file under `folder` as a POSIX path relative to it (the manifest itself left out)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)


def _run(command: list[str], **kwargs) -> None:
    print("  $", " ".join(command), flush=True)
    subprocess.run(command, check=True, **kwargs)


def build_lite(out: str | Path, wheels_from: str | Path | None = None) -> Path:
    """Build the JupyterLite site into `out`; returns it.

    `wheels_from`: a folder already holding the `SHIPPED` wheels (skips the PyPI download).
    """
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="lesson-lite-") as scratch:
        work = Path(scratch)
        copy = make_student_copy(work / "student")
        pypi = work / "lite" / "pypi"
        pypi.mkdir(parents=True)
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
                str(pypi),
                str(copy.folder),
            ]
        )
        pins = pinned_versions(repo_root() / "binder" / "requirements.txt")
        if wheels_from:
            for name in pins:
                pattern = re.sub(r"-", "_", name) + f"-{pins[name]}-*.whl"
                found = sorted(Path(wheels_from).glob(pattern))
                if not found:
                    raise FileNotFoundError(f"no {pattern} in {wheels_from}")
                shutil.copy2(found[0], pypi)
        else:
            _run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--only-binary=:all:",
                    "--platform",
                    "any",
                    "--implementation",
                    "py",
                    "--python-version",
                    "3.12",
                    "--dest",
                    str(pypi),
                    *[f"{name}=={version}" for name, version in pins.items()],
                ]
            )
        contents = work / "contents"
        shutil.copytree(copy.folder / "lessons", contents / "lessons")
        shutil.copytree(copy.folder / "data", contents / "data")
        (contents / "data" / MANIFEST).write_text(json.dumps(manifest(contents / "data"), indent=1), encoding="utf-8")
        _add_bootstrap(contents / "lessons", [DISTRIBUTION, *pins])
        config = {
            "jupyter-lite-schema-version": 0,
            "jupyter-config-data": {
                "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {"disablePyPIFallback": True}}
            },
        }
        (work / "lite" / "jupyter-lite.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)
        _run(
            [
                sys.executable,
                "-m",
                "jupyterlite_core",
                "build",
                "--lite-dir",
                str(work / "lite"),
                "--contents",
                str(contents),
                "--output-dir",
                str(out),
            ],
            cwd=work,
        )
    (out / ".nojekyll").write_text("", encoding="utf-8")
    print(f"JupyterLite site written to {out} (serve it over http; Pyodide loads from its CDN on first visit)")
    return out


def _add_bootstrap(folder: Path, wheels: list[str]) -> None:
    import nbformat

    for path in sorted(folder.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        first = notebook.cells[0] if notebook.cells else None
        position = 1 if first is not None and first.cell_type == "markdown" else 0
        notebook.cells.insert(position, nbformat.v4.new_code_cell(bootstrap_source(wheels)))
        nbformat.write(notebook, path)
