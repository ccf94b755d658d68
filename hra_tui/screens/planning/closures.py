"""Theatre (and other resource) closures, from the admissions planner: `k` closes a theatre
(which, from, to, why), `l` lists the closures in force or still to come, where `n` adds one
and `x` reopens one. No plan books a closed theatre, nor uses a closed resource."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from hra_tui.screens.events import EventFormScreen, EventsScreen, event_columns, event_keys
from hra_tui.services.plain_records import Choice


class ClosureFormScreen(EventFormScreen):
    TITLE = "Planning › Close a theatre"
    MODE = "planning"
    SUBMIT_LABEL = "Close it"
    SERVICE, SUBJECT, SAYS = "closures", "Theatre", "closed"

    @classmethod
    async def choices(cls, ward) -> list[Choice]:
        return await ward.closures.resources()  # the admissions planner's theatres first


class ClosuresScreen(EventsScreen):
    TITLE, AREA, COLUMNS = "Planning › Closures", "planning", event_columns("Resource")
    SERVICE, WORD, CANCELLED = "closures", "closure", "It may be planned again."
    BINDINGS: ClassVar[list[BindingType]] = event_keys("closures", "Close one", "Reopen")
    FORM = ClosureFormScreen
