"""The form checks every field says what is wrong in a clerk's words, and accepts what is fine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hra_tui.services.errors import Invalid, Refused
from hra_tui.services.plain_records import PatientForm, StaffForm
from hra_tui.services.times import at_local, parse_local_datetime, short_local
from hra_tui.services.validation import (
    check_patient_form,
    check_staff_form,
    parse_gender,
    parse_money,
    parse_phone,
    patient_form_from_values,
    staff_form_from_values,
    validate_patient_form,
    validate_staff_form,
)

GOOD = {"name": "Jane Doe", "address": "1 High St", "age": "42", "gender": "female",
        "phone": "+44 20 7946 0958", "doctor_id": "3", "bed_label": "3b",
        "prescription": "Rest", "appointment_at": "tomorrow 10:30", "amount": "1,250.50",
        "urgency": "7"}


def test_a_good_form_has_no_errors_and_parses_to_typed_values(now):
    assert validate_patient_form(GOOD) == {}
    form = patient_form_from_values(GOOD)
    assert form.gender == "F" and form.age == 42 and form.bed_label == "3B"
    assert form.amount_cents == 125_050 and form.doctor_id == 3 and form.urgency == 7
    assert form.appointment_at.tzinfo is not None
    assert form.appointment_at > now


def test_only_name_age_gender_are_required():
    form = patient_form_from_values({"name": "Li", "age": "0", "gender": "x"})
    assert (form.bed_label, form.doctor_id, form.amount_cents, form.appointment_at) == \
        (None, None, None, None)
    assert form.urgency == 5


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "  ", "Name is required"),
    ("name", "12345", "Name must be letters"),
    ("name", "x" * 101, "too long"),
    ("age", "abc", "Age must be a whole number"),
    ("age", "131", "Age must be from 0 to 130"),
    ("age", "-1", "Age must be from 0 to 130"),
    ("age", "4.5", "whole number"),
    ("gender", "q", "Gender must be F, M or X"),
    ("phone", "12ab", "Phone must be"),
    ("phone", "123", "Phone must be"),
    ("phone", "12+345678", "Phone must be"),
    ("amount", "-5", "cannot be negative"),
    ("amount", "1.234", "at most 2 decimals"),
    ("amount", "ten", "at most 2 decimals"),
    ("amount", "2000000", "too large"),
    ("appointment_at", "yesterday 10:00", "in the past"),
    ("appointment_at", "2020-01-01 10:00", "in the past"),
    ("appointment_at", "2030-01-01", "Give a time"),
    ("appointment_at", "25:00", "not a time of day"),
    ("doctor_id", "Dr Who", "Choose a doctor"),
    ("urgency", "11", "Urgency must be from 1 to 10"),
    ("address", "a" * 201, "too long"),
    ("prescription", "bad\x00text", "cannot be stored"),
])
def test_each_bad_field_gets_its_own_message(field, value, message):
    errors = validate_patient_form({**GOOD, field: value})
    assert message in errors[field]
    assert set(errors) == {field}
    with pytest.raises(Invalid, match=message):
        patient_form_from_values({**GOOD, field: value})


def test_cross_field_rules():
    errors = validate_patient_form({**GOOD, "doctor_id": ""})
    assert errors == {"doctor_id": "Choose a doctor for the appointment"}
    errors = validate_patient_form({**GOOD, "bed_label": ""})
    assert "Choose a bed" in errors["bed_label"]


def test_invalid_is_a_refusal_and_a_value_error():
    assert issubclass(Invalid, Refused) and issubclass(Invalid, ValueError)


@pytest.mark.parametrize(("text", "cents"), [("0", 0), ("12", 1200), ("12.5", 1250),
                                             ("12.05", 1205), ("1,000,000", 100_000_000),
                                             ("$ 3.10", 310), ("", None)])
def test_money_in_cents(text, cents):
    assert parse_money(text) == cents


@pytest.mark.parametrize(("text", "code"), [("F", "F"), ("m", "M"), ("Male", "M"),
                                            ("woman", "F"), ("other", "X"), ("X", "X")])
def test_gender_words(text, code):
    assert parse_gender(text) == code


def test_phone_keeps_what_was_typed_normalised():
    assert parse_phone("  +1 (555)  010-9999 ") == "+1 (555) 010-9999"
    assert parse_phone("") == ""


def test_local_times_become_utc():
    now = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
    moment = parse_local_datetime("2026-03-12 14:30", now=now)
    assert moment.tzinfo == UTC
    assert moment.astimezone().replace(tzinfo=None) == datetime(2026, 3, 12, 14, 30)
    tomorrow = parse_local_datetime("tomorrow 9:05", now=now)
    assert tomorrow.astimezone().date() == now.astimezone().date() + timedelta(days=1)
    assert parse_local_datetime("2026-03-12T14:30+00:00") == \
        datetime(2026, 3, 12, 14, 30, tzinfo=UTC)


def test_a_clerks_own_date_is_read_day_first():
    now = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)

    def local(text: str) -> datetime:
        return parse_local_datetime(text, now=now).astimezone().replace(tzinfo=None)

    assert local("12/03 10:00") == datetime(2026, 3, 12, 10, 0)  # today, though it has passed
    assert local("13/03 9:30") == datetime(2026, 3, 13, 9, 30)
    assert local("11/03 9:30") == datetime(2027, 3, 11, 9, 30)  # the coming 11 March
    assert local("1/4/2026 14:30") == datetime(2026, 4, 1, 14, 30)
    assert local("01.04.26 14:30") == datetime(2026, 4, 1, 14, 30)
    with pytest.raises(ValueError, match="'31/02' is not a date; day first"):
        local("31/02 10:00")
    with pytest.raises(ValueError, match="Give a time after '12/03'"):
        local("12/03")


def test_short_local_shows_the_day_only_when_it_is_not_today(now):
    assert short_local(now, now) == now.astimezone().strftime("%H:%M")
    assert at_local(now, now) == "at " + now.astimezone().strftime("%H:%M")
    assert "Jan 2020" in short_local(datetime(2020, 1, 5, 12, tzinfo=UTC), now)
    assert at_local(datetime(2020, 1, 5, 12, tzinfo=UTC), now).startswith("on 5 Jan 2020")


def test_the_service_check_normalises_and_refuses_a_typed_form():
    form = check_patient_form(PatientForm(name=" jane  doe ", address="", age=5, gender="f",
                                          phone="", bed_label=" 2a "))
    assert (form.name, form.gender, form.bed_label) == ("jane doe", "F", "2A")
    with pytest.raises(Invalid, match="Age"):
        check_patient_form(PatientForm(name="A", address="", age=200, gender="F", phone=""))
    with pytest.raises(Invalid, match="negative"):
        check_patient_form(PatientForm(name="A", address="", age=2, gender="F", phone="",
                                       amount_cents=-1))
    with pytest.raises(Invalid, match="past"):
        check_patient_form(PatientForm(name="A", address="", age=2, gender="F", phone="",
                                       doctor_id=1,
                                       appointment_at=datetime(2020, 1, 1, tzinfo=UTC)))


def test_staff_form():
    assert validate_staff_form({"name": "Ann", "role": "Doctor"}) == {}
    form = staff_form_from_values({"name": "Ann", "role": "nurse", "skill": "4"})
    assert form == StaffForm(name="Ann", role="nurse", skill=4)
    errors = validate_staff_form({"name": "", "role": "janitor", "skill": "9",
                                  "max_slots": "-1", "cost_per_slot": "x"})
    assert set(errors) == {"name", "role", "skill", "max_slots", "cost_per_slot"}
    with pytest.raises(Invalid, match="Skill"):
        check_staff_form(StaffForm(name="Ann", role="doctor", skill=0))


def test_booking_and_invoice_forms_name_each_bad_field():
    from hra_tui.services.validation import validate_booking_form, validate_invoice_form

    assert validate_booking_form({"mrn": " ", "doctor_id": "", "starts_at": "",
                                  "duration": "2"}) == {
        "mrn": "Type the patient's MRN, e.g. P000123", "doctor_id": "Choose a doctor",
        "starts_at": "Give a date and time, e.g. tomorrow 9:30",
        "duration": validate_booking_form({"duration": "2"})["duration"]}
    assert "5" in validate_booking_form({"duration": "2"})["duration"]
    assert validate_booking_form({"mrn": "P000001", "doctor_id": "3",
                                  "starts_at": "tomorrow 9:30", "duration": "30"}) == {}
    assert validate_invoice_form({"mrn": "P000001", "amount": "", "description": "X-ray"}
                                 ) == {"amount": "Give the amount, e.g. 120.50"}
    assert validate_invoice_form({"mrn": "P000001", "amount": "120.50",
                                  "description": "X-ray"}) == {}
