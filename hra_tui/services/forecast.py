"""The wards' bed-demand forecast and its backtest, read from the wards' daily history
(`ward_history`) and computed by the pure `hra_tui.forecast` layer in a worker thread.

A ward is named by its full name, or by a part of it that names one ward alone ("Medical",
"Ward 3"). Its history is the run of consecutive days ending on its last day held; a ward
whose run is too short is refused by name, saying how many days it has.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from db import tables as t
from db.driver import Driver
from hra_tui.forecast import TooLittleHistory, WardForecast, WardHistory, forecast_ward
from hra_tui.forecast.backtest import WardBacktest, backtest_ward
from hra_tui.forecast.ward import MAX_DAYS
from hra_tui.formatting import counted
from hra_tui.services.context import Context
from hra_tui.services.errors import Invalid, NotFound, Refused


@dataclass(frozen=True)
class Outlook:
    """Forecasts of the wards that could have one, and a line for each that could not."""

    forecasts: list[WardForecast]
    refused: list[str]


@dataclass(frozen=True)
class Accuracy:
    backtests: list[WardBacktest]
    refused: list[str]


def _words(text: str) -> str:
    return " ".join(text.casefold().replace("—", " ").split())


def pick_ward(names: list[str], wanted: str) -> str:
    """The ward `wanted` names: its whole name, else a part of one ward's name alone."""
    key = _words(wanted)
    exact = [n for n in names if _words(n) == key]
    if exact:
        return exact[0]
    parts = [n for n in names if key and key in _words(n)]
    if len(parts) == 1:
        return parts[0]
    if parts:
        raise Invalid(f"'{wanted}' names {len(parts)} wards ({', '.join(parts[:4])}"
                      f"{', …' if len(parts) > 4 else ''}); say which")
    raise NotFound(f"No ward named '{' '.join(wanted.split())}'")


def last_run(ward: str, rows: list[tuple[str, int, int, int]]) -> WardHistory:
    """The consecutive days ending on the last day held (rows in day order)."""
    if not rows:
        return WardHistory(ward, date.min, (), (), ())
    days = [date.fromisoformat(r[0]) for r in rows]
    start = len(rows) - 1
    while start > 0 and days[start - 1] == days[start] - timedelta(days=1):
        start -= 1
    run = rows[start:]
    return WardHistory(ward, days[start], tuple(r[1] for r in run), tuple(r[2] for r in run),
                       tuple(r[3] for r in run))


async def read_histories(conn, names: list[str]) -> list[WardHistory]:
    """The named wards' histories, in the order named. Plain SQL on the driver: a hospital's
    two years are 36,500 rows, which SQLAlchemy's row objects would take a second to make."""
    driver = await Driver.of(conn)
    marks = ", ".join("?" for _ in names)
    rows = await driver.rows(
        "SELECT w.name, h.day, h.admitted, h.discharged, h.occupied FROM ward_history h "
        f"JOIN wards w ON w.id = h.ward_id WHERE w.name IN ({marks}) "
        "ORDER BY h.ward_id, h.day", names)
    by_ward: dict[str, list] = {name: [] for name in names}
    for name, *row in rows:
        by_ward[name].append(tuple(row))
    return [last_run(name, by_ward[name]) for name in names]


class ForecastService:
    """Opened once per ward database as `ward.forecast`."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def ward_names(self) -> list[str]:
        async with self._ctx.read() as conn:
            return list((await conn.execute(
                select(t.wards.c.name).where(t.wards.c.active).order_by(t.wards.c.id))
            ).scalars())

    async def histories(self, ward: str | None = None) -> list[WardHistory]:
        """Every active ward's history (or the one `ward` names), in ward order."""
        names = await self.ward_names()
        chosen = [pick_ward(names, ward)] if ward is not None else names
        async with self._ctx.read() as conn:
            return await read_histories(conn, chosen)

    async def outlook(self, ward: str | None = None, days: int = 14) -> Outlook:
        """The next `days` days of every ward with enough history (or of `ward`, refused
        if it has too little; refused too when no ward has enough)."""
        if not 1 <= days <= MAX_DAYS:
            raise Invalid(f"A forecast looks 1 to {MAX_DAYS} days ahead, not {days}")
        histories = await self.histories(ward)
        forecasts, refused = await asyncio.to_thread(_each, histories, forecast_ward, days)
        _refuse_if_none(forecasts, refused)
        return Outlook(forecasts, refused)

    async def accuracy(self, ward: str | None = None) -> Accuracy:
        """The rolling-origin backtest of every ward with enough history (or of `ward`)."""
        histories = await self.histories(ward)
        backtests, refused = await asyncio.to_thread(_each, histories, backtest_ward)
        _refuse_if_none(backtests, refused)
        return Accuracy(backtests, refused)


def _refuse_if_none(done: list, refused: list[str]) -> None:
    """Nothing done is a refusal: the one ward's reason, or the first of several."""
    if done:
        return
    if not refused:
        raise Refused("No active ward to forecast")
    more = f" (and {counted(len(refused) - 1, 'more ward')} alike)" if len(refused) > 1 else ""
    raise Refused(refused[0] + more)


def _each(histories: list[WardHistory], work, *args) -> tuple[list, list[str]]:
    done, refused = [], []
    for history in histories:
        try:
            done.append(work(history, *args))
        except TooLittleHistory as exc:
            refused.append(str(exc))
    return done, refused
