"""What the ward model may treat as interchangeable, and turning its counts back into people.

The model never decides "doctor i serves request p in slot t" (N x P x T variables, which
stops a solve at hospital size). Instead:

- requests with the same costs, penalties, urgency, need, earliest slot and resource form one
  `RequestClass`; the model counts how many of a class are served in each slot;
- doctors of the same skill form one level; the model counts how many of a class each level
  serves in each slot. Capacity per level and slot is the level's doctors on duty times the
  patients each may see, less what they already have booked, so the counts can always be
  dealt out to named doctors afterwards (`expand`): both sides are interchangeable within
  their group, so nothing is lost and the optimum is the per-person model's.

No OR-Tools here: `expand` is plain Python over the solved counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from hra_tui.solver.ward.instance import WardInstance


@dataclass(frozen=True)
class RequestClass:
    """Requests the objective and every rule treat alike; `rep` stands for all of them."""

    members: tuple[int, ...]

    @property
    def rep(self) -> int:
        return self.members[0]

    @property
    def size(self) -> int:
        return len(self.members)


def request_classes(inst: WardInstance) -> list[RequestClass]:
    """Requests grouped by everything the model reads of them, in first-seen order."""
    groups: dict[tuple, list[int]] = {}
    for p in range(inst.P):
        key = (tuple(inst.C[p]), tuple(inst.Pen[p]), inst.U[p], inst.need[p],
               inst.earliest[p], inst.uses[p], inst.defer[p], inst.due_slot(p), inst.minutes(p))
        groups.setdefault(key, []).append(p)
    return [RequestClass(tuple(members)) for members in groups.values()]


def skill_levels(inst: WardInstance) -> dict[int, list[int]]:
    """Skill -> the staff of that skill who may see patients (ascending by index)."""
    levels: dict[int, list[int]] = {}
    for i in range(inst.N):
        if inst.serves[i]:
            levels.setdefault(inst.S[i], []).append(i)
    return dict(sorted(levels.items()))


def able_levels(inst: WardInstance, levels: dict[int, list[int]], need: int) -> list[int]:
    """The skill levels that may serve a request needing `need`."""
    return [s for s in levels if s >= need]


def expand(inst: WardInstance, classes: list[RequestClass], x: list[list[int]],
           counts: dict[tuple[int, int, int | None], int],
           kept: dict[int, tuple[int, int]] | None = None
           ) -> tuple[list[list[int]], list[list[int]]]:
    """Dense y [P][T] and v [N][P] from the counts of (class, slot, level); level None means
    no one-server rule (v stays empty of servers).

    A re-plan's `kept` visits (request -> slot, staff member) go first, each to its own
    staff member; then each class hands its other members out in order; within a slot and
    level the longest visits go first, each to the on-duty doctor with the most room left
    (patients, then clinic minutes) that it fits, so patients spread over the doctors."""
    N, T, P = inst.N, inst.T, inst.P
    y = [[0] * T for _ in range(P)]
    v = [[0] * P for _ in range(N)]
    levels = skill_levels(inst)
    cap = inst.patients_per_staff if inst.toggles.patient_cap else P + 1
    timed = bool(inst.clinic_minutes) and inst.toggles.patient_cap
    room = {(i, t): cap - inst.booked[i][t] for i in range(N) for t in range(T)
            if x[i][t] and inst.serves[i]}
    minutes = {key: inst.minutes_room(*key) if timed else 0 for key in room}
    left = dict(counts)
    kept = kept or {}
    for c, group in enumerate(classes):
        for p in group.members:
            if p in kept:
                t, i = kept[p]
                level = inst.S[i] if inst.toggles.one_server else None
                left[c, t, level] -= 1
                y[p][t] = 1
                if level is not None:
                    v[i][p] = 1
                    room[i, t] -= 1
                    minutes[i, t] -= inst.minutes(p) if timed else 0
    placed: dict[tuple[int, int], list[int]] = {}
    for c, group in enumerate(classes):
        pending = [p for p in group.members if p not in kept]
        for t in range(T):
            for level in [None, *levels]:
                for _ in range(left.get((c, t, level), 0)):
                    p = pending.pop(0)
                    y[p][t] = 1
                    if level is not None:
                        placed.setdefault((t, level), []).append(p)
    for (t, level), requests in placed.items():
        for p in sorted(requests, key=lambda p: (-inst.minutes(p), p)):
            doctors = [i for i in levels[level] if (i, t) in room]
            fits = [i for i in doctors if room[i, t] > 0
                    and (not timed or minutes[i, t] >= inst.minutes(p))] or doctors
            i = max(fits, key=lambda k, t=t: (room[k, t], minutes[k, t], -k))
            room[i, t] -= 1
            minutes[i, t] -= inst.minutes(p) if timed else 0
            v[i][p] = 1
    return y, v
