"""`solve(..., threads=2)`: two searches that meet at checkpoints, where the worse restarts
from the better's plan; reproducible with a move budget, and a stop ends both.

The searches meet where they report, every 4,096 moves, from 30% of the move budget on, every
10%: 20,000 moves (pure Python) meet at 8,192, 12,288 and 16,384; 40,000 (compiled) at seven.
"""

from __future__ import annotations

import queue

import pytest
from support.data import IHTC as DATA

from hra_tui.solver.ihtc import check, load_problem
from hra_tui.solver.ihtc import solver as ihtc_solver
from hra_tui.solver.ihtc._share import Board, Exchange
from hra_tui.solver.ihtc.solver import solve


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
def test_two_threads_that_share_are_reproducible_for_a_seed(compiled: bool) -> None:
    problem = load_problem(DATA / "test02.json")
    moves = 40_000 if compiled else 20_000
    first = solve(problem, seed=3, iterations=moves, threads=2, compiled=compiled)
    again = solve(problem, seed=3, iterations=moves, threads=2, compiled=compiled)
    assert first.restarts > 0
    assert (first.solution, first.cost, first.restarts) == \
        (again.solution, again.cost, again.restarts)
    assert first.cost == check(problem, first.solution).total_cost


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
def test_at_a_checkpoint_the_worse_search_takes_the_better_plan(
        compiled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    posted: list[tuple[int, int, int]] = []

    class Recording(Board):
        def take(self, k, number, cost, plan) -> None:  # type: ignore[no-untyped-def]
            posted.append((number, k, cost))
            super().take(k, number, cost, plan)

    monkeypatch.setattr(ihtc_solver, "Board", Recording)
    problem = load_problem(DATA / "test02.json")
    result = solve(problem, seed=3, iterations=40_000 if compiled else 20_000, threads=2,
                   compiled=compiled)
    checkpoints: dict[int, list[int]] = {}
    for number, _k, cost in posted:
        checkpoints.setdefault(number, []).append(cost)
    assert len(checkpoints) >= 3 and all(len(c) == 2 for c in checkpoints.values())
    # One restart at every checkpoint where the two bests differ, and the plan kept is at
    # least as cheap as the better one met at any checkpoint.
    assert result.restarts == sum(a != b for a, b in checkpoints.values()) > 0
    assert result.cost <= min(min(c) for c in checkpoints.values())


def test_shared_threads_end_on_a_stop_with_a_feasible_plan() -> None:
    problem = load_problem(DATA / "test01.json")
    polls = iter(range(25))  # the parent polls the stop every 20 ms or so

    def stop() -> bool:
        return next(polls, None) is None

    result = solve(problem, time_limit=3600.0, seed=0, iterations=10**12, stop=stop,
                   threads=2)
    assert result.moves_tried < 10**9
    assert check(problem, result.solution).feasible


def test_a_search_waiting_for_its_peer_at_a_checkpoint_ends_on_a_stop() -> None:
    inbox: queue.Queue = queue.Queue()  # the peer never posts: no answer comes
    polls = iter(range(5))
    exchange = Exchange(0, queue.Queue(), inbox, lambda: next(polls, None) is None)
    assert exchange.due(0.35)
    assert exchange.meet(100, ([None], [0]), budget=True) is None


def test_under_the_clock_the_parent_answers_at_once_with_the_cheapest_posted() -> None:
    inboxes: list[queue.Queue] = [queue.Queue(), queue.Queue()]
    board = Board(2, inboxes, budget=False)
    cheap, dear = ([(0, 0, 0)], [1]), ([(1, 0, 0)], [0])
    board.take(0, 1, 100, cheap)
    assert inboxes[0].get_nowait() == (1, None)  # its own is the cheapest: stay
    board.take(1, 1, 120, dear)
    assert inboxes[1].get_nowait() == (1, (100, cheap))  # without waiting for a peer
    board.take(0, 2, 90, dear)
    assert inboxes[0].get_nowait() == (2, None)
