"""Field checks shared by the patient and staff forms, the CLI, the CSV import and the
services. Pure and sync.

Each `parse_*` turns what a clerk typed into a value or raises `Invalid` with the message to
show next to the field; `validate_*_form` collects those messages per field. Bounds, labels and
messages come from the field specs in `hra_tui.fields`; the `clean_*` predicates say which
text a parser would return unchanged (the CSV import's fast path).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime, timedelta

from hra_tui.domain import InvoiceStatus, StaffRole
from hra_tui.fields import (
    ADDRESS,
    AGE,
    CARE_NUMBERS,
    DESCRIPTION,
    DURATION,
    EVENT_FROM,
    EVENT_ORDER,
    EVENT_TO,
    GENDER,
    MAX_AMOUNT_CENTS,
    NAME,
    PAIR_WEIGHT,
    PHONE_DIGITS,
    PHONE_MESSAGE,
    PRESCRIPTION,
    REASON,
    ROOM,
    SPECIALIZATION,
    STAFF_NUMBERS,
    TIME_LIMIT,
    URGENCY,
    WARD_NAME,
    Moment,
    Number,
    Text,
)
from hra_tui.services.csv.file_fields import LABEL as ROOM_CODE
from hra_tui.services.csv.file_fields import parse_bed_type, parse_label
from hra_tui.services.errors import Invalid
from hra_tui.services.free_text import has_control, parse_text
from hra_tui.services.plain_records import (
    BedForm,
    CareForm,
    EventForm,
    PatientDetails,
    PatientForm,
    StaffForm,
)
from hra_tui.services.times import parse_local_datetime, short_local, utcnow

PAST_GRACE = timedelta(minutes=1)
MAX_AHEAD = timedelta(days=3653)  # bookings reach at most ten years ahead

__all__ = ["Invalid", "validate_patient_form", "validate_staff_form", "patient_form_from_values",
           "staff_form_from_values", "check_patient_form", "check_staff_form"]

_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]*$")
_CLEAN_PHONE = re.compile(r"^\+?[0-9]+(?:[ -][0-9]+)*$")
_MONEY = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
# Units and two decimals, below the largest amount by having one digit fewer than it.
_CLEAN_MONEY = re.compile(rf"^[0-9]{{1,{len(str(MAX_AMOUNT_CENTS // 100)) - 1}}}\.[0-9][0-9]$")


def parse_name(text: str, what: str = NAME.label) -> str:
    name = " ".join(text.split())
    if not name:
        raise Invalid(f"{what} is required")
    if len(name) > NAME.limit:
        raise Invalid(f"{what} is too long (at most {NAME.limit} characters)")
    if has_control(name) or not any(ch.isalpha() for ch in name):
        raise Invalid(f"{what} must be letters, like Jane Doe")
    return name


def clean_name(text: str) -> bool:
    """`parse_name` would return `text` as it is."""
    return (0 < len(text) <= NAME.limit and text.isprintable() and text[0].isalpha()
            and "  " not in text and text[-1] != " ")


def text_parser(spec: Text) -> Callable[[str], str]:
    """`parse_text` for one field spec."""
    return lambda text: parse_text(text, spec.label, spec.limit)


def clean_text(text: str, limit: int) -> bool:
    """Already trimmed, short enough and printable: what `parse_text` returns as it is."""
    return len(text) <= limit and text.isprintable() and text == text.strip()


def parse_number(text: str, spec: Number) -> int:
    """A whole number within the spec's bounds; blank is the spec's default, if it has one."""
    value = text.strip()
    if not value and spec.default is not None:
        return spec.default
    if not re.fullmatch(r"[+-]?\d+", value):
        raise Invalid(spec.not_whole)
    digits = value.lstrip("+-").lstrip("0")
    if len(digits) > len(str(max(abs(spec.low), abs(spec.high)))):  # never int() 5,000 digits
        raise Invalid(spec.message)
    number = int(value)
    if not spec.low <= number <= spec.high:
        raise Invalid(spec.message)
    return number


def number_parser(spec: Number) -> Callable[[str], int]:
    """`parse_number` for one field spec."""
    return lambda text: parse_number(text, spec)


def check_number(value: int, spec: Number) -> int:
    """The services' own check of a typed number."""
    if not isinstance(value, int) or not spec.low <= value <= spec.high:
        raise Invalid(spec.message)
    return value


def check_time_limit(seconds: float) -> float:
    """The seconds a planner may solve for, within `TIME_LIMIT`."""
    if not TIME_LIMIT.low <= seconds <= TIME_LIMIT.high:
        raise Invalid(f"The time limit must be from {TIME_LIMIT.low} to {TIME_LIMIT.high} "
                      "seconds")
    return seconds


def parse_age(text: str) -> int:
    return parse_number(text, AGE)


def parse_urgency(text: str) -> int:
    return parse_number(text, URGENCY)


def parse_gender(text: str) -> str:
    key = text.strip().lower()
    if key not in GENDER.words:
        raise Invalid(GENDER.message)
    return GENDER.words[key]


def parse_phone(text: str, required: bool = False) -> str:
    """Digits with optional leading +, spaces, dashes, brackets; 6 to 15 digits."""
    phone = " ".join(text.split())
    if not phone:
        if required:
            raise Invalid("Phone is required")
        return ""
    digits = sum(ch.isdigit() for ch in phone)
    if not _PHONE.match(phone) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        raise Invalid(PHONE_MESSAGE)
    return phone


def clean_phone(text: str) -> bool:
    """`parse_phone` would return `text` as it is: digits in groups split by one space or
    dash, optionally after +."""
    if not _CLEAN_PHONE.match(text):
        return False
    digits = len(text) - text.count(" ") - text.count("-") - text.startswith("+")
    return PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]


def parse_money(text: str, what: str = "Amount") -> int | None:
    """'1,250.50' -> 125050 cents; empty -> None. Never negative, at most 2 decimals."""
    value = text.strip().lstrip("$€£₹").strip()
    if not value:
        return None
    if value.startswith("-"):
        raise Invalid(f"{what} cannot be negative")
    if not _MONEY.match(value):
        raise Invalid(f"{what} must be a number with at most 2 decimals, like 120.50")
    units, _, fraction = value.replace(",", "").partition(".")
    if len(units.lstrip("0")) > len(str(MAX_AMOUNT_CENTS // 100)):  # never int() 5,000 digits
        raise Invalid(f"{what} is too large (at most {MAX_AMOUNT_CENTS // 100:,})")
    cents = int(units) * 100 + int(fraction.ljust(2, "0") or 0)
    if cents > MAX_AMOUNT_CENTS:
        raise Invalid(f"{what} is too large (at most {MAX_AMOUNT_CENTS // 100:,})")
    return cents


def clean_money(text: str) -> bool:
    """`parse_money` would read `text` as its digits without the point ('120.50' -> 12050)."""
    return _CLEAN_MONEY.match(text) is not None


def check_amount_cents(cents: int, what: str = "Amount") -> int:
    if cents < 0:
        raise Invalid(f"{what} cannot be negative")
    if cents > MAX_AMOUNT_CENTS:
        raise Invalid(f"{what} is too large (at most {MAX_AMOUNT_CENTS // 100:,})")
    return cents


def check_future(moment: datetime, what: str = "Appointment") -> datetime:
    if moment < utcnow() - PAST_GRACE:
        raise Invalid(f"{what} time is in the past")
    if moment > utcnow() + MAX_AHEAD:
        raise Invalid(f"{what} time is more than ten years ahead")
    return moment


def parse_future_datetime(text: str, what: str = "Appointment") -> datetime | None:
    if not text.strip():
        return None
    try:
        moment = parse_local_datetime(text)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    return check_future(moment, what)


def parse_optional_id(text: str, what: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{1,18}", value):
        raise Invalid(f"Choose a {what} from the list")
    return int(value)


def parse_bed_label(text: str) -> str | None:
    label = text.strip().upper()
    return label or None


def _parse_all(values: dict[str, str], parsers: dict) -> dict[str, object]:
    """Every field parsed, or Invalid with the first bad field's message."""
    parsed, errors = _collect(values, parsers)
    if errors:
        raise Invalid(next(iter(errors.values())))
    return parsed


def _collect(values: dict[str, str], parsers: dict) -> tuple[dict[str, object], dict[str, str]]:
    parsed: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field, parser in parsers.items():
        try:
            parsed[field] = parser(values.get(field, "") or "")
        except Invalid as exc:
            errors[field] = str(exc)
    return parsed, errors


_PATIENT_FIELDS = {
    "name": parse_name,
    "address": text_parser(ADDRESS),
    "age": parse_age,
    "gender": parse_gender,
    "phone": parse_phone,
    "doctor_id": lambda text: parse_optional_id(text, "doctor"),
    "bed_label": parse_bed_label,
    "prescription": text_parser(PRESCRIPTION),
    "appointment_at": parse_future_datetime,
    "amount": parse_money,
    "urgency": parse_urgency,
    "billing": lambda text: parse_billing_status(text) == InvoiceStatus.PAID,
}
_DETAIL_FIELDS = {name: _PATIENT_FIELDS[name]
                  for name in ("name", "address", "age", "gender", "phone", "urgency")}


def parse_billing_status(text: str) -> InvoiceStatus:
    """The registration charge's status: unpaid (also blank) or paid."""
    word = text.strip().lower() or InvoiceStatus.UNPAID.value
    if word not in (InvoiceStatus.UNPAID.value, InvoiceStatus.PAID.value):
        raise Invalid("Billing status must be unpaid or paid")
    return InvoiceStatus(word)


def _patient_cross_checks(parsed: dict[str, object], errors: dict[str, str]) -> None:
    if parsed.get("appointment_at") and "doctor_id" in parsed and parsed["doctor_id"] is None:
        errors.setdefault("doctor_id", "Choose a doctor for the appointment")
    if parsed.get("prescription") and "bed_label" in parsed and parsed["bed_label"] is None:
        errors.setdefault("bed_label", "Choose a bed to admit the patient with a prescription")
    if parsed.get("billing") and "amount" in parsed and parsed["amount"] is None:
        errors.setdefault("billing", "Give the amount that was paid")


def validate_patient_form(form_values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for every bad field of the patient form (empty dict = fine).

    Keys: name, address, age, gender, phone, doctor_id, bed_label, prescription,
    appointment_at (local time text), amount (money text like 120.50), urgency.
    """
    parsed, errors = _collect(form_values, _PATIENT_FIELDS)
    _patient_cross_checks(parsed, errors)
    return errors


def patient_form_from_values(form_values: dict[str, str]) -> PatientForm:
    """The typed form, or Invalid naming the first bad field (the form shows them all)."""
    parsed, errors = _collect(form_values, _PATIENT_FIELDS)
    _patient_cross_checks(parsed, errors)
    if errors:
        raise Invalid(next(iter(errors.values())))
    amount = parsed.pop("amount")
    paid = parsed.pop("billing")
    return PatientForm(**parsed, amount_cents=amount, paid=paid)  # type: ignore[arg-type]


def validate_patient_details(form_values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for the record's edit form (name, address, age, gender, phone,
    urgency): the same rules as registration."""
    return _collect(form_values, _DETAIL_FIELDS)[1]


def patient_details_from_values(form_values: dict[str, str]) -> PatientDetails:
    return PatientDetails(**_parse_all(form_values, _DETAIL_FIELDS))  # type: ignore[arg-type]


def check_patient_details(details: PatientDetails) -> PatientDetails:
    """The service's own check of edited details: normalised copy, or Invalid."""
    check_number(details.age, AGE)
    check_number(details.urgency, URGENCY)
    return PatientDetails(
        name=parse_name(details.name),
        address=parse_text(details.address, ADDRESS.label, ADDRESS.limit),
        age=details.age,
        gender=parse_gender(details.gender),
        phone=parse_phone(details.phone),
        urgency=details.urgency,
    )


def check_patient_form(form: PatientForm) -> PatientForm:
    """The service's own check of a typed form: normalised copy, or Invalid."""
    details = check_patient_details(PatientDetails(
        name=form.name, address=form.address, age=form.age, gender=form.gender,
        phone=form.phone, urgency=form.urgency))
    if form.appointment_at is not None:
        check_future(form.appointment_at)
        if form.doctor_id is None:
            raise Invalid("Choose a doctor for the appointment")
    if form.amount_cents is not None:
        check_amount_cents(form.amount_cents)
    elif form.paid:
        raise Invalid("Give the amount that was paid")
    bed = parse_bed_label(form.bed_label or "")
    prescription = parse_text(form.prescription, PRESCRIPTION.label, PRESCRIPTION.limit)
    if prescription and bed is None:
        raise Invalid("Choose a bed to admit the patient with a prescription")
    return replace(form, **asdict(details), bed_label=bed, prescription=prescription)


def parse_staff_role(text: str) -> str:
    role = text.strip().lower()
    if role not in {member.value for member in StaffRole}:
        raise Invalid("Role must be one of " + ", ".join(member.value for member in StaffRole))
    return role


_STAFF_FIELDS = {
    "name": parse_name,
    "role": parse_staff_role,
    "specialization": text_parser(SPECIALIZATION),
    "phone": parse_phone,
    **{field: number_parser(spec) for field, spec in STAFF_NUMBERS.items()},
}


def validate_staff_form(form_values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for every bad field of the staff form (keys as in StaffForm)."""
    return _collect(form_values, _STAFF_FIELDS)[1]


def staff_form_from_values(form_values: dict[str, str]) -> StaffForm:
    return StaffForm(**_parse_all(form_values, _STAFF_FIELDS))  # type: ignore[arg-type]


def check_staff_form(form: StaffForm) -> StaffForm:
    """The service's own check of a typed staff form: normalised copy, or Invalid."""
    return StaffForm(
        name=parse_name(form.name),
        role=parse_staff_role(form.role),
        specialization=parse_text(form.specialization, SPECIALIZATION.label,
                                  SPECIALIZATION.limit),
        phone=parse_phone(form.phone),
        **{field: check_number(getattr(form, field), spec)
           for field, spec in STAFF_NUMBERS.items()},
    )


def parse_start(text: str) -> datetime:
    """A booking's start: required, local, in the future."""
    moment = parse_future_datetime(text)
    if moment is None:
        raise Invalid("Give a date and time, e.g. tomorrow 9:30")
    return moment


def parse_duration(text: str) -> int:
    return parse_number(text, DURATION)


def parse_invoice_amount(text: str) -> int:
    """An invoice's amount in cents: required, unlike the registration form's."""
    cents = parse_money(text)
    if cents is None:
        raise Invalid("Give the amount, e.g. 120.50")
    return cents


def _require_mrn(values: dict[str, str], errors: dict[str, str]) -> None:
    if not values.get("mrn", "").strip():
        errors["mrn"] = "Type the patient's MRN, e.g. P000123"


def validate_booking_form(values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for the booking form (patient MRN, doctor, start, duration)."""
    _parsed, errors = _collect(values, {"starts_at": parse_start, "duration": parse_duration})
    _require_mrn(values, errors)
    if not values.get("doctor_id"):
        errors["doctor_id"] = "Choose a doctor"
    return errors


def validate_invoice_form(values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for the new-invoice form (patient MRN, amount, description)."""
    _parsed, errors = _collect(values, {
        "amount": parse_invoice_amount,
        "description": text_parser(DESCRIPTION)})
    _require_mrn(values, errors)
    return errors


def parse_ward_name(text: str) -> str:
    """A ward's name: spaces collapsed, required, bounded, printable."""
    name = " ".join(text.split())
    if not name:
        raise Invalid(f"{WARD_NAME.label} is required")
    return parse_text(name, WARD_NAME.label, WARD_NAME.limit)


def parse_room(text: str) -> str:
    """A room code (blank: the bed is in no room), written like a bed label."""
    room = text.strip().upper()
    if room and not ROOM_CODE.match(room):
        raise Invalid(f"{ROOM.label} must be letters, digits and '-', up to {ROOM.limit}, "
                      "like R12")
    return room


_BED_FIELDS = {"label": parse_label, "ward": parse_ward_name, "type": parse_bed_type,
               "room": parse_room}


def validate_bed_form(values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for the bed form (label, ward, type, room)."""
    return _collect(values, _BED_FIELDS)[1]


def bed_form_from_values(values: dict[str, str]) -> BedForm:
    return BedForm(**_parse_all(values, _BED_FIELDS))  # type: ignore[arg-type]


def check_bed_form(form: BedForm) -> BedForm:
    """The service's own check of a bed form: normalised copy, or Invalid."""
    return BedForm(**_parse_all(asdict(form), _BED_FIELDS))  # type: ignore[arg-type]


def parse_must_serve(text: str) -> bool:
    """Whether a care request must be served within its horizon: yes or no (blank: no)."""
    word = text.strip().lower() or "no"
    if word not in ("yes", "no"):
        raise Invalid("Must serve must be yes or no")
    return word == "yes"


_CARE_FIELDS = {
    **{field: number_parser(spec) for field, spec in CARE_NUMBERS.items()},
    "reason": text_parser(REASON),
    "resource_id": lambda text: parse_optional_id(text, "resource"),
    "earliest_slot_id": lambda text: parse_optional_id(text, "slot"),
    "must_serve": parse_must_serve,
    "due_slot_id": lambda text: parse_optional_id(text, "slot"),
}


def validate_care_form(values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for the care request form (keys as in CareForm)."""
    return _collect(values, _CARE_FIELDS)[1]


def care_form_from_values(values: dict[str, str]) -> CareForm:
    return CareForm(**_parse_all(values, _CARE_FIELDS))  # type: ignore[arg-type]


def check_care_form(form: CareForm) -> CareForm:
    """The service's own check of a care request: normalised copy, or Invalid."""
    for field, spec in CARE_NUMBERS.items():
        check_number(getattr(form, field), spec)
    return replace(form, reason=parse_text(form.reason, REASON.label, REASON.limit),
                   must_serve=bool(form.must_serve))


def parse_pair_weight(text: str) -> int:
    return parse_number(text, PAIR_WEIGHT)


def validate_pair_form(values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for the staff pair form (staff_a, staff_b, weight)."""
    _parsed, errors = _collect(values, {"weight": parse_pair_weight})
    for field in ("staff_a", "staff_b"):
        if not values.get(field):
            errors[field] = "Choose a staff member"
    if not errors and values["staff_a"] == values["staff_b"]:
        errors["staff_b"] = "Choose two different staff members"
    return errors


def parse_moment(text: str, spec: Moment) -> datetime:
    """A required local time (an event's From or To), at most ten years ahead; aware UTC."""
    if not text.strip():
        raise Invalid(spec.required)
    try:
        moment = parse_local_datetime(text)
    except ValueError as exc:
        raise Invalid(f"{spec.label}: {exc}") from None
    return _within_reach(moment, spec)


def _within_reach(moment: datetime, spec: Moment) -> datetime:
    if moment > utcnow() + MAX_AHEAD:
        raise Invalid(f"{spec.label} is more than ten years ahead")
    return moment


_EVENT_FIELDS = {
    "starts_at": lambda text: parse_moment(text, EVENT_FROM),
    "ends_at": lambda text: parse_moment(text, EVENT_TO),
    "reason": text_parser(REASON),
}


def _event_span_problem(starts: datetime, ends: datetime) -> str | None:
    """Why an event from `starts` to `ends` cannot be entered (its To field's message)."""
    if ends <= starts:
        return EVENT_ORDER
    if ends <= utcnow():
        return (f"{EVENT_TO.label} ({short_local(ends)}) has passed already; only what is "
                "still to come changes a plan")
    return None


def validate_event_form(values: dict[str, str], subject: str = "") -> dict[str, str]:
    """Field name -> message for the absence and closure forms (starts_at, ends_at, reason:
    local times as typed; with `subject`, also who or what it is about, e.g. "staff
    member", chosen by id)."""
    parsed, errors = _collect(values, _EVENT_FIELDS)
    if "starts_at" in parsed and "ends_at" in parsed:
        problem = _event_span_problem(parsed["starts_at"], parsed["ends_at"])  # type: ignore[arg-type]
        if problem:
            errors["ends_at"] = problem
    if subject and not values.get("subject"):
        errors["subject"] = f"Choose a {subject}"
    return errors


def event_form_from_values(values: dict[str, str]) -> EventForm:
    """The typed form, or Invalid naming the first bad field."""
    errors = validate_event_form(values)
    if errors:
        raise Invalid(next(iter(errors.values())))
    return EventForm(**_parse_all(values, _EVENT_FIELDS))  # type: ignore[arg-type]


def check_event_form(form: EventForm) -> EventForm:
    """The service's own check of an event: aware times in order, not over, reason clean."""
    for moment, spec in ((form.starts_at, EVENT_FROM), (form.ends_at, EVENT_TO)):
        if not isinstance(moment, datetime) or moment.tzinfo is None:
            raise Invalid(f"{spec.label} must be a moment with its time zone")
        _within_reach(moment, spec)
    problem = _event_span_problem(form.starts_at, form.ends_at)
    if problem:
        raise Invalid(problem)
    return replace(form, reason=parse_text(form.reason, REASON.label, REASON.limit))
