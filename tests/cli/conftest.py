"""The command line tests' fixtures: `hra(db, *args, user=None)` runs the command line in
process, and `db` is a private copy of a demo ward built once per module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from db.demo import create_demo
from db.os_account import os_account
from hra_tui.cli.main import app


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    create_demo(path, "ward", seed=5, owner=os_account())
    return path


@pytest.fixture
def db(demo_file, tmp_path) -> Path:
    """A copy of the module's demo ward for one test."""
    path = tmp_path / "ward.db"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture
def hra(monkeypatch):
    """`hra(db, *args, user=None)`: run `hra --db db [--user user] args` in process, with no
    HRA_USER or HRA_DEBUG from the environment; returns the click Result."""
    monkeypatch.delenv("HRA_USER", raising=False)
    monkeypatch.delenv("HRA_DEBUG", raising=False)
    runner = CliRunner()

    def invoke(db: Path, *args: str, user: str | None = None):
        prefix = ["--db", str(db)] + (["--user", user] if user else [])
        return runner.invoke(app, [*prefix, *args])

    return invoke
