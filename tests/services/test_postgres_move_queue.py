"""The queue and the swap on a PostgreSQL ward: a move requested, approved and carried out,
two machines approving into one bed (one wins), and two patients swapping beds past the
server's unique index on active stays."""

from __future__ import annotations

import asyncio

import pytest

from db.demo import create_demo
from hra_tui.services.errors import Refused
from hra_tui.services.health import check_database
from hra_tui.services.ward import Ward

pytestmark = pytest.mark.pg


async def test_the_queue_and_the_swap_on_a_server_ward(pg_ward):
    create_demo(pg_ward, "ward", seed=5)
    first, second = await Ward.open(pg_ward, create=False), await Ward.open(pg_ward,
                                                                            create=False)
    try:
        waiting = [p.mrn for p in await first.patient_list.search("", 100) if p.bed is None]
        board = await first.beds.board(None)
        [free] = [b.label for b in board if b.status == "free"][:1]
        moves = [await first.queue.request(mrn, bed=free) for mrn in waiting[:2]]
        results = await asyncio.gather(first.queue.approve(moves[0].id),
                                       second.queue.approve(moves[1].id),
                                       return_exceptions=True)
        won = [r for r in results if not isinstance(r, BaseException)]
        assert len(won) == 1 and all(isinstance(r, Refused) for r in results if r not in won)
        done = await first.queue.carry_out(won[0].id)
        assert (done.status, (await first.beds.cell(free)).patient_mrn) == ("done", done.mrn)
        one, two = [b for b in await first.beds.board(None) if b.patient_mrn][:2]
        swapped = await second.beds.swap(one.label, two.label)
        assert [(c.label, c.patient_mrn) for c in swapped] == [
            (one.label, two.patient_mrn), (two.label, one.patient_mrn)]
    finally:
        await first.close()
        await second.close()
    assert await check_database(pg_ward) == []
