"""`hra plan`: solve to a stored plan (--json), list, diff and apply, refusals in one line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hra_tui.cli.main import app


def test_plan_solve_list_diff_apply(demo_db):
    db = demo_db
    runner = CliRunner()
    solved = runner.invoke(app, ["--db", str(db), "plan", "--horizon", "3", "--json"])
    assert solved.exit_code == 0, solved.output
    plan = json.loads(solved.stdout)
    assert plan["status"] == "OPTIMAL" and plan["objective"] == plan["bound"]
    listed = runner.invoke(app, ["--db", str(db), "plan", "list", "--json"])
    assert [p["id"] for p in json.loads(listed.stdout)] == [plan["id"]]
    diff = runner.invoke(app, ["--db", str(db), "plan", "diff", str(plan["id"])])
    assert "appointments:" in diff.stdout
    applied = runner.invoke(app, ["--db", str(db), "plan", "apply", str(plan["id"])])
    assert applied.exit_code == 0 and "applied" in applied.stdout
    again = runner.invoke(app, ["--db", str(db), "plan", "apply", str(plan["id"])])
    assert again.exit_code == 1 and "was applied" in again.stderr
    assert "Traceback" not in again.output
    missing = runner.invoke(app, ["--db", str(db), "plan", "apply", "99"])
    assert missing.exit_code == 1 and "No plan 99" in missing.stderr
