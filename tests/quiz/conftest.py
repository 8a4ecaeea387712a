"""Quiz tests run as on a plain computer unless a test says otherwise: no hub, no Binder, no collection."""

from __future__ import annotations

import pytest

from lesson_utils.quiz import classroom


@pytest.fixture(autouse=True)
def off_any_hub(monkeypatch):
    for name in (classroom.USER_ENV, classroom.HANDIN_ENV, *classroom.BINDER_ENVS):
        monkeypatch.delenv(name, raising=False)
