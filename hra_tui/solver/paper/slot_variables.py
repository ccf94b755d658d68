"""The printed model's slot decision variables, made in one place.

x[i][t]: staff member i is on duty in slot t; y[p][t]: patient p is served in slot t;
z[r][t]: resource r is used in slot t; o[i]: staff member i's overtime. `PaperModel` adds the
printed v and w. (The ward model, `solver/ward/model.py`, counts its own variables.)
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from hra_tui.solver.instance import Instance

Grid = list[list[cp_model.IntVar]]


@dataclass
class SlotVariables:
    """The CP-SAT model with the variables every slot model has."""

    model: cp_model.CpModel
    x: Grid
    y: Grid
    z: Grid
    o: list[cp_model.IntVar]


def slot_grids(m: cp_model.CpModel, inst: Instance) -> tuple[Grid, Grid, Grid]:
    """x (staff by slot), y (patients by slot) and z (resources by slot), all Booleans."""
    T = inst.T
    x = [[m.new_bool_var(f"x[{i}][{t}]") for t in range(T)] for i in range(inst.N)]
    y = [[m.new_bool_var(f"y[{p}][{t}]") for t in range(T)] for p in range(inst.P)]
    z = [[m.new_bool_var(f"z[{r}][{t}]") for t in range(T)] for r in range(inst.R)]
    return x, y, z
