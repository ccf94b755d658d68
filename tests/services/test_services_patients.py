"""Registration is the seed's form in one transaction; the patient list is paged and searched."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert

from db import tables as t
from hra_tui.services.errors import Invalid, NotAllowed, NotFound, Refused
from hra_tui.services.plain_records import PatientForm
from hra_tui.services.times import utcnow


def _form(**overrides) -> PatientForm:
    values = dict(name="Ola Nordmann", address="2 Low Rd", age=30, gender="M",
                  phone="+47 555 12345")
    values.update(overrides)
    return PatientForm(**values)


async def test_register_everything_in_one_go(open_ward, seed):
    when = utcnow() + timedelta(days=1)
    async with open_ward(seed.clerk) as ward:
        row = await ward.patients.register(_form(
            doctor_id=seed.doctor_id, bed_label="2a", prescription="Antibiotics",
            appointment_at=when, amount_cents=9_999, urgency=9))
        assert row.mrn == "P000004"
        assert (row.bed, row.ward, row.doctor, row.urgency) == ("2A", "North", "Ann Lee", 9)
        detail = await ward.patients.get(row.mrn.lower())
        assert detail.prescription == "Antibiotics"
        [visit] = detail.appointments
        assert (visit.doctor_name, visit.status, visit.starts_at) == \
            ("Ann Lee", "booked", when)
        [invoice] = detail.invoices
        assert (invoice.amount_cents, invoice.status) == (9_999, "unpaid")
        [audit] = await ward.audit.recent(limit=1)
        assert (audit.user, audit.action, audit.entity_id) == ("clara", "register", row.id)
        assert "bed 2A" in audit.detail and "invoice 99.99" in audit.detail


async def test_register_just_the_patient(ward):
    row = await ward.patients.register(_form(gender="other"))
    assert (row.gender, row.bed, row.doctor, row.admitted_at) == ("X", None, None, None)
    detail = await ward.patients.get(row.mrn)
    assert (detail.appointments, detail.invoices, detail.prescription) == ([], [], "")


async def test_mrn_skips_numbers_already_taken_by_an_import(ward):
    async with ward.context.writer.begin() as conn:
        await conn.execute(insert(t.patients).values(
            mrn="P000005", name="Imported", age=1, gender="F", phone="", address="",
            urgency=5, registered_at=utcnow(), active=True))
    assert (await ward.patients.register(_form())).mrn == "P000006"


@pytest.mark.parametrize(("overrides", "message"), [
    (dict(bed_label="1A"), "Bed 1A is occupied by Jane Doe"),
    (dict(bed_label="ZZ"), "No bed ZZ"),
    (dict(doctor_id=99, bed_label="2A"), "No staff member with id 99"),
    (dict(doctor_id="retired", appointment_at="soon"), "Dr Old Doc is no longer active"),
    (dict(doctor_id="doctor", appointment_at="clash"), "Dr Ann Lee already has Jane Doe"),
    (dict(doctor_id="doctor", appointment_at="soon", amount_cents=-1), "cannot be negative"),
    (dict(name=" "), "Name is required"),
    (dict(age=131), "Age must be from 0 to 130"),
    (dict(gender="?"), "Gender must be F, M or X"),
    (dict(phone="call me"), "Phone must be"),
    (dict(prescription="Rest"), "Choose a bed"),
    (dict(appointment_at="soon"), "Choose a doctor for the appointment"),
    (dict(doctor_id="doctor", appointment_at="past"), "in the past"),
])
async def test_register_is_all_or_nothing(ward, seed, db_dump, overrides, message):
    clash = (await ward.patients.get(seed.admitted)).appointments[0].starts_at
    times = {"soon": utcnow() + timedelta(hours=3), "clash": clash,
             "past": utcnow() - timedelta(days=1)}
    if "appointment_at" in overrides:
        overrides["appointment_at"] = times[overrides["appointment_at"]]
    if isinstance(overrides.get("doctor_id"), str):
        overrides["doctor_id"] = getattr(seed, f"{overrides['doctor_id']}_id")
    before = db_dump()
    with pytest.raises(Refused, match=message):
        await ward.patients.register(_form(**overrides))
    assert db_dump() == before


async def test_a_viewer_cannot_register(open_ward, seed, db_dump):
    before = db_dump()
    async with open_ward(seed.viewer) as ward:
        with pytest.raises(NotAllowed, match="vic is a viewer and cannot register patients"):
            await ward.patients.register(_form())
    assert db_dump() == before


async def test_search_by_name_substring_or_mrn_prefix(ward, seed):
    assert [row.name for row in await ward.patient_list.search()] == \
        ["Jane Doe", "John Roe", "Mia Chen"]
    assert [row.name for row in await ward.patient_list.search("o")] == ["Jane Doe", "John Roe"]
    assert [row.mrn for row in await ward.patient_list.search("p00000")] == \
        [seed.admitted, seed.waiting, seed.other]
    assert [row.mrn for row in await ward.patient_list.search(seed.other)] == [seed.other]
    assert await ward.patient_list.search("100%") == []  # LIKE wildcards are literal
    assert await ward.patient_list.search("_") == []
    jane = (await ward.patient_list.search("DOE"))[0]
    assert (jane.bed, jane.ward, jane.doctor) == ("1A", "North", "Ann Lee")
    assert jane.admitted_at is not None and jane.admitted_at.tzinfo is not None


async def test_search_by_phone_digits_however_spaced(ward, seed):
    amara = await ward.patients.register(_form(name="Amara Park", phone="+44 113 496 0123"))
    for query in ("0123", "496 0123", "4960123", "+44 113 496-0123", "(113) 496", " 0123 "):
        assert [row.mrn for row in await ward.patient_list.search(query)] == [amara.mrn], query
        assert await ward.patient_list.count(query) == 1, query
    assert [row.name for row in await ward.patient_list.search("555 12")] == ["Jane Doe"]
    assert await ward.patient_list.search("0123 496") == []  # the digits in order, contiguous
    assert await ward.patient_list.search("113 0123") == []
    assert await ward.patient_list.search("0124") == []
    assert await ward.patient_list.search("496 x") == []  # not a number: a name search


async def test_a_bare_number_finds_the_mrn_ending_in_it_first(ward, seed):
    # MRN P000003 ends in 3; Jane Doe's phone 555 1234 holds a 3: the MRN comes first
    assert [row.mrn for row in await ward.patient_list.search("3")] == [seed.other, seed.admitted]
    for i in range(60):
        await ward.patients.register(_form(name=f"Filler {i:02d}", phone="+44 20 7946 0061"))
    found = await ward.patient_list.search("61")
    assert found[0].mrn == "P000061"
    assert {row.mrn for row in found} == {f"P{i:06d}" for i in range(4, 64)}
    assert await ward.patient_list.count("61") == 60
    assert [row.mrn for row in await ward.patient_list.search("000061")] == ["P000061"]
    assert [row.mrn for row in await ward.patient_list.search("p000061")] == ["P000061"]


async def test_search_pages_and_counts(ward):
    for i in range(12):
        await ward.patients.register(_form(name=f"Page Person {i:02d}"))
    assert await ward.patient_list.count("page person") == 12
    assert await ward.patient_list.count() == 15
    first = await ward.patient_list.search("page", limit=5)
    second = await ward.patient_list.search("page", limit=5, offset=5)
    third = await ward.patient_list.search("page", limit=5, offset=10)
    names = [row.name for row in first + second + third]
    assert names == [f"Page Person {i:02d}" for i in range(12)]


async def test_get_unknown_patient(ward):
    with pytest.raises(NotFound, match="^No patient with MRN P424242$"):
        await ward.patients.get(" p424242 ")


async def test_patient_form_from_values_feeds_register(ward, seed):
    from hra_tui.services.validation import patient_form_from_values

    form = patient_form_from_values({"name": "Ada", "age": "36", "gender": "f",
                                     "bed_label": "s2", "doctor_id": str(seed.doctor_id)})
    row = await ward.patients.register(form)
    assert (row.bed, row.doctor) == ("S2", "Ann Lee")
    with pytest.raises(Invalid):
        patient_form_from_values({"name": "Ada"})
