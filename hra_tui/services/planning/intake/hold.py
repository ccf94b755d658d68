"""The forecast hold: beds the admissions plan keeps free, per ward and day, for the
emergencies the ward's forecast expects (`hra_tui.forecast.hold`), at the level the
`forecast_hold` setting names (80 or 95; 0 holds none).

A ward's daily hold goes to its rooms as `held_beds`, the emptiest room first, in beds that
neither an occupant nor a mandatory patient needs that day (by a plan of the mandatory
patients alone, `solver.ihtc.mandatory`): a hold never makes a mandatory admission impossible,
and holds fewer beds when they are needed. A ward whose history is too short holds nothing;
the plan says why, and how many beds it held.
"""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from db import tables as t
from hra_tui.domain import SettingKey
from hra_tui.forecast import TooLittleHistory, WardHistory, forecast_ward
from hra_tui.forecast.hold import DEFAULT_HOLD, HOLD_LEVELS, beds_to_hold
from hra_tui.forecast.ward import MAX_DAYS
from hra_tui.services.errors import Invalid
from hra_tui.services.forecast import read_histories
from hra_tui.solver.ihtc import Problem, ProblemError
from hra_tui.solver.ihtc.mandatory import mandatory_beds


@dataclass(frozen=True)
class WardHold:
    """One ward's beds held per horizon day, and why (or why none)."""

    ward: str
    beds: tuple[int, ...]
    why: str


@dataclass(frozen=True)
class Hold:
    """What a plan held back: the level, and each ward's beds per day."""

    level: int
    wards: tuple[WardHold, ...]

    @property
    def total(self) -> int:
        return sum(sum(w.beds) for w in self.wards)

    def beds_on(self, day: int) -> int:
        return sum(w.beds[day] for w in self.wards)

    @property
    def in_words(self) -> str:
        if self.level == 0:
            return "none (the forecast hold is off)"
        return "; ".join(w.why for w in self.wards) or "none (no ward has rooms to hold beds in)"


def check_level(level: int) -> int:
    if level != 0 and level not in HOLD_LEVELS:
        raise Invalid(f"The forecast hold takes 0 (none), 80 or 95, not {level}")
    return level


async def read_level(conn) -> int:
    row = (await conn.execute(select(t.settings.c.value).where(
        t.settings.c.key == SettingKey.FORECAST_HOLD.value))).first()
    return check_level(row[0]) if row else DEFAULT_HOLD


async def room_wards(conn) -> dict[str, list[str]]:
    """Each ward's rooms (wards with none left out), in ward order."""
    rows = (await conn.execute(
        select(t.wards.c.id, t.wards.c.name, t.beds.c.room).distinct()  # id: what it is ordered by
        .join(t.beds, t.beds.c.ward_id == t.wards.c.id)
        .where(t.beds.c.active, t.beds.c.room != "").order_by(t.wards.c.id, t.beds.c.room)))
    wards: dict[str, list[str]] = {}
    for _id, ward, room in rows:
        wards.setdefault(ward, []).append(room)
    return wards


def compute_hold(level: int, starts_on: datetime, days: int,
                 histories: list[WardHistory]) -> Hold:
    """Each ward's beds to hold per horizon day (CPU work: run it in a thread)."""
    if level == 0:
        return Hold(0, ())
    first = starts_on.date()
    wards = []
    for history in histories:
        ahead = (first + timedelta(days=days) - history.end).days
        try:
            if ahead > MAX_DAYS:
                raise TooLittleHistory(f"{history.ward}'s history ends more than {MAX_DAYS} "
                                       "days before the horizon does")
            forecast = forecast_ward(history, max(ahead, 1))
        except TooLittleHistory as exc:
            wards.append(WardHold(history.ward, (0,) * days, f"none held: {exc}"))
            continue
        by_day = dict(zip((d.day for d in forecast.days), beds_to_hold(forecast, level),
                          strict=True))
        beds = tuple(by_day.get(first + timedelta(days=d), 0) for d in range(days))
        wards.append(WardHold(history.ward, beds, (
            f"{sum(beds)} bed-days held on {history.ward} ({min(beds)}-{max(beds)} a day): "
            f"the {level} % upper bound of its forecast emergency admissions, learnt from "
            f"{history.days} days of history")))
    return Hold(level, tuple(wards))


def held_document(document: dict[str, Any], hold: Hold, rooms: dict[str, list[str]],
                  filled: list[list[int]]) -> tuple[dict[str, Any], Hold]:
    """The problem with each ward's hold spread over its rooms as `held_beds`, in the beds
    `filled` (per room of the document and day) leaves, and the hold as it was placed."""
    document = copy.deepcopy(document)
    days = document["days"]
    entries = {room["id"]: room for room in document["rooms"]}
    taken = {room["id"]: list(filled[k]) for k, room in enumerate(document["rooms"])}
    placed_wards = []
    for ward in hold.wards:
        own = [room for room in rooms.get(ward.ward, []) if room in entries]
        placed = []
        for d in range(days):
            left = ward.beds[d]
            for room in sorted(own, key=lambda r: (taken[r][d] - entries[r]["capacity"], r)):
                n = min(left, entries[room]["capacity"] - taken[room][d])
                if n > 0:
                    entries[room].setdefault("held_beds", [0] * days)[d] += n
                    left -= n
            placed.append(ward.beds[d] - left)
        why = ward.why if placed == list(ward.beds) else (
            f"{ward.why}; {sum(ward.beds) - sum(placed)} of them not held, their beds needed "
            "by mandatory patients or occupants")
        placed_wards.append(WardHold(ward.ward, tuple(placed), why))
    return document, Hold(hold.level, tuple(placed_wards))


def _held(document: dict[str, Any], starts_on: datetime, level: int,
          rooms: dict[str, list[str]], histories: list[WardHistory]) -> tuple[dict, Hold]:
    days = document["days"]
    hold = compute_hold(level, starts_on, days, histories)
    if not hold.total:
        return document, hold
    try:
        problem = Problem.from_json(document)
    except ProblemError:
        return document, hold  # the planner refuses the records, saying why
    filled = mandatory_beds(problem)
    if filled is None:
        return document, Hold(level, tuple(
            WardHold(w.ward, (0,) * days, f"none held on {w.ward}: no plan admitting every "
                     "mandatory patient was found to hold beds around") for w in hold.wards))
    return held_document(document, hold, rooms, filled)


async def hold_for(conn, document: dict[str, Any], starts_on: datetime,
                   level: int | None) -> tuple[dict[str, Any], Hold]:
    """The held problem and the hold, at `level` (None: the ward's setting). The forecast
    and the mandatory patients' plan run in a worker thread."""
    level = await read_level(conn) if level is None else check_level(level)
    if level == 0:
        return document, Hold(0, ())
    rooms = await room_wards(conn)
    histories = await read_histories(conn, list(rooms))
    return await asyncio.to_thread(_held, document, starts_on, level, rooms, histories)
