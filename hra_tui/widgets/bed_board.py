"""The bed board: one tile per bed, arrow keys move between tiles, the status is a word.

A tile reads without colour (its first line ends with the bed's type, e.g. ICU, unless it is a
general bed): `3B  ● occupied` over the patient's name, `3C  ~ cleaning` over
the time it started, `3D  ✕ blocked` over the reason, `3E  ◌ reserved` over until when and for
whom (`◌ expired` once that time has passed). Colour only repeats the word.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.message import Message
from textual.widget import Widget

from hra_tui.domain import BedStatus, BedType
from hra_tui.formatting import cut
from hra_tui.services.quick_records import BedCell
from hra_tui.services.times import short_local

TILE_WIDTH = 18
GUTTER = 1

MARKERS = {
    BedStatus.FREE: "· free",
    BedStatus.OCCUPIED: "● occupied",
    BedStatus.CLEANING: "~ cleaning",
    BedStatus.BLOCKED: "✕ blocked",
    BedStatus.RESERVED: "◌ reserved",
}


# A bed's type, when it is not a general bed, ends the tile's first line.
TYPE_TAGS = {BedType.ICU: "ICU", BedType.ISOLATION: "ISO", BedType.MATERNITY: "MAT",
             BedType.PEDIATRIC: "PED"}


def tile_lines(cell: BedCell, now: datetime) -> tuple[str, str]:
    """The two lines of a tile, in words."""
    kind = "" if cell.type == BedType.GENERAL else f" {cell.type}"
    reservation = cell.reservation
    marker = MARKERS.get(cell.status, cell.status)
    if reservation is not None and reservation.expired(now):
        marker = "◌ expired"
    tag = TYPE_TAGS.get(cell.type, "")
    first = f"{cell.label:<3} {marker}"
    if tag:
        first = f"{first:<{TILE_WIDTH - len(tag) - 1}} {tag}"
    if reservation is not None:
        return first, f"{short_local(reservation.until, now)} {reservation.name}"
    if cell.status == BedStatus.OCCUPIED:
        second = cell.patient_name or cell.patient_mrn or "?"
    elif cell.status in (BedStatus.BLOCKED, BedStatus.RESERVED) and cell.note:
        second = cell.note
    elif cell.status == BedStatus.CLEANING:
        second = f"since {short_local(cell.since, now)}"
    else:
        second = kind.strip() or ""
    return first, second


class BedTile(Widget, can_focus=True):
    DEFAULT_CSS = f"""
    BedTile {{ width: {TILE_WIDTH}; height: 2; }}
    BedTile:focus {{ text-style: reverse bold; }}
    BedTile.-free {{ color: $text-success; }}
    BedTile.-occupied {{ color: $text; }}
    BedTile.-cleaning {{ color: $text-warning; }}
    BedTile.-blocked {{ color: $text-error; }}
    BedTile.-reserved {{ color: $text-accent; }}
    """

    def __init__(self, cell: BedCell, now: datetime) -> None:
        super().__init__(id=f"bed-{cell.label}", classes=f"-{cell.status}")
        self.cell = cell
        self.now = now

    def render(self) -> Text:
        first, second = tile_lines(self.cell, self.now)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(cut(first, TILE_WIDTH), style="bold")
        text.append("\n")
        text.append(cut(second, TILE_WIDTH))
        return text


class BedBoard(ScrollableContainer, can_focus=False):
    """A grid of `BedTile`s whose column count follows the width; arrows move the focus."""

    DEFAULT_CSS = f"""
    BedBoard {{ layout: grid; grid-size: 4; grid-gutter: 1 {GUTTER}; height: 1fr;
                grid-rows: 2; padding: 0 1; }}
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1, 0)", "Left", show=False, id="board-left"),
        Binding("right", "move(1, 0)", "Right", show=False, id="board-right"),
        Binding("up", "move(0, -1)", "Up", show=False, id="board-up"),
        Binding("down", "move(0, 1)", "Down", show=False, id="board-down"),
        Binding("home", "edge(-1)", "First bed", show=False, id="board-first"),
        Binding("end", "edge(1)", "Last bed", show=False, id="board-last"),
    ]

    class Focused(Message):
        def __init__(self, cell: BedCell | None) -> None:
            super().__init__()
            self.cell = cell

    def __init__(self, id: str | None = "board") -> None:
        super().__init__(id=id)
        self.columns = 4

    @property
    def tiles(self) -> list[BedTile]:
        return list(self.query(BedTile))

    @property
    def focused_cell(self) -> BedCell | None:
        focused = self.screen.focused
        return focused.cell if isinstance(focused, BedTile) else None

    async def show(self, cells: list[BedCell], now: datetime, keep: str | None,
                   focus: bool) -> None:
        """Replace the tiles; the focus stays on the bed labelled `keep` if it is still shown."""
        await self.remove_children()
        await self.mount_all([BedTile(cell, now) for cell in cells])
        self._fit()
        if focus:
            self.focus_label(keep)

    def focus_label(self, label: str | None) -> None:
        tiles = self.tiles
        if not tiles:
            return
        target = next((t for t in tiles if t.cell.label == label), tiles[0])
        target.focus()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        inner = max(1, self.size.width - 2)
        self.columns = max(1, (inner + GUTTER) // (TILE_WIDTH + GUTTER))
        self.styles.grid_size_columns = self.columns

    def _index(self) -> int | None:
        focused = self.screen.focused
        tiles = self.tiles
        return tiles.index(focused) if isinstance(focused, BedTile) and focused in tiles else None

    def _go(self, pick: Callable[[int, int], int]) -> None:
        tiles = self.tiles
        index = self._index()
        if not tiles or index is None:
            return
        # Focus now, not on the app's next turn (`focus()`): the next arrow of a burst is
        # already queued and must move from this tile, not from the one the burst started on.
        self.screen.set_focus(tiles[max(0, min(len(tiles) - 1, pick(index, len(tiles))))])

    def action_move(self, dx: int, dy: int) -> None:
        self._go(lambda index, _count: index + dx + dy * self.columns)

    def action_edge(self, direction: int) -> None:
        self._go(lambda _index, count: 0 if direction < 0 else count - 1)

    def on_descendant_focus(self) -> None:
        self.post_message(self.Focused(self.focused_cell))
