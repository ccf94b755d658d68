"""IHTC-2024 (the Integrated Healthcare Timetabling Competition): the problem as plain data,
the competition's solution files, and an exact checker of hard violations and soft costs.

Pure Python: no OR-Tools, no database, no Textual, so `hra ihtc check` starts fast.
"""

from hra_tui.solver.ihtc.checker import CheckResult, Term, check
from hra_tui.solver.ihtc.problem import Problem, ProblemError, load_problem, load_problem_document
from hra_tui.solver.ihtc.solution import Solution, SolutionError, load_solution

__all__ = [
    "CheckResult",
    "Problem",
    "ProblemError",
    "Solution",
    "SolutionError",
    "Term",
    "check",
    "load_problem",
    "load_problem_document",
    "load_solution",
]
