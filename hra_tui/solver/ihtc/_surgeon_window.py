"""Which patients a surgeon's window frees: one surgeon's, over a span of days, each free to
go to any of its days.

A day window (`_window.py`) re-plans the patients of one to three days on those days: it
cannot move a surgeon's patient to a far day, where the surgeon has minutes left and a bed
of the right gender is free. A surgeon's window frees the surgeon's patients admitted on a
span of days from a first day, and the surgeon's patients left out who could come then, and
offers each every day it may be admitted on; `_window.replan` places them again, priced on
the whole cost, everyone else and the nurses held.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from hra_tui.solver.ihtc._wards import Wards


def surgeon_free(w: Wards, frozen: Container[int], surgeon: int, first: int,
                 cap: int) -> dict[int, Sequence[int]]:
    """The patients of `surgeon` (not `frozen`) admitted from day `first` on, or left out
    and admissible from then, each with all its open days (`w.op_days`): the span grows a
    day at a time while it frees at most `cap` patients (at least one day's worth)."""
    mine = [i for i, q in enumerate(w.p.patients) if q.surgeon == surgeon and i not in frozen]
    free: dict[int, Sequence[int]] = {}
    for last in range(first, w.days):
        chosen = {i: w.op_days[i] for i in mine if _within(w, i, first, last)}
        if free and len(chosen) > cap:
            break
        free = chosen
    return free


def _within(w: Wards, i: int, first: int, last: int) -> bool:
    """Patient i is admitted on a day from `first` to `last`, or left out and admissible on
    one of them."""
    pl = w.place[i]
    if pl is not None:
        return first <= pl[0] <= last
    return any(first <= d <= last for d in w.op_days[i])
