"""The fuzz suite's settings and its report.

`make test` runs the `default` profile (derandomised, so CI sees the same cases every time, about a
minute in all); `HYPOTHESIS_PROFILE=large pytest tests/fuzz` runs ten times as many, fresh each run.
Set FUZZ_KILLS for more kill-and-restart rounds. The outcome table is printed after the run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from outcomes import COUNTS, table

COMMON = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("default", max_examples=300, derandomize=True, **COMMON)
settings.register_profile("large", max_examples=3000, **COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_terminal_summary(terminalreporter) -> None:
    if COUNTS:
        terminalreporter.write_sep("-", "fuzz outcomes")
        terminalreporter.write_line(table())
