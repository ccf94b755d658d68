"""A whole ward as a folder of CSV files, one per kind (`wards.csv`, `staff.csv`, ...), written
and read back in `ALL_KINDS` order, so each kind comes after the kinds it names.

`export_all` writes every kind and gives each file's row count and checksum; `import_all`
checks every file, then applies them all in one transaction (a bad row in any file refuses
the folder, nothing written). Into a new ward, importing a folder re-creates what the files
hold: the same files come out again, so the same counts and checksums.

The checksum of a kind is the SHA-256 of its file's data rows, sorted, without the columns
that are not the ward's content but the database's bookkeeping (`UNCOMPARED`: surrogate ids,
and the time a bed took its state, which an import sets); audit rows are never exported.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hra_tui.domain import Role
from hra_tui.services.csv.export import export_csv
from hra_tui.services.csv.format import ALL_KINDS, COLUMNS, ENCODING
from hra_tui.services.csv.importing import IMPORTERS, gc_paused, read_parsed
from hra_tui.services.csv.problems import Problems
from hra_tui.services.csv.store import importing
from hra_tui.services.errors import FileFailed, Refused
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.roles import require

if TYPE_CHECKING:
    from hra_tui.services.ward import Ward

UNCOMPARED = {"staff": ("id",), "appointments": ("id",), "billing": ("id",),
              "beds": ("since",)}


@dataclass(frozen=True)
class KindFile:
    """One kind's file of a whole-ward export: its rows and checksum."""

    kind: str
    path: Path
    rows: int
    checksum: str


def file_name(kind: str) -> str:
    return f"{kind}.csv"


def checksum(path: Path, kind: str) -> str:
    """The SHA-256 of the file's data rows, key-ordered, without the `UNCOMPARED` columns."""
    skip = {COLUMNS[kind].index(name) for name in UNCOMPARED.get(kind, ())}
    with open(path, encoding=ENCODING, newline="") as handle:
        _header, *rows = csv.reader(handle)
    kept = sorted([cell for i, cell in enumerate(row) if i not in skip] for row in rows)
    digest = hashlib.sha256()
    for row in kept:
        digest.update("\x1f".join(row).encode() + b"\x1e")
    return digest.hexdigest()


def _folder(path: Path) -> Path:
    """The export folder, made if its parent exists (a typo'd path makes no tree)."""
    folder = Path(path).expanduser()
    if folder.exists() and not folder.is_dir():
        raise Refused(f"{folder} is a file; give a folder for a whole-ward export")
    try:
        folder.mkdir(exist_ok=True)
    except FileNotFoundError:
        raise FileFailed(f"Cannot write to {folder}: its folder {folder.parent} does not "
                         "exist") from None
    except OSError as exc:
        raise FileFailed(f"Cannot create folder {folder}: {exc.strerror}") from None
    return folder


async def export_all(ward: Ward, folder: Path) -> list[KindFile]:
    """Every kind into `folder` (files replaced whole), with each file's count and checksum."""
    folder = _folder(folder)
    written = []
    for kind in ALL_KINDS:
        result = await export_csv(ward, kind, folder / file_name(kind))
        written.append(KindFile(kind, result.path, result.rows,
                                await asyncio.to_thread(checksum, result.path, kind)))
    return written


def _read_folder(folder: Path) -> dict[str, tuple[Path, list, Problems]]:
    present = {kind: folder / file_name(kind) for kind in ALL_KINDS
               if (folder / file_name(kind)).is_file()}
    if not present:
        raise Refused(f"{folder} holds none of "
                      f"{', '.join(file_name(kind) for kind in ALL_KINDS)}; nothing to import")
    return {kind: (path, *read_parsed(path, kind, empty=True))
            for kind, path in present.items()}


async def import_all(ward: Ward, folder: Path) -> dict[str, ImportResult]:
    """Every kind's file the folder holds, checked and applied in `ALL_KINDS` order in one
    transaction: all of them, or nothing if any row of any file is wrong. Patients' appointment
    and amount columns book and bill new patients only when the folder has no appointments
    or billing file (which otherwise carry them)."""
    ctx = ward.context
    require(ctx.actor, Role.ADMIN, "import a whole ward")
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise FileFailed(f"Cannot read {folder}: not a folder")
    results: dict[str, ImportResult] = {}
    with gc_paused():
        files = await asyncio.to_thread(_read_folder, folder)
        with_records = not {"appointments", "billing"} & files.keys()
        # the importers' connection on either engine (and, on PostgreSQL, the id sequences
        # moved past the imported ids), as every single-kind import has
        async with importing(ctx, "a whole ward") as (tx, driver):
            for kind, (path, parsed, problems) in files.items():
                apply = IMPORTERS[kind][1]
                if kind == "patients":
                    results[kind] = await apply(tx, driver, path, parsed, problems,
                                                with_records=with_records)
                else:
                    results[kind] = await apply(tx, driver, path, parsed, problems)
            await tx.audit("import", "ward", None, f"{folder}: " + "; ".join(
                f"{kind} {result.line('rows')}" for kind, result in results.items()))
    return results
