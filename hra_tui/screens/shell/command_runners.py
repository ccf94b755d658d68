"""What each `:` command does, through the `Host` as every screen acts: a write goes through
`attempt` (a refusal becomes one failure notice), a reversible one is remembered for undo.

Each runner takes the host and the command's words as `screens/shell/commands.py` read them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from hra_tui.screens.audit.log import AuditScreen
from hra_tui.screens.host import Host
from hra_tui.screens.patients.list import PatientsScreen
from hra_tui.services.errors import ImportRefused, Refused


async def census(app: Host, day: str | None = None) -> None:
    """The daily census screen, of `day` ('yesterday', 09/03, 2026-03-09) or today."""
    from hra_tui.screens.beds.census import CensusScreen
    from hra_tui.services.records.census import parse_census_day

    try:
        wanted = parse_census_day(day, app.now()) if day else None
    except Refused as exc:
        app.show_failure(exc)
        return
    await app.push_screen(CensusScreen(wanted))


async def admit(app: Host, mrn: str, bed: str) -> object:
    return await app.attempt(
        app.ward.beds.admit(mrn, bed),
        lambda cell: f"{cell.patient_name or mrn} admitted to {cell.label}")


async def transfer(app: Host, mrn: str, bed: str) -> object:
    """Transfer by MRN; undoable (back to the bed left) for a short while."""
    try:
        before = (await app.ward.patients.get(mrn)).patient
    except Refused as exc:
        app.show_failure(exc)
        return None
    cell = await app.attempt(
        app.ward.beds.transfer(mrn, bed),
        lambda cell: f"{cell.patient_name or mrn} transferred to {cell.label}")
    if cell is not None and before.bed:
        app.remember(f"the transfer of {before.name} from bed {before.bed} to {cell.label}",
                     lambda: app.ward.beds.undo_transfer(before.mrn, before.bed))
    return cell


async def discharge(app: Host, mrn: str) -> object:
    """Discharge by MRN, naming the patient and the bed that now needs cleaning."""
    try:
        who = (await app.ward.patients.get(mrn)).patient.name
    except Refused as exc:
        app.show_failure(exc)
        return None
    cell = await app.attempt(
        app.ward.beds.discharge(mrn),
        lambda cell: f"{who} discharged from {cell.label}; bed {cell.label} is now cleaning")
    if cell is not None:
        app.remember(f"the discharge of {who} from bed {cell.label}",
                     lambda: app.ward.beds.undo_discharge(mrn, cell.label))
    return cell


async def swap(app: Host, first: str, second: str) -> object:
    """Two patients exchange beds; undoable (they swap back) for a short while."""
    beds = await app.attempt(
        app.ward.beds.swap(first, second),
        lambda cells: f"{cells[0].patient_name} is in {cells[0].label} now, "
                      f"{cells[1].patient_name} in {cells[1].label}")
    if beds is not None:
        app.remember(f"the swap of beds {beds[0].label} and {beds[1].label}",
                     lambda: app.ward.beds.swap(beds[0].label, beds[1].label, undo=True))
    return beds


async def queue(app: Host) -> None:
    from hra_tui.screens.beds.queue import QueueScreen

    await app.action_area("beds")
    await app.push_screen(QueueScreen())


async def find(app: Host, text: str) -> None:
    await app.action_area("patients")
    screen = app.screen
    if isinstance(screen, PatientsScreen):
        screen.set_filter(text)


def export_path(kind: str, given: str | None, folder: Path, stamp: str) -> Path:
    """A given file or folder wins; otherwise `<folder>/<kind>-<stamp>.csv` (all:
    `<folder>/ward-<stamp>`, a folder of one file per kind)."""
    name = f"ward-{stamp}" if kind == "all" else f"{kind}-{stamp}.csv"
    if given:
        path = Path(given).expanduser()
        if path.is_dir() and kind != "all":
            return path / name
        return path
    return folder / name


def import_path(kind: str, given: str | None, folder: Path) -> Path:
    """A given file (all: folder) wins; otherwise the newest `:export` of the kind in the
    export folder, so an export edited in a spreadsheet comes back by its kind alone."""
    if given:
        return Path(given).expanduser()
    pattern = "ward-*" if kind == "all" else f"{kind}-*.csv"
    found = sorted(folder.glob(pattern)) if folder.is_dir() else []
    if not found:
        raise Refused(f"No {kind} export in {folder}; :export {kind} first, or give a PATH")
    return found[-1]


async def export(app: Host, kind: str, given: str | None = None) -> object:
    stamp = app.now().astimezone().strftime("%Y%m%d-%H%M%S")
    path = export_path(kind, given, app.export_dir, stamp)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        app.show_failure(Refused(f"Cannot create folder {path.parent}: {exc.strerror}"))
        return None
    if kind == "all":
        from hra_tui.services.csv.whole_ward import export_all

        return await app.attempt(
            export_all(app.ward, path),
            lambda files: f"Exported {len(files)} files, {sum(f.rows for f in files):,} rows "
                          f"to {path}")
    from hra_tui.services.csv.export import export_csv

    return await app.attempt(
        export_csv(app.ward, kind, path),
        lambda result: f"Exported {result.rows:,} {kind} rows to {result.path}")


def _with_problems(exc: ImportRefused, shown: int = 3) -> Refused:
    """The refusal with its first bad rows, so the note says what to fix."""
    lines = "; ".join(f"line {line}: {reason}" for line, reason in exc.problems[:shown])
    more = f"; {len(exc.problems) - shown} more" if len(exc.problems) > shown else ""
    return Refused(f"{exc}: {lines}{more}" if lines else str(exc))


async def import_back(app: Host, kind: str, given: str | None = None) -> object:
    """Import a file (all: a folder), by default the kind's newest export; one note says how
    many rows were added, changed and unchanged, or which rows are wrong."""
    from hra_tui.services.csv.importing import import_csv
    from hra_tui.services.csv.whole_ward import import_all

    try:
        path = import_path(kind, given, app.export_dir)
    except Refused as exc:
        app.show_failure(exc)
        return None

    async def work() -> str:
        try:
            if kind == "all":
                results = await import_all(app.ward, path)
                added = sum(r.rows for r in results.values())
                changed = sum(r.changed for r in results.values())
                unchanged = sum(r.unchanged for r in results.values())
                return (f"Imported {path.name} ({len(results)} files): {added:,} rows added, "
                        f"{changed:,} changed, {unchanged:,} unchanged")
            result = await import_csv(app.ward, kind, path)
            return f"Imported {path.name}: {result.line(kind)}"
        except ImportRefused as exc:
            raise _with_problems(exc) from None

    return await app.attempt(work(), lambda line: line)


async def history(app: Host, text: str = "") -> None:
    await app.push_screen(AuditScreen(text))


async def show_help(app: Host) -> None:
    app.action_help()


async def leave(app: Host) -> None:
    app.exit()


def go_to(mode: str) -> Callable[[Host], Awaitable[None]]:
    """The runner of an area's command: open that area."""

    async def run(app: Host) -> None:
        await app.action_area(mode)

    return run
