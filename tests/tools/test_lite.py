"""`make lite`: what can be tested without a browser and without the network.

The build runs with the JupyterLite tools of `.venv-lite` (`make test` and `make lite` install it;
they stay out of `.venv`, whose JupyterLab their extension would break), or `$LESSON_LITE_PYTHON`.
`jupyter lite build` itself needs no network (the Pyodide kernel bundles its JavaScript, wheels
come from a local folder, Pyodide is not downloaded at build time), so the build runs here with
every connection off this machine refused. The dependency wheels that `make lite` downloads from
PyPI are replaced by small stand-ins of the same names and versions; the real download is
`make lite`'s. Pyodide itself runs only in a browser and is not tested here; the data fallback is
tested with a fake fetch.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml
from locations import REPO

from lesson_tools.publish import lite as lite_build
from lesson_tools.teacher.student_copy import HIDDEN_TAGS
from lesson_utils import data, lite

LITE_PYTHON = Path(os.environ.get("LESSON_LITE_PYTHON", REPO / ".venv-lite" / "bin" / "python"))


def fake_wheel(folder: Path, name: str, version: str) -> Path:
    """A minimal valid pure-Python wheel (metadata only), as piplite indexes it."""
    dist = f"{name.replace('-', '_')}-{version}"
    files = {
        f"{dist}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{dist}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b'=').decode()},"
        f"{len(text.encode())}"
        for path, text in files.items()
    ]
    files[f"{dist}.dist-info/RECORD"] = "\n".join([*record, f"{dist}.dist-info/RECORD,,"]) + "\n"
    path = folder / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in files.items():
            archive.writestr(member, text)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from test_site import offline  # the same network guard as the site's build

    tmp = tmp_path_factory.mktemp("lite")
    wheels = tmp / "wheels"
    wheels.mkdir()
    for name, version in lite_build.pinned_versions(REPO / "binder" / "requirements.txt").items():
        fake_wheel(wheels, name, version)
    if not LITE_PYTHON.exists():
        pytest.skip(f"no JupyterLite environment at {LITE_PYTHON}: `make test` (or `make lite`) installs it")
    env, log = offline(tmp / "offline")
    out = tmp / "out"
    subprocess.run(
        [str(LITE_PYTHON), "-m", "lesson_tools.publish.site", "lite", str(out), "--wheels-from", str(wheels)],
        check=True,
        cwd=REPO,
        env={**os.environ, **env},
    )
    assert not (log.read_text() if log.exists() else ""), "the JupyterLite build tried to reach the network"
    return out


def test_lite_holds_the_student_lessons(built):
    names = {p.name for p in (built / "files" / "lessons").glob("*.ipynb")}
    expected = {
        p.name for p in (REPO / "lessons").glob("*.ipynb") if not p.name.startswith(("_", "teacher_guide."))
    }  # the teacher guide, in any language, stays with the teacher
    assert names == expected
    for path in (built / "files" / "lessons").glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        assert not any(HIDDEN_TAGS & set(c.metadata.get("tags", [])) for c in notebook.cells), path.name
        assert "piplite.install" in notebook.cells[1].source, path.name  # the bootstrap, under the title
    listing = json.loads((built / "api" / "contents" / "lessons" / "all.json").read_text())
    assert {entry["name"] for entry in listing["content"]} == expected


def test_lite_holds_the_data_and_its_manifest(built):
    folder = built / "files" / "data"
    listed = json.loads((folder / lite.MANIFEST).read_text())
    assert "sources.csv" in listed and any(name.startswith("geo/") for name in listed)
    assert all((folder / name).is_file() for name in listed)


def test_lite_serves_the_package_wheel_without_assessment_keys(built):
    """Like the student copy it is built from: practice quizzes keep their key (they give feedback in
    the browser), assessment quizzes have none."""
    pypi = built / "pypi"
    (wheel,) = pypi.glob("paris_summit_lessons-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "lesson_utils/lite.py" in names and "lesson_utils/_data/sources.csv" in names
        assert not [n for n in names if n.startswith("lesson_tools/")], "the teacher's tools are not for students"
        for member in (n for n in names if n.startswith("lesson_utils/_data/quizzes/") and n.endswith(".yaml")):
            bank = yaml.safe_load(archive.read(member))
            for question in bank["questions"] if bank["mode"] == "assessment" else []:
                assert not {"answer", "explanation"} & set(question), (member, question["id"])
    indexed = json.loads((pypi / "all.json").read_text())
    assert {"paris-summit-lessons", *lite_build.SHIPPED} <= set(indexed)


def test_lite_has_no_pypi_fallback(built):
    config = json.loads((built / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert any(url.startswith("./pypi/all.json") for url in kernel["pipliteUrls"])


# --- the data fallback --------------------------------------------------------------------------


@pytest.fixture
def site_files(monkeypatch, tmp_path):
    """A fake site: `fetch(url)` serves the repository's data under https://lite.example/files/data/."""
    monkeypatch.setenv("LESSON_CACHE_DIR", "")
    source = data.data_dir()
    files = {
        f"https://lite.example/files/data/{name}": (source / name).read_text(encoding="utf-8")
        for name in lite_build.manifest(source)
    }
    files["https://lite.example/files/data/manifest.json"] = json.dumps(lite_build.manifest(source))
    fetched = []

    def fetch(url: str) -> str:
        fetched.append(url)
        return files[url]

    empty = tmp_path / "installed-without-data"
    empty.mkdir()
    monkeypatch.setenv(data.ENV_VAR, str(empty))  # data_dir() now points at a folder with nothing in it
    return fetch, fetched, tmp_path / "fetched"


def test_missing_data_is_fetched_from_the_site(site_files, monkeypatch):
    fetch, fetched, target = site_files
    monkeypatch.setenv(lite.URL_ENV_VAR, "https://lite.example")
    assert lite.ensure_data(fetch=fetch, target=target) == target
    assert os.environ[data.ENV_VAR] == str(target) and data.data_dir() == target
    assert fetched[0] == "https://lite.example/files/data/manifest.json"
    assert len(data.load_sources()) > 0 and len(data.load_participants()) > 0  # every loader reads it


def test_present_data_is_not_fetched(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    assert lite.ensure_data(fetch=lambda url: pytest.fail(f"fetched {url}")) == data.data_dir()


def test_without_pyodide_or_fetch_nothing_is_fetched(site_files):
    assert lite.ensure_data() == data.data_dir()  # left for data's own "file not found" message


def test_manifest_paths_must_stay_inside_data(site_files):
    fetch, _, target = site_files
    bad = {"https://lite.example/files/data/manifest.json": json.dumps(["../../etc/passwd"])}
    with pytest.raises(ValueError, match="not a path inside data"):
        lite.ensure_data(fetch=bad.__getitem__, base_url="https://lite.example/", target=target)


def test_site_root_from_the_kernel_worker_address(monkeypatch):
    class Location:
        href = "https://school.example/lessons/lite/extensions/@jupyterlite/pyodide-kernel-extension/static/w.js"

    monkeypatch.delenv(lite.URL_ENV_VAR, raising=False)
    monkeypatch.setitem(__import__("sys").modules, "js", type("js", (), {"location": Location}))
    assert lite.site_root() == "https://school.example/lessons/lite/"
