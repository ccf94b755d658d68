"""The paper's result tables as plain text: Table 2/3 (the solve) and Tables 4-7 (the plan).

Kept apart from the CLI so the console and tests can print the same text.
"""

from __future__ import annotations

from hra_tui.formatting import whole_or_tenths
from hra_tui.solver.plan import Plan


def format_summary(plan: Plan) -> str:
    """Table 2/3 rows: status, objective, best bound, gap, solutions, wall time, model size."""
    gap = "-" if plan.gap is None else f"{100 * plan.gap:.2f}%"
    rows = [
        ("Status", str(plan.status)),
        ("Objective value", whole_or_tenths(plan.objective)),
        ("Best bound", whole_or_tenths(plan.bound)),
        ("Gap", gap),
        ("Solution count", str(plan.solutions)),
        ("Wall time", f"{plan.wall_time:.2f} s"),
        ("Model size", f"{plan.size.variables} variables, {plan.size.constraints} constraints, "
                       f"{plan.size.nonzeros} nonzeros"),
    ]
    if plan.method:
        rows.append(("Method", plan.method))
    if plan.explanation:
        rows.append(("Note", plan.explanation))
    width = max(len(term) for term, _ in rows)
    return "\n".join(f"{term:<{width}}  {value}" for term, value in rows)


def _slot(t: int | None) -> str:
    return "-" if t is None else str(t + 1)


def format_assignments(plan: Plan) -> str:
    """Tables 4-7: staff -> slots, patient -> slot, resource -> slot, overtime per staff.

    Numbered from 1, as the paper's tables and our charts are (the JSON files stay 0-based).
    """
    if not plan.has_solution:
        return "No plan: no solution was found."
    parts = ["Staff assignments (staff: slots), numbered from 1"]
    parts += [f"  staff {i + 1}: {', '.join(map(_slot, slots)) or '-'}"
              for i, slots in plan.staff_slots().items()]
    parts.append("Patient assignments (patient: slot)")
    parts += [f"  patient {p + 1}: {_slot(t)}" for p, t in plan.patient_slots().items()]
    parts.append("Resource allocations (resource: slot)")
    parts += [f"  resource {r + 1}: {_slot(t)}" for r, t in plan.resource_slots().items()]
    parts.append("Overtime (staff: overtime)")
    parts += [f"  staff {i + 1}: {flag}" for i, flag in enumerate(plan.o)]
    return "\n".join(parts)


def format_plan(plan: Plan) -> str:
    """Everything the paper reports for one solve, Table 2/3 first."""
    return format_summary(plan) + "\n\n" + format_assignments(plan)
