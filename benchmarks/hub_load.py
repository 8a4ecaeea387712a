"""A class on one JupyterHub: N students log in, open quiz 2, answer every question and hand in, at once.

No browser per student: each student is driven through the hub's REST API and the kernel's
websocket, as JupyterLab would drive them. The hub is the browser suite's (`tests/browser/hubsupport.py`:
dummy authenticator, local-process spawner, configurable-http-proxy from npm), with a service token
allowed to start servers and reach them. Each student's home holds the student copy of the lessons
(what an nbgitpuller link puts there); the quiz notebook's cells run as written, except that the
quiz view is kept in a variable, so the driver can answer through it: for each question it sets the
control as a student would and presses Submit (`card.submit.click()`, the handler a click runs).

Measured: submit → feedback (the execute round trip through proxy, server and kernel, feedback
widget updates included) for one student alone and then for N at once, each spending `THINK_S` or
so on a question; login → quiz ready; hand-ins
that reached the collection folder; RSS of hub, proxy, servers and kernels; and, for one student,
server + quiz kernel + a lesson kernel (lesson 03 run whole), the ops page's memory per student.
"""

from __future__ import annotations

import asyncio
import json
import random
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.iostream import StreamClosedError
from tornado.websocket import WebSocketClosedError, websocket_connect

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
from hubsupport import proxy_missing, start_hub  # noqa: E402

THINK_S = 5.0
"""Seconds a student spends on a question before Submit (0.5-1.5 times this), alone or in the class:
a quick class; real students take longer. Without it, every submit would land while the other
servers start, which measures start-up contention, not answering."""
QUIZ_BANK = "security_guarantee"
QUIZ = "paris-summit-lessons/lessons/quiz_02_security_guarantee.ipynb"
LESSON = "paris-summit-lessons/lessons/03_ukraine_geography.ipynb"
SERVICE = """
c.JupyterHub.services = [{{"name": "load-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "load-test", "services": ["load-test"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users"]}}]
"""
SHOW = (
    "from lesson_utils import quiz\n"
    "from lesson_utils.quiz.widgets import QuizView\n"
    "from IPython.display import display\n"
    "view = QuizView({bank!r}, STUDENT)  # the notebook's quiz.show(), kept in a variable\n"
    "display(view.widget)"
)
ANSWER = (
    "card = next(c for c in view.cards if c.question.id == {question!r})\n"
    "card.input.set({value!r})\n"
    "card.submit.click()\n"
    "assert 'Saved' in card.feedback.value or 'right' in card.feedback.value, card.feedback.value"
)
HAND_IN = "view.hand_in_button.click()\nview.hand_in_button.click()\nprint(view.session.handed_in_at)"


class Closed(Exception):
    """The kernel's websocket closed (the text says with which code and reason)."""


class Kernel:
    """One kernel's websocket: run code, wait for its reply, say how long it took.

    A websocket that closes is opened again, as JupyterLab does, and the code sent again, as a
    student presses Submit again when the page says the connection was lost: every reconnect is
    recorded, so a lost connection is told apart from a lost answer or hand-in.
    """

    RETRIES = 3

    def __init__(self, connect: Callable[[], Awaitable[Any]]):
        self.connect = connect
        self.connection: Any = None
        self.session = uuid.uuid4().hex
        self.reconnects: list[str] = []

    async def run(self, code: str, timeout: float = 180) -> tuple[float, str]:
        """(seconds, printed output); the seconds include any reconnect, as the student waits through it."""
        started = time.perf_counter()
        for _ in range(self.RETRIES + 1):
            try:
                if self.connection is None:
                    self.connection = await self.connect()
                output = await self._run_once(code, timeout)
                return time.perf_counter() - started, output
            except (Closed, WebSocketClosedError, StreamClosedError) as closed:
                self.reconnects.append(str(closed) or type(closed).__name__)
                self.connection = None
        raise RuntimeError(f"the kernel's websocket closed {self.RETRIES + 1} times in a row: {self.reconnects}")

    async def _run_once(self, code: str, timeout: float) -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": "execute_request", "username": "load-test",
                  "session": self.session, "date": "", "version": "5.3"}  # fmt: skip
        content = {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}  # fmt: skip
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}
        await self.connection.write_message(json.dumps(message))
        output, replied, idle = [], False, False
        deadline = time.perf_counter() + timeout
        while not (replied and idle):
            raw = await asyncio.wait_for(self.connection.read_message(), max(deadline - time.perf_counter(), 0.1))
            if raw is None:
                status, reason = self.connection.close_code, self.connection.close_reason
                raise Closed(f"closed (code {status}, reason {reason!r})")
            if isinstance(raw, bytes):
                continue  # a binary frame (widget buffers): not ours to read
            reply = json.loads(raw)
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = reply["header"]["msg_type"]
            if kind == "stream":
                output.append(reply["content"]["text"])
            elif kind == "error":
                raise RuntimeError(f"{reply['content']['ename']}: {reply['content']['evalue']}")
            elif kind == "execute_reply":
                replied = True
                if reply["content"]["status"] != "ok":
                    raise RuntimeError(f"execute_reply {reply['content']}")
            elif kind == "status" and reply["content"]["execution_state"] == "idle":
                idle = True
        return "".join(output)


class Class:
    """The hub, its students' homes and collection folder, and an API client with the service token."""

    def __init__(self, folder: Path, students: list[str]):
        from lesson_tools.teacher.student_copy import make_student_copy

        self.folder, self.students, self.token = folder, students, secrets.token_hex(16)
        copy = folder / "student-copy"
        make_student_copy(copy)
        for name in students:  # what the nbgitpuller link would have pulled
            shutil.copytree(copy, folder / "hub" / "homes" / name / "paris-summit-lessons")
        self.collection = folder / "handins"
        self.collection.mkdir()
        self.collection.chmod(0o3773)
        self.hub = start_hub(folder / "hub", students, self.collection, extra_config=SERVICE.format(token=self.token))
        # One connection per student and a few over: tornado's default of 10 queues the rest until they time out.
        self.http = AsyncHTTPClient(
            force_instance=True,
            max_clients=len(students) + 10,
            defaults={"request_timeout": 300, "connect_timeout": 60},
        )

    async def api(self, method: str, path: str, body: Any = None) -> Any:
        request = HTTPRequest(
            f"{self.hub.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
            body=None if body is None and method == "GET" else json.dumps(body or {}),
            allow_nonstandard_methods=True,
        )
        response = await self.http.fetch(request)
        return json.loads(response.body) if response.body else None

    async def open(self, name: str, notebook: str) -> Kernel:
        """A kernel for `notebook` in `name`'s server, as JupyterLab opens one (cwd = the notebook's folder)."""
        body = {"path": notebook, "type": "notebook", "name": Path(notebook).name, "kernel": {"name": "python3"}}
        session = await self.api("POST", f"/user/{name}/api/sessions", body)
        url = f"ws://127.0.0.1:{self.hub.port}/user/{name}/api/kernels/{session['kernel']['id']}/channels"
        request = HTTPRequest(  # a server busy starting kernels may take longer than tornado's 20 s to answer
            url, headers={"Authorization": f"token {self.token}"}, connect_timeout=120, request_timeout=120
        )
        return Kernel(lambda: websocket_connect(request, max_message_size=64 * 1024 * 1024))

    async def log_in(self, name: str) -> None:
        """Start the student's server and wait until it answers (the hub's spawn page does the same)."""
        await self.api("POST", f"/hub/api/users/{name}/server")
        while not (await self.api("GET", f"/hub/api/users/{name}"))["servers"].get("", {}).get("ready"):
            await asyncio.sleep(0.5)

    async def take_quiz(self, name: str, answers: list[tuple[str, Any]], think: float = 0.0) -> dict[str, Any]:
        """Log in, open the quiz, answer each question after `think` seconds or so, hand in."""
        pause = random.Random(name)
        started = time.perf_counter()
        await self.log_in(name)
        kernel = await self.open(name, QUIZ)
        await kernel.run('STUDENT = ""  # your name, between the quotes')
        await kernel.run(SHOW.format(bank=QUIZ_BANK))
        ready = time.perf_counter() - started
        submits = []
        for question, value in answers:
            await asyncio.sleep(think * pause.uniform(0.5, 1.5))  # reading the question
            seconds, _ = await kernel.run(ANSWER.format(question=question, value=value))
            submits.append(seconds)
        _, handed = await kernel.run(HAND_IN)
        return {
            "student": name,
            "ready_s": ready,
            "submit_s": submits,
            "handed_in_at": handed.strip(),
            "reconnects": kernel.reconnects,
        }

    async def run_lesson(self, name: str) -> None:
        """Run lesson 03 whole in a second kernel of `name`'s server: the lesson a student keeps open."""
        kernel = await self.open(name, LESSON)
        cells = json.loads((REPO / "lessons" / Path(LESSON).name).read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code" and "".join(cell["source"]).strip():
                await kernel.run("".join(cell["source"]))

    def memory(self) -> dict[str, Any]:
        """RSS (MB) of the hub, the proxy, each user's server and its kernels."""
        hub = psutil.Process(self.hub.process.pid)
        found: dict[str, Any] = {"hub": hub.memory_info().rss / 1e6, "proxy": 0.0, "users": {}}
        for process in hub.children(recursive=True):
            try:
                command = " ".join(process.cmdline())
                rss = process.memory_info().rss / 1e6
            except psutil.Error:
                continue
            if "configurable-http-proxy" in command:
                found["proxy"] += rss
            elif "jupyterhub-singleuser" in command:
                user = process.environ().get("JUPYTERHUB_USER", "?")
                kernels = [k.memory_info().rss / 1e6 for k in process.children(recursive=True)]
                found["users"][user] = {"server": rss, "kernels": sorted(kernels, reverse=True)}
        found["total"] = (
            found["hub"] + found["proxy"] + sum(u["server"] + sum(u["kernels"]) for u in found["users"].values())
        )
        return found

    def stop(self) -> None:
        self.http.close()
        self.hub.stop()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


async def _measure(students: int, think: float, folder: Path) -> dict[str, Any]:
    from lesson_utils.quiz import load_bank

    bank = load_bank(QUIZ_BANK)  # with its key, here only: the students' copy has none

    def answers(seed: int) -> list[tuple[str, Any]]:
        """Two right answers in three, as the widgets hold them (the copy's bank has no key to draw from)."""
        rng = random.Random(seed)
        return [
            (q.id, q.read(q.right_response(rng) if n % 3 else q.wrong_response(rng)))
            for n, q in enumerate(bank.questions)
        ]

    names = ["solo-student", *(f"student-{n:02d}" for n in range(1, students + 1))]
    klass = Class(folder, names)
    try:
        solo = await klass.take_quiz(names[0], answers(0), think)  # the same pace as the class
        await klass.run_lesson(names[0])
        per_student = klass.memory()["users"][names[0]]
        started = time.perf_counter()
        crowd = await asyncio.gather(
            *(klass.take_quiz(name, answers(n), think) for n, name in enumerate(names[1:], 1)), return_exceptions=True
        )
        wall = time.perf_counter() - started
        memory = klass.memory()
        failed = [
            f"{name}: {type(r).__name__}: {r}" for name, r in zip(names[1:], crowd) if isinstance(r, BaseException)
        ]
        done = [r for r in crowd if isinstance(r, dict)]
        received = sorted(p.parent.name for p in klass.collection.glob("*/*.handin.json"))
    finally:
        klass.stop()
    load = [s for r in done for s in r["submit_s"]]
    one = solo["submit_s"]
    return {
        "students": students,
        "think_s": think,
        "questions": len(bank.questions),
        "single": {
            "p50_ms": percentile(one, 50) * 1000,
            "p95_ms": percentile(one, 95) * 1000,
            "ready_s": solo["ready_s"],
        },
        "load": {
            "p50_ms": percentile(load, 50) * 1000 if load else None,
            "p95_ms": percentile(load, 95) * 1000 if load else None,
            "ready_s": sorted(r["ready_s"] for r in done),
            "wall_s": wall,
            "failed": failed,
            "reconnects": {r["student"]: r["reconnects"] for r in done if r["reconnects"]},
        },
        "handins_received": len([u for u in received if u != names[0]]),
        "memory_mb": {
            "hub": memory["hub"],
            "proxy": memory["proxy"],
            "total": memory["total"],
            "per_student_quiz": sorted(
                u["server"] + sum(u["kernels"]) for n, u in memory["users"].items() if n != names[0]
            ),
        },
        "per_student_mb": {
            "server": per_student["server"],
            "kernels": per_student["kernels"],
            "total": per_student["server"] + sum(per_student["kernels"]),
        },
    }


def measure(students: int = 30, think: float = THINK_S) -> dict[str, Any]:
    """Run the class; {"skipped": why} when no hub can start here (no configurable-http-proxy)."""
    if reason := proxy_missing():
        return {"skipped": reason}
    folder = Path(tempfile.mkdtemp(prefix="hub-load-"))
    folder.chmod(0o755)
    try:
        return asyncio.run(_measure(students, think, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 3), indent=1, default=str))
