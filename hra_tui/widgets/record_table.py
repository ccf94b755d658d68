"""The one list widget of the console: a `DataTable` of records, each row keyed by its record.

Every list screen needs the same things, so they live here once: columns declared as
(label, width), the record under the cursor, the cursor kept on its record across reloads,
and, for lists too long for a widget (patients, invoices), paging: the first page shows at
once, the next is fetched as the cursor nears the end, and a page that arrives after a newer
load started is dropped. A cell wider than its column ends with "…"; `cut_cells` gives it whole
(for the detail line under the list). A list made with `fit` narrows its widest columns until
they fit the terminal (60 columns), so a value is never cut at the edge without a "…".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.events import Resize
from textual.widgets import DataTable

from hra_tui.widgets.plain import plain

R = TypeVar("R")

Columns = Sequence[tuple[str, int | None]]  # (label, width or None to fit); label = key
Fetch = Callable[[int, int], Awaitable[list[R]]]  # (limit, offset) -> records
NARROWEST = 4  # `fit` narrows no column below this: "Ann…"


def _by_id(record: Any) -> str:
    return str(record.id)


class RecordTable(DataTable[str], Generic[R]):
    """Records shown one per row; `cells(record)` gives a row's cells, `key(record)` its key."""

    def __init__(self, cells: Callable[[R], Iterable[object]], columns: Columns = (), *,
                 key: Callable[[R], str] = _by_id, id: str | None = None,
                 zebra_stripes: bool = True, fit: bool = False,
                 whole: Collection[str] = ()) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=zebra_stripes)
        self._cells = cells
        self._key = key
        self._columns = tuple(columns)
        self._fit = fit
        self._whole = frozenset(whole)  # columns `fit` never narrows (an amount of money)
        self._widths: list[int | None] = [width for _, width in self._columns]  # as shown
        self.records: list[R] = []
        self.more = False  # a paged list has rows beyond those loaded
        self.query = ""  # what the paged rows shown were asked for (the filter)
        self._fetch: Fetch[R] | None = None
        self._page = 0
        self._prefetch = 0
        self._generation = 0
        self._fetching = False
        self._loaded: Callable[[], None] | None = None

    def on_mount(self) -> None:
        self.set_columns(self._columns)

    def set_columns(self, columns: Columns) -> None:
        """Replace the columns (a screen whose view changes shape, e.g. day and week)."""
        self._columns = tuple(columns)
        self._widths = self._fitted()
        self._add_columns()

    def _add_columns(self) -> None:
        self.clear(columns=True)
        for (label, _), width in zip(self._columns, self._widths, strict=True):
            self.add_column(Text(label, no_wrap=True, overflow="ellipsis"), width=width,
                            key=label)

    def _fitted(self) -> list[int | None]:
        """The declared widths, the widest narrowed one at a time (with `fit`) until every
        column fits the width; a column sized to its content (None) is left as it is."""
        widths = [width for _, width in self._columns]
        pad = 2 * self.cell_padding
        # room beside a scrollbar, shown or not (the same widths as rows come and go); the
        # last column's blank padding may sit under it
        room = self.size.width - self.styles.scrollbar_size_vertical + self.cell_padding
        if not self._fit or self.size.width <= 0:
            return widths
        fixed = sum(len(label) + pad for label, width in self._columns if width is None)
        while fixed + sum(w + pad for w in widths if w is not None) > room:
            narrower = [k for k, w in enumerate(widths) if w is not None and w > NARROWEST
                        and self._columns[k][0] not in self._whole]
            if not narrower:
                break
            widest = max(narrower, key=lambda k: widths[k])
            widths[widest] -= 1  # type: ignore[operator]
        return widths

    def on_resize(self, event: Resize) -> None:
        widths = self._fitted()
        if widths != self._widths:
            self._widths = widths
            keep = self.current_key
            self._add_columns()
            self._add(self.records)
            self.move_to(keep)

    @property
    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def cut_cells(self, record: R) -> list[tuple[str, str]]:
        """(column, whole text) of each of the record's cells too wide for its column."""
        return [(label, text) for (label, _), width, text in
                zip(self._columns, self._widths, map(str, self._cells(record)), strict=False)
                if width is not None and len(text) > width]

    @property
    def current(self) -> R | None:
        """The record under the cursor."""
        key = self.current_key
        return next((r for r in self.records if self._key(r) == key), None)

    def show(self, records: list[R], keep: str | None = None) -> None:
        """Show `records`, the cursor back on the record it was on (or on `keep`)."""
        keep = keep if keep is not None else self.current_key
        self.records = list(records)
        self.clear()
        self._add(self.records)
        self.move_to(keep)

    def move_to(self, key: str | None) -> None:
        """Put the cursor on the record keyed `key`, if it is shown."""
        if key is not None and key in self.rows:
            self.move_cursor(row=self.get_row_index(key))

    def _add(self, records: Iterable[R]) -> None:
        for record in records:
            self.add_row(*plain(*self._cells(record)), key=self._key(record))

    # -- paging ------------------------------------------------------------------------------

    async def load(self, fetch: Fetch[R], limit: int, *, page: int, prefetch: int,
                   query: str = "", loaded: Callable[[], None] | None = None) -> bool:
        """Show the first `limit` records of `fetch` (asked for `query`), then `page` more at a
        time as the cursor comes within `prefetch` rows of the end, calling `loaded` after
        each later page. False (nothing shown) when a newer load started meanwhile."""
        self._generation += 1
        generation = self._generation
        records = await fetch(limit, 0)
        if generation != self._generation:
            return False
        self._fetch, self._page, self._prefetch, self._loaded = fetch, page, prefetch, loaded
        self.more, self.query = len(records) == limit, query
        self.show(records)
        return True

    @on(DataTable.RowHighlighted)
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        if (self.more and not self._fetching and self._fetch is not None
                and event.cursor_row >= len(self.records) - self._prefetch):
            self._fetching = True
            self.run_worker(self._load_more(self._fetch, self._generation), group="more")

    async def _load_more(self, fetch: Fetch[R], generation: int) -> None:
        try:
            records = await fetch(self._page, len(self.records))
        finally:
            self._fetching = False
        if generation != self._generation:
            return
        self.records.extend(records)
        self.more = len(records) == self._page
        self._add(records)
        if self._loaded is not None:
            self._loaded()
