"""The clinic's hours: when visits may be held, by the planning settings `clinic_opens` and
`clinic_closes` (hours of the local day). The planner places visits inside them and a clerk's
booking is refused outside them, so both read the hours here."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from db import tables as t
from hra_tui.domain import SettingKey
from hra_tui.services.errors import Invalid
from hra_tui.services.times import to_utc

CLINIC_HOURS = {SettingKey.CLINIC_OPENS: 8, SettingKey.CLINIC_CLOSES: 18}  # visits 08:00-18:00


def clinic_hours(settings: dict[str, int], checked: bool = True) -> tuple[int, int]:
    """(opens, closes) as hours of the local day. The services store only hours that keep the
    clinic rule and `plan_settings` refuses others before planning; `checked` reads a pair
    that makes no sense as all day anyway, never as hours outside the day."""
    opens = settings.get(SettingKey.CLINIC_OPENS.value, CLINIC_HOURS[SettingKey.CLINIC_OPENS])
    closes = settings.get(SettingKey.CLINIC_CLOSES.value,
                          CLINIC_HOURS[SettingKey.CLINIC_CLOSES])
    if not checked:
        return opens, closes
    return (opens, closes) if 0 <= opens < closes <= 24 else (0, 24)


def clinic_window(starts_at: datetime, ends_at: datetime,
                  hours: tuple[int, int]) -> list[tuple[datetime, datetime]]:
    """The parts of [starts_at, ends_at) inside clinic hours, local day by local day."""
    parts = []
    day = starts_at.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    while day < ends_at:
        opens, closes = day + timedelta(hours=hours[0]), day + timedelta(hours=hours[1])
        begin, end = max(opens, starts_at), min(closes, ends_at)
        if begin < end:
            parts.append((begin, end))
        day += timedelta(days=1)
    return parts


async def read_clinic_hours(conn: AsyncConnection) -> tuple[int, int]:
    """The ward's (opens, closes), read once for as many visits as a caller checks."""
    keys = (SettingKey.CLINIC_OPENS.value, SettingKey.CLINIC_CLOSES.value)
    return clinic_hours({row.key: row.value for row in await conn.execute(
        select(t.settings).where(t.settings.c.key.in_(keys)))})


def outside_clinic_hours(starts_at: datetime, duration_min: int,
                         hours: tuple[int, int]) -> str | None:
    """Why a visit does not lie wholly inside the clinic's hours of its day, or None: the one
    message a booking and an imported file's row are refused with."""
    start = to_utc(starts_at)
    end = start + timedelta(minutes=duration_min)
    if clinic_window(start, end, hours) == [(start, end)]:
        return None
    return (f"The clinic is open {hours[0]:02d}:00 to {hours[1]:02d}:00: a {duration_min}-minute "
            f"visit at {start.astimezone():%H:%M} is outside its hours")


async def check_in_clinic_hours(conn: AsyncConnection, starts_at: datetime,
                                duration_min: int) -> None:
    """Refuse a visit that does not lie wholly inside the clinic's hours of its day."""
    reason = outside_clinic_hours(starts_at, duration_min, await read_clinic_hours(conn))
    if reason is not None:
        raise Invalid(reason)
