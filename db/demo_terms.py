"""What the demo is on either engine: the tables it fills, what it says it loaded, and its
refusal; apart from its builder (db/demo), so the PostgreSQL path (db/server_demo) that the
builder hands a server ward to can name them without importing the builder back."""

from __future__ import annotations

from dataclasses import dataclass

from db.admissions_demo import ADMISSION_TABLES
from db.plan_demo import PLAN_TABLES

# Tables the demo fills, children first so a --force wipe never trips a foreign key.
DATA_TABLES = (("move_queue", "waiting_list", "ward_history", "staff_absences",
                "resource_closures")
               + ADMISSION_TABLES
               + PLAN_TABLES + ("billing", "appointments", "admissions", "patients", "beds",
                                "wards", "staff", "resources", "time_slots"))


class DemoRefused(Exception):
    """The demo would overwrite records or was asked by someone who may not; one line."""


@dataclass(frozen=True)
class DemoSummary:
    size: str
    seed: int
    wards: int
    beds: int
    staff: int
    patients: int
    admitted: int
    appointments: int
    invoices: int
    resources: int
    time_slots: int
    seconds: float

    def line(self) -> str:
        return (f"{self.wards} wards, {self.beds} beds, {self.staff} staff, "
                f"{self.patients} patients ({self.admitted} admitted), "
                f"{self.appointments} appointments, {self.invoices} invoices")
