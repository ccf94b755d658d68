"""`hra census`: the day's table per ward with a total, a past day, the CSV written and
audited, and one `hra:` line for a day that is not one or is still to come."""

from __future__ import annotations

import csv
import json
from datetime import timedelta

from support.cli import ok, one_line
from support.wards import connect


def test_the_census_lists_each_ward_and_a_total(hra, db):
    result = hra(db, "census")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["WARD", "BEDS", "OCC", "FREE", "CLEAN", "BLOCK", "RESV", "ADM",
                                "DIS", "IN", "OUT"]
    assert lines[-1].startswith("All wards")
    assert "Census of" in result.stderr


def test_the_numbers_add_up_to_the_bed_board(hra, db):
    rows = json.loads(hra(db, "census", "--json").stdout)
    board = json.loads(hra(db, "bed", "list", "--json").stdout)
    total = rows[-1]
    assert total["ward"] == "All wards" and total["beds"] == len(board)
    for status in ("occupied", "free", "cleaning", "blocked", "reserved"):
        assert total[status] == sum(bed["status"] == status for bed in board), status
    assert sum(row["beds"] for row in rows[:-1]) == total["beds"]


def test_a_transfer_between_wards_counts_out_of_one_and_into_the_other(hra, db):
    board = json.loads(hra(db, "bed", "list", "--json").stdout)
    patient = next(b for b in board if b["status"] == "occupied")
    target = next(b for b in board if b["status"] == "free" and b["ward"] != patient["ward"])
    ok(hra(db, "transfer", patient["patient"], target["label"]))
    rows = {row["ward"]: row for row in json.loads(hra(db, "census", "--json").stdout)}
    assert rows[patient["ward"]]["transferred_out"] == 1
    assert rows[target["ward"]]["transferred_in"] == 1


def test_a_past_day_is_given_day_first_or_as_yesterday(hra, db, now):
    yesterday = (now - timedelta(days=1)).date()
    by_word = json.loads(hra(db, "census", "--day", "yesterday", "--json").stdout)
    by_date = json.loads(hra(db, "census", "-d", f"{yesterday:%d/%m}", "--json").stdout)
    assert by_word == by_date and by_word[0]["day"] == yesterday.isoformat()


def test_the_census_is_written_to_a_csv_file_and_audited(hra, db, tmp_path):
    line = ok(hra(db, "census", "--csv", str(tmp_path / "census.csv")))
    assert line.startswith("Exported the census of") and line.endswith("census.csv")
    with open(tmp_path / "census.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[-1]["ward"] == "All wards" and len(rows) == 3
    conn = connect(db)
    try:
        last = conn.execute("SELECT action, entity FROM audit_log ORDER BY id DESC").fetchone()
    finally:
        conn.close()
    assert last == ("export", "census")


def test_a_day_that_is_not_one_or_still_to_come_is_one_line(hra, db, now, tmp_path):
    assert "is not a day" in one_line(hra(db, "census", "--day", "31/02/2026"), 1)
    later = (now + timedelta(days=3)).date().isoformat()
    assert "not known yet" in one_line(hra(db, "census", "--day", later), 1)
    assert "not known yet" in one_line(hra(db, "census", "--day", "tomorrow"), 1)
    assert "is a folder" in one_line(hra(db, "census", "-o", str(tmp_path)), 1)
