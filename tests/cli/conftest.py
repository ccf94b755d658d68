"""The command line tests' fixtures: `hra(db, *args, user=None)` runs the command line in
process, and `db` is a private copy of a demo ward built once per module (on PostgreSQL, a
database cloned from the module's template: see `support/wards.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.wards import as_template, fresh_ward
from typer.testing import CliRunner

from db.demo import create_demo
from db.location import Location
from db.os_account import os_account
from hra_tui.cli.main import app


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, _server, request) -> Path | str:
    """The module's demo ward: a file, or on PostgreSQL a template database copied from it."""
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    create_demo(path, "ward", seed=5, owner=os_account())
    if _server is not None:
        return as_template(_server, path, "tpl_" + request.module.__name__[-40:].lower())
    return path


@pytest.fixture
def db(demo_file, _server, request, tmp_path) -> Location:
    """A copy of the module's demo ward for one test."""
    return fresh_ward(demo_file, _server, request, tmp_path)


@pytest.fixture
def hra(monkeypatch):
    """`hra(db, *args, user=None)`: run `hra --db db [--user user] args` in process, with no
    HRA_USER or HRA_DEBUG from the environment; returns the click Result."""
    monkeypatch.delenv("HRA_USER", raising=False)
    monkeypatch.delenv("HRA_DEBUG", raising=False)
    runner = CliRunner()

    def invoke(db: Location, *args: str, user: str | None = None):
        prefix = ["--db", str(db)] + (["--user", user] if user else [])
        return runner.invoke(app, [*prefix, *args])

    return invoke
