"""Remove what the runtime environment carries but never uses: about 90 MB of a school hub's image,
which every node pulls.

- The test suites pandas, numpy and shapely ship inside their packages (pandas/tests alone is
  46 MB): no lesson, quiz or hub runs them. Other packages' `tests` folders are small, and some are
  imported at run time, so they stay.
- jedi's bundled typeshed stubs for distributions that are not installed (about 180 of 198, 22 MB):
  IPython's completer asks jedi only about modules a student can import, so a stub for a library
  that is not here is never read. Stubs of installed distributions (PyYAML, shapely, ...) and of
  the standard library stay, so completion is unchanged.
- Classic Notebook extensions (`share/jupyter/nbextensions`, and the copy widgetsnbextension keeps
  in `static/`, 9 MB), when neither Notebook 6 nor nbclassic is installed: JupyterLab and
  Notebook 7 never load them (they use the lab extensions). Installing Notebook 6 later would need
  `pip install --force-reinstall widgetsnbextension`.

binder/postBuild runs this after the install; `make bench` does the same before it weighs the
runtime environment.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shutil
import sys
from pathlib import Path

PACKAGES = ("pandas", "numpy", "shapely")


def suites(package_root: Path) -> list[Path]:
    """Every folder named `tests` inside the package (numpy keeps one per subpackage)."""
    return sorted(path for path in package_root.rglob("tests") if path.is_dir())


def unused_stubs(stubs_root: Path, installed: set[str]) -> list[Path]:
    """The typeshed stub folders (named after a distribution, e.g. `PyYAML`) of distributions not installed."""
    return sorted(folder for folder in stubs_root.iterdir() if folder.is_dir() and _key(folder.name) not in installed)


def classic_notebook_installed() -> bool:
    """True when a server that loads nbextensions is installed: nbclassic, or Notebook before 7."""
    try:
        importlib.metadata.version("nbclassic")
        return True
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        return int(importlib.metadata.version("notebook").split(".")[0]) < 7
    except importlib.metadata.PackageNotFoundError:
        return False


def nbextension_folders(prefix: Path) -> list[Path]:
    """The classic Notebook's extension folders in this environment (its share/ and widgetsnbextension's copy)."""
    widgets = importlib.util.find_spec("widgetsnbextension")
    folders = [prefix / "share" / "jupyter" / "nbextensions"]
    if widgets is not None and widgets.origin is not None:
        folders.append(Path(widgets.origin).parent / "static")
    return [folder for folder in folders if folder.is_dir()]


def installed_distributions() -> set[str]:
    return {_key(dist.metadata["Name"]) for dist in importlib.metadata.distributions() if dist.metadata["Name"]}


def _key(name: str) -> str:
    """Distribution names compare case- and separator-blind (PEP 503): `python_dateutil` is `python-dateutil`."""
    return name.lower().replace("_", "-").replace(".", "-")


def _remove(folder: Path) -> int:
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    shutil.rmtree(folder)
    return size


def main() -> None:
    freed = 0
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin is not None:
            freed += sum(_remove(folder) for folder in suites(Path(spec.origin).parent))
    jedi = importlib.util.find_spec("jedi")
    stubs = Path(jedi.origin).parent / "third_party" / "typeshed" / "stubs" if jedi and jedi.origin else None
    if stubs is not None and stubs.is_dir():
        freed += sum(_remove(folder) for folder in unused_stubs(stubs, installed_distributions()))
    if not classic_notebook_installed():
        freed += sum(_remove(folder) for folder in nbextension_folders(Path(sys.prefix)))
    print(
        f"binder/slim.py: removed the test suites of {', '.join(PACKAGES)}, jedi's stubs for distributions "
        f"not installed and the classic Notebook's extensions ({freed / 1e6:.0f} MB)"
    )


if __name__ == "__main__":
    main()
