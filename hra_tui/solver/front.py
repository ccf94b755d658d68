"""The cost-waiting front of any planner's CP-SAT model, by the epsilon-constraint method.

CP-SAT has no multi-objective mode, so the front is traced by many single-objective solves of
the same model: each point caps waiting at an epsilon and minimises cost under it, then, with
that cost held, minimises waiting (a lexicographic tie-break, so no point is dominated by a
plan of equal cost and less waiting). The two ends are the single-objective optima: least
cost (then least waiting) and least waiting (then least cost). The points between cap
waiting on a grid between the ends, each strictly below its neighbour's waiting, and each
solve starts from its neighbour's plan (a hint); where that finds no plan in time (a
hospital's horizon), from the least-waiting end's plan, which keeps every cap.

A planner hands over `Goals`: its model (rules only, no objective) and its cost, waiting and
quality as linear expressions. Quality is the third axis: not traded along the front, but
settled at each point by a third solve (the best quality at that cost and waiting), so the
points are non-dominated in all three goals.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from hra_tui.solver.plan import Progress, Status
from hra_tui.solver.runner import RunResult, relative_gap, run
from hra_tui.solver.signals import ProgressCallback, StopSignal

MIN_POINTS = 2  # the two ends


@dataclass(frozen=True)
class Goals:
    """A model holding every rule and no objective, with its three goals as expressions."""

    model: cp_model.CpModel
    cost: cp_model.LinearExprT
    waiting: cp_model.LinearExprT
    quality: cp_model.LinearExprT


@dataclass(frozen=True)
class FrontPoint:
    """One plan of the front: its three goals, whether it is proven, and its values.

    `proven` means its three solves were optimal: no plan has less cost with waiting at most
    `cap`, nor less waiting at this cost, nor better quality at both. Otherwise `gap` is the
    larger relative gap of the cost and waiting solves, the front's two axes, and
    `quality_gap` the quality solve's (None where a solve proved no bound or found nothing)."""

    cost: int
    waiting: int
    quality: int
    proven: bool
    gap: float | None
    quality_gap: float | None
    cap: int | None  # the waiting cap it was solved under; None at the two ends
    wall_time: float
    values: list[int] = field(repr=False)  # every model variable's value, by index

    @property
    def status(self) -> str:
        return "proven" if self.proven else "best found"


@dataclass(frozen=True)
class Front:
    """The points found, from least cost to least waiting; `stopped` if a stop ended it."""

    points: list[FrontPoint]
    stopped: bool
    wall_time: float
    asked: int


def trace_front(goals: Goals, points: int, *, time_limit: float = 60.0, workers: int = 1,
                seed: int = 0, hint: dict[int, int] | None = None,
                parameters: dict | None = None, on_progress: ProgressCallback | None = None,
                stop: StopSignal | None = None,
                on_point: Callable[[FrontPoint], None] | None = None) -> Front:
    """Trace up to `points` points of the front in `time_limit` seconds in all.

    `hint` (variable index -> value) starts the first solve, e.g. from a simple valid plan.
    `on_progress` hears each solve's events with `fraction` the share of points done;
    `on_point` hears each point as it is found. A stop keeps the points found so far.
    """
    if points < MIN_POINTS:
        raise ValueError(f"a front needs at least {MIN_POINTS} points")
    start = time.monotonic()
    tracer = _Tracer(goals, points, start + time_limit, workers, seed, parameters,
                     on_progress, stop, start)
    found: list[FrontPoint] = []

    def keep(point: FrontPoint | None) -> FrontPoint | None:
        if point is not None:
            found.append(point)
            if on_point is not None:
                on_point(point)
        return point

    cheapest = keep(tracer.point(None, hint, cost_first=True))
    quickest = keep(tracer.point(None, cheapest.values if cheapest else hint,
                                 cost_first=False))
    if cheapest is not None and quickest is not None:
        high, low = cheapest.waiting, quickest.waiting
        previous = cheapest
        for k in range(1, points - 1):
            grid = high - (k * (high - low)) // (points - 1)
            cap = min(grid, previous.waiting - 1)
            if cap <= low or tracer.over:
                break
            point = tracer.point(cap, previous.values, cost_first=True)
            if point is None and not tracer.over:
                # the neighbour's plan breaks the cap, and no plan was found from it in time:
                # the least-waiting end's plan keeps every cap, so start again from that
                point = tracer.point(cap, quickest.values, cost_first=True)
            if keep(point) is None:
                break
            previous = point
    return Front(points=_non_dominated(found), stopped=stop is not None and stop.requested,
                 wall_time=time.monotonic() - start, asked=points)


def _non_dominated(found: list[FrontPoint]) -> list[FrontPoint]:
    """The points no other point beats on both axes, by cost, one per (cost, waiting)."""
    kept: dict[tuple[int, int], FrontPoint] = {}
    for p in found:
        if any(q.cost <= p.cost and q.waiting <= p.waiting
               and (q.cost, q.waiting) != (p.cost, p.waiting) for q in found):
            continue
        best = kept.get((p.cost, p.waiting))
        if best is None or (p.proven and not best.proven):
            kept[p.cost, p.waiting] = p
    return sorted(kept.values(), key=lambda p: (p.cost, p.waiting))


class _Tracer:
    """The model with two goal variables whose domains cap each solve (no copy per point)."""

    def __init__(self, goals: Goals, points: int, deadline: float, workers: int, seed: int,
                 parameters: dict | None, on_progress: ProgressCallback | None,
                 stop: StopSignal | None, start: float) -> None:
        self.model = goals.model
        self.deadline, self.workers, self.seed = deadline, workers, seed
        self.parameters, self.on_progress, self.stop, self.start = (parameters, on_progress,
                                                                   stop, start)
        self.solves_left = 3 * points
        self.spans: dict[int, tuple[int, int]] = {}  # each goal variable's own domain
        self.points, self.done = points, 0
        self.cost = self._goal(goals.cost, "front_cost")
        self.waiting = self._goal(goals.waiting, "front_waiting")
        self.quality = self._goal(goals.quality, "front_quality")

    def _goal(self, expr, name: str) -> cp_model.IntVar:
        low, high = _span(self.model, expr)
        var = self.model.new_int_var(low, high, name)
        self.model.add(var == expr)
        return var

    @property
    def over(self) -> bool:
        return (self.stop is not None and self.stop.requested) or time.monotonic() >= self.deadline

    def point(self, cap: int | None, hint, *, cost_first: bool) -> FrontPoint | None:
        """Minimise the first goal (waiting at most `cap`), then the second with the first
        held at its best, then quality with both held; None when the first solve finds no
        plan."""
        began = time.monotonic()
        first, second = (self.cost, self.waiting) if cost_first else (self.waiting, self.cost)
        self._cap(self.waiting, cap)
        self._cap(self.cost, None)
        one = self._solve(first, hint)
        if not one.has_solution:
            self._cap(self.waiting, None)
            self.done += 1
            return None
        values = _values(one)
        best = one.value(first)
        self._cap(first, best)
        two = self._solve(second, values)
        runs = [one, two]
        if two.has_solution:
            values = _values(two)
            self._cap(second, values[second.index])
            runs.append(self._solve(self.quality, values))
            if runs[-1].has_solution:
                values = _values(runs[-1])
        self._cap(self.waiting, None)
        self._cap(self.cost, None)
        self.done += 1
        proven = len(runs) == 3 and all(r.status == Status.OPTIMAL for r in runs)
        gaps = [relative_gap(r.objective, r.bound) if r.has_solution else None for r in runs]
        axes = gaps[:2]
        gap = None if None in axes else max(axes)
        quality_gap = gaps[2] if len(gaps) == 3 else None
        return FrontPoint(cost=values[self.cost.index], waiting=values[self.waiting.index],
                          quality=values[self.quality.index], proven=proven, gap=gap,
                          quality_gap=quality_gap, cap=cap,
                          wall_time=time.monotonic() - began, values=values)

    def _cap(self, var: cp_model.IntVar, high: int | None) -> None:
        """Let `var` run from its lowest value to `high` (None: to its highest)."""
        domain = self.model.proto.variables[var.index].domain
        low, top = self.spans.setdefault(var.index, (domain[0], domain[1]))
        domain[1] = top if high is None else max(low, min(top, high))

    def _solve(self, goal: cp_model.IntVar, hint) -> RunResult:
        self.model.minimize(goal)
        self.model.clear_hints()
        if hint:
            items = hint.items() if isinstance(hint, dict) else enumerate(hint)
            pairs = [(k, v) for k, v in items if k < len(self.model.proto.variables)]
            self.model.proto.solution_hint.vars.extend(k for k, _v in pairs)
            self.model.proto.solution_hint.values.extend(v for _k, v in pairs)
        left = max(0.0, self.deadline - time.monotonic())
        # an equal share of the time left, or up to four shares when a solve needs them:
        # most solves take a fraction of their share, and what they leave is passed on
        budget = min(left, 4 * left / max(1, self.solves_left))
        self.solves_left -= 1
        done = self.done

        def relay(event: Progress) -> None:
            if self.on_progress is not None:
                self.on_progress(Progress(
                    wall_time=time.monotonic() - self.start, objective=event.objective,
                    bound=event.bound, gap=event.gap, solutions=event.solutions,
                    fraction=min(1.0, (done + 0.5) / self.points)))

        return run(self.model, time_limit=max(budget, min(left, 1.0)), workers=self.workers,
                   seed=self.seed, on_progress=relay, stop=self.stop,
                   parameters=self.parameters)


def _values(res: RunResult) -> list[int]:
    return list(res.solver.response_proto.solution)


def _span(model: cp_model.CpModel, expr) -> tuple[int, int]:
    """The least and greatest value `expr` can take over its variables' domains (read from
    the flattened objective it makes, which is then cleared)."""
    model.minimize(expr)
    objective = model.proto.objective
    low = high = int(objective.offset)
    for var, coeff in zip(objective.vars, objective.coeffs, strict=True):
        domain = model.proto.variables[var].domain
        ends = (coeff * domain[0], coeff * domain[len(domain) - 1])
        low += min(ends)
        high += max(ends)
    model.clear_objective()
    return low, high
