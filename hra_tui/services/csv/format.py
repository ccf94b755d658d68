"""What a ward CSV file looks like: its kinds, columns, encoding, and how cells are written.

Files are UTF-8 with a byte-order mark (so spreadsheets read accented names right).
Spreadsheet formulas are neutralised: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is written with a leading apostrophe (`'=SUM(A1)`, `'+44 7700 900123`), which
spreadsheets show as text and never evaluate. Import takes that apostrophe off again, so a
file round-trips unchanged.

Times are written in UTC with their offset (`2026-03-12T09:30:00+00:00`); on import a time
without an offset is read as local time, as the forms read it. "staff" files hold every
member of staff (role is a column).

Rows are matched by their kind's key (ward name, staff id, bed label, MRN, appointment and
invoice id, ward and day): a row whose key is in the ward updates that record, a row with a
new key adds one. `ALL_KINDS` is the order a whole ward is written and read back in
(`hra export all`, `hra import all`): each kind after the kinds it names.
"""

from __future__ import annotations

from hra_tui.services.errors import Refused

ALL_KINDS = ("wards", "staff", "beds", "patients", "appointments", "billing", "history")
EXPORT_KINDS = ("patients", "staff", "beds", "appointments", "billing", "wards", "history")
IMPORT_KINDS = ALL_KINDS
KIND_ALIASES = {"doctors": "staff"}  # the seed's name for the staff file, still understood

COLUMNS: dict[str, tuple[str, ...]] = {
    "patients": ("mrn", "name", "age", "gender", "phone", "address", "doctor", "bed",
                 "appointment", "amount", "billing status", "urgency", "prescription"),
    "wards": ("name", "active"),
    "staff": ("id", "name", "role", "specialization", "phone", "skill", "max slots",
              "cost per slot", "overtime cost", "active"),
    "beds": ("label", "ward", "type", "status", "since", "patient mrn", "patient name", "note",
             "room"),
    "appointments": ("id", "starts at", "duration min", "patient mrn", "patient name", "doctor",
                     "status"),
    "billing": ("id", "mrn", "patient name", "amount", "description", "status", "created at",
                "paid at"),
    "history": ("ward", "day", "admitted", "discharged", "occupied"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "patients": ("name", "age", "gender"),
    "wards": ("name",),
    "staff": ("name", "role"),
    "beds": ("label", "ward"),
    "appointments": ("starts at", "patient mrn", "doctor"),
    "billing": ("mrn", "amount"),
    "history": ("ward", "day", "admitted", "discharged", "occupied"),
}
ENCODING = "utf-8-sig"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = frozenset("'" + start for start in _FORMULA_START)


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet will show it but never evaluate it."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def restore(cell: str) -> str:
    """Undo `neutralise`: "'=x" -> "=x"; any other cell is returned as it is."""
    return cell[1:] if cell[:2] in _NEUTRALISED else cell


def csv_money(cents: int | None) -> str:
    return "" if cents is None else f"{cents // 100}.{cents % 100:02d}"


def check_kind(kind: str, kinds: tuple[str, ...], doing: str) -> str:
    """The kind by its name (`KIND_ALIASES` followed), or Refused naming the kinds there are."""
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in kinds:
        raise Refused(f"Cannot {doing} '{kind}'; choose one of {', '.join(kinds)}")
    return kind
