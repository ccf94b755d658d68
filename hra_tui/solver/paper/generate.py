"""Seeded random instances of the paper's model, drawn with its section 4.1 ranges.

The same seed and sizes always give the same instance, so benchmarks and tests can name an
instance by (scenario, seed) instead of shipping a file.
"""

from __future__ import annotations

import math
import random

from hra_tui.solver.instance import Instance, array_shapes

# The paper's two experiments (section 4.1): N staff, T slots, P patients, K tasks, R resources.
SCENARIOS: dict[int, dict[str, int]] = {
    1: {"N": 20, "T": 10, "P": 30, "K": 15, "R": 10},
    2: {"N": 30, "T": 5, "P": 20, "K": 10, "R": 15},
}

# The most numbers a drawn instance may hold: its file (about 2 MB) stays one that hra reads
# back (`handed_files.JSON_LIMIT`), and drawing it takes about a second, not hours.
MAX_NUMBERS = 1_000_000


def loose_budget(W: list[list[int]], O: list[int], D: list[list[int]], Dt: list[int]) -> int:  # noqa: E741
    """A budget no schedule can exceed, so the budget row never binds (the paper gives no B).

    It is the budget row's left side at its largest: in each slot the Dt[t] dearest staff,
    every overtime flag set, and every resource in its dearest slot.
    """
    T = len(Dt)
    staff = sum(sum(sorted((row[t] for row in W), reverse=True)[:Dt[t]]) for t in range(T))
    return staff + sum(O) + sum(max(row, default=0) for row in D)


def generate(scenario: int | None = 1, seed: int = 0, *, N: int | None = None,
             T: int | None = None, P: int | None = None, K: int | None = None,
             R: int | None = None, budget: int | None = None) -> Instance:
    """Draw one instance: sizes from `scenario` (1 or 2), each overridable; B defaults to
    `loose_budget` (never binding) unless `budget` is given."""
    sizes = dict(SCENARIOS[scenario]) if scenario is not None else {}
    for key, value in (("N", N), ("T", T), ("P", P), ("K", K), ("R", R)):
        if value is not None:
            sizes[key] = value
    missing = [key for key in ("N", "T", "P", "K", "R") if key not in sizes]
    if missing:
        raise ValueError(f"without a scenario, give every size: missing {', '.join(missing)}")
    n, t_, p, k, r = (sizes[key] for key in ("N", "T", "P", "K", "R"))
    count = sum(math.prod(shape) for shape in array_shapes(n, t_, p, k, r).values())
    if count > MAX_NUMBERS:
        raise ValueError(f"N={n} T={t_} P={p} K={k} R={r} would hold {count:,} numbers, at "
                         f"most {MAX_NUMBERS:,} are drawn (M alone holds N×P×K×T)")
    rng = random.Random(seed)

    def draw(lo: int, hi: int, *shape: int):
        if not shape:
            return rng.randint(lo, hi)
        return [draw(lo, hi, *shape[1:]) for _ in range(shape[0])]

    W = draw(1, 10, n, t_)
    inter = draw(1, 10, n, n, t_)
    C = draw(1, 10, p, t_)
    D = draw(1, 10, r, t_)
    Pen = draw(1, 10, p, t_)
    O = draw(1, 10, n)  # noqa: E741
    U = draw(1, 10, p)
    S = draw(1, 5, n)
    M = draw(1, 5, n, p, k, t_)
    H = draw(8, 12, n)
    Dt = draw(2, 5, t_)
    F = draw(1, 3, n, n)
    B = loose_budget(W, O, D, Dt) if budget is None else budget
    if scenario is not None and sizes == SCENARIOS[scenario]:
        label = f"scenario{scenario}"
    else:
        label = f"custom-N{n}-T{t_}-P{p}-K{k}-R{r}"
    return Instance(name=f"{label}-seed{seed}", N=n, T=t_, P=p, K=k, R=r, W=W, I=inter, C=C,
                    D=D, Pen=Pen, O=O, U=U, S=S, M=M, H=H, Dt=Dt, B=B, F=F)
