"""A re-plan's changes in words: shifts paired into "takes" and "moves", visits moved,
cancelled and booked, and "Nothing else changes." (or "Nothing changes.")."""

from __future__ import annotations

from datetime import UTC, datetime

from hra_tui.services.planning.ward.records import AppointmentLine
from hra_tui.services.planning.ward.words import Shift, in_words, short_names

STAFF = ("Nora Eriksson", "Dana Ramírez", "Yusuf Byrne", "Sofia Bakker", "Sofia Brown")
NAMES = short_names(STAFF)


def shift(staff: str, day: int, part: str) -> Shift:
    hour = {"early": 7, "late": 15, "night": 23}[part]
    start = datetime(2026, 3, 9 + day, hour, tzinfo=UTC)  # Monday 9 March + day
    return Shift(staff, f"{start:%a %d %b} {part}", start)


def visit(patient: str, day: int, hour: int, staff: str) -> AppointmentLine:
    return AppointmentLine(1, "P1", patient, staff, datetime(2026, 3, 9 + day, hour,
                                                             tzinfo=UTC), 30, "review")


def test_short_names_stay_apart():
    assert NAMES["Nora Eriksson"] == "Nora E"
    assert NAMES["Sofia Bakker"] == "Sofia Bakker" and NAMES["Sofia Brown"] == "Sofia Brown"


def test_the_issue_example():
    off = [shift("Dana Ramírez", 1, "late"), shift("Yusuf Byrne", 2, "early")]
    on = [shift("Nora Eriksson", 1, "late"), shift("Yusuf Byrne", 2, "late")]
    moved = [visit("Jane Doe", 3, 10, "Nora Eriksson")]
    assert in_words(off, on, moved, [], [], NAMES) == (
        "2 shifts change: Nora E takes Dana R's late on Tue; Yusuf B moves from early to late "
        "on Wed. 1 visit moves: Jane Doe to Thu 10:00 with Nora E. Nothing else changes.")


def test_shifts_alone_visits_cancelled_and_booked():
    off = [shift("Dana Ramírez", 0, "night"), shift("Yusuf Byrne", 1, "late")]
    on = [shift("Nora Eriksson", 3, "early"), shift("Yusuf Byrne", 2, "early")]
    booked = [visit("Mia Chen", 2, 9, "Nora Eriksson"), visit("Ben Ode", 2, 11, "Nora Eriksson")]
    assert in_words(off, on, [], ["John Roe"], booked, NAMES) == (
        "3 shifts change: Dana R is off night on Mon; Yusuf B moves from late on Tue to early "
        "on Wed; Nora E also works early on Thu. 1 visit is cancelled, waiting for a later "
        "plan: John Roe. 2 waiting patients booked: Mia Chen at Wed 09:00 with Nora E; Ben Ode "
        "at Wed 11:00 with Nora E. Nothing else changes.")


def test_nothing_changes():
    assert in_words([], [], [], [], [], NAMES) == "Nothing changes."


def test_changes_a_week_apart_name_their_dates():
    off = [shift("Dana Ramírez", 1, "late")]
    on = [shift("Nora Eriksson", 8, "early")]
    assert in_words(off, on, [], [], [], NAMES) == (
        "2 shifts change: Dana R is off late on Tue 10 Mar; Nora E also works early on Tue 17 "
        "Mar. Nothing else changes.")
