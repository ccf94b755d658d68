"""Events that change the day, in the console: the form that enters one (who or what, from,
to, why) and the list of those in force or still to come, where `x` cancels one. The staff
area uses them for absences (`staff/absences.py`), the admissions planner for theatre
closures (`planning/closures.py`); a subclass names its service and its words."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Select

from hra_tui.domain import Role
from hra_tui.fields import EVENT_FROM, EVENT_TO, REASON
from hra_tui.formatting import counted
from hra_tui.screens.base import key_table
from hra_tui.screens.form import FormScreen
from hra_tui.screens.prompts import ConfirmScreen
from hra_tui.screens.role_keys import needs
from hra_tui.screens.sublist import SubListScreen
from hra_tui.services.plain_records import Choice, EventRow
from hra_tui.services.times import local_span, short_local
from hra_tui.services.validation import event_form_from_values, validate_event_form
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput


class EventFormScreen(FormScreen[EventRow]):
    """Who or what (chosen from `subjects`, or given as `chosen`), from, to and why."""

    SERVICE: ClassVar[str]  # the Ward's service: "absences", "closures"
    SUBJECT: ClassVar[str]  # the form's label for who or what: "Staff member"
    SAYS: ClassVar[str]  # what the event makes them: "absent", "closed"

    def __init__(self, subjects: list[Choice], chosen: int | None = None) -> None:
        super().__init__()
        self.subjects = subjects
        self.chosen = chosen

    @classmethod
    async def choices(cls, ward) -> list[Choice]:
        """Who or what an event may be about (those in use)."""
        raise NotImplementedError

    @classmethod
    async def open(cls, app, chosen: int | None = None) -> None:
        """The form with its choices, `chosen` already chosen; awaited (call from a worker)."""
        await app.push_screen_wait(cls(await cls.choices(app.ward), chosen))

    def fields(self) -> ComposeResult:
        options = [(choice.label, str(choice.id)) for choice in self.subjects]
        chosen = str(self.chosen) if self.chosen is not None else Select.NULL
        yield FormField("subject", self.SUBJECT, Select(
            options, value=chosen, prompt="choose", compact=True, id="in-subject"))
        for name, spec in (("starts_at", EVENT_FROM), ("ends_at", EVENT_TO)):
            yield FormField(name, spec.label, TextInput(
                placeholder=spec.hint, compact=True, id=f"in-{name}"))
        yield FormField("reason", REASON.label, TextInput(
            placeholder="e.g. sick, leave, repair", compact=True, id="in-reason"))

    def on_mount(self) -> None:
        self.query_one("#in-starts_at" if self.chosen is not None else "#in-subject").focus()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        return validate_event_form(values, self.SUBJECT.lower())

    async def submit(self, values: dict[str, str]) -> EventRow:
        service = getattr(self.hra.ward, self.SERVICE)
        return await service.add(int(values["subject"]), event_form_from_values(values))

    def done(self, row: EventRow) -> str:
        return f"{row.subject} {self.SAYS} {local_span(row.starts_at, row.ends_at)}"


def event_keys(area: str, add: str, cancel: str) -> list[BindingType]:
    """The list's keys, their ids '<area>-back', '<area>-add', '<area>-cancel'."""
    return key_table(area, f"""
        escape  back    back    Back
        n       add     add     {add}
        x       cancel  cancel  {cancel}
    """)


def event_columns(subject: str) -> tuple[tuple[str, int], ...]:
    """The list's columns, `subject` naming who or what ("Staff", "Resource")."""
    return (("No.", 4), (subject, 16), ("Kind", 8), ("From", 12), ("To", 12), ("Reason", 14))


class EventsScreen(SubListScreen[EventRow]):
    """The events in force or still to come, soonest first: `n` enters one, `x` cancels the
    highlighted one after a yes/no, enter says who entered it and when."""

    SERVICE: ClassVar[str]
    WORD: ClassVar[str]  # "absence"
    CANCELLED: ClassVar[str]  # what cancelling means: "They may be planned again."
    FORM: ClassVar[type[EventFormScreen]]  # what `n` opens
    ROW_ACTIONS = ("cancel", "edit")

    @property
    def service(self):
        return getattr(self.hra.ward, self.SERVICE)

    def cells(self, row: EventRow) -> tuple[object, ...]:
        return (row.id, row.subject, row.kind, short_local(row.starts_at),
                short_local(row.ends_at), row.reason)

    async def fetch(self) -> list[EventRow]:
        return await self.service.list()

    def count_text(self, rows: list[EventRow]) -> str:
        return f"{counted(len(rows), self.WORD)} in force or to come"

    def action_edit(self) -> None:
        """Enter: who entered the highlighted one, and when (an event is cancelled, not
        edited)."""
        row = self.table.current
        if row is not None:
            self.notify(f"{self.WORD.capitalize()} {row.id}: {row.subject} "
                        f"{local_span(row.starts_at, row.ends_at)}"
                        + (f" ({row.reason})" if row.reason else "")
                        + f"; entered by {row.entered_by} {short_local(row.entered_at)}")

    @needs(Role.CLERK, "enter {screen.WORD}s")
    @work(group="event-dialog", exclusive=True)
    async def action_add(self) -> None:
        await self.FORM.open(self.hra)

    @needs(Role.CLERK, "cancel {screen.WORD}s")
    @work(group="event-write", exclusive=True)
    async def action_cancel(self) -> None:
        row = self.table.current
        if row is not None and await self.app.push_screen_wait(ConfirmScreen(
                f"Cancel {self.WORD} {row.id}: {row.subject} "
                f"{local_span(row.starts_at, row.ends_at)}? {self.CANCELLED}")):
            await self.hra.attempt(self.service.cancel(row.id),
                                   lambda done: f"{self.WORD.capitalize()} {done.id} of "
                                                f"{done.subject} cancelled")
            await self.reload()
