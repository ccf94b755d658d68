"""Field parsers only import files need (the forms' own are in `services/validation.py`):
a given MRN, a bed label, a record's id, a past or future moment, choices typed as words,
yes/no, and names matched whatever their spacing and case."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from hra_tui.domain import AppointmentStatus, BedStatus, BedType, InvoiceStatus
from hra_tui.services.errors import Invalid
from hra_tui.services.times import parse_local_datetime

MRN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
LABEL = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,11}$")
_YES = {"yes": True, "y": True, "true": True, "1": True, "active": True,
        "no": False, "n": False, "false": False, "0": False, "inactive": False}


def key(name: str) -> str:
    """A name as matched against others: spacing and case do not count."""
    return " ".join(name.split()).casefold()


def parse_mrn(value: str) -> str:
    mrn = value.strip().upper()
    if mrn and not MRN.match(mrn):
        raise Invalid("MRN must be letters, digits and '-', up to 20, like P000123")
    return mrn


def parse_label(value: str) -> str:
    label = value.strip().upper()
    if not LABEL.match(label):
        raise Invalid("Bed label must be letters, digits and '-', up to 12, like 3B")
    return label


def parse_id(value: str) -> int | None:
    """A record's id as export writes it; blank for a record new to the ward."""
    text = value.strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 18 or int(text) == 0:
        raise Invalid("id must be a whole number above 0, or blank for a new record")
    return int(text)


def parse_moment(value: str) -> datetime | None:
    """A time as export writes it (UTC with its offset), or as a clerk types it (local), past
    or future alike (records that happened are imported too); blank is None."""
    if not value.strip():
        return None
    try:
        return parse_local_datetime(value)
    except ValueError as exc:
        raise Invalid(str(exc)) from None


def _choice(what: str, allowed: tuple[str, ...], default: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        choice = value.strip().lower() or default
        if choice not in allowed:
            raise Invalid(f"{what} must be one of {', '.join(allowed)}")
        return choice
    return parse


def parse_yes_no(value: str) -> bool:
    key = value.strip().lower() or "yes"
    if key not in _YES:
        raise Invalid("Active must be yes or no")
    return _YES[key]


parse_billing_status = _choice("Billing status", tuple(s.value for s in InvoiceStatus),
                               InvoiceStatus.UNPAID.value)
parse_bed_type = _choice("Type", tuple(t.value for t in BedType), BedType.GENERAL.value)
parse_appointment_status = _choice(
    "Status", tuple(s.value for s in AppointmentStatus), AppointmentStatus.BOOKED.value)
parse_bed_status = _choice("Status", tuple(s.value for s in BedStatus), BedStatus.FREE.value)
