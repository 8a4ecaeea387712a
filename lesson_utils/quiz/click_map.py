"""The map of a map question as a small widget: SVG outlines drawn in the browser, clicks sent back.

Why not plotly's FigureWidget: each FigureWidget sends the whole plotly.js bundle (about 7 MB)
through the kernel's websocket when it appears, so a quiz with two maps moved about 14.5 MB on
every start, and its WebGL map sometimes stayed empty. The outlines are computed in Python
(`map_view.map_picture`); this widget only draws them and forwards clicks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from lesson_utils.figures.palette import OKABE_ITO

COLOURS = {
    "context": "#EDEDED",
    "choice": OKABE_ITO["sky_blue"],
    "reference": OKABE_ITO["blue"],
    "chosen": OKABE_ITO["orange"],
    "border": "#555555",
}
"""Fill per role (and for the picked country), the colour-blind-safe Okabe-Ito colours the key names."""


class ClickMap(anywidget.AnyWidget):
    """`value` is the code of the country picked (None before); a click elsewhere calls `on_refused`;
    a `disabled` map (a handed-in quiz) ignores clicks."""

    _esm = Path(__file__).with_name("click_map.js")
    picture = traitlets.Dict().tag(sync=True)
    colours = traitlets.Dict(COLOURS).tag(sync=True)
    value = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, picture: dict[str, Any], **kwargs: Any):
        super().__init__(picture=picture, **kwargs)
        self._refused: list[Callable[[str], None]] = []
        self.on_msg(self._message)

    def on_refused(self, callback: Callable[[str], None]) -> None:
        """Call `callback(code)` when a country that is not a choice is clicked."""
        self._refused.append(callback)

    def _message(self, _widget: Any, content: dict, _buffers: Any) -> None:
        code = content.get("refused") if isinstance(content, dict) else None
        if isinstance(code, str):
            for callback in self._refused:
                callback(code)
