"""`hra export all` and `hra import all`: a ward into a folder and back, into a new `db init`
ward; `hra import KIND` of an export, edited or not, updates by key."""

from __future__ import annotations

from support.cli import ok, one_line
from support.wards import connect

from db.migrate import head_revision


def _checksums(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[1:]


def test_export_all_into_a_fresh_ward_re_creates_it(hra, db, tmp_path, new_location):
    first = _checksums(hra(db, "export", "all", "-o", str(tmp_path / "first")))
    assert [line.split()[0] for line in first] == [
        "wards.csv", "staff.csv", "beds.csv", "patients.csv", "appointments.csv",
        "billing.csv", "history.csv"]
    fresh = new_location("fresh")
    assert ok(hra(fresh, "db", "init")).endswith("created an empty ward at schema revision "
                                                 + head_revision())
    result = hra(fresh, "import", "all", str(tmp_path / "first"))
    assert result.exit_code == 0, result.output
    head, *lines = result.stdout.strip().splitlines()
    assert head == f"Imported {tmp_path / 'first'}: 7 files in one transaction"
    assert lines[0] == "wards: 2 rows added, 0 changed, 0 unchanged"
    again = _checksums(hra(fresh, "export", "all", "-o", str(tmp_path / "again")))
    assert again == first  # each file's rows and checksum


def test_an_export_imported_back_reports_no_change(hra, db, tmp_path):
    out = tmp_path / "p.csv"
    ok(hra(db, "export", "patients", "-o", str(out)))
    assert ok(hra(db, "import", "patients", str(out))) == \
        f"Imported {out}: 0 patients added, 0 changed, 60 unchanged"


def test_import_all_fails_by_the_rules(hra, db, tmp_path):
    folder = tmp_path / "ward"
    _checksums(hra(db, "export", "all", "-o", str(folder)))
    assert one_line(hra(db, "import", "all", str(tmp_path / "nowhere")), 3) == \
        f"hra: Cannot read {tmp_path / 'nowhere'}: not a folder"
    assert one_line(hra(db, "import", "all", str(tmp_path)), 1) == (
        f"hra: {tmp_path} holds none of wards.csv, staff.csv, beds.csv, patients.csv, "
        "appointments.csv, billing.csv, history.csv; nothing to import")
    beds = folder / "beds.csv"
    beds.write_text(beds.read_text(encoding="utf-8-sig") + "9Z,Ward 9,,,,,,,\n",
                    encoding="utf-8")
    before = connect(db).execute("SELECT count(*) FROM audit_log").fetchone()
    result = hra(db, "import", "all", str(folder))
    assert one_line(result, 1) == "hra: Nothing imported: 1 of 41 rows in beds.csv are wrong"
    assert result.stderr.splitlines()[0] == "line 42: ward 'Ward 9' does not exist"
    assert connect(db).execute("SELECT count(*) FROM audit_log").fetchone() == before
    assert one_line(hra(db, "export", "all", "-o", str(tmp_path / "no" / "such")), 3) == (
        f"hra: Cannot write to {tmp_path / 'no' / 'such'}: its folder {tmp_path / 'no'} "
        "does not exist")


def test_a_clerk_may_not_import_a_ward(hra, db, tmp_path):
    ok(hra(db, "user", "add", "clara", "--role", "clerk"))
    _checksums(hra(db, "export", "all", "-o", str(tmp_path / "ward"), user="clara"))
    assert one_line(hra(db, "import", "all", str(tmp_path / "ward"), user="clara"), 1) == \
        "hra: clara is a clerk and cannot import a whole ward; only admins can"
