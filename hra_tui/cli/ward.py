"""Ward commands: list patients and beds, admit, transfer, discharge, swap two beds.

PATIENT is the MRN, BED the bed label; `--doctor` takes a staff id or a (part of a) name.
Success prints one line; a refusal prints one line on stderr and exits 1.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.failing import command_group, fail
from hra_tui.cli.session import print_json, print_table, with_ward
from hra_tui.domain import DOCTOR_ROLES, BedStatus
from hra_tui.services.errors import NotFound, Refused

if TYPE_CHECKING:
    from hra_tui.services.plain_records import PatientRow, StaffRow
    from hra_tui.services.quick_records import BedCell

patient_app = command_group(no_args_is_help=True, help="Patients.")
bed_app = command_group(no_args_is_help=True, help="Beds.")

BED_STATUSES = tuple(status.value for status in BedStatus)


def _iso(moment) -> str | None:
    return None if moment is None else moment.isoformat()


def patient_json(row: PatientRow) -> dict[str, object]:
    return {"mrn": row.mrn, "name": row.name, "age": row.age, "gender": row.gender,
            "phone": row.phone, "urgency": row.urgency, "bed": row.bed, "ward": row.ward,
            "doctor": row.doctor, "admitted_at": _iso(row.admitted_at)}


def bed_json(cell: BedCell) -> dict[str, object]:
    return {"label": cell.label, "ward": cell.ward, "type": cell.type, "status": cell.status,
            "since": _iso(cell.since), "patient": cell.patient_mrn,
            "patient_name": cell.patient_name, "note": cell.note}


@patient_app.command("list")
def patient_list(
    ctx: typer.Context,
    search: Annotated[str, typer.Option("--search", "-s",
                                        help="MRN prefix or part of the name.")] = "",
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="At most this many.")] = 100,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
) -> None:
    """Patients by name (or by MRN when the search has digits), with their bed."""

    async def go(ward):
        found = ward.patient_list
        return await found.search(search, limit, offset), await found.count(search)

    rows, total = with_ward(ctx, go, plain=True)
    if as_json:
        print_json([patient_json(row) for row in rows])
        return
    print_table(["MRN", "NAME", "AGE", "SEX", "BED", "WARD", "DOCTOR"],
                [[r.mrn, r.name, str(r.age), r.gender, r.bed or "-", r.ward or "-",
                  r.doctor or "-"] for r in rows])
    typer.echo(f"{len(rows)} of {total} patient{'s' * (total != 1)}"
               + (f" from {offset + 1}" if offset else ""), err=True)


@bed_app.command("list")
def bed_list(
    ctx: typer.Context,
    ward_name: Annotated[str | None, typer.Option("--ward", "-w", help="Only this ward.")] = None,
    status: Annotated[str | None, typer.Option(
        "--status", help=f"Only beds in this status: {', '.join(BED_STATUSES)}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
) -> None:
    """The bed board: every bed, its status and occupant."""
    if status is not None and status.lower() not in BED_STATUSES:
        fail(f"Status must be one of {', '.join(BED_STATUSES)}, not '{status}'")

    async def go(ward):
        if ward_name and ward_name not in await ward.beds.wards():
            raise NotFound(f"No ward named '{ward_name}'")
        return await ward.beds.board(ward_name)

    cells = [cell for cell in with_ward(ctx, go, plain=True)
             if status is None or cell.status == status.lower()]
    if as_json:
        print_json([bed_json(cell) for cell in cells])
        return
    print_table(["BED", "WARD", "TYPE", "STATUS", "PATIENT", "NOTE"],
                [[c.label, c.ward, c.type, c.status,
                  f"{c.patient_mrn} {c.patient_name}" if c.patient_mrn else "-", c.note]
                 for c in cells])


@bed_app.command("swap")
def bed_swap(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="A", help="An occupied bed's label.")],
    second: Annotated[str, typer.Argument(metavar="B", help="Another occupied bed's label.")],
) -> None:
    """Two admitted patients exchange beds in one step (their stays go on)."""
    one, two = with_ward(ctx, lambda ward: ward.beds.swap(first, second))
    typer.echo(f"Swapped: {one.patient_name} ({one.patient_mrn}) is in bed {one.label}, "
               f"{two.patient_name} ({two.patient_mrn}) in bed {two.label}")


def pick_staff(staff: list[StaffRow], wanted: str, what: str = "doctor") -> int:
    """A staff id from an id or a name: exact name first, else one unique partial match
    among the active; `what` names them in a refusal ("doctor", "staff member")."""
    text = wanted.strip()
    if not text:
        raise Refused(f"Name a {what}: an id or a name")
    if re.fullmatch(r"[0-9]{1,18}", text):  # an id SQLite can hold; '²' or 5,000 digits: a name
        return int(text)
    exact = [d for d in staff if d.name.lower() == text.lower()]
    matches = exact or [d for d in staff if text.lower() in d.name.lower()]
    if not matches:
        raise NotFound(f"No {what} named '{text}'")
    active = [d for d in matches if d.active]
    if len(active) == 1:
        return active[0].id
    if not active:
        title = "Dr " if what == "doctor" else ""
        raise Refused(f"{title}{matches[0].name} is no longer active; choose another {what}")
    names = ", ".join(f"{d.name} ({d.id})" for d in active[:5])
    raise Refused(f"Several {what}s match '{text}': {names}; give the id")


async def _doctor_id(ward, wanted: str | None) -> int | None:
    if wanted is None:
        return None
    staff = await ward.staff.list(include_inactive=True)
    return pick_staff([s for s in staff if s.role in DOCTOR_ROLES], wanted)


def admit_command(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="The patient's MRN.")],
    bed: Annotated[str, typer.Argument(help="The bed label, e.g. 3B.")],
    doctor: Annotated[str | None, typer.Option(
        "--doctor", "-d", help="Attending doctor: staff id or name.")] = None,
    prescription: Annotated[str, typer.Option(help="Prescription regimen.")] = "",
) -> None:
    """Admit a patient into a free bed."""

    async def go(ward):
        return await ward.beds.admit(patient, bed, await _doctor_id(ward, doctor), prescription)

    cell = with_ward(ctx, go, plain=doctor is None)  # naming a doctor reads the staff (SQLAlchemy)
    typer.echo(f"Admitted {cell.patient_name} ({cell.patient_mrn}) to bed {cell.label} "
               f"on {cell.ward}")


def transfer_command(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="The patient's MRN.")],
    bed: Annotated[str, typer.Argument(help="The free bed to move to.")],
) -> None:
    """Move an admitted patient to another free bed; the old bed goes to cleaning."""

    async def go(ward):
        old_bed = (await ward.patients.get(patient)).patient.bed
        return old_bed, await ward.beds.transfer(patient, bed)

    old_bed, cell = with_ward(ctx, go)
    typer.echo(f"Moved {cell.patient_name} ({cell.patient_mrn}) from bed {old_bed} to "
               f"bed {cell.label} on {cell.ward}; bed {old_bed} is to be cleaned")


def discharge_command(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="The patient's MRN.")],
) -> None:
    """Discharge an admitted patient; the bed goes to cleaning."""

    async def go(ward):
        name = (await ward.patients.get(patient)).patient.name
        cell = await ward.beds.discharge(patient)
        return f"Discharged {name} ({patient.strip().upper()}) from bed {cell.label}; " \
               "the bed is to be cleaned"

    typer.echo(with_ward(ctx, go))
