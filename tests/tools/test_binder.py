"""binder/ follows repo2docker's rules, so "Launch Binder" builds the environment the tests use.

repo2docker reads binder/ instead of the repository root once the folder exists: it installs
binder/requirements.txt with pip on the Python named in binder/runtime.txt, then runs
binder/postBuild. It never reads pyproject.toml, so the pins must cover its dependencies and
postBuild must install the package itself (without letting pip re-resolve the pins).
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from locations import REPO
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

BINDER = REPO / "binder"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))

# Files that make repo2docker pick another build pack (conda, pipenv, R, a Dockerfile...) and so
# ignore requirements.txt or runtime.txt.
OTHER_BUILD_PACKS = [
    "environment.yml",
    "Pipfile",
    "Pipfile.lock",
    "setup.py",
    "install.R",
    "DESCRIPTION",
    "Dockerfile",
    "project.toml",
    "flake.nix",
]


def runtime_version() -> Version:
    text = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    assert match, f"binder/runtime.txt must read 'python-X.Y' (repo2docker honours major.minor only), not {text!r}"
    return Version(match.group(1))


RUNTIME_LOCK = BINDER / "requirements.txt"
DEV_LOCK = REPO / "requirements-dev.txt"
RUNTIME_EXTRAS = ("hub",)
"""What the runtime lock (Binder, school hubs, the student copy) holds beside the dependencies."""
DEV_EXTRAS = ("hub", "test", "site")
"""What the developer's lock (.venv: tests, the site) holds."""


def pins(lock: Path = RUNTIME_LOCK) -> dict[str, tuple[Requirement, int]]:
    """Each requirement in a lock file by canonical name, with its line number."""
    found: dict[str, tuple[Requirement, int]] = {}
    for number, raw in enumerate(lock.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("-"), f"{lock.name} line {number}: pip option {line!r} (pins only)"
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name not in found, f"{lock.name} line {number}: {requirement.name} is pinned twice"
        found[name] = (requirement, number)
    return found


def environment() -> dict[str, str]:
    """Marker environment of the Binder image: Linux, the runtime.txt Python."""
    env = default_environment()
    version = runtime_version()
    env.update(
        python_version=str(version),
        python_full_version=f"{version}.0",
        sys_platform="linux",
        platform_system="Linux",
        os_name="posix",
        implementation_name="cpython",
        platform_python_implementation="CPython",
    )
    return env


def declared(extras: tuple[str, ...] = RUNTIME_EXTRAS) -> list[tuple[str, Requirement]]:
    """(where, requirement) for the project's dependencies and the given extras."""
    project = PYPROJECT["project"]
    items = [("dependencies", Requirement(r)) for r in project.get("dependencies", [])]
    for extra in extras:
        items += [(f"optional-dependencies.{extra}", Requirement(r)) for r in project["optional-dependencies"][extra]]
    return items


def test_runtime_txt_names_a_python_that_requires_python_allows():
    requires = SpecifierSet(PYPROJECT["project"]["requires-python"])
    version = runtime_version()
    assert requires.contains(version), (
        f"binder/runtime.txt asks for Python {version}, but requires-python is {requires}"
    )


def test_lock_was_compiled_for_the_runtime_python():
    header = (BINDER / "requirements.txt").read_text(encoding="utf-8")
    match = re.search(r"--python-version[ =](\d+\.\d+)", header)
    if match is None:
        pytest.skip("binder/requirements.txt does not say which Python it was compiled for")
    assert Version(match.group(1)) == runtime_version(), (
        f"binder/requirements.txt was compiled for Python {match.group(1)} but binder/runtime.txt asks for {runtime_version()}"
    )


def test_every_requirement_is_pinned_exactly():
    loose = []
    for name, (requirement, number) in pins().items():
        specs = list(requirement.specifier)
        if requirement.url or len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
            loose.append(f"line {number}: {requirement}")
    assert not loose, "binder/requirements.txt must pin every package with '==':\n  " + "\n  ".join(loose)


@pytest.mark.parametrize(
    ("lock", "where", "requirement"),
    [(RUNTIME_LOCK, *item) for item in declared(RUNTIME_EXTRAS)] + [(DEV_LOCK, *item) for item in declared(DEV_EXTRAS)],
    ids=lambda v: str(v) if isinstance(v, Requirement) else v.name if isinstance(v, Path) else None,
)
def test_pins_cover_the_pyproject_dependencies(lock, where, requirement):
    if requirement.marker is not None and not requirement.marker.evaluate(environment()):
        pytest.skip(f"{requirement} does not apply on the Binder image")
    pinned = pins(lock).get(canonicalize_name(requirement.name))
    assert pinned, f"pyproject.toml {where} needs {requirement}, but {lock.name} does not pin it (run `make lock`)"
    version = next(iter(pinned[0].specifier)).version
    assert requirement.specifier.contains(version, prereleases=True), (
        f"{lock.name} pins {requirement.name}=={version}, outside pyproject.toml's {requirement} (run `make lock`)"
    )


def test_the_runtime_lock_is_the_runtime_only_and_agrees_with_the_dev_lock():
    """Binder, hubs and the student copy get no test or site tools, and the same versions as .venv."""
    runtime, dev = pins(RUNTIME_LOCK), pins(DEV_LOCK)
    tools = {canonicalize_name(r.name) for _, r in declared(("test", "site"))} - {
        canonicalize_name(r.name) for _, r in declared(RUNTIME_EXTRAS)
    }
    assert not tools & set(runtime), (
        f"binder/requirements.txt carries test or site tools: {sorted(tools & set(runtime))}"
    )
    differ = [
        f"{name}: {runtime[name][0]} vs {dev[name][0]}"
        for name in runtime
        if str(runtime[name][0]) != str(dev.get(name, (None,))[0])
    ]
    assert not differ, "the two locks disagree (run `make lock`):\n  " + "\n  ".join(differ)


def test_postbuild_installs_the_package_without_touching_the_pins():
    path = BINDER / "postBuild"
    assert path.is_file(), "binder/postBuild is missing: nothing would install the lesson package on Binder"
    raw = path.read_bytes()
    assert b"\r" not in raw, "binder/postBuild has Windows line endings: bash would fail on Binder"
    text = raw.decode("utf-8")
    lines = [line.strip() for line in text.splitlines()]
    assert lines and re.fullmatch(r"#!\s*(/bin/(ba)?sh|/usr/bin/env\s+(ba)?sh)", lines[0]), (
        f"binder/postBuild must start with a shell shebang such as #!/bin/bash, not {lines[0] if lines else ''!r}"
    )
    commands = [line for line in lines[1:] if line and not line.startswith("#")]
    assert commands and re.fullmatch(r"set\s+-[a-z]*e[a-z]*(\s+-o\s+\w+)*", commands[0]), (
        "binder/postBuild must stop at the first failure: make `set -e` (or `set -euo pipefail`) its first command"
    )
    install = re.compile(r"(python3?\s+-m\s+)?pip3?\s+install\s+(--no-deps\s+-e\s+\.|-e\s+\.\s+--no-deps)(\s|$)")
    assert any(install.match(command) for command in commands), (
        "binder/postBuild must install the package with `pip install --no-deps -e .` "
        "(--no-deps: the pins in requirements.txt stay exactly as locked)"
    )


def test_postbuild_slims_the_environment_after_installing(tmp_path):
    commands = [line.strip() for line in (BINDER / "postBuild").read_text(encoding="utf-8").splitlines()]
    assert "python binder/slim.py" in commands, "binder/postBuild no longer leaves the big test suites out"
    assert commands.index("python binder/slim.py") > max(i for i, c in enumerate(commands) if "pip install" in c)
    spec = importlib.util.spec_from_file_location("slim", BINDER / "slim.py")
    slim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(slim)
    for folder in ["pkg/tests", "pkg/core/tests", "pkg/testing", "pkg/core"]:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    assert slim.suites(tmp_path / "pkg") == [tmp_path / "pkg/core/tests", tmp_path / "pkg/tests"]
    stubs = tmp_path / "typeshed" / "stubs"
    for name in ["PyYAML", "python-dateutil", "requests", "Flask-Cors"]:
        (stubs / name).mkdir(parents=True)
    installed = {"pyyaml", "python-dateutil", "flask-cors"}  # as installed_distributions() spells them
    assert slim.unused_stubs(stubs, installed) == [stubs / "requests"]
    assert slim._key("Flask_Cors") == slim._key("flask.cors") == "flask-cors"
    pins = (BINDER / "requirements.txt").read_text(encoding="utf-8").lower()
    assert "nbclassic==" not in pins and "notebook==6" not in pins, "check slim.py still finds the classic Notebook"


def test_no_file_switches_repo2docker_to_another_build_pack():
    present = [name for name in OTHER_BUILD_PACKS if (BINDER / name).exists()]
    assert not present, f"binder/ holds {present}: repo2docker would use another build pack and ignore requirements.txt"
    assert (BINDER / "requirements.txt").is_file(), "binder/requirements.txt is missing"


def test_readme_has_a_binder_badge_for_every_lesson():
    """Each notebook a student opens has a launch badge, all pointing at the configured repository."""
    from lesson_tools.publish.site import binder_url, settings

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    student_notebooks = [
        p.name
        for p in sorted((REPO / "lessons").glob("*.ipynb"))
        if not p.name.startswith("_") and p.name != "teacher_guide.ipynb"
    ]
    for notebook in student_notebooks:
        url = binder_url(notebook, settings())
        assert f"(https://mybinder.org/badge_logo.svg)]({url})" in readme, (
            f"README.md has no Binder badge for {notebook}"
        )
    assert readme.count("mybinder.org/badge_logo.svg") == len(student_notebooks)
