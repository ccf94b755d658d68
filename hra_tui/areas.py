"""The console's top-level areas, in one place: adding a screen is adding one `Area` here.

Each area is a Textual mode with its own screen stack, reachable from anywhere by a plain
letter and an F-key (F-keys cross SSH and tmux where ctrl+shift combinations do not). The
screen class is named as "module:Class" and imported on first visit, so the console starts
without loading what the clerk has not opened yet (the planner pulls in OR-Tools).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Area:
    key: str  # plain letter, as Textual names it
    fkey: str  # e.g. "f2"
    mode: str  # mode name, also the binding id "area-<mode>"
    title: str  # shown in the area bar, the help screen and the palette
    screen: str  # "package.module:ClassName"
    short: str = ""  # for the area bar in a narrow terminal; default: the title's first word

    def load(self) -> type[Screen]:
        module_name, _, class_name = self.screen.partition(":")
        return getattr(import_module(module_name), class_name)

    def make(self) -> Screen:
        return self.load()()


AREAS: tuple[Area, ...] = (
    Area("p", "f2", "patients", "Patients", "hra_tui.screens.patients.list:PatientsScreen"),
    Area("d", "f3", "staff", "Doctors & staff", "hra_tui.screens.staff.list:StaffScreen"),
    Area("b", "f4", "beds", "Beds", "hra_tui.screens.beds.board:BedsScreen"),
    Area("a", "f5", "appointments", "Appointments",
         "hra_tui.screens.appointments.list:AppointmentsScreen", short="Appts"),
    Area("i", "f6", "billing", "Billing", "hra_tui.screens.billing.list:BillingScreen"),
    Area("s", "f7", "planning", "Planning", "hra_tui.screens.planning.plans:PlanningScreen"),
    Area("c", "f8", "charts", "Charts", "hra_tui.screens.charts.figures:ChartsScreen"),
)

HELP_KEYS = ("question_mark", "f1")
