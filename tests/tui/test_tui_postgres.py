"""The console on a PostgreSQL ward: it opens on the patient list (read on its plain psycopg
connection), every area of the clerk's shows, and an admission made at the `:` line is on
the server for the next reader."""

from __future__ import annotations

import pytest
from support.console import console, settle, wait_for

from db.demo import create_demo
from db.os_account import os_account
from hra_tui.areas import AREAS
from hra_tui.screens.shell.commands import parse_command
from hra_tui.services.ward import Ward

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_demo(pg_ward):
    create_demo(pg_ward, "ward", seed=5)
    return pg_ward


async def test_the_console_works_a_postgresql_ward(pg_demo):
    async with await Ward.open(pg_demo, create=False) as ward:
        waiting = [p.mrn for p in await ward.patient_list.search("", 100) if p.bed is None][0]
        free = [b.label for b in await ward.beds.board(None) if b.status == "free"][0]
    async with console(pg_demo, os_account()) as (app, pilot):
        for area in [a for a in AREAS if a.mode in ("beds", "appointments", "billing")]:
            await pilot.press(area.key)
            await wait_for(pilot, lambda a=area: app.current_mode == a.mode)
            await settle(pilot)
            assert type(app.screen) is area.load()
        await app.execute(parse_command(f":admit {waiting} {free}"))
    async with await Ward.open(pg_demo, create=False) as ward:
        [cell] = [b for b in await ward.beds.board(None) if b.label == free]
        assert cell.patient_mrn == waiting and cell.status == "occupied"
