"""The benchmark's split of a notebook's time (benchmarks/cell_times.py): which cells are the package's."""

import asyncio
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from locations import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from cell_times import package_names, split_times, uses_package  # noqa: E402

IMPORTS = "import pandas as pd\n\nfrom lesson_utils import data, maps as m\nfrom lesson_utils.display import show\nimport lesson_utils.quiz"


def test_package_names_are_the_names_the_imports_bind():
    assert package_names([IMPORTS, "x = 1", "%matplotlib inline"]) == {"data", "m", "show", "lesson_utils"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (IMPORTS, True),
        ("participants = data.load_participants()", True),
        ("show(m.locator_map(n), 'text')", True),
        ("lesson_utils.quiz.start('x')", True),
        ("participants[participants['attended']].head()", False),
        ("pd.crosstab(a['kind'], a['eu_member'])", False),
        ("data = 3", False),  # rebinding the name is the student's own code
        ("%timeit data.load_participants()", False),  # not Python: not attributed
    ],
)
def test_a_cell_uses_the_package_when_it_imports_or_reads_its_names(source, expected):
    assert uses_package(source, package_names([IMPORTS])) is expected


def _cell(source: str, busy: str, idle: str) -> dict:
    return {
        "source": source,
        "metadata": {
            "execution": {
                "iopub.status.busy": f"2026-11-25T12:00:{busy}Z",
                "iopub.status.idle": f"2026-11-25T12:00:{idle}Z",
            }
        },
    }


def test_split_times_adds_up_to_the_wall_time():
    cells = [
        _cell(IMPORTS, "01.000", "01.500"),
        _cell("x = data.load_summit()", "01.510", "01.610"),
        _cell("x.head()", "01.630", "01.660"),
    ]
    split = split_times(cells, wall_s=2.0)
    assert split["package_s"] == pytest.approx(0.6, abs=1e-5)
    assert split["other_cells_s"] == pytest.approx(0.03, abs=1e-5)
    assert split["between_cells_s"] == pytest.approx(0.03, abs=1e-5)
    assert split["outside_cells_s"] == pytest.approx(2.0 - 0.66, abs=1e-5)
    assert split["code_cells"] == 3
    assert sum(v for k, v in split.items() if k != "code_cells") == pytest.approx(2.0, abs=1e-5)


REPLIES = [("stream", {"text": "handed in\n"}), ("execute_reply", {"status": "ok"}),
           ("status", {"execution_state": "idle"})]  # fmt: skip
"""What a kernel sends back for a cell that prints one line."""


class FakeSocket:
    """A kernel websocket that closes before answering (`closes=True`) or answers each request."""

    def __init__(self, closes: bool):
        self.closes, self.queue = closes, []
        self.close_code, self.close_reason = (1006, None) if closes else (None, None)

    async def write_message(self, text: str) -> None:
        parent = {"msg_id": json.loads(text)["header"]["msg_id"]}
        self.queue = [
            json.dumps({"parent_header": parent, "header": {"msg_type": k}, "content": c}) for k, c in REPLIES
        ]

    async def read_message(self) -> str | None:
        return None if self.closes else self.queue.pop(0)


def run_alone(coroutine_function, *args):
    """asyncio.run in a thread of its own: the browser suite's Playwright keeps a loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args))).result()


def test_a_closed_kernel_websocket_is_opened_again_and_the_code_sent_again():
    from hub_load import Kernel

    sockets = [FakeSocket(closes=True), FakeSocket(closes=False)]

    async def connect():
        return sockets.pop(0) if sockets else pytest.fail("connected a third time")

    kernel = Kernel(connect)
    seconds, output = run_alone(kernel.run, "view.hand_in_button.click()")
    assert output == "handed in\n" and seconds >= 0
    assert kernel.reconnects == ["closed (code 1006, reason None)"]


def test_a_websocket_that_keeps_closing_is_an_error_that_says_so():
    from hub_load import Kernel

    async def connect():
        return FakeSocket(closes=True)

    with pytest.raises(RuntimeError, match="closed 4 times in a row"):
        run_alone(Kernel(connect).run, "1")
