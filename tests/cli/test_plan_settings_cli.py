"""`hra plan settings`: every planning setting with its value in force, and changing one."""

from __future__ import annotations

from typer.testing import CliRunner

from db.demo import create_demo
from hra_tui.cli.main import app


def test_settings_are_listed_set_and_cleared(tmp_path):
    db = tmp_path / "ward.db"
    create_demo(db)
    runner = CliRunner()
    shown = runner.invoke(app, ["--db", str(db), "plan", "settings"])
    assert shown.exit_code == 0, shown.output
    lines = {line.split()[0]: line.split()[1:] for line in shown.stdout.splitlines()[1:]}
    assert lines["min_rest_hours"] == ["11", "default"]
    assert lines["budget"] == ["no", "limit", "default"]
    changed = runner.invoke(app, ["--db", str(db), "plan", "settings", "max_week_hours", "40"])
    assert "max_week_hours        40        set" in changed.stdout
    cleared = runner.invoke(app, ["--db", str(db), "plan", "settings", "max_week_hours",
                                  "--clear"])
    assert "max_week_hours        48        default" in cleared.stdout
    bad = runner.invoke(app, ["--db", str(db), "plan", "settings", "bogus", "1"])
    assert bad.exit_code == 1 and "No planning setting 'bogus'" in bad.stderr
