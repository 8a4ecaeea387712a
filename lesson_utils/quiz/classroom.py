"""Where a quiz runs, who the student is there, and how a hand-in reaches the teacher.

On a school JupyterHub the student is the hub user (`JUPYTERHUB_USER`), shown, never typed; a
typed name is only a display name. If the hub sets `LESSON_HANDIN_DIR` (a collection folder the
teacher reads), every hand-in is also written there, atomically, under the user's own subfolder:
`<LESSON_HANDIN_DIR>/<user>/<quiz>--<user>.handin.json`. That is the only place where the screen
may say "received". On Binder and JupyterLite nothing reaches the teacher by itself, and the screen
says so: download the file and upload it where the teacher asked, before the session is deleted.

Plain Python, no widgets: the quiz view only shows `receipt.message`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lesson_utils.i18n import N_, _
from lesson_utils.quiz import store

USER_ENV = "JUPYTERHUB_USER"
HANDIN_ENV = "LESSON_HANDIN_DIR"
BINDER_ENVS = ("BINDER_LAUNCH_HOST", "BINDER_REPO_URL", "BINDER_REQUEST")
"""Variables mybinder.org sets in every session (a Binder is a JupyterHub, so JUPYTERHUB_USER is set too)."""

Kind = Literal["hub", "binder", "lite", "local"]
SAFE_USER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}")


@dataclass(frozen=True)
class Place:
    """Where the kernel runs: the kind of place, the hub user (on a hub) and the collection folder."""

    kind: Kind
    user: str | None = None
    collection: Path | None = None

    @property
    def problem(self) -> str | None:
        """Why hand-ins cannot be collected here although a collection folder is set, if they cannot."""
        if self.collection is None or self.kind != "hub" or self.user is not None:
            return None
        return (
            f"this server collects hand-ins ({HANDIN_ENV} is set) but does not say who you are "
            f"({USER_ENV} is not set, or is not a user name)"
        )


def current_place() -> Place:
    """The place this kernel runs in, read from the environment the hub, Binder or Pyodide set."""
    collection = Path(os.environ[HANDIN_ENV]) if os.environ.get(HANDIN_ENV) else None
    if any(os.environ.get(name) for name in BINDER_ENVS):
        return Place("binder")
    from lesson_utils.lite import in_pyodide

    if in_pyodide():
        return Place("lite")
    user = os.environ.get(USER_ENV, "")
    if user or collection is not None:
        return Place("hub", user if SAFE_USER.fullmatch(user) else None, collection)
    return Place("local")


class CollectionError(OSError):
    """The hand-in could not be written to the collection folder; the message says what to do."""


@dataclass(frozen=True)
class Receipt:
    """What happened to a hand-in: where it is kept, whether the teacher has it, and what to tell the student."""

    local: Path
    collected: Path | None
    message: str
    must_download: bool


def collect(handin: Path, place: Place) -> Receipt:
    """Deliver a written hand-in as far as this place allows, and say honestly how far that was.

    CollectionError when a collection folder is set but the file could not be written there: the
    local file is kept, and the student is told that the teacher does not have it yet."""
    if place.kind == "binder":
        return Receipt(handin, None, _(BINDER), must_download=True)
    if place.kind == "lite":
        return Receipt(handin, None, _(LITE), must_download=True)
    if place.collection is None:
        message = _(NOT_COLLECTED_HUB) if place.kind == "hub" else _(NOT_COLLECTED_HERE)
        return Receipt(handin, None, message.format(path=handin), must_download=True)
    if place.problem:
        raise CollectionError(_(NOT_SENT).format(problem=place.problem) + " " + _(TELL))
    target = place.collection / place.user / handin.name
    if target.is_file() and target.read_bytes() == handin.read_bytes():  # reopened: the teacher has it already
        return Receipt(handin, target, _(RECEIVED).format(user=place.user), must_download=False)
    try:
        # the teachers' group may read it and put the marked result in it; other students cannot look
        target.parent.mkdir(mode=0o770, exist_ok=True)
        store.copy_atomically(handin, target)
    except OSError as error:
        problem = _("the collection folder {folder} cannot be written ({error})").format(
            folder=place.collection, error=error.strerror or error
        )
        raise CollectionError(_(NOT_SENT).format(problem=problem) + " " + _(TELL)) from None
    return Receipt(handin, target, _(RECEIVED).format(user=place.user), must_download=False)


# Marked with N_ for the catalogue and translated where they are used, in the kernel's language.
NOT_SENT = N_("Your hand-in was saved here but NOT sent to your teacher: {problem}.")
TELL = N_("Tell your teacher; you can also download the file below and send it.")
RECEIVED = N_(
    "Received: your hand-in is in your teacher's collection folder, filed under your hub user "
    "'{user}'. You do not need to download or send anything."
)
NOT_COLLECTED_HUB = N_(
    "Saved on this hub only ({path}): nothing has reached your teacher yet. Download the file and hand it "
    "in the way your teacher asked (your school's learning platform, or e-mail)."
)
NOT_COLLECTED_HERE = N_(
    "Saved on this computer only ({path}): nothing has reached your teacher yet. Download the file and hand it "
    "in the way your teacher asked (your school's learning platform, or e-mail)."
)
BINDER = N_(
    "Not sent yet: on Binder nothing reaches your teacher by itself, and Binder deletes this session "
    "when you close it or leave it idle for a few minutes. Download the file now and upload it where "
    "your teacher asked (your school's learning platform, or e-mail)."
)
LITE = N_(
    "Not sent yet: this quiz runs in your browser, so the file exists only in this browser's storage. "
    "Download it now and upload it where your teacher asked (your school's learning platform, or e-mail)."
)
