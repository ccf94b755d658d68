"""The daily census: a seeded day of known moves counted per ward, the same numbers read back
on a later day from the records, a bed swap as two transfers, transfers and swaps undone
counted neither way, and the CSV."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta

import pytest
import time_machine

from hra_tui.services.csv.census import export_census
from hra_tui.services.errors import Invalid
from hra_tui.services.records.census import Census, parse_census_day


def _line(census: Census, ward: str) -> tuple[int, ...]:
    line = next(w for w in census.wards if w.ward == ward) if ward != "All" else census.total
    return (line.beds, line.occupied, line.free, line.cleaning, line.blocked, line.reserved,
            line.admitted, line.discharged, line.transferred_in, line.transferred_out)


def _at(now: datetime, days: int, hour: int) -> datetime:
    return (now + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


async def _day_of_moves(ward, seed, now: datetime) -> None:
    """The day after `now`: John in and out of South, Jane from North to South, Mia admitted
    to North and moved inside it, a North bed blocked, another cleaned."""
    with time_machine.travel(_at(now, 1, 8), tick=True):
        await ward.beds.admit(seed.waiting, "S1")
        await ward.beds.transfer(seed.admitted, "S2")
        await ward.beds.admit(seed.other, "1B")
        await ward.beds.transfer(seed.other, "2A")
        await ward.beds.block("10A", "Broken rail")
        await ward.beds.discharge(seed.waiting)
        await ward.beds.mark_clean("1B")


# (beds, occupied, free, cleaning, blocked, reserved, admitted, discharged, in, out)
NORTH_DAY_ONE = (4, 1, 1, 1, 1, 0, 1, 0, 0, 1)  # 2A Mia; 1B free; 1A cleaning; 10A blocked
SOUTH_DAY_ONE = (2, 1, 0, 1, 0, 0, 1, 1, 1, 0)  # S2 Jane; S1 cleaning after John


async def test_a_day_of_moves_is_counted_per_ward(ward, seed, now):
    await _day_of_moves(ward, seed, now)
    with time_machine.travel(_at(now, 1, 22), tick=True):
        census = await ward.census.day()
    assert census.day == _at(now, 1, 0).date()
    assert _line(census, "North") == NORTH_DAY_ONE
    assert _line(census, "South") == SOUTH_DAY_ONE
    assert _line(census, "All") == (6, 2, 1, 2, 1, 0, 2, 1, 1, 1)


async def test_a_past_day_is_read_back_from_the_records_as_it_stood_at_midnight(ward, seed,
                                                                                now):
    await _day_of_moves(ward, seed, now)
    with time_machine.travel(_at(now, 2, 9), tick=True):  # the next day changes every bed
        await ward.beds.mark_clean("1A")
        await ward.beds.transfer(seed.admitted, "1A")
        await ward.beds.unblock("10A")
        await ward.beds.mark_clean("S1")
        await ward.beds.transfer(seed.other, "S1")
        await ward.beds.undo_transfer(seed.other, "2A")
        past = await ward.census.day(_at(now, 1, 0).date())
        today = await ward.census.day()
    assert past.as_of == _at(now, 2, 0)
    assert _line(past, "North") == NORTH_DAY_ONE
    assert _line(past, "South") == SOUTH_DAY_ONE
    # Jane back to North; Mia's move to South undone, so counted neither way.
    assert _line(today, "North") == (4, 2, 2, 0, 0, 0, 0, 0, 1, 0)
    assert _line(today, "South") == (2, 0, 1, 1, 0, 0, 0, 0, 0, 1)


async def test_a_swap_between_wards_is_a_transfer_of_each_patient_today_and_after(ward, seed,
                                                                                  now):
    with time_machine.travel(_at(now, 1, 8), tick=True):
        await ward.beds.admit(seed.waiting, "S1")  # John, into South
        await ward.beds.swap("1A", "S1")  # Jane (North 1A) and John change wards
    with time_machine.travel(_at(now, 1, 22), tick=True):
        today = await ward.census.day()
    # (in, out) per ward: Jane out of North into South, John out of South into North.
    assert [_line(today, w)[8:] for w in ("North", "South", "All")] == [(1, 1), (1, 1), (2, 2)]
    assert _line(today, "South")[6] == 1  # John was admitted to South, before the swap
    with time_machine.travel(_at(now, 2, 9), tick=True):
        await ward.beds.discharge(seed.waiting)  # John leaves, from North's 1A
        past = await ward.census.day(_at(now, 1, 0).date())
    assert [_line(past, w) for w in ("North", "South", "All")] == \
        [_line(today, w) for w in ("North", "South", "All")]


async def test_a_swap_undone_is_counted_neither_way(ward, seed, now):
    with time_machine.travel(_at(now, 1, 8), tick=True):
        await ward.beds.admit(seed.waiting, "S1")
        await ward.beds.swap("1A", "S1")
        await ward.beds.swap("1A", "S1", undo=True)
        census = await ward.census.day()
    assert [_line(census, w)[8:] for w in ("North", "South")] == [(0, 0), (0, 0)]
    assert [row.action for row in await ward.audit.recent(limit=2)] == ["undo swap", "swap"]


async def test_the_day_before_the_moves_counts_who_was_in_at_its_midnight(ward, seed, now):
    await _day_of_moves(ward, seed, now)
    with time_machine.travel(_at(now, 2, 9), tick=True):
        census = await ward.census.day(now.date())
    assert _line(census, "North")[:3] == (4, 1, 3)  # Jane in 1A, admitted that day
    assert _line(census, "North")[6] == 1
    assert _line(census, "South")[:3] == (2, 0, 2)


async def test_a_day_still_to_come_is_refused(ward, now):
    with pytest.raises(Invalid, match="not known yet"):
        await ward.census.day(now.date() + timedelta(days=1))


@pytest.mark.parametrize(("typed", "days_back"), [
    ("today", 0), ("yesterday", 1), ("2026-03-01", None), ("01/03", None),
    ("01/03/2026", None), ("11/03", 365)])
def test_a_census_day_is_read_as_a_clerk_types_it(typed, days_back, now):
    day = parse_census_day(typed, now)
    if typed.startswith("11/03"):  # 11 March is still to come: last year's
        assert day.isoformat() == "2025-03-11"
    elif days_back is None:
        assert day.isoformat() == "2026-03-01"
    else:
        assert day == now.date() - timedelta(days=days_back)


def test_a_day_that_is_not_one_is_refused_in_words(now):
    with pytest.raises(Invalid, match="is not a day"):
        parse_census_day("31/02", now)


async def test_the_census_exports_a_row_per_ward_and_a_total_and_is_audited(ward, seed, now,
                                                                          tmp_path):
    await _day_of_moves(ward, seed, now)
    with time_machine.travel(_at(now, 2, 9), tick=True):
        _, result = await export_census(ward, _at(now, 1, 0).date(), tmp_path / "c.csv")
    with open(result.path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["ward"] for row in rows] == ["North", "South", "All wards"]
    assert [row["transferred_out"] for row in rows] == ["1", "0", "1"]
    assert rows[2]["occupied"] == "2" and rows[0]["day"] == "2026-03-11"
    assert (result.path.stat().st_mode & 0o777) == 0o600
    entry = (await ward.audit.recent(limit=1))[0]
    assert (entry.action, entry.entity) == ("export", "census")
