"""Random IHTC-2024 hospitals small enough for the whole CP-SAT model to prove its optimum
in well under a second, yet with every cost able to count: mixed genders and ages, tight
beds, theatres and surgeons, nurses of different skills with partial rosters and low
maxima, and an occupant now and then."""

from __future__ import annotations

import random

from hra_tui.solver.ihtc.problem import WEIGHT_KEYS, Problem

AGES = ["young", "adult", "old"]


def random_hospital(rng: random.Random, patients: int = 6, days: int = 4) -> Problem:
    shift_types = ["early", "late"]

    def per_shift(stay: int, top: int) -> list[int]:
        return [rng.randint(0, top) for _ in range(stay * len(shift_types))]

    rooms = [{"id": f"r{k}", "capacity": rng.randint(1, 2)} for k in range(3)]
    occupants = []
    for room in rooms:
        if rng.random() < 0.4:
            stay = rng.randint(1, days)
            occupants.append({"id": f"o{room['id']}", "gender": rng.choice("AB"),
                              "age_group": rng.choice(AGES), "length_of_stay": stay,
                              "room_id": room["id"], "workload_produced": per_shift(stay, 3),
                              "skill_level_required": per_shift(stay, 2)})
    admitted = []
    for k in range(patients):
        stay, release = rng.randint(1, 3), rng.randint(0, days - 2)
        patient = {"id": f"p{k}", "mandatory": rng.random() < 0.4,
                   "gender": rng.choice("AB"), "age_group": rng.choice(AGES),
                   "length_of_stay": stay, "surgery_release_day": release,
                   "surgery_duration": rng.choice([30, 60, 90, 120]),
                   "surgeon_id": rng.choice(["s0", "s0", "s1"]),
                   "incompatible_room_ids": rng.sample(["r0", "r1", "r2"], rng.choice([0, 0, 1])),
                   "workload_produced": per_shift(stay, 3),
                   "skill_level_required": per_shift(stay, 2)}
        if patient["mandatory"]:
            patient["surgery_due_day"] = rng.randint(release, days - 1)
        admitted.append(patient)
    nurses = []
    for k in range(4):
        # n0 works every shift, so every room can be covered; the others some shifts each.
        shifts = [(d, s) for d in range(days) for s in shift_types
                  if k == 0 or rng.random() < 0.6]
        nurses.append({"id": f"n{k}", "skill_level": 0 if k == 0 else rng.randint(0, 2),
                       "working_shifts": [{"day": d, "shift": s, "max_load": rng.randint(1, 5)}
                                          for d, s in shifts]})
    return Problem.from_json({
        "days": days, "skill_levels": 3, "shift_types": shift_types, "age_groups": AGES,
        "occupants": occupants, "patients": admitted,
        "surgeons": [{"id": f"s{k}", "max_surgery_time": [rng.choice([0, 120, 180, 240])
                                                          for _ in range(days)]}
                     for k in range(2)],
        "operating_theaters": [{"id": f"t{k}", "availability": [rng.choice([90, 120, 240])
                                                                for _ in range(days)]}
                               for k in range(2)],
        "rooms": rooms, "nurses": nurses,
        "weights": {key: rng.choice([1, 5, 20, 200]) for key in WEIGHT_KEYS}})
