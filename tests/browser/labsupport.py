"""Plumbing for the browser suite: find Chromium, run a throwaway JupyterLab, talk to it.

Nothing here is a test. `conftest.py` turns these pieces into pytest fixtures; the tests use
the JavaScript snippets in `notebook_js.py` to look inside the page.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"

# Debian's Chromium. `playwright install` cannot download browsers on this project's machines.
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ENV = "LESSON_BROWSER_CHROMIUM"
# Point the suite at another folder of notebooks (for developing the suite itself).
NOTEBOOKS_ENV = "LESSON_BROWSER_NOTEBOOKS"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--password-store=basic",
    "--use-mock-keychain",
    "--hide-scrollbars",
    "--font-render-hinting=none",
]

# Settings that keep JupyterLab quiet and offline: no news or update check (the "announcements"
# prompt), no third-party extension manager lookups, no autosave into the copied notebooks.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
}

# Top-level entries of the repository that the server's copy does not need.
COPY_SKIP_TOP = {".git", ".venv", "venv", "tests", "results", "node_modules", "dist", "_build", ".ci"}
COPY_SKIP_ANY = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", "*.egg-info", ".mypy_cache", ".ruff_cache"}


def truthy_env(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in {"", "0", "false", "no", "off"}


def under_ci() -> bool:
    return truthy_env("CI")


def find_chromium() -> str | None:
    """Path of a Chromium binary: $LESSON_BROWSER_CHROMIUM, Debian's /usr/bin/chromium, or on PATH."""
    if override := os.environ.get(CHROMIUM_ENV):
        return override if Path(override).is_file() else None
    if Path(DEFAULT_CHROMIUM).is_file():
        return DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    return None


def notebooks_source() -> Path:
    """The folder whose notebooks the suite opens: lessons/ unless $LESSON_BROWSER_NOTEBOOKS says otherwise."""
    override = os.environ.get(NOTEBOOKS_ENV)
    return Path(override).resolve() if override else REPO / "lessons"


def lesson_notebooks() -> list[str]:
    """Every notebook under the lessons folder, relative to it, skipping `_`-prefixed files and checkpoints."""
    source = notebooks_source()
    if not source.is_dir():
        return []
    found = []
    for path in sorted(source.rglob("*.ipynb")):
        rel = path.relative_to(source)
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue
        found.append(rel.as_posix())
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_repository(target: Path) -> Path:
    """A copy of the repository at `target` (lessons, data, lesson_utils, ...) for the server to dirty."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = set(shutil.ignore_patterns(*COPY_SKIP_ANY)(directory, names))
        if Path(directory).resolve() == REPO:
            skipped |= COPY_SKIP_TOP & set(names)
        return skipped

    shutil.copytree(REPO, target, ignore=ignore, symlinks=True)
    source = notebooks_source()
    if source != REPO / "lessons":
        shutil.rmtree(target / "lessons", ignore_errors=True)
        shutil.copytree(source, target / "lessons", ignore=shutil.ignore_patterns(*COPY_SKIP_ANY))
    return target


@dataclass
class LabServer:
    """A running `jupyter lab` in its own process group, serving a copy of the repository."""

    root: Path
    port: int
    process: subprocess.Popen
    log_path: Path
    runtime_dir: Path
    timings: dict = field(default_factory=dict)
    _opener: urllib.request.OpenerDirector | None = field(default=None, repr=False)
    _cookies: http.cookiejar.CookieJar | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def workspace_url(self, workspace: str, notebook: str) -> str:
        """A fresh workspace opening `lessons/<notebook>`; `?reset` drops any saved layout."""
        return self.url(f"lab/workspaces/{workspace}/tree/lessons/{notebook}?reset")

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API; non-GET requests carry the `_xsrf` cookie's token as JupyterLab's do."""
        if self._opener is None:
            self._cookies = http.cookiejar.CookieJar()
            self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self._cookies))
        headers = {}
        if method != "GET":
            if not any(c.name == "_xsrf" for c in self._cookies):
                self._opener.open(self.url("lab"), timeout=10).read()
            headers["X-XSRFToken"] = next((c.value for c in self._cookies if c.name == "_xsrf"), "")
        request = urllib.request.Request(self.url(path), method=method, headers=headers)
        with self._opener.open(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel so the next notebook starts clean and memory stays flat."""
        try:
            for session in self.api("GET", "api/sessions") or []:
                self.api("DELETE", f"api/sessions/{session['id']}")
            for kernel in self.api("GET", "api/kernels") or []:
                self.api("DELETE", f"api/kernels/{kernel['id']}")
        except (urllib.error.URLError, OSError):
            pass

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the kernels, then the server's whole process group: TERM, then KILL.

        Kernels run in sessions of their own (jupyter_client starts them so), so killing the
        server's group does not reach them: ask the server to stop them first, and kill any
        survivor found by its connection file in this server's runtime folder.
        """
        if self.process.poll() is None:
            self.shutdown_kernels()
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # anything left in the server's group
        except (ProcessLookupError, PermissionError):
            pass
        for pid in self._kernel_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def _kernel_pids(self) -> list[int]:
        """Processes whose command line names a connection file in this server's runtime folder."""
        marker = str(self.runtime_dir).encode()
        pids = []
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                if marker in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
        return [pid for pid in pids if pid != os.getpid()]


def start_lab(workdir: Path, startup_timeout: float = 90) -> LabServer:
    """Start JupyterLab on a free 127.0.0.1 port, no token, in a copy of the repository under `workdir`."""
    root = copy_repository(workdir / "repo")
    jupyter = workdir / "jupyter"
    dirs = {
        name: jupyter / name
        for name in ("config", "data", "runtime", "user-settings", "app-settings", "workspaces", "ipython")
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    (dirs["app-settings"] / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2))

    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_", "IPYTHON"))}
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["user-settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
        IPYTHONDIR=str(dirs["ipython"]),
        # The venv's lesson_utils is an editable install of the real checkout: put the copy first
        # so kernels import the copy's package and read the copy's data.
        PYTHONPATH=os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])]),
        LESSON_DATA_DIR=str(root / "data"),
        PYTHONUNBUFFERED="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabApp.app_settings_dir={dirs['app-settings']}",
        f"--LabApp.user_settings_dir={dirs['user-settings']}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        "--ServerApp.terminals_enabled=False",
        "--MappingKernelManager.cull_idle_timeout=0",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = workdir / "jupyterlab.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = LabServer(root=root, port=port, process=process, log_path=log_path, runtime_dir=dirs["runtime"])
    started = time.perf_counter()
    deadline = started + startup_timeout
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with code {process.returncode}:\n{server.log_tail()}")
            try:
                server.api("GET", "api/status")
                with urllib.request.urlopen(server.url("lab"), timeout=10) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError, ValueError):
                pass
            if time.perf_counter() > deadline:
                raise RuntimeError(f"jupyter lab did not answer within {startup_timeout:.0f}s:\n{server.log_tail()}")
            time.sleep(0.25)
    except BaseException:
        server.stop()
        raise
    server.timings["server_start_s"] = round(time.perf_counter() - started, 2)
    return server
