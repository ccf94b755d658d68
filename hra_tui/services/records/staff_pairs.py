"""Staff pairs: how well two staff members work together, which the planner weighs when it
puts them on the same shift (above 0 badly, below 0 well).

A pair is stored once, its smaller id first, whichever order the clerk names it in; setting a
pair that exists changes its weight. Each write is one audited transaction.
"""

from __future__ import annotations

from sqlalchemy import and_, delete, insert, select, update

from db import tables as t
from hra_tui.domain import Role
from hra_tui.fields import PAIR_WEIGHT
from hra_tui.services.context import Context, Tx
from hra_tui.services.errors import NotFound, Refused
from hra_tui.services.plain_records import PairRow
from hra_tui.services.records.lookups import staff_by_id
from hra_tui.services.validation import check_number


def _select():
    p, a, b = t.staff_pairs, t.staff.alias("a"), t.staff.alias("b")
    return (select(p.c.staff_a, a.c.name.label("name_a"), p.c.staff_b,
                   b.c.name.label("name_b"), p.c.weight)
            .join(a, a.c.id == p.c.staff_a).join(b, b.c.id == p.c.staff_b))


def _where(a: int, b: int):
    p = t.staff_pairs
    return and_(p.c.staff_a == a, p.c.staff_b == b)


def ordered(one: int, other: int) -> tuple[int, int]:
    """The pair's ids as stored: the smaller first; one person is no pair."""
    if one == other:
        raise Refused("A pair needs two different staff members")
    return (one, other) if one < other else (other, one)


class StaffPairService:
    """Opened once per ward as `ward.pairs`; admins change pairs, as they change staff."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def list(self) -> list[PairRow]:
        async with self._ctx.read() as conn:
            rows = await conn.execute(_select().order_by(t.staff_pairs.c.weight.desc(),
                                                         "name_a", "name_b"))
            return [PairRow(**row._mapping) for row in rows]

    async def get(self, one: int, other: int) -> PairRow:
        a, b = ordered(one, other)
        async with self._ctx.read() as conn:
            row = (await conn.execute(_select().where(_where(a, b)))).first()
        if row is None:
            raise NotFound(f"No pair of staff {a} and {b}")
        return PairRow(**row._mapping)

    async def set(self, one: int, other: int, weight: int) -> PairRow:
        """Add the pair, or change its weight; both members must be active."""
        check_number(weight, PAIR_WEIGHT)
        a, b = ordered(one, other)
        async with self._ctx.write(Role.ADMIN, "change staff pairs") as tx:
            names = [await _active(tx, a), await _active(tx, b)]
            found = (await tx.conn.execute(select(t.staff_pairs.c.weight)
                                           .where(_where(a, b)))).first()
            if found is None:
                await tx.conn.execute(insert(t.staff_pairs).values(staff_a=a, staff_b=b,
                                                                  weight=weight))
                await tx.audit("add", "staff pair", None, f"{' and '.join(names)}: {weight}")
            elif found.weight == weight:
                raise Refused(f"{' and '.join(names)} already have weight {weight}")
            else:
                await tx.conn.execute(update(t.staff_pairs).where(_where(a, b))
                                      .values(weight=weight))
                await tx.audit("edit", "staff pair", None,
                               f"{' and '.join(names)}: {found.weight} -> {weight}")
        return await self.get(a, b)

    async def remove(self, one: int, other: int) -> PairRow:
        pair = await self.get(one, other)
        async with self._ctx.write(Role.ADMIN, "change staff pairs") as tx:
            gone = await tx.conn.execute(delete(t.staff_pairs)
                                         .where(_where(pair.staff_a, pair.staff_b)))
            if not gone.rowcount:
                raise NotFound(f"No pair of {pair.name_a} and {pair.name_b}")
            await tx.audit("remove", "staff pair", None,
                           f"{pair.name_a} and {pair.name_b} (was {pair.weight})")
        return pair


async def _active(tx: Tx, staff_id: int) -> str:
    row = await staff_by_id(tx.conn, staff_id)
    if not row.active:
        raise Refused(f"{row.name} is no longer active; a pair needs two active staff members")
    return row.name
