"""What the day's events take from the admissions problem (IHTC-2024), on the horizon's clock.

The horizon's days and shifts are moments like any other: day d runs for 24 hours from
`planning_horizon.starts_on` plus d days, and is cut into the horizon's `shift_types`, in
their order, in equal parts, the first starting when the day starts. With early, late and
night and a horizon starting at midnight, early is 00:00-08:00, late 08:00-16:00 and night
16:00-24:00 of each day (the records hold no other hours for them). An event in force takes
all of what it overlaps, even by a minute:

- a theatre's closure: the theatre's minutes on every day it overlaps (0: closed that day);
- a surgeon's absence: the surgeon's operating minutes on every day it overlaps;
- a nurse's absence: every shift of theirs it overlaps (not worked, so no room is theirs).

The problem's surgeons, theatres and nurses are named as the records name them, so the events
are looked up by the same names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from hra_tui.services.records.events import absences_between, closures_between

DAY = timedelta(days=1)
Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class HorizonEvents:
    """The events in force over the horizon, by the name the problem gives their owner."""

    absent: dict[str, list[Span]] = field(default_factory=dict)  # staff name -> spans
    closed: dict[str, list[Span]] = field(default_factory=dict)  # resource name -> spans


def day_span(starts_on: datetime, day: int) -> Span:
    """When horizon day `day` starts and ends."""
    start = starts_on + day * DAY
    return start, start + DAY


def shift_span(starts_on: datetime, day: int, kind: int, kinds: int) -> Span:
    """When shift type `kind` (of `kinds` in a day) of horizon day `day` starts and ends."""
    start = starts_on + day * DAY + kind * DAY / kinds
    return start, start + DAY / kinds


def _overlaps(span: Span, events: list[Span]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in events)


async def read_events(conn: AsyncConnection, starts_on: datetime, days: int) -> HorizonEvents:
    """The absences and closures in force that overlap the horizon."""
    end = starts_on + days * DAY
    names = {}
    for table, rows in ((t.staff, await absences_between(conn, starts_on, end)),
                        (t.resources, await closures_between(conn, starts_on, end))):
        owners = {row.owner for row in rows}
        found = dict((await conn.execute(select(table.c.id, table.c.name)
                                         .where(table.c.id.in_(owners)))).all())
        spans: dict[str, list[Span]] = {}
        for row in rows:
            spans.setdefault(found[row.owner], []).append((row.starts_at, row.ends_at))
        names[table.name] = spans
    return HorizonEvents(names["staff"], names["resources"])


def take_events(document: dict[str, Any], starts_on: datetime,
                events: HorizonEvents) -> dict[str, Any]:
    """The competition document with what the events take out of it (see the module)."""
    if not events.absent and not events.closed:
        return document
    days = document["days"]
    kinds = document["shift_types"]

    def days_lost(spans: list[Span]) -> set[int]:
        return {d for d in range(days) if _overlaps(day_span(starts_on, d), spans)}

    for surgeon in document["surgeons"]:
        for d in days_lost(events.absent.get(surgeon["id"], [])):
            surgeon["max_surgery_time"][d] = 0
    for theatre in document["operating_theaters"]:
        for d in days_lost(events.closed.get(theatre["id"], [])):
            theatre["availability"][d] = 0
    for nurse in document["nurses"]:
        spans = events.absent.get(nurse["id"])
        if spans:
            nurse["working_shifts"] = [
                shift for shift in nurse["working_shifts"]
                if not _overlaps(shift_span(starts_on, shift["day"],
                                            kinds.index(shift["shift"]), len(kinds)), spans)]
    return document
