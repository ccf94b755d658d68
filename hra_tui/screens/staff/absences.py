"""Staff absences, from the staff list: `t` marks the highlighted member absent (from, to,
why), `l` lists the absences in force or still to come, where `n` adds one and `x` cancels
one. No plan puts an absent member on duty in a slot their absence overlaps."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from hra_tui.screens.events import EventFormScreen, EventsScreen, event_columns, event_keys
from hra_tui.services.plain_records import Choice


class AbsenceFormScreen(EventFormScreen):
    MODE = "staff"
    SUBMIT_LABEL = "Save absence"
    SERVICE, SUBJECT, SAYS = "absences", "Staff member", "absent"

    def __init__(self, subjects: list[Choice], chosen: int | None = None) -> None:
        super().__init__(subjects, chosen)
        name = next((c.label.split(" · ")[0] for c in subjects if c.id == chosen), None)
        self.TITLE = f"Doctors & staff › {name} absent" if name else "Doctors & staff › Absence"

    @classmethod
    async def choices(cls, ward) -> list[Choice]:
        return [Choice(row.id, f"{row.name} · {row.role}") for row in await ward.staff.list()]


class AbsencesScreen(EventsScreen):
    TITLE, AREA, COLUMNS = "Doctors & staff › Absences", "staff", event_columns("Staff")
    SERVICE, WORD, CANCELLED = "absences", "absence", "They may be planned again."
    BINDINGS: ClassVar[list[BindingType]] = event_keys("absences", "Add", "Cancel absence")
    FORM = AbsenceFormScreen
