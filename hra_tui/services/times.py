"""Clerks type and read local time; storage holds aware UTC. The conversions between the two
live here only; the stored form itself lives in db/time_codec."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from db.time_codec import utcnow

__all__ = ["utcnow", "to_utc", "local_day_bounds", "short_local", "at_local", "local_span",
           "parse_local_datetime"]

_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
# A clerk's own date, day first: 12/03, 12/03/26 or 12/03/2026 (also with - or .).
_DAY_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$")


def to_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; a naive one is read as the machine's local time."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants where a local calendar day starts and the next one starts."""
    start = datetime.combine(day, time()).astimezone()
    end = datetime.combine(day + timedelta(days=1), time()).astimezone()
    return start.astimezone(UTC), end.astimezone(UTC)


def short_local(moment: datetime, now: datetime | None = None) -> str:
    """'14:05' today, '12 Mar 14:05' this year, '12 Mar 2025 14:05' otherwise."""
    local = moment.astimezone()
    today = (now or utcnow()).astimezone()
    if local.date() == today.date():
        return local.strftime("%H:%M")
    if local.year == today.year:
        return f"{local.day} {local.strftime('%b %H:%M')}"
    return f"{local.day} {local.strftime('%b %Y %H:%M')}"


def at_local(moment: datetime, now: datetime | None = None) -> str:
    """'at 14:05' today, 'on 12 Mar 14:05' another day: for 'was paid ...' sentences."""
    text = short_local(moment, now)
    return f"at {text}" if ":" in text[:3] else f"on {text}"


def local_span(starts: datetime, ends: datetime, now: datetime | None = None) -> str:
    """'from 11 Mar 07:00 to 11 Mar 19:00': an event's time, as `short_local` reads each end."""
    return f"from {short_local(starts, now)} to {short_local(ends, now)}"


def _clock(text: str) -> time:
    match = _CLOCK.match(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"'{text}' is not a time of day like 14:30")
    return time(int(match[1]), int(match[2]))


def _day_month(text: str, today: date) -> date:
    """12/03 is the coming 12 March (today or later); a year may follow, two digits or four."""
    day, month, year = _DAY_MONTH.match(text).groups()
    try:
        if year is not None:
            return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
        coming = date(today.year, int(month), int(day))
        if coming < today:
            coming = date(today.year + 1, int(month), int(day))
        return coming
    except ValueError:
        raise ValueError(f"'{text}' is not a date; day first, e.g. 12/03 14:30") from None


def parse_local_datetime(text: str, now: datetime | None = None) -> datetime:
    """Read what a clerk types ('2026-03-12 14:30', '12/03 14:30', '12/03/2026 14:30',
    'tomorrow 9:00', 'yesterday 10:00', '14:30') as local time.

    Returns aware UTC; raises ValueError with a clerk-readable message. A date needs a time,
    because bookings are per start time.
    """
    cleaned = " ".join(text.strip().split())
    if not cleaned:
        raise ValueError("Give a date and time, e.g. 2026-03-12 14:30")
    today = (now or utcnow()).astimezone().date()
    words = cleaned.lower().split(" ")
    relative = {"yesterday": -1, "today": 0, "tomorrow": 1}
    if words[0] in relative:
        if len(words) != 2:
            raise ValueError(f"Give a time after '{words[0]}', e.g. {words[0]} 14:30")
        day = today + timedelta(days=relative[words[0]])
        return to_utc(datetime.combine(day, _clock(words[1])))
    if len(words) == 1 and _CLOCK.match(words[0]):
        return to_utc(datetime.combine(today, _clock(words[0])))
    if _DAY_MONTH.match(words[0]):
        if len(words) != 2:
            raise ValueError(f"Give a time after '{words[0]}', e.g. {words[0]} 14:30")
        return to_utc(datetime.combine(_day_month(words[0], today), _clock(words[1])))
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(
            f"'{cleaned}' is not a date and time; use e.g. 2026-03-12 14:30 or 12/03 14:30"
        ) from None
    if len(cleaned) <= 10:
        raise ValueError(f"Give a time with the date, e.g. {cleaned} 14:30")
    try:
        return to_utc(parsed)
    except (OverflowError, ValueError):
        raise ValueError(f"'{cleaned}' is out of range; use e.g. 2026-03-12 14:30") from None
