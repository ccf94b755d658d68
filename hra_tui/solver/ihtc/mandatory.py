"""A plan of the mandatory patients alone, found by backtracking (earliest due first, then over
day, theatre and room): the beds it fills are beds a hold for emergencies must leave alone, so
that holding beds never makes a mandatory patient impossible to admit.

Pure Python, like the rest of the problem's reading and checking: no OR-Tools.
"""

from __future__ import annotations

from hra_tui.solver.ihtc.problem import Problem

BUDGET = 20_000  # backtracking steps before giving up


def mandatory_beds(problem: Problem, budget: int = BUDGET) -> list[list[int]] | None:
    """Per room and day, the beds a plan admitting every mandatory patient fills (occupants
    included), keeping rooms' beds, genders, incompatible rooms and theatre and surgeon
    minutes; None when no such plan is found within `budget` steps."""
    days, rooms = problem.days, problem.rooms
    genders: list[list[list[str]]] = [[[] for _ in range(days)] for _ in rooms]
    for o in problem.occupants:
        for d in range(min(days, o.length_of_stay)):
            genders[o.room][d].append(o.gender)
    theatre = [list(t.availability) for t in problem.theaters]
    surgeon = [list(s.max_surgery_time) for s in problem.surgeons]
    todo = sorted((p for p in problem.patients if p.mandatory),
                  key=lambda p: (p.due_day, p.release_day))
    steps = 0

    def place(k: int) -> bool:
        nonlocal steps
        steps += 1
        if k == len(todo) or steps > budget:
            return k == len(todo)
        p = todo[k]
        minutes = p.surgery_duration
        for d in range(p.release_day, min(p.due_day, days - 1) + 1):
            if surgeon[p.surgeon][d] < minutes:
                continue
            stay = range(d, min(days, d + p.length_of_stay))
            for t in (t for t in range(len(theatre)) if theatre[t][d] >= minutes):
                for r, room in enumerate(rooms):
                    if r in p.incompatible_rooms or any(
                            len(genders[r][e]) >= room.beds_on(e)
                            or set(genders[r][e]) - {p.gender} for e in stay):
                        continue
                    theatre[t][d] -= minutes
                    surgeon[p.surgeon][d] -= minutes
                    for e in stay:
                        genders[r][e].append(p.gender)
                    if place(k + 1):
                        return True
                    theatre[t][d] += minutes
                    surgeon[p.surgeon][d] += minutes
                    for e in stay:
                        genders[r][e].pop()
        return False

    if not place(0):
        return None
    return [[len(people) for people in room_days] for room_days in genders]
