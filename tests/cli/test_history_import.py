"""`hra import history FILE`: a ward's daily counts for the forecast, all or nothing."""

from __future__ import annotations

from support.cli import ok
from support.wards import connect


def _rows(db, sql: str) -> list[tuple]:
    with connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_a_good_file_adds_and_corrects_days(hra, db, tmp_path):
    last = _rows(db, "SELECT max(day) FROM ward_history")[0][0]
    (before,) = _rows(db, "SELECT count(*) FROM ward_history")[0]
    file = tmp_path / "history.csv"
    file.write_text("ward,day,admitted,discharged,occupied\n"
                    f"Ward 4 — Surgical,{last},9,1,12\n"
                    "ward 3 — medical,2030-01-02,3,2,11\n", encoding="utf-8")
    assert ok(hra(db, "import", "history", str(file))) == \
        f"Imported {file}: 1 ward days of history added, 1 changed, 0 unchanged"
    assert _rows(db, f"SELECT admitted, discharged, occupied FROM ward_history "
                     f"WHERE ward_id = 2 AND day = '{last}'") == [(9, 1, 12)]
    assert _rows(db, "SELECT count(*) FROM ward_history")[0][0] == before + 1
    (detail,) = _rows(db, "SELECT detail FROM audit_log WHERE entity = 'ward history'")[0]
    assert detail == "2 ward days from history.csv, 1 of them replacing days held"
    [(correction,)] = _rows(db, "SELECT detail FROM audit_log WHERE entity = 'ward history' "
                                "AND action = 'edit'")
    assert correction.startswith(f"Ward 4 — Surgical on {last}: admitted ")
    assert "-> 9" in correction and correction.endswith("(import history.csv)")


def test_one_bad_row_imports_nothing_and_names_every_bad_line(hra, db, tmp_path):
    before = _rows(db, "SELECT * FROM ward_history ORDER BY ward_id, day")
    file = tmp_path / "history.csv"
    file.write_text("ward,day,admitted,discharged,occupied\n"
                    "Ward 3 — Medical,2030-01-01,3,2,11\n"
                    "Ward 3 — Medical,2030-01-32,3,2,11\n"
                    "Ward 9,2030-01-03,-1,2,11\n"
                    "Ward 3 — Medical,2030-01-01,1,1,1\n", encoding="utf-8")
    result = hra(db, "import", "history", str(file))
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "line 3: day must be a date, YYYY-MM-DD (got '2030-01-32')"
    assert lines[1].startswith("line 4: admitted must be a whole number from 0 to 100,000")
    assert lines[2].startswith("line 5: ") and "line 2" in lines[2]
    assert lines[-1] == "hra: Nothing imported: 3 of 4 rows in history.csv are wrong"
    assert _rows(db, "SELECT * FROM ward_history ORDER BY ward_id, day") == before
