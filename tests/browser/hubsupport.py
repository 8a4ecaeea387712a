"""A real JupyterHub on 127.0.0.1 for the classroom-loop test, started and stopped by the test itself.

The hub uses the dummy authenticator (any password) and the simple local-process spawner (every
user's server runs in `homes/<user>` as this OS user), with `configurable-http-proxy` from npm
(`make` installs it into `.venv/node`). Each user's server gets `LESSON_HANDIN_DIR`, as a school
hub's config would set it. The lessons arrive the way a teacher sends them: an nbgitpuller link to
a git repository holding the student copy.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from labsupport import free_port

REPO = Path(__file__).resolve().parents[2]
PROXY = REPO / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
CONFIG = """
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = ["--allow-root", "--LabApp.expose_app_in_browser=True"]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {{"LESSON_HANDIN_DIR": {collection!r}}}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.db_url = "sqlite:///" + {folder!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {folder!r} + "/cookie_secret"
c.JupyterHub.pid_file = {folder!r} + "/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
"""


def proxy_missing() -> str | None:
    """Why no hub can start here, or None: configurable-http-proxy comes from npm (`make` installs it)."""
    if not PROXY.exists():
        return f"configurable-http-proxy is not installed ({PROXY}); run `make test`, which installs it with npm"
    return None


def lesson_repository(student_copy: Path) -> str:
    """The student copy as a git repository on `main`: what a teacher's nbgitpuller link points at."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Teacher", "GIT_AUTHOR_EMAIL": "teacher@school.invalid",
           "GIT_COMMITTER_NAME": "Teacher", "GIT_COMMITTER_EMAIL": "teacher@school.invalid"}  # fmt: skip
    for command in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "add", "-A"],
        ["git", "commit", "-q", "-m", "lessons"],
    ):
        subprocess.run(command, cwd=student_copy, env=env, check=True, capture_output=True)
    return student_copy.as_uri()


@dataclass
class Hub:
    folder: Path
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def git_pull_link(self, repository: str, notebook: str) -> str:
        """The nbgitpuller link a teacher posts: log in, pull (or update) the lessons, open the notebook."""
        target = Path(urllib.parse.urlparse(repository).path).name
        query = urllib.parse.urlencode(
            {"repo": repository, "branch": "main", "urlpath": f"lab/tree/{target}/lessons/{notebook}"}
        )
        return f"{self.base_url}/hub/user-redirect/git-pull?{query}"

    def log_tail(self, lines: int = 80) -> str:
        return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        subprocess.run(["pkill", "-f", str(self.folder)], check=False)  # user servers the hub left behind


def start_hub(folder: Path, users: list[str], collection: Path, timeout: float = 90, extra_config: str = "") -> Hub:
    """Start the hub for `users`; `extra_config` is appended to its config (the load test adds its token)."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = CONFIG.format(
        port=port, hub_port=free_port(), proxy_api_port=free_port(), proxy=str(PROXY), users=set(users),
        homes=str(folder / "homes"), singleuser=str(Path(sys.executable).with_name("jupyterhub-singleuser")),
        collection=str(collection), folder=str(folder),
    )  # fmt: skip
    (folder / "jupyterhub_config.py").write_text(config + extra_config, encoding="utf-8")
    log_path = folder / "hub.log"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for name in ("JUPYTERHUB_USER", "LESSON_HANDIN_DIR", "LESSON_DATA_DIR", "LESSON_RESULTS_DIR"):
        env.pop(name, None)
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(folder / "jupyterhub_config.py")],
        cwd=folder, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    hub = Hub(folder, port, process, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited ({process.returncode}):\n{hub.log_tail()}")
        try:
            with urllib.request.urlopen(f"{hub.base_url}/hub/login", timeout=2) as response:
                if response.status == 200:
                    return hub
        except OSError:
            time.sleep(0.5)
    hub.stop()
    raise RuntimeError(f"JupyterHub did not answer within {timeout:.0f}s:\n{hub.log_tail()}")
