"""One chart: a title, a one-line reading in a ward manager's words, and a plotext drawing.

plotext keeps one global figure and is not thread-safe: render charts on one thread. A
module lock serialises `render` anyway, and every render starts from a cleared figure, so
one chart's data, ticks or limits never leak into the next.
"""

from __future__ import annotations

import re
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import plotext as plt
from plotext._global import figure as _plotext_figure

from hra_tui.formatting import cut

MIN_WIDTH, MIN_HEIGHT = 40, 10
_LOCK = threading.Lock()
_PALETTE = re.compile(r"\x1b\[(38|48);5;(\d+)m")


@dataclass(frozen=True)
class Frame:
    """The size and colour mode a drawing function fills."""

    width: int
    height: int
    color: bool

    @property
    def lines(self) -> int:
        """Plot-area lines: the figure less title, two frame lines, tick labels, axis label."""
        return self.height - 5

    @property
    def label_room(self) -> int:
        """The widest y tick label allowed, so labels never crowd out the plot."""
        return max(3, min(24, self.width // 5))

    def columns(self, ytick_labels: list[str]) -> int:
        """Plot-area columns once plotext has drawn these y tick labels and the frame."""
        return self.width - max((len(label) for label in ytick_labels), default=0) - 2


@dataclass(frozen=True)
class Chart:
    """One of the paper's figures for one plan; `draw` paints it into plotext's figure."""

    number: int  # the figure's subsection in the paper's section 5 (5.1 .. 5.9)
    key: str
    title: str
    reading: str
    draw: Callable[[Frame], None] = field(repr=False, compare=False)

    def render(self, width: int, height: int, color: bool = True) -> str:
        """The figure as `height` lines of at most `width` columns (ANSI colours if `color`);
        below MIN_WIDTH x MIN_HEIGHT, one line saying so instead."""
        if width < MIN_WIDTH or height < MIN_HEIGHT:
            return cut(f"Needs at least {MIN_WIDTH}x{MIN_HEIGHT} to draw: {self.title}",
                        max(width, 1))
        with _LOCK:
            plt.clear_figure()
            try:
                plt.limit_size(False, False)
                plt.plotsize(width, height)
                plt.theme("pro" if color else "clear")
                plt.title(cut(self.title, width - 2))
                self.draw(Frame(width, height, color))
                _ticks_in_reading_order()
                out = plt.build()
            finally:
                plt.clear_figure()
        out = _sixteen_colours(out) if color else plt.uncolorize(out)
        return out.removesuffix("\n")

    def block(self, width: int, height: int, color: bool = True) -> str:
        """The figure with its reading wrapped underneath, `height` lines in all."""
        reading = textwrap.wrap(self.reading, width=max(width, 1)) or [""]
        figure = self.render(width, max(height - len(reading), 1), color)
        return "\n".join([figure, *reading])


def _sixteen_colours(text: str) -> str:
    """plotext writes every colour as a 256-colour code (38;5;n); the charts use only the 16
    basic colours, so write those as the basic codes every terminal understands."""

    def basic(match: re.Match) -> str:
        layer, index = match.group(1), int(match.group(2))
        if index >= 16:
            return match.group(0)
        base = (30 if index < 8 else 90) + (0 if layer == "38" else 10)
        return f"\x1b[{base + index % 8}m"

    return _PALETTE.sub(basic, text)


def _ticks_in_reading_order() -> None:
    """plotext keeps an axis's ticks in the order of a set (hash order, new each run) and
    places each label beside those already placed, so a figure could shift a label by a column
    from one run to the next. Ordered left to right (bottom to top), it comes out the same."""
    monitor = _plotext_figure._active.monitor
    for ticks, labels in (("xticks", "xlabels"), ("yticks", "ylabels")):
        for side, positions in enumerate(getattr(monitor, ticks)):
            if positions:
                pairs = sorted(zip(positions, getattr(monitor, labels)[side], strict=True))
                getattr(monitor, ticks)[side] = [p for p, _ in pairs]
                getattr(monitor, labels)[side] = [label for _, label in pairs]
