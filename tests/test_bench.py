"""The benchmark's split of a notebook's time (benchmarks/cell_times.py): which cells are the package's."""

import sys

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
