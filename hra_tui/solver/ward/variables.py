"""The ward model's variables, made before any rule: who is on duty (by slot and by day), which
resources are in use, overtime, and how many requests of each class are seen in each slot, so
every rule in `constraints` reads the same ones. They are made in the order the model has
always made them (the day Booleans before the counts): the solver's search follows it, and so
do the plans it returns among equally good ones."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from hra_tui.solver.ward.aggregate import RequestClass, able_levels, request_classes, skill_levels
from hra_tui.solver.ward.instance import WardInstance
from hra_tui.solver.ward.rules import day_runs, slot_days


@dataclass
class WardModel:
    """The CP-SAT model and its variables.

    x [N][T] staff on duty, z [R][T] resources in use, o [N] overtime slots; `on_day[i, d]`
    whether staff i works on calendar day d (only where the days-in-a-row rule applies, which
    ties it to x); `count[c, t, s]` how many requests of class c the doctors of skill s serve
    in slot t (s is None without the one-server rule), also grouped by class, by (class,
    slot) and by (slot, level) for the rules that sum them. The rules that need variables of
    their own fill `worked_range` and `together`; a re-plan fills `keep`."""

    model: cp_model.CpModel
    x: list[list[cp_model.IntVar]]
    z: list[list[cp_model.IntVar]]
    o: list[cp_model.IntVar]
    on_day: dict[tuple[int, int], cp_model.IntVar]
    classes: list[RequestClass]
    levels: dict[int, list[int]]  # skill -> the staff of that skill who see patients
    count: dict[tuple[int, int, int | None], cp_model.IntVar]
    by_class: list[list[tuple[int, cp_model.IntVar]]]  # [c]: (slot, count)
    by_slot: dict[tuple[int, int], list[cp_model.IntVar]]  # (c, t): a count per level
    by_level: dict[tuple[int, int | None], list[tuple[int, cp_model.IntVar]]]  # (t, s): (c, n)
    # patients already booked, as the rules count them: none with keep_booked_patients off
    booked: list[list[int]]
    together: dict[tuple[int, int, int], cp_model.IntVar] = field(default_factory=dict)
    worked_range: tuple[cp_model.IntVar, cp_model.IntVar] | None = None  # fewest, most worked
    keep: dict[int, cp_model.IntVar] = field(default_factory=dict)  # a re-plan's kept visits

    def served(self, c: int):
        """How many requests of class c are seen in the horizon."""
        return sum(n for _t, n in self.by_class[c])


def new_ward_model(inst: WardInstance, booked: list[list[int]]) -> WardModel:
    """A model holding only the variables: x, z and o (o up to the overtime cap, 0 without
    the overtime toggle), a day Boolean per staff member and calendar day where there are
    runs of days to limit, and a count per class, slot from its earliest, and able level."""
    N, T, R = inst.N, inst.T, inst.R
    m = cp_model.CpModel()
    x = [[m.new_bool_var(f"x[{i}][{t}]") for t in range(T)] for i in range(N)]
    z = [[m.new_bool_var(f"z[{r}][{t}]") for t in range(T)] for r in range(R)]
    cap_o = inst.overtime_cap if inst.toggles.overtime else 0
    o = [m.new_int_var(0, cap_o, f"o[{i}]") for i in range(N)]
    days = sorted(set(slot_days(inst))) if day_runs(inst) else []
    on_day = {(i, d): m.new_bool_var(f"day[{i}][{d}]") for i in range(N) for d in days}
    classes = request_classes(inst)
    levels = skill_levels(inst)
    count: dict[tuple[int, int, int | None], cp_model.IntVar] = {}
    for c, group in enumerate(classes):
        p = group.rep
        able = able_levels(inst, levels, inst.need[p]) if inst.toggles.one_server else [None]
        for t in range(inst.earliest[p], T):
            for s in able:
                count[c, t, s] = m.new_int_var(0, group.size, f"n[{c}][{t}][{s}]")
    by_class: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in classes]
    by_slot: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    by_level: dict[tuple[int, int | None], list[tuple[int, cp_model.IntVar]]] = {}
    for (c, t, s), n in count.items():
        by_class[c].append((t, n))
        by_slot.setdefault((c, t), []).append(n)
        by_level.setdefault((t, s), []).append((c, n))
    return WardModel(m, x, z, o, on_day, classes, levels, count, by_class, by_slot, by_level,
                     booked)
