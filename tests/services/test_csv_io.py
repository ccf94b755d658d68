"""CSV export and import: the columns, formula neutralising, round trips, and imports that are
all or nothing with every bad row named by its line."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support import clock
from support.wards import connect

from db.location import Location
from db.os_account import os_account
from hra_tui.handed_files import Unreadable
from hra_tui.services.csv.export import export_csv
from hra_tui.services.csv.format import COLUMNS, neutralise
from hra_tui.services.csv.importing import import_csv
from hra_tui.services.csv.problems import MAX_LISTED
from hra_tui.services.errors import FileFailed, ImportRefused, NotAllowed, Refused
from hra_tui.services.plain_records import PatientForm, StaffForm
from hra_tui.services.ward import Ward

ADMIN = os_account()
PATIENT_HEADER = ",".join(COLUMNS["patients"])


@pytest.fixture
async def ward(shared_demo_db):
    w = await Ward.open(shared_demo_db)
    yield w
    await w.close()


@pytest.fixture
async def empty_ward(new_location):
    """A new database with the demo's two wards and nothing else."""
    path = new_location("empty")
    w = await Ward.open(path)
    con = connect(path)
    con.executemany("INSERT INTO wards (name, active) VALUES (?, TRUE)",
                    [("Ward 3 — Medical",), ("Ward 4 — Surgical",)])
    con.commit()
    con.close()
    yield w
    await w.close()


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _count(db: Location, table: str) -> int:
    con = connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def _dump(db: Location) -> dict[str, list]:
    con = connect(db)
    try:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                for table in ("patients", "admissions", "appointments", "billing", "beds",
                              "staff", "audit_log")}
    finally:
        con.close()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _future(hours: int = 48) -> str:
    moment = (clock.suite_now() + timedelta(hours=hours)).replace(minute=0, second=0,
                                                                   microsecond=0)
    return moment.isoformat()


@pytest.mark.parametrize("kind,table", [("patients", "patients"), ("staff", "staff"),
                                        ("beds", "beds"), ("appointments", "appointments"),
                                        ("billing", "billing")])
async def test_export_writes_every_record_with_its_columns(ward, shared_demo_db, tmp_path, kind,
                                                           table):
    out = tmp_path / f"{kind}.csv"
    result = await export_csv(ward, kind, out)
    rows = _rows(out)
    assert rows[0] == list(COLUMNS[kind])
    assert result.rows == len(rows) - 1 == _count(shared_demo_db, table)
    assert result.path == out
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
    assert not list(tmp_path.glob("*.part"))  # no temporary file left


async def test_patient_export_has_the_seed_columns(ward, shared_demo_db, tmp_path):
    out = tmp_path / "patients.csv"
    await export_csv(ward, "patients", out)
    header, *rows = _rows(out)
    assert header[:12] == ["mrn", "name", "age", "gender", "phone", "address", "doctor", "bed",
                           "appointment", "amount", "billing status", "urgency"]
    by_mrn = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    con = connect(shared_demo_db)
    mrn, label, doctor = con.execute("""
        SELECT p.mrn, b.label, s.name FROM admissions a JOIN patients p ON p.id = a.patient_id
        JOIN beds b ON b.id = a.bed_id JOIN staff s ON s.id = a.doctor_id
        WHERE a.discharged_at IS NULL ORDER BY p.mrn LIMIT 1""").fetchone()
    assert (by_mrn[mrn]["bed"], by_mrn[mrn]["doctor"]) == (label, doctor)
    assert sum(1 for row in by_mrn.values() if row["bed"]) == 30
    assert {row["billing status"] for row in by_mrn.values()} >= {"paid", "unpaid"}
    assert all(row["phone"].startswith("'+") for row in by_mrn.values())


@pytest.mark.parametrize("cell", ["=1+2", "+44 1", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_get_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Jane", "O'Brien", "'quoted", "3-4", "", "a=b"])
def test_other_cells_are_left_alone(cell):
    assert neutralise(cell) == cell


async def test_formulas_are_neutralised_on_export_and_restored_on_import(ward, empty_ward,
                                                                         tmp_path):
    await ward.patients.register(PatientForm(
        name="=HYPERLINK(\"http://x\",\"Click\")", address="@SUM(1+1)*cmd|' /C calc'!A0",
        age=40, gender="F", phone="+44 7700 900123"))
    out = tmp_path / "patients.csv"
    await export_csv(ward, "patients", out)
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(1+1)" in text and "'+44 7700 900123" in text
    row = next(r for r in _rows(out) if "HYPERLINK" in r[1])
    assert row[1] == "'=HYPERLINK(\"http://x\",\"Click\")"

    staff = tmp_path / "doctors.csv"
    beds = tmp_path / "beds.csv"
    await export_csv(ward, "staff", staff)
    await export_csv(ward, "beds", beds)
    await import_csv(empty_ward, "staff", staff)
    await import_csv(empty_ward, "beds", beds)
    await import_csv(empty_ward, "patients", out)
    found = await empty_ward.patient_list.search("HYPERLINK")
    assert [(p.name, p.phone) for p in found] == [("=HYPERLINK(\"http://x\",\"Click\")",
                                                   "+44 7700 900123")]


async def test_round_trip_reproduces_the_files(ward, empty_ward, tmp_path):
    first = {kind: tmp_path / f"first-{kind}.csv" for kind in ("staff", "beds", "patients")}
    for kind, path in first.items():
        await export_csv(ward, kind, path)
    for kind in ("staff", "beds", "patients"):  # staff and beds before who uses them
        result = await import_csv(empty_ward, kind, first[kind])
        assert result.rows == len(_rows(first[kind])) - 1
    for kind, path in first.items():
        again = tmp_path / f"again-{kind}.csv"
        await export_csv(empty_ward, kind, again)
        old, new = _rows(path), _rows(again)
        if kind == "beds":  # 'since' is when the bed took its state: the import's time
            old = [row[:4] + row[5:] for row in old]
            new = [row[:4] + row[5:] for row in new]
        assert new == old, kind


async def test_import_writes_patients_stays_visits_and_bills(empty_ward, tmp_path):
    staff = _write(tmp_path / "staff.csv", "name,role,specialization\n"
                   "Ann Lee,doctor,Cardiology\nKim Wu,nurse,\n")
    beds = _write(tmp_path / "beds.csv", "label,ward,type\n3a,Ward 3 — Medical,icu\n"
                  "3B,ward 3 — medical,\n")
    patients = _write(tmp_path / "patients.csv", f"{PATIENT_HEADER}\n"
                      f"P000010,Jane Doe,42,female,555 1234,1 High St,Ann Lee,3A,{_future()},"
                      "120.50,unpaid,7,Rest\n"
                      ",John Roe,67,M,,,,,,\"1,250.00\",paid,,\n")
    assert (await import_csv(empty_ward, "staff", staff)).rows == 2
    assert (await import_csv(empty_ward, "beds", beds)).rows == 2
    assert (await import_csv(empty_ward, "patients", patients)).rows == 2
    jane = await empty_ward.patients.get("P000010")
    assert (jane.patient.bed, jane.patient.doctor, jane.patient.gender) == ("3A", "Ann Lee", "F")
    assert jane.prescription == "Rest" and jane.patient.urgency == 7
    assert [a.status for a in jane.appointments] == ["booked"]
    assert [(i.amount_cents, i.status) for i in jane.invoices] == [(12050, "unpaid")]
    assert [p.mrn for p in await empty_ward.patient_list.search("5551234")] == ["P000010"]
    john = (await empty_ward.patient_list.search("John Roe"))[0]
    assert john.mrn == "P000011"  # numbered after the highest MRN in use
    detail = await empty_ward.patients.get(john.mrn)
    assert [(i.amount_cents, i.status) for i in detail.invoices] == [(125000, "paid")]
    board = {cell.label: cell.status for cell in await empty_ward.beds.board()}
    assert board == {"3A": "occupied", "3B": "free"}
    audit = await empty_ward.audit.recent("import")
    assert [a.entity for a in audit] == ["patient", "bed", "staff"]
    assert "2 patients" in audit[0].detail


async def test_a_bad_row_refuses_the_whole_file_with_line_numbers(ward, shared_demo_db, tmp_path):
    before = _dump(shared_demo_db)
    path = _write(tmp_path / "p.csv", "name,age,gender,address\n"
                  "Good One,30,F,\n"
                  "Bad Age,abc,F,\n"
                  "Multi Line,50,M,\"1 High St\nFlat 2\"\n"
                  "Bad Gender,40,Q,\n"
                  "\n"
                  ",20,F,\n")
    with pytest.raises(ImportRefused) as refused:
        await import_csv(ward, "patients", path)
    problems = refused.value.problems
    assert [line for line, _ in problems] == [3, 6, 8]
    assert "Age must be a whole number from 0 to 130 (got 'abc')" in problems[0][1]
    assert "Gender must be F, M or X" in problems[1][1]
    assert "Name is required" in problems[2][1]
    assert str(refused.value) == "Nothing imported: 3 of 5 rows in p.csv are wrong"
    assert _dump(shared_demo_db) == before


async def test_rows_are_checked_against_the_database_and_each_other(ward, shared_demo_db, tmp_path):
    con = connect(shared_demo_db)
    taken_mrn = con.execute("SELECT min(mrn) FROM patients").fetchone()[0]
    occupied = con.execute("SELECT label FROM beds WHERE status = 'occupied'").fetchone()[0]
    free = con.execute("SELECT label FROM beds WHERE status = 'free' ORDER BY id").fetchall()
    doctor = con.execute("SELECT name FROM staff WHERE role = 'doctor'").fetchone()[0]
    nurse = con.execute("SELECT name FROM staff WHERE role = 'nurse'").fetchone()[0]
    booked_doctor, booked_at = con.execute("""
        SELECT s.name, a.starts_at FROM appointments a JOIN staff s ON s.id = a.doctor_id
        WHERE a.status = 'booked' ORDER BY a.starts_at DESC LIMIT 1""").fetchone()
    con.close()
    booked_iso = datetime.fromisoformat(str(booked_at)).replace(tzinfo=UTC).isoformat()
    past = (clock.suite_now() - timedelta(days=1)).isoformat()
    at = _future(200)
    before = _dump(shared_demo_db)
    lines = [
        f"{taken_mrn},Moved,30,F,,,,{free[1][0]},,,,,",          # 2 known: a file moves no one
        "P900001,First,30,F,,,,,,,,,",                          # 3 fine
        "P900001,Second,30,F,,,,,,,,,",                         # 4 same MRN as line 3
        f"P900002,Occupied,30,F,,,,{occupied},,,,,",            # 5 bed taken
        f"P900003,Bed Twice,30,F,,,,{free[0][0]},,,,,",         # 6 fine
        f"P900004,Bed Twice,30,F,,,,{free[0][0]},,,,,",         # 7 same bed as line 6
        "P900005,No Doctor,30,F,,,Dr Nobody,,{at},,,,".replace("{at}", at),  # 8 unknown
        f"P900006,Nurse,30,F,,,{nurse},,{at},,,,",               # 9 not a doctor
        f"P900007,Past,30,F,,,{doctor},,{past},,,,",             # 10 in the past
        f"P900008,Clash One,30,F,,,{doctor},,{at},,,,",          # 11 fine
        f"P900009,Clash Two,30,F,,,{doctor},,{at},,,,",          # 12 doctor busy (line 11)
        f"P900010,Diary,30,F,,,{booked_doctor},,{booked_iso},,,,",  # 13 busy in the diary
        "P900011,Ghost Bed,30,F,,,,9Z,,,,,",                    # 14 no such bed
        "P900012,Pill,30,F,,,,,,,,,Rest",                       # 15 prescription, no bed
        "P900013,Status,30,F,,,,,,,paid,,",                     # 16 status without amount
        f"P900014,Evening,30,F,,,{doctor},,{_future(59)},,,,",  # 17 outside clinic hours
    ]
    path = _write(tmp_path / "p.csv", PATIENT_HEADER + "\n" + "\n".join(lines) + "\n")
    with pytest.raises(ImportRefused) as refused:
        await import_csv(ward, "patients", path)
    found = dict(refused.value.problems)
    assert sorted(found) == [2, 4, 5, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17]
    assert found[17] == "The clinic is open 08:00 to 18:00: a 30-minute visit at 20:00 is " \
        "outside its hours"
    assert "admit, transfer or discharge in the console, not by a file" in found[2]
    assert "also on line 3" in found[4]
    assert f"bed {occupied} is occupied" in found[5]
    assert "also given on line 6" in found[7]
    assert "not a doctor or surgeon" in found[8] and "not a doctor or surgeon" in found[9]
    assert "in the past" in found[10]
    assert "already has line 11" in found[12]
    assert f"Dr {booked_doctor} already has" in found[13]
    assert "does not exist" in found[14]
    assert "prescription needs a bed" in found[15]
    assert "billing status needs an amount" in found[16]
    assert _dump(shared_demo_db) == before


async def test_refusal_lists_a_hundred_rows_but_counts_all(ward, tmp_path):
    path = _write(tmp_path / "p.csv", "name,age,gender\n" + "X Y,200,F\n" * 250)
    with pytest.raises(ImportRefused) as refused:
        await import_csv(ward, "patients", path)
    assert len(refused.value.problems) == MAX_LISTED
    assert str(refused.value) == (f"Nothing imported: 250 of 250 rows in p.csv are wrong; "
                                  f"the first {MAX_LISTED} are listed")


@pytest.mark.parametrize("header,expected", [
    ("name,age,gender,shoe size", "unknown column 'shoe size'"),
    ("name,age", "column 'gender' is missing"),
    ("name,age,gender,age", "column 'age' appears 2 times"),
])
async def test_a_wrong_header_refuses_the_file(ward, tmp_path, header, expected):
    path = _write(tmp_path / "p.csv", header + "\nA B,1,F\n")
    with pytest.raises(ImportRefused) as refused:
        await import_csv(ward, "patients", path)
    assert refused.value.problems[0][0] == 1
    assert expected in " ".join(reason for _, reason in refused.value.problems)


async def test_unreadable_files_are_refused_in_one_line(ward, tmp_path):
    with pytest.raises(Unreadable, match="No such file"):
        await import_csv(ward, "patients", tmp_path / "missing.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,age,gender\nRen\xe9e,3,F\n".encode("latin-1"))
    with pytest.raises(Refused, match="not UTF-8"):
        await import_csv(ward, "patients", latin)
    with pytest.raises(Refused, match="no rows"):
        await import_csv(ward, "patients", _write(tmp_path / "h.csv", "name,age,gender\n"))
    with pytest.raises(ImportRefused) as refused:
        await import_csv(ward, "patients", _write(tmp_path / "w.csv",
                                                  "name,age,gender\nA B,1,F,extra\n"))
    assert refused.value.problems == [(2, "4 fields, but the header has 3")]
    with pytest.raises(Refused, match="choose one of wards, staff, beds, patients"):
        await import_csv(ward, "plans", latin)


async def test_staff_and_bed_imports_check_their_rows(ward, shared_demo_db, tmp_path):
    before = _dump(shared_demo_db)
    staff = _write(tmp_path / "s.csv", "name,role,skill,active\n"
                   "New Doc,doctor,9,yes\nOther,janitor,3,yes\nThird One,nurse,3,maybe\n"
                   "Twin Name,nurse,,\ntwin  name,doctor,,\n")
    with pytest.raises(ImportRefused) as refused:
        await import_csv(ward, "staff", staff)
    found = dict(refused.value.problems)
    assert sorted(found) == [2, 3, 4, 6]
    assert "Skill must be from 1 to 5" in found[2] and "Role must be one of" in found[3]
    assert "Active must be yes or no" in found[4] and "also on line 5" in found[6]
    beds = _write(tmp_path / "b.csv", "label,ward,status,note\n"
                  "3A,Ward 3 — Medical,free,\n9A,Ward 9,free,\n9B,Ward 3 — Medical,blocked,\n"
                  "9C,Ward 3 — Medical,occupied,\n")
    with pytest.raises(ImportRefused) as refused:
        await import_csv(ward, "beds", beds)
    found = dict(refused.value.problems)
    assert sorted(found) == [2, 3, 4]
    assert "bed 3A is occupied: admit, transfer or discharge" in found[2]
    assert "ward 'Ward 9' does not exist" in found[3]
    assert "blocked bed needs the reason" in found[4]
    assert _dump(shared_demo_db) == before


async def test_only_admins_import_and_anyone_may_export(ward, shared_demo_db, tmp_path):
    await ward.users.add("clara", "clerk")
    await ward.users.add("vic", "viewer")
    path = _write(tmp_path / "p.csv", "name,age,gender\nA B,3,F\n")
    for name in ("clara", "vic"):
        other = await Ward.open(shared_demo_db, name)
        try:
            with pytest.raises(NotAllowed, match="cannot import patients; only admins can"):
                await import_csv(other, "patients", path)
            result = await export_csv(other, "beds", tmp_path / f"{name}.csv")
            assert result.rows == 40
        finally:
            await other.close()
    exports = await ward.audit.recent("export")
    assert {a.user for a in exports} == {"clara", "vic"}


async def test_a_failed_export_leaves_the_old_file(ward, tmp_path, monkeypatch):
    out = _write(tmp_path / "patients.csv", "the old file\n")
    from hra_tui.services.csv import export

    def broken(row):
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(export._EXPORT_CELLS, "patients", broken)
    with pytest.raises(FileFailed, match=f"Cannot write {out}: No space left on device"):
        await export_csv(ward, "patients", out)
    assert out.read_text() == "the old file\n"
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(Refused, match="does not exist"):
        await export_csv(ward, "beds", tmp_path / "nowhere" / "beds.csv")
    with pytest.raises(Refused, match="is a folder"):
        await export_csv(ward, "beds", tmp_path)


async def test_staff_rows_with_and_without_ids_are_numbered_apart(ward, shared_demo_db,
                                                                 tmp_path):
    """A row naming a new id keeps it; rows without one, and the next record added, are
    numbered past it (PostgreSQL numbers no NULL id, and its sequence must move on)."""
    staff = _write(tmp_path / "s.csv", "id,name,role\n,First New,nurse\n900,Kept Id,doctor\n"
                                       ",Second New,nurse\n")
    assert (await import_csv(ward, "staff", staff)).rows == 3
    later = await ward.staff.add(StaffForm(name="Added Later", role="nurse"))
    con = connect(shared_demo_db)
    try:
        ids = dict(con.execute("SELECT name, id FROM staff WHERE id >= 900").fetchall())
    finally:
        con.close()
    assert ids["Kept Id"] == 900
    assert sorted(ids) == ["Added Later", "First New", "Kept Id", "Second New"]
    assert later.id == max(ids.values())
