"""Files the command line writes and reads: `-o` takes only a new or regular file, a failure at
the target names the target (exit 3) and leaves nothing behind, a killed run's part files are
swept at the next start, and reading a backup never changes it."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hra_tui.services import target_file

HRA = [sys.executable, "-m", "hra_tui.cli"]


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """The user's state folder (the part-file ledger) kept inside the test."""
    return {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}


def _hra(db: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HRA, "--db", str(db), *args], capture_output=True, text=True,
                          env=env, timeout=120)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


@pytest.mark.parametrize("make", ["fifo", "folder"])
def test_export_refuses_what_is_not_a_regular_file(seeded_db, tmp_path, env, make):
    target = tmp_path / "out"
    if make == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    result = _hra(seeded_db, "export", "patients", "-o", str(target), env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("hra: ") and str(target) in result.stderr
    assert stat.S_ISFIFO(target.stat().st_mode) if make == "fifo" else target.is_dir()
    assert _parts(tmp_path) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_export_never_replaces_a_device(seeded_db, env):
    result = _hra(seeded_db, "export", "patients", "-o", "/dev/full", env=env)
    assert result.returncode == 1 and "not a regular file" in result.stderr
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_a_failing_target_is_named_exit_3_and_leaves_the_old_file(seeded_db, tmp_path,
                                                                   monkeypatch):
    """A full disk at the target (simulated where the file is made durable)."""
    from typer.testing import CliRunner

    from hra_tui.cli.main import app

    target = tmp_path / "patients.csv"
    target.write_text("the old export\n")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(target_file.os, "fsync", full)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for args in (["export", "patients", "-o", str(target)],
                 ["backup", "-o", str(target), "--force"]):
        result = CliRunner().invoke(app, ["--db", str(seeded_db), *args])
        assert result.exit_code == 3, result.output
        assert f"Cannot write {target}" in result.output or f"backup {target}" in result.output
        assert "ward database" not in result.output
        assert target.read_text() == "the old export\n"
        assert _parts(tmp_path) == []


def test_a_killed_runs_part_files_are_swept_at_the_next_start(seeded_db, tmp_path, env):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    part = tmp_path / ".backup.db.x1y2.part"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{part}{suffix}").write_bytes(b"patient data")
    ledger = tmp_path / "state" / "hra" / "partial"
    ledger.mkdir(parents=True)
    (ledger / f"{dead.pid}-{part.name}").write_text(str(part))
    live = ledger / f"{os.getpid()}-.other.csv.z.part"
    (tmp_path / ".other.csv.z.part").write_text("still being written")
    live.write_text(str(tmp_path / ".other.csv.z.part"))

    assert _hra(seeded_db, "bed", "list", env=env).returncode == 0
    assert _parts(tmp_path) == [".other.csv.z.part"]  # a running one is left alone
    assert not (ledger / f"{dead.pid}-{part.name}").exists() and live.exists()


@pytest.mark.slow  # opens a backup with every reading command: 5-9 s
@pytest.mark.sqlite_only(reason="a backup is a ward file to open (on PostgreSQL `hra backup` "
                                "writes a pg_dump archive)")
def test_reading_a_backup_leaves_it_byte_for_byte(seeded_db, tmp_path, env):
    backup = tmp_path / "ward-backup.db"
    assert _hra(seeded_db, "backup", "-o", str(backup), env=env).returncode == 0
    before = _digest(backup)
    for args in (["patient", "list"], ["bed", "list", "--json"], ["db", "check"]):
        assert _hra(backup, *args, env=env).returncode == 0, args
    assert _digest(backup) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ward-backup")) \
        == ["ward-backup.db"]


@pytest.mark.sqlite_only(reason="a missing ward file is refused, not created")
def test_the_console_refuses_a_missing_database_without_creating_it(tmp_path, env):
    missing = tmp_path / "nest" / "a" / "ward.db"
    result = subprocess.run([*HRA, "--db", str(missing)], capture_output=True, text=True,
                            env=env, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 3
    assert result.stderr.strip() == (f"hra: No ward database at {missing}; create one with "
                                      "`hra demo` or `hra db init`")
    assert not (tmp_path / "nest").exists()


@pytest.mark.sqlite_only(reason="a backup copies the ward file (on PostgreSQL `hra backup` "
                                "runs pg_dump)")
def test_backup_copies_are_owner_only(seeded_db, tmp_path, env):
    backup = tmp_path / "b.db"
    assert _hra(seeded_db, "backup", "-o", str(backup), env=env).returncode == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    shutil.copy(backup, tmp_path / "copy.db")  # a whole, self-contained file
    assert _hra(tmp_path / "copy.db", "db", "check", env=env).returncode == 0


@pytest.mark.sqlite_only(reason="a file that is not SQLite's")
@pytest.mark.parametrize("content", [b"hello, not a database\n", b"\x00" * 4096])
def test_the_console_and_commands_refuse_a_file_that_is_not_a_database(tmp_path, env,
                                                                        content):
    other = tmp_path / "notes.txt"
    other.write_bytes(content)
    for args in ([], ["patient", "list"], ["db", "check"]):
        result = subprocess.run([*HRA, "--db", str(other), *args], capture_output=True,
                                text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
        assert result.returncode == 3, args
        assert result.stderr.strip() == f"hra: {other} is not a ward database (not an SQLite file)"
    assert other.read_bytes() == content


@pytest.mark.sqlite_only(reason="a ward file's permissions")
def test_db_init_on_an_empty_shared_file_makes_it_owner_only(tmp_path, env):
    path = tmp_path / "ward.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    result = subprocess.run([*HRA, "--db", str(path), "db", "init"], capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_folder_made_unwritable_mid_export_is_named_not_the_database(seeded_db, tmp_path,
                                                                      monkeypatch):
    """Issue 21: once the folder turned unwritable, the part file could not be renamed nor
    removed, and removing it failed last, blaming the ward database. Simulated where the
    folder is written (the tests run as root, whom permissions do not stop)."""
    from typer.testing import CliRunner

    from hra_tui.cli.main import app

    folder = tmp_path / "exports"
    folder.mkdir()
    denied = OSError(errno.EACCES, "Permission denied")

    def replace(_src, _dst) -> None:
        raise denied

    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.parent == folder:
            raise denied
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(target_file.os, "replace", replace)
    monkeypatch.setattr(Path, "unlink", unlink)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    result = CliRunner().invoke(app, ["--db", str(seeded_db), "export", "patients", "-o",
                                      str(folder / "p.csv")])
    assert (result.exit_code, result.stderr) == (
        3, f"hra: Cannot write {folder / 'p.csv'}: Permission denied; nothing written\n")
