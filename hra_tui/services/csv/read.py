"""Reading an import file: the header checked against the kind's columns, then every data row
laid out column by column, with each row's line number, and cells `restore`d."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from hra_tui.handed_files import CSV_LIMIT, read_text
from hra_tui.services.csv.format import COLUMNS, REQUIRED, restore
from hra_tui.services.csv.problems import Problems
from hra_tui.services.errors import ImportRefused, Invalid, Refused


@dataclass
class Rows:
    """A file's data rows, column by column (so clean columns are checked in one sweep),
    with each row's first line number; cells are already `restore`d."""

    lines: list[int]
    columns: list[list[str]]

    def cells(self, index: int) -> list[str]:
        return [column[index] for column in self.columns]


def read(path: Path, kind: str) -> tuple[Rows, Problems]:
    """Every data row in COLUMNS order, or a refusal for an unreadable file or header."""
    path = Path(path).expanduser()
    problems = Problems()
    text = read_text(path, CSV_LIMIT, "an import file", Invalid)
    rows: list[list[str]] = []
    lines: list[int] = []
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise Refused(f"{path.name} is empty; expected a header line: "
                              + ",".join(COLUMNS[kind]))
            positions = _positions(header, kind, path)
            width, line = len(header), reader.line_num + 1
            keep, number = rows.append, lines.append
            for cells in reader:
                if any(cells):  # blank lines are skipped
                    if len(cells) != width:
                        if len(cells) > width:
                            problems.add(line, f"{len(cells)} fields, but the header has "
                                               f"{width}")
                            problems.rows += 1
                            line = reader.line_num + 1
                            continue
                        cells += [""] * (width - len(cells))  # trailing empties left out
                    keep(cells)
                    number(line)
                line = reader.line_num + 1
        except csv.Error as exc:
            raise Refused(f"{path.name} line {reader.line_num}: {exc}") from None
    problems.rows += len(rows)
    in_file = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    columns = [list(in_file[i]) if i is not None else [""] * len(rows) for i in positions]
    for k, column in enumerate(columns):
        if "\x00'" in "\x00" + "\x00".join(column):  # some cell starts with an apostrophe
            columns[k] = [restore(cell) for cell in column]
    return Rows(lines, columns), problems


def _positions(header: list[str], kind: str, path: Path) -> list[int | None]:
    """Where each of the kind's columns sits in the file; a wrong header refuses the file."""
    names = [h.strip().lower() for h in header]
    known = COLUMNS[kind]
    problems = Problems()
    for name in names:
        if name not in known:
            problems.add(1, f"unknown column '{name}'; {kind} files have: {', '.join(known)}")
    for name in set(names):
        if names.count(name) > 1:
            problems.add(1, f"column '{name}' appears {names.count(name)} times")
    for name in REQUIRED[kind]:
        if name not in names:
            problems.add(1, f"column '{name}' is missing")
    if problems.count:
        raise ImportRefused(f"Nothing imported: the header of {path.name} is wrong",
                            sorted(problems.listed))
    return [names.index(c) if c in names else None for c in known]
