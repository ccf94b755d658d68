"""Both planners keep one solve contract (issue 22), through the services the CLI and the
console call: the same `Progress` arrives from the solver's thread, and one `StopSignal`
ends a long solve within a second, the best plan kept. On the demo ward, which holds both
the roster's records and the admissions'."""

from __future__ import annotations

import asyncio
import threading

import pytest

from hra_tui.services.planning.ward.records import PlanRequest
from hra_tui.solver.plan import Progress
from hra_tui.solver.signals import StopSignal
from hra_tui.solver.ward.instance import Toggles

LONG = 600  # seconds: only the stop can end these solves within the test


def solve_roster(ward, stop, on_progress):
    # The demo's three weeks without the patient cap take minutes to prove.
    request = PlanRequest(horizon=21, toggles=Toggles(patient_cap=False), time_limit=LONG)
    return ward.planning.solve(request, stop=stop, on_progress=on_progress)


def solve_admissions(ward, stop, on_progress):
    return ward.admissions.plan(LONG, stop=stop, on_progress=on_progress)


def roster_kept(summary, heard: list[Progress]) -> None:
    assert summary.breakdown is not None and "Stopped by the clerk" in summary.explanation
    assert summary.objective == min(e.objective for e in heard if e.objective is not None)


def admissions_kept(plan, heard: list[Progress]) -> None:
    assert plan.check.feasible and heard[-1].left_out == 0
    assert plan.check.total_cost == heard[-1].cost  # the best plan, as last reported


@pytest.mark.parametrize(("solve", "kept"), [(solve_roster, roster_kept),
                                             (solve_admissions, admissions_kept)],
                         ids=["ward roster", "admissions"])
async def test_one_progress_event_and_one_stop_signal(demo_ward, solve, kept):
    heard: list[Progress] = []
    threads: set[int] = set()
    improving = threading.Event()
    stop = StopSignal()

    def on_progress(event: Progress) -> None:
        heard.append(event)
        threads.add(threading.get_ident())
        if event.objective is not None and event.moves != 0:  # past the search's first plan
            improving.set()

    solving = asyncio.ensure_future(solve(demo_ward, stop, on_progress))
    assert await asyncio.to_thread(improving.wait, 60)
    stop.stop()
    result = await asyncio.wait_for(solving, 30)  # a stop not heard fails here, not in 600 s
    assert all(type(event) is Progress for event in heard)
    assert threading.get_ident() not in threads  # posted from the solver's thread
    kept(result, heard)
