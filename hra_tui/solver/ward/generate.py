"""Generated wards of any size, drawn like the demo ward, for the benchmark and the tests.

A ward of `staff` people (doctors and surgeons who see patients, nurses, pharmacists and
technologists), `slots` shifts (early, late, night; nights lighter), `requests` waiting care
requests and a resource per ten staff, scaled from the demo ward's 25 staff, so a 200-staff
ward carries eight times the demo's demand. Slots are three 8-hour shifts a day from 07:00.
"""

from __future__ import annotations

import random

from hra_tui.solver.ward.build import (
    PlanSettings,
    RequestSpec,
    ResourceSpec,
    SlotSpec,
    StaffSpec,
    ward_instance,
)
from hra_tui.solver.ward.instance import WARD_RULES, WardInstance

# (share of the staff, sees patients, cost per slot range, overtime premium range)
_ROLES = (("doctor", 0.32, True, (9, 13), (3, 6)), ("surgeon", 0.12, True, (11, 15), (4, 8)),
          ("nurse", 0.40, False, (4, 7), (1, 3)), ("pharmacist", 0.08, False, (6, 8), (1, 3)),
          ("technologist", 0.08, False, (5, 7), (1, 3)))
_SHIFTS = ("early", "late", "night")
_STARTS = (7, 15, 23)  # hours: three 8-hour shifts a day


def generated_ward(staff: int, requests: int, slots: int, seed: int = 0,
                   settings: PlanSettings | None = None) -> WardInstance:
    """The ward, with the ward's default shift rules unless `settings` says otherwise."""
    rng = random.Random(seed)
    people: list[StaffSpec] = []
    for role, share, serves, (lo, hi), (olo, ohi) in _ROLES:
        count = round(staff * share) if role != "technologist" else staff - len(people)
        for k in range(count):
            cost = rng.randint(lo, hi)
            people.append(StaffSpec(f"{role} {k + 1}", rng.choices((1, 2, 3, 4, 5),
                                                                  (1, 3, 5, 4, 2))[0],
                                    max_slots=max(1, round(rng.randint(8, 14) * slots / 21)),
                                    cost=cost, overtime_cost=cost + rng.randint(olo, ohi),
                                    serves=serves, role=role))
    scale = staff / 25
    times = []
    for t in range(slots):
        night = _SHIFTS[t % 3] == "night"
        demand = max(1, round((rng.randint(2, 3) if night else rng.randint(3, 5)) * scale))
        times.append(SlotSpec(f"day {t // 3 + 1} {_SHIFTS[t % 3]}", demand,
                              demand * 2 + rng.randint(0, 3),
                              start=(t // 3) * 24 * 60 + _STARTS[t % 3] * 60))
    resources = [ResourceSpec(f"resource {r + 1}", rng.randint(8, 40))
                 for r in range(max(1, staff // 10))]
    care = [RequestSpec(f"request {p + 1}", urgency=rng.randint(1, 10),
                        need=rng.choices((1, 2, 3, 4), (4, 3, 2, 1))[0],
                        care_cost=rng.randint(0, 50), earliest=rng.randrange(max(1, slots // 3)),
                        resource=rng.randrange(len(resources)) if rng.random() < 0.2 else -1)
            for p in range(requests)]
    pairs = {}
    for _ in range(staff // 5):
        i, j = rng.sample(range(staff), 2)
        pairs[min(i, j), max(i, j)] = rng.choice((-3, -2, -1, 1, 2, 3))
    return ward_instance(f"generated {staff}/{requests}/{slots}", people, times, care,
                         resources, pairs=pairs,
                         settings=settings or PlanSettings(rules=WARD_RULES))
