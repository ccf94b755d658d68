"""A re-plan's changes in words, as a clerk would tell them: "2 shifts change: Nora E takes
Dana R's late on Tue; Yusuf B moves from early to late on Wed. 1 visit moves: Jane Doe to
Thu 10:00 with Ann L. Nothing else changes."

Shifts are paired before they are told: one person off and another on in the same slot is
one shift taken over; one person off in one slot and on in another is one shift moved; what
is left is a shift dropped or added. Staff are named by first name and initial ("Nora E")
unless two of the ward's staff share that, then in full; days by their name ("Tue"), with
the date when the changes span a week or more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from hra_tui.formatting import counted
from hra_tui.services.planning.ward.records import AppointmentLine

MOST = 6  # visits named in one sentence; the rest are counted
WEEK = 6 * 24 * 3600  # seconds: changes this far apart could fall on two days of one name


@dataclass(frozen=True)
class Shift:
    """One staff member's shift in one slot, as the words need it."""

    staff: str
    label: str  # the slot's label ("Tue 10 Mar late")
    starts_at: datetime
    dated: bool = False  # name the day with its date ("Tue 10 Mar")


def short_names(names: Iterable[str]) -> dict[str, str]:
    """Full name -> "Nora E", or the full name where two would read alike."""
    def short(name: str) -> str:
        parts = name.split()
        return f"{parts[0]} {parts[-1][0]}" if len(parts) > 1 else name

    names = set(names)
    taken: dict[str, int] = {}
    for name in names:
        taken[short(name)] = taken.get(short(name), 0) + 1
    return {name: short(name) if taken[short(name)] == 1 else name for name in names}


def _day(shift: Shift) -> str:
    return f"{shift.starts_at.astimezone():%a %d %b}" if shift.dated else \
        f"{shift.starts_at.astimezone():%a}"


def _part(shift: Shift) -> str:
    """The slot's own name without its date ("late" of "Tue 10 Mar late"), else its label."""
    date = f"{shift.starts_at.astimezone():%a %d %b} "
    return shift.label[len(date):] if shift.label.startswith(date) else shift.label


def _slot(shift: Shift) -> str:
    """ "late on Tue", or the label when it does not start with the slot's date."""
    part = _part(shift)
    return f"{part} on {_day(shift)}" if part != shift.label else part


def _move(name: str, a: Shift, b: Shift) -> str:
    if _part(a) != a.label and _day(a) == _day(b):
        return f"{name} moves from {_part(a)} to {_part(b)} on {_day(a)}"
    return f"{name} moves from {_slot(a)} to {_slot(b)}"


def shift_phrases(off: list[Shift], on: list[Shift], names: dict[str, str]) -> list[str]:
    """The shift changes paired and told, in time order."""
    moments = [s.starts_at for s in off + on]
    if moments and (max(moments) - min(moments)).total_seconds() >= WEEK:
        off, on = ([replace(s, dated=True) for s in group] for group in (off, on))
    off, on = list(off), list(on)
    told: list[tuple[datetime, str]] = []
    for gone in list(off):  # another takes the same slot
        taker = next((s for s in on if s.starts_at == gone.starts_at), None)
        if taker is not None:
            off.remove(gone)
            on.remove(taker)
            told.append((gone.starts_at, f"{names[taker.staff]} takes {names[gone.staff]}'s "
                                         f"{_slot(gone)}"))
    for gone in list(off):  # the same person in another slot
        moved = next((s for s in on if s.staff == gone.staff), None)
        if moved is not None:
            off.remove(gone)
            on.remove(moved)
            told.append((gone.starts_at, _move(names[gone.staff], gone, moved)))
    told += [(s.starts_at, f"{names[s.staff]} is off {_slot(s)}") for s in off]
    told += [(s.starts_at, f"{names[s.staff]} also works {_slot(s)}") for s in on]
    return [text for _at, text in sorted(told, key=lambda pair: pair[0])]


def _visit(line: AppointmentLine, names: dict[str, str], word: str) -> str:
    return (f"{line.patient_name} {word} {line.starts_at.astimezone():%a %H:%M} with "
            f"{names.get(line.staff, line.staff)}")


def _listed(items: list[str]) -> str:
    more = f" and {len(items) - MOST} more" if len(items) > MOST else ""
    return "; ".join(items[:MOST]) + more


def in_words(off: list[Shift], on: list[Shift], moved: list[AppointmentLine],
             dropped: list[str], booked: list[AppointmentLine], names: dict[str, str]) -> str:
    """The whole change as sentences: shifts, visits moved, visits cancelled (their patients
    wait again), waiting patients now booked, and that nothing else changes."""
    sentences = []
    shifts = shift_phrases(off, on, names)
    if shifts:
        verb = "changes" if len(shifts) == 1 else "change"
        sentences.append(f"{counted(len(shifts), 'shift')} {verb}: {'; '.join(shifts)}.")
    if moved:
        verb = "moves" if len(moved) == 1 else "move"
        sentences.append(f"{counted(len(moved), 'visit')} {verb}: "
                         f"{_listed([_visit(v, names, 'to') for v in moved])}.")
    if dropped:
        verb = "is cancelled" if len(dropped) == 1 else "are cancelled"
        sentences.append(f"{counted(len(dropped), 'visit')} {verb}, waiting for a later plan: "
                         f"{_listed(dropped)}.")
    if booked:
        sentences.append(f"{counted(len(booked), 'waiting patient')} booked: "
                         f"{_listed([_visit(v, names, 'at') for v in booked])}.")
    if not sentences:
        return "Nothing changes."
    return " ".join(sentences + ["Nothing else changes."])
