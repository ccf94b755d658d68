"""Records that come back: an export edited in a spreadsheet and imported again updates the
records its rows name by key, adds the new ones, audits each change with before and after, and
is all or nothing; a whole ward exported into a new one re-creates it."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from support.wards import connect

from db.location import Location
from hra_tui.services.csv.export import export_csv
from hra_tui.services.csv.format import ALL_KINDS
from hra_tui.services.csv.importing import import_csv
from hra_tui.services.csv.whole_ward import checksum, export_all, import_all
from hra_tui.services.errors import ImportRefused, NotAllowed
from hra_tui.services.ward import Ward

# The tables a whole-ward folder re-creates (admissions: the stays under way).
RE_CREATED = {"wards": "SELECT count(*) FROM wards",
              "beds": "SELECT count(*) FROM beds",
              "staff": "SELECT count(*) FROM staff",
              "patients": "SELECT count(*) FROM patients",
              "admissions": "SELECT count(*) FROM admissions WHERE discharged_at IS NULL",
              "appointments": "SELECT count(*) FROM appointments",
              "billing": "SELECT count(*) FROM billing",
              "ward_history": "SELECT count(*) FROM ward_history"}


@pytest.fixture
async def ward(shared_demo_db):
    async with await Ward.open(shared_demo_db) as w:
        yield w


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _write_rows(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _query(db: Location, sql: str, params: tuple = ()) -> list[tuple]:
    con = connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _records(db: Location) -> dict[str, list]:
    """Every record table but the audit trail, to see that nothing was written."""
    return {table: _query(db, f"SELECT * FROM {table} ORDER BY 1, 2") for table in
            ("wards", "beds", "staff", "patients", "admissions", "appointments", "billing",
             "ward_history")}


def _edits(db: Location) -> list[tuple]:
    return _query(db, "SELECT entity, entity_id, detail FROM audit_log WHERE action = 'edit' "
                      "ORDER BY id")


async def test_a_whole_ward_comes_back_in_a_new_ward(ward, shared_demo_db, tmp_path,
                                                     new_location):
    first = await export_all(ward, tmp_path / "first")
    assert [f.kind for f in first] == list(ALL_KINDS)
    fresh = new_location("fresh")
    async with await Ward.open(fresh) as new_ward:
        results = await import_all(new_ward, tmp_path / "first")
        again = await export_all(new_ward, tmp_path / "again")
    assert {kind: r.rows for kind, r in results.items()} == {f.kind: f.rows for f in first}
    assert [(f.kind, f.rows, f.checksum) for f in again] == \
        [(f.kind, f.rows, f.checksum) for f in first]
    for table, sql in RE_CREATED.items():
        assert _query(fresh, sql) == _query(shared_demo_db, sql), table
    assert all(f.rows for f in first)  # every kind had rows to carry


async def test_the_same_export_imported_back_changes_nothing(ward, shared_demo_db, tmp_path):
    files = await export_all(ward, tmp_path / "out")
    before = _records(shared_demo_db)
    for file in files:
        result = await import_csv(ward, file.kind, file.path)
        assert (result.rows, result.changed, result.unchanged) == (0, 0, file.rows), file.kind
    results = await import_all(ward, tmp_path / "out")
    assert sum(r.changed + r.rows for r in results.values()) == 0
    assert _records(shared_demo_db) == before
    assert _edits(shared_demo_db) == []


async def test_edited_rows_update_their_records_and_new_keys_are_added(ward, shared_demo_db,
                                                                       tmp_path):
    path = tmp_path / "patients.csv"
    await export_csv(ward, "patients", path)
    header, *rows = _rows(path)
    col = {name: i for i, name in enumerate(header)}
    in_bed = next(r for r in rows if r[col["bed"]])
    walking = next(r for r in rows if not r[col["bed"]])
    old_name, old_rx = in_bed[col["name"]], in_bed[col["prescription"]]
    in_bed[col["name"]] = "Renamed Person"
    in_bed[col["prescription"]] = "Paracetamol 1 g four times a day"
    walking[col["phone"]] = "'+44 7700 900999"
    new = [""] * len(header)
    new[col["mrn"]], new[col["name"]], new[col["age"]], new[col["gender"]] = \
        "P777001", "Newly Arrived", "33", "F"
    _write_rows(path, [header, *rows, new])
    result = await import_csv(ward, "patients", path)
    assert (result.rows, result.changed, result.unchanged) == (1, 2, len(rows) - 2)

    moved = await ward.patients.get(in_bed[col["mrn"]])
    assert moved.patient.name == "Renamed Person"
    assert moved.prescription == "Paracetamol 1 g four times a day"
    assert [p.mrn for p in await ward.patient_list.search("900999")] == [walking[col["mrn"]]]
    assert (await ward.patients.get("P777001")).patient.name == "Newly Arrived"
    edits = [detail for _entity, _id, detail in _edits(shared_demo_db)]
    assert any(f"name {old_name!r} -> 'Renamed Person'" in e for e in edits)
    assert all(e.endswith("(import patients.csv)") for e in edits)
    assert any(f"prescription {old_rx!r} -> 'Paracetamol 1 g four times a day'" in e
               for e in edits)
    assert any("phone" in e and "+44 7700 900999" in e for e in edits)
    assert len(edits) == 3  # the renamed patient, their stay, the new phone


async def test_staff_beds_wards_appointments_and_bills_update_by_key(ward, shared_demo_db,
                                                                    tmp_path):
    folder = tmp_path / "ward"
    files = {f.kind: f.path for f in await export_all(ward, folder)}
    wards = _rows(files["wards"])
    _write_rows(files["wards"], [*wards, ["Ward 5 — Day Surgery", "yes"]])
    staff = _rows(files["staff"])
    staff[1][staff[0].index("skill")] = "5" if staff[1][staff[0].index("skill")] != "5" else "4"
    _write_rows(files["staff"], staff)
    beds = _rows(files["beds"])
    free = next(r for r in beds[1:] if r[3] == "free")
    free[3], free[7] = "blocked", "oxygen fault"
    _write_rows(files["beds"], [*beds, ["5A", "Ward 5 — Day Surgery", "general", "free", "", "",
                                        "", "", ""]])
    visits = _rows(files["appointments"])
    booked = next(r for r in visits[1:] if r[6] == "booked")
    booked[6] = "cancelled"
    _write_rows(files["appointments"], visits)
    bills = _rows(files["billing"])
    unpaid = next(r for r in bills[1:] if r[5] == "unpaid")
    unpaid[5] = "paid"
    _write_rows(files["billing"], bills)

    results = await import_all(ward, folder)
    assert {kind: (r.rows, r.changed) for kind, r in results.items()} == {
        "wards": (1, 0), "staff": (0, 1), "beds": (1, 1), "patients": (0, 0),
        "appointments": (0, 1), "billing": (0, 1), "history": (0, 0)}
    assert _query(shared_demo_db, "SELECT status, note FROM beds WHERE label = ?", (free[0],)) == \
        [("blocked", "oxygen fault")]
    assert _query(shared_demo_db, "SELECT w.name FROM beds b JOIN wards w ON w.id = b.ward_id "
                           "WHERE b.label = '5A'") == [("Ward 5 — Day Surgery",)]
    assert _query(shared_demo_db, "SELECT status FROM appointments WHERE id = ?", (booked[0],)) == \
        [("cancelled",)]
    [(status, paid_at)] = _query(shared_demo_db, "SELECT status, paid_at FROM billing WHERE id = ?",
                                 (unpaid[0],))
    assert status == "paid" and paid_at is not None
    entities = [entity for entity, _id, _detail in _edits(shared_demo_db)]
    assert sorted(entities) == ["appointment", "bed", "invoice", "staff"]
    assert any("status 'free' -> 'blocked'" in d for _e, _i, d in _edits(shared_demo_db))


async def test_a_file_books_no_visit_outside_the_clinic_hours(ward, shared_demo_db, tmp_path):
    path = (await export_csv(ward, "appointments", tmp_path / "appointments.csv")).path
    visits = _rows(path)
    header, booked = visits[0], [r for r in visits[1:] if r[6] == "booked"]
    at = header.index("starts at")
    moved = datetime.fromisoformat(booked[0][at]).replace(hour=20, minute=0)
    booked[0][at] = moved.isoformat()  # line 2 after sorting: moved to the evening
    early = [""] + booked[1][1:]
    early[at] = datetime.fromisoformat(booked[1][at]).replace(hour=7, minute=30).isoformat()
    done = [""] + booked[2][1:]  # a past visit recorded as held: a record, not a booking
    done[at], done[6] = moved.replace(day=1, month=1).isoformat(), "done"
    _write_rows(path, [header, booked[0], early, done])
    before = _records(shared_demo_db)
    with pytest.raises(ImportRefused) as refused:
        await import_csv(ward, "appointments", path)
    assert refused.value.problems == [
        (2, f"The clinic is open 08:00 to 18:00: a {booked[0][2]}-minute visit at 20:00 is "
            "outside its hours"),
        (3, f"The clinic is open 08:00 to 18:00: a {booked[1][2]}-minute visit at 07:30 is "
            "outside its hours")]
    assert _records(shared_demo_db) == before
    _write_rows(path, [header, done])
    assert (await import_csv(ward, "appointments", path)).rows == 1


async def test_any_bad_row_in_any_file_writes_nothing(ward, shared_demo_db, tmp_path):
    folder = tmp_path / "ward"
    files = {f.kind: f.path for f in await export_all(ward, folder)}
    staff = _rows(files["staff"])
    staff[1][staff[0].index("name")] = "Changed Name"  # good, but its file's other row is not
    staff[2][staff[0].index("skill")] = "9"
    _write_rows(files["staff"], staff)
    before = _records(shared_demo_db)
    with pytest.raises(ImportRefused) as refused:
        await import_all(ward, folder)
    assert str(refused.value) == "Nothing imported: 1 of 25 rows in staff.csv are wrong"
    assert refused.value.problems == [(3, "Skill must be from 1 to 5 (got '9')")]
    assert _records(shared_demo_db) == before and _edits(shared_demo_db) == []


async def test_a_file_moves_books_and_bills_no_one(ward, shared_demo_db, tmp_path):
    """A known patient's bed, appointment and amount are made in the console: a file that
    changes them is refused, each row named with its column's reason."""
    path = tmp_path / "patients.csv"
    await export_csv(ward, "patients", path)
    header, *rows = _rows(path)
    col = {name: i for i, name in enumerate(header)}
    free = _query(shared_demo_db, "SELECT label FROM beds WHERE status = 'free' LIMIT 1")[0][0]
    billed = next(i for i, r in enumerate(rows) if r[col["amount"]])
    rows[0][col["bed"]] = free
    rows[billed][col["amount"]] = "1.00"
    rows[2][col["age"]] = "300"
    _write_rows(path, [header, *rows])
    before = _records(shared_demo_db)
    with pytest.raises(ImportRefused) as refused:
        await import_csv(ward, "patients", path)
    found = dict(refused.value.problems)
    assert sorted(found) == sorted({2, billed + 2, 4})
    assert "admit, transfer or discharge in the console" in found[2]
    assert "change them in billing or the billing file" in found[billed + 2]
    assert "Age must be" in found[4]
    assert _records(shared_demo_db) == before


async def test_only_admins_import_a_whole_ward(shared_demo_db, tmp_path):
    async with await Ward.open(shared_demo_db) as admin:
        await export_all(admin, tmp_path / "out")
        await admin.users.add("vic", "clerk")
    async with await Ward.open(shared_demo_db, "vic") as clerk:
        with pytest.raises(NotAllowed):
            await import_all(clerk, tmp_path / "out")


async def test_the_checksum_leaves_out_ids_and_row_order(tmp_path):
    one = _write_rows(tmp_path / "a.csv", [["id", "name", "role"], ["1", "Ann", "nurse"],
                                           ["2", "Bo", "doctor"]])
    two = _write_rows(tmp_path / "b.csv", [["id", "name", "role"], ["7", "Bo", "doctor"],
                                           ["9", "Ann", "nurse"]])
    three = _write_rows(tmp_path / "c.csv", [["id", "name", "role"], ["7", "Bo", "doctor"],
                                             ["9", "Ann", "doctor"]])
    assert checksum(one, "staff") == checksum(two, "staff") != checksum(three, "staff")


async def test_an_empty_ward_comes_back_empty(tmp_path, new_location):
    async with await Ward.open(new_location("empty")) as empty:
        files = await export_all(empty, tmp_path / "out")
    async with await Ward.open(new_location("new")) as new_ward:
        results = await import_all(new_ward, tmp_path / "out")
    assert [f.rows for f in files] == [0] * len(ALL_KINDS)
    assert all((r.rows, r.changed, r.unchanged) == (0, 0, 0) for r in results.values())


async def test_a_retired_beds_label_is_not_used_again(ward, shared_demo_db, tmp_path):
    path = tmp_path / "beds.csv"
    await export_csv(ward, "beds", path)
    header, *rows = _rows(path)
    free = next(r for r in rows if r[3] == "free")
    connect(shared_demo_db).execute("UPDATE beds SET active = FALSE WHERE label = ?",
                                     (free[0],)).connection.commit()
    with pytest.raises(ImportRefused) as refused:
        await import_csv(ward, "beds", path)
    assert refused.value.problems == [(rows.index(free) + 2, f"bed {free[0]} is retired; its "
                                                             "label is not used again")]
