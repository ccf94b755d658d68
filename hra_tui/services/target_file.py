"""Writing a file a clerk named with `-o` (an export, a backup) safely.

Only a new file or a regular file the user may replace is accepted: never a folder, a device
(`/dev/full`), a pipe or a socket. The copy is written to a private `.NAME.*.part` beside the
target and renamed over it only when whole, so a failure leaves the old file as it was. A part
file never outlives its run: it is removed on failure, and one left by a killed run is listed
in the user's state folder and swept at the next start of `hra`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_state_path

from hra_tui.services.errors import FileFailed, Refused

PART = ".part"
_COMPANIONS = ("", "-wal", "-shm", "-journal")  # SQLite's files beside a backup's part


def checked_target(path: Path) -> Path:
    """The target as an absolute path (a link followed to its file), or Refused in words."""
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise Refused(f"{path} is a folder; give a file name, e.g. {path / 'export.csv'}")
    if not path.parent.is_dir():
        raise Refused(f"Folder {path.parent} does not exist")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise Refused(f"Cannot write in folder {path.parent}: permission denied") from None
        return path
    except OSError as exc:
        raise Refused(f"Cannot use {path}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise Refused(f"{path} is not a regular file (a device, pipe or socket); "
                      "give a new file name")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        raise Refused(f"Cannot replace {path}: permission denied")
    return path.resolve()


def _ledger() -> Path:
    """Where this user's in-progress part files are listed (owner-only)."""
    folder = user_state_path("hra", appauthor=False) / "partial"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


@contextmanager
def written_beside(target: Path) -> Iterator[Path]:
    """A private part file beside `target` to write into; `commit(part, target)` renames it
    into place. Whatever happens, no part file (nor its SQLite companions) is left behind.
    A failure at the target raises FileFailed naming the target."""
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=PART)
    except OSError as exc:
        raise FileFailed(f"Cannot write {target}: {exc.strerror or exc}; nothing written") \
            from None
    os.close(fd)
    part = Path(name)
    entry = _ledger() / f"{os.getpid()}-{part.name}"
    entry.write_text(str(part), encoding="utf-8")
    try:
        yield part
    except OSError as exc:
        raise FileFailed(f"Cannot write {target}: {exc.strerror or exc}; nothing written") \
            from None
    finally:
        if _remove(part):  # else the ledger keeps it, for the next start's sweep
            entry.unlink(missing_ok=True)


def commit(part: Path, target: Path) -> None:
    """Make the whole part file the target, durably."""
    with open(part, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(part, target)


def _remove(part: Path) -> bool:
    """Remove the part file and its companions; False if the folder no longer lets us (the
    failure that brought us here is the one to report, not this)."""
    try:
        for suffix in _COMPANIONS:
            Path(f"{part}{suffix}").unlink(missing_ok=True)
    except OSError:
        return False
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep() -> int:
    """Remove the part files of runs that were killed; returns how many. Cheap: one listing of
    a folder that is empty unless a run died mid-write."""
    try:
        entries = list(_ledger().iterdir())
    except OSError:
        return 0
    swept = 0
    for entry in entries:
        pid = entry.name.split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            part = Path(entry.read_text(encoding="utf-8").strip())
        except OSError:
            continue
        if part.name.endswith(PART):
            _remove(part)
            swept += 1
        entry.unlink(missing_ok=True)
    return swept
