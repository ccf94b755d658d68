"""The ward's layout: wards and the beds in them, added, renamed, moved and retired.

Nothing is deleted (stays and plans refer to beds and wards): a ward is deactivated, a bed
retired. A ward with a patient in a bed stays active, an occupied bed stays in its ward and in
service, so a stay always has a bed on an active ward. Labels and types follow the beds CSV
import's rules; each write is one audited transaction.
"""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Row, and_, func, insert, select, update

from db import tables as t
from db.driver import Driver
from hra_tui.domain import BedStatus, Role
from hra_tui.services.context import Context, Tx
from hra_tui.services.csv.file_fields import key
from hra_tui.services.errors import NotFound, Refused
from hra_tui.services.plain_records import BedForm, BedRow, WardRow
from hra_tui.services.records.states import normalise_label
from hra_tui.services.times import utcnow
from hra_tui.services.validation import check_bed_form, parse_ward_name


def _occupied(ward_id: int):
    a, b = t.admissions, t.beds
    return (select(func.count()).select_from(a).join(b, b.c.id == a.c.bed_id)
            .where(and_(b.c.ward_id == ward_id, a.c.discharged_at.is_(None))))


def _ward_select():
    w, b, a = t.wards, t.beds, t.admissions
    beds = (select(func.count()).select_from(b)
            .where(and_(b.c.ward_id == w.c.id, b.c.active.is_(True))).scalar_subquery())
    occupied = (select(func.count()).select_from(a).join(b, b.c.id == a.c.bed_id)
                .where(and_(b.c.ward_id == w.c.id, a.c.discharged_at.is_(None)))
                .scalar_subquery())
    return select(w.c.id, w.c.name, w.c.active, beds.label("beds"), occupied.label("occupied"))


def _ward_row(row: Row) -> WardRow:
    return WardRow(id=row.id, name=row.name, active=bool(row.active), beds=row.beds,
                   occupied=row.occupied)


def _bed_select():
    b, a, p = t.beds, t.admissions, t.patients
    return (select(b.c.id, b.c.label, b.c.type, b.c.room, b.c.status, b.c.active,
                   t.wards.c.name.label("ward"), p.c.name.label("patient"), p.c.mrn)
            .join(t.wards, t.wards.c.id == b.c.ward_id)
            .outerjoin(a, and_(a.c.bed_id == b.c.id, a.c.discharged_at.is_(None)))
            .outerjoin(p, p.c.id == a.c.patient_id))


def _bed_row(row: Row) -> BedRow:
    return BedRow(id=row.id, label=row.label, ward=row.ward, type=row.type, room=row.room,
                  status=row.status,
                  occupant=f"{row.patient} ({row.mrn})" if row.mrn else None)


async def _bed(conn, label: str) -> BedRow:
    row = (await conn.execute(_bed_select().where(
        t.beds.c.label == normalise_label(label)))).first()
    if row is None or not row.active:
        raise NotFound(f"No bed {normalise_label(label) or '(empty)'} on any ward")
    return _bed_row(row)


async def _ward_named(conn, name: str, *, active: bool = True) -> Row:
    """The ward called `name` (spacing and case do not count); with `active`, it must take
    patients."""
    wanted = key(name)
    for row in await conn.execute(_ward_select()):
        if key(row.name) == wanted:
            if active and not row.active:
                raise Refused(f"Ward {row.name} is inactive; reactivate it first")
            return row
    raise NotFound(f"No ward named '{' '.join(name.split())}'")


async def _refuse_taken_name(conn, name: str, but: int | None = None) -> None:
    for row in await conn.execute(select(t.wards.c.id, t.wards.c.name)):
        if key(row.name) == key(name) and row.id != but:
            raise Refused(f"There is already a ward named {row.name}")


async def _refuse_taken_label(tx: Tx, label: str) -> None:
    driver: Driver = await tx.driver()
    rows = await driver.rows("SELECT active FROM beds WHERE label = ?", (label,))
    if rows:
        retired = "" if rows[0][0] else " (retired; a label is never reused)"
        raise Refused(f"Bed {label} already exists{retired}")


class LayoutService:
    """Wards and beds; opened once per ward as `ward.layout`. Admins change them."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def wards(self, include_inactive: bool = True) -> list[WardRow]:
        query = _ward_select().order_by(t.wards.c.name)
        if not include_inactive:
            query = query.where(t.wards.c.active.is_(True))
        async with self._ctx.read() as conn:
            return [_ward_row(row) for row in await conn.execute(query)]

    async def ward(self, name: str) -> WardRow:
        async with self._ctx.read() as conn:
            return _ward_row(await _ward_named(conn, name, active=False))

    async def bed(self, label: str) -> BedRow:
        async with self._ctx.read() as conn:
            return await _bed(conn, label)

    async def add_ward(self, name: str) -> WardRow:
        name = parse_ward_name(name)
        async with self._ctx.write(Role.ADMIN, "add wards") as tx:
            await _refuse_taken_name(tx.conn, name)
            new_id = (await tx.conn.execute(insert(t.wards).values(
                name=name, active=True))).inserted_primary_key[0]
            await tx.audit("add", "ward", new_id, f"ward {name}")
        return await self.ward(name)

    async def edit_ward(self, name: str, new_name: str | None = None,
                        active: bool | None = None) -> WardRow:
        """Rename a ward and/or (de)activate it; a ward with patients in beds stays active."""
        async with self._ctx.write(Role.ADMIN, "edit wards") as tx:
            ward = await _ward_named(tx.conn, name, active=False)
            changes: dict[str, object] = {}
            if new_name is not None and parse_ward_name(new_name) != ward.name:
                changes["name"] = parse_ward_name(new_name)
                await _refuse_taken_name(tx.conn, changes["name"], but=ward.id)
            if active is not None and active != bool(ward.active):
                changes["active"] = active
            if not changes:
                raise Refused(f"Nothing to change for ward {ward.name}")
            if changes.get("active") is False:
                occupied = (await tx.conn.execute(_occupied(ward.id))).scalar_one()
                if occupied:
                    raise Refused(f"Ward {ward.name} has {occupied} occupied "
                                  f"bed{'s' * (occupied != 1)}; move or discharge "
                                  f"{'its patients' if occupied != 1 else 'the patient'} first")
            await tx.conn.execute(update(t.wards).where(t.wards.c.id == ward.id)
                                  .values(**changes))
            await tx.audit("edit", "ward", ward.id, f"ward {ward.name}: " + ", ".join(
                f"{field} {ward._mapping[field]!r} -> {value!r}"
                for field, value in changes.items()))
        return await self.ward(str(changes.get("name", ward.name)))

    async def add_bed(self, form: BedForm) -> BedRow:
        form = check_bed_form(form)
        async with self._ctx.write(Role.ADMIN, "add beds") as tx:
            ward = await _ward_named(tx.conn, form.ward)
            await _refuse_taken_label(tx, form.label)
            new_id = (await tx.conn.execute(insert(t.beds).values(
                ward_id=ward.id, label=form.label, type=form.type, room=form.room,
                status=BedStatus.FREE.value, status_since=utcnow(), note="",
                active=True))).inserted_primary_key[0]
            room = f" room {form.room}" if form.room else ""
            await tx.audit("add", "bed", new_id,
                           f"bed {form.label} ({form.type}) on {ward.name}{room}")
        return await self.bed(form.label)

    async def edit_bed(self, label: str, form: BedForm) -> BedRow:
        """Change a bed's label, type, room or ward; an occupied bed keeps its ward (its
        patient's stay is on that ward: move the patient to a bed there first)."""
        form = check_bed_form(form)
        async with self._ctx.write(Role.ADMIN, "edit beds") as tx:
            before = await _bed(tx.conn, label)
            ward = await _ward_named(tx.conn, form.ward,
                                     active=key(form.ward) != key(before.ward))
            changes = {field: value for field, value in asdict(form).items()
                       if field != "ward" and getattr(before, field) != value}
            if ward.name != before.ward:
                if before.occupant:
                    raise Refused(f"Bed {before.label} is occupied by {before.occupant}; "
                                  "it stays on its ward until the patient leaves it")
                changes["ward_id"] = ward.id
            if not changes:
                raise Refused(f"Nothing to change for bed {before.label}")
            if "label" in changes:
                await _refuse_taken_label(tx, form.label)
            await tx.conn.execute(update(t.beds).where(t.beds.c.id == before.id)
                                  .values(**changes))
            said = {field: (getattr(before, field), value) for field, value in changes.items()
                    if field != "ward_id"}
            if "ward_id" in changes:
                said["ward"] = (before.ward, ward.name)
            await tx.audit("edit", "bed", before.id, f"bed {before.label}: " + ", ".join(
                f"{field} {old!r} -> {new!r}" for field, (old, new) in said.items()))
        return await self.bed(form.label)

    async def retire_bed(self, label: str) -> BedRow:
        """Take a bed out of service for good: it leaves the board, its history stays."""
        async with self._ctx.write(Role.ADMIN, "retire beds") as tx:
            bed = await _bed(tx.conn, label)
            if bed.occupant:
                raise Refused(f"Bed {bed.label} is occupied by {bed.occupant}; discharge or "
                              "transfer the patient first")
            if bed.status == BedStatus.RESERVED.value:
                raise Refused(f"Bed {bed.label} is reserved; release it first")
            await tx.conn.execute(update(t.beds).where(t.beds.c.id == bed.id)
                                  .values(active=False))
            await tx.audit("retire", "bed", bed.id, f"bed {bed.label} on {bed.ward}")
        return bed
