"""A re-plan's changes in the clerk's words, read before anything is applied.

"3 admissions move: P012 from Tue 10 Mar to Wed 11 Mar (room S2 → S3); … 2 nurse-room
changes: … Nothing else changes." Days are named by date, since a horizon spans weeks;
patients by name (their request code when the record has none). Pure functions of the
`Diff` and the horizon's first day: no database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from hra_tui.formatting import counted
from hra_tui.solver.ihtc.replan import AdmissionChange, Diff, NurseChange
from hra_tui.solver.ihtc.solution import Admission

# Nurse-room changes spelt out in the sentence; the rest are counted (--json lists all).
NURSES_IN_WORDS = 10


def day_name(starts_on: datetime, day: int) -> str:
    """'Tue 10 Mar': the horizon's day `day` by its date."""
    date = (starts_on + timedelta(days=day)).date()
    return f"{date:%a} {date.day} {date:%b}"


def in_words(changes: Diff, starts_on: datetime, name: Callable[[str], str]) -> str:
    """The whole diff as a few sentences, ending "Nothing else changes." (or, with no
    change at all, "Nothing changes.")."""
    def day(d: int) -> str:
        return day_name(starts_on, d)

    parts = []
    if changes.admissions:
        moves = changes.admissions
        verb = "moves" if len(moves) == 1 else "move"
        parts.append(f"{counted(len(moves), 'admission')} {verb}: "
                     + "; ".join(_admission(c, day, name) for c in moves) + ".")
    if changes.new:
        parts.append(f"{counted(len(changes.new), 'new patient')} placed: "
                     + "; ".join(f"{name(a.patient)} on {day(a.day)} (room {a.room}, "
                                 f"theatre {a.theater})" for a in changes.new) + ".")
    if changes.nurses:
        shown = changes.nurses[:NURSES_IN_WORDS]
        more = len(changes.nurses) - len(shown)
        parts.append(f"{counted(len(changes.nurses), 'nurse-room change')}: "
                     + "; ".join(_nurse(c, day) for c in shown)
                     + (f"; and {more} more" if more else "") + ".")
    if not parts:
        return "Nothing changes."
    return " ".join([*parts, "Nothing else changes."])


def _admission(change: AdmissionChange, day: Callable[[int], str],
               name: Callable[[str], str]) -> str:
    who = name(change.patient)
    before, after = change.before, change.after
    if after is None:
        return f"{who} is no longer admitted (was {day(before.day)})"
    if before is None:
        return f"{who} is admitted on {day(after.day)} (room {after.room})"
    what = [f"{what} {old} → {new}" for what, old, new in (
        ("room", before.room, after.room), ("theatre", before.theater, after.theater))
        if old != new]
    if before.day != after.day:
        return f"{who} from {day(before.day)} to {day(after.day)}" + (
            f" ({', '.join(what)})" if what else "")
    return f"{who} on {day(after.day)}: {', '.join(what)}"


def _nurse(change: NurseChange, day: Callable[[int], str]) -> str:
    when = f"{change.room} on {day(change.day)} {change.shift}"
    if change.after is None:
        return f"{when} loses {change.before}, with no nurse"
    return f"{change.after} takes {when} from {change.before}"


def admission_json(admission: Admission | None, starts_on: datetime) -> dict | None:
    """One side of an admission change for --json (None: not admitted)."""
    if admission is None:
        return None
    return {"day": admission.day, "date": (starts_on + timedelta(days=admission.day)
                                           ).date().isoformat(),
            "room": admission.room, "theatre": admission.theater}
