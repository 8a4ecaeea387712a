"""Remove the test suites that pandas, numpy and shapely ship inside their packages.

Why: about 65 MB of the runtime environment (pandas/tests alone is 46 MB) that no lesson, quiz or
hub ever runs, and a school hub pulls its image onto every node. binder/postBuild runs this after
the install; `make bench` does the same before it weighs the runtime environment. Nothing else is
touched: other packages' `tests` folders are small, and some are imported at run time.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

PACKAGES = ("pandas", "numpy", "shapely")


def suites(package_root: Path) -> list[Path]:
    """Every folder named `tests` inside the package (numpy keeps one per subpackage)."""
    return sorted(path for path in package_root.rglob("tests") if path.is_dir())


def main() -> None:
    freed = 0
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        for folder in suites(Path(spec.origin).parent):
            freed += sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
            shutil.rmtree(folder)
    print(f"binder/slim.py: removed the test suites of {', '.join(PACKAGES)} ({freed / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
