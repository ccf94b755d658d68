"""`hra plan settings`: every planning setting with its value in force, and changing one."""

from __future__ import annotations

from support.wards import connect
from typer.testing import CliRunner

from hra_tui.cli.main import app


def test_settings_are_listed_set_and_cleared(shared_demo_db):
    db = shared_demo_db
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


def test_each_setting_keeps_its_range_and_the_clinic_opens_before_it_closes(shared_demo_db):
    """Issue 21: clinic hours 25, 10^9, closing at 0 or opening after closing were stored, and
    the planner then booked visits at 07:00 and 23:00."""
    db = shared_demo_db
    runner = CliRunner()

    def settings(*args: str):
        return runner.invoke(app, ["--db", str(db), "plan", "settings", *args])

    for key, value, words in [
        ("clinic_opens", "25", "The clinic_opens setting must be a whole number from 0 to 23"),
        ("clinic_opens", "1000000000", "The clinic_opens setting must be a whole number from 0 "
                                       "to 23"),
        ("clinic_closes", "0", "The clinic_closes setting must be a whole number from 1 to 24"),
        ("clinic_opens", "18", "The clinic must open before it closes; clinic_opens 18 is not "
                               "before clinic_closes 18"),
        ("clinic_closes", "8", "The clinic must open before it closes; clinic_opens 8 is not "
                               "before clinic_closes 8"),
        ("max_week_hours", "169", "The max_week_hours setting must be a whole number from 0 "
                                  "to 168"),
        ("senior_skill", "6", "The senior_skill setting must be a whole number from 0 to 5"),
        ("budget", "1000000000001", "The budget setting must be a whole number from 0 to "
                                    "1,000,000,000,000"),
    ]:
        result = settings(key, value)
        assert (result.exit_code, result.stderr, result.stdout) == (1, f"hra: {words}\n", ""), \
            (key, value)
    assert settings("clinic_closes", "20").exit_code == 0
    assert settings("clinic_opens", "19").exit_code == 0  # before the new closing hour
    shown = {line.split()[0]: line.split()[1] for line in settings().stdout.splitlines()[1:]}
    assert (shown["clinic_opens"], shown["clinic_closes"]) == ("19", "20")
    cleared = settings("clinic_closes", "--clear")  # back to 18, before 19: refused
    assert cleared.exit_code == 1 and "clinic_opens 19 is not before clinic_closes 18" in \
        cleared.stderr


def test_clinic_hours_stored_around_hra_are_refused_before_planning(shared_demo_db):
    db = shared_demo_db
    con = connect(db)
    con.execute("INSERT INTO settings (key, value, updated_at) VALUES ('clinic_opens', '25', "
                "'2026-01-01 00:00:00.000000')")
    con.commit()
    con.close()
    result = CliRunner().invoke(app, ["--db", str(db), "plan", "--time-limit", "1"])
    assert (result.exit_code, result.stderr) == (
        1, "hra: The clinic_opens setting holds '25', not a whole number from 0 to 23; set it "
           "again before planning\n")
