"""The ward's vocabulary: the words a bed, a user, a staff member, an appointment, an invoice,
a care request, an event (an absence, a closure) and a plan can be, and the planner's setting
names.

They live apart from the tables so that every layer may use them: the database stores them
(db/models, db/plan_models), the services check them, and the screens, which never touch the
database, show and compare them. This module imports nothing of the project's.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"
    CLERK = "clerk"
    ADMIN = "admin"


class StaffRole(StrEnum):
    DOCTOR = "doctor"
    NURSE = "nurse"
    SURGEON = "surgeon"
    PHARMACIST = "pharmacist"
    TECHNOLOGIST = "technologist"


# Staff who see patients: the ones appointments, admissions and care requests name.
DOCTOR_ROLES = (StaffRole.DOCTOR.value, StaffRole.SURGEON.value)


class BedType(StrEnum):
    GENERAL = "general"
    ICU = "icu"
    ISOLATION = "isolation"
    MATERNITY = "maternity"
    PEDIATRIC = "pediatric"


class BedStatus(StrEnum):
    FREE = "free"
    RESERVED = "reserved"
    OCCUPIED = "occupied"
    CLEANING = "cleaning"
    BLOCKED = "blocked"


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    ARRIVED = "arrived"
    NO_SHOW = "no_show"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def word(self) -> str:
        """How a clerk reads it: 'no-show' for no_show, the value otherwise."""
        return self.value.replace("_", "-")


class InvoiceStatus(StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    VOID = "void"


class CareStatus(StrEnum):
    WAITING = "waiting"  # the planner may schedule it
    SCHEDULED = "scheduled"  # an applied plan gave it a slot, a staff member, an appointment
    DONE = "done"
    CANCELLED = "cancelled"


class WaitingStatus(StrEnum):
    """A place on the waiting list: still waiting, booked into a freed slot, or taken off."""

    WAITING = "waiting"
    BOOKED = "booked"
    REMOVED = "removed"


class EventStatus(StrEnum):
    """A staff absence or a resource closure: in force, or cancelled (kept as history)."""

    ACTIVE = "active"
    CANCELLED = "cancelled"


class RequestKind(StrEnum):
    """An admission request of the admissions planner (IHTC-2024)."""

    PATIENT = "patient"  # to admit between release and due day, or to postpone if optional
    OCCUPANT = "occupant"  # already in a room on the horizon's first day


class PlanStatus(StrEnum):
    """The solver's status words (hra_tui.solver.plan.Status), kept as text."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    MODEL_INVALID = "MODEL_INVALID"
    UNKNOWN = "UNKNOWN"


class SettingKey(StrEnum):
    """The ward's planning settings; a missing row means the planner's default."""

    BUDGET = "budget"  # B: most staff + overtime + resource cost in one horizon
    BALANCE = "balance"  # F: most difference in slots worked between two staff members
    PATIENTS_PER_STAFF = "patients_per_staff"  # (a) cap per on-duty staff member per slot
    OVERTIME_CAP = "overtime_cap"  # (c) most overtime slots per staff member
    RESOURCE_CAPACITY = "resource_capacity"  # requests one resource serves in one slot
    # Shift rules (0 turns one off): what makes a roster one a ward could work
    MIN_REST_HOURS = "min_rest_hours"  # hours off between the end of a shift and the next
    MAX_CONSECUTIVE_DAYS = "max_consecutive_days"  # most days in a row with a shift
    MAX_WEEK_HOURS = "max_week_hours"  # most hours on duty in any 7 days
    MIN_NURSES = "min_nurses"  # nurses on duty in every slot
    MIN_DOCTORS = "min_doctors"  # doctors or surgeons on duty in every slot
    SENIOR_SKILL = "senior_skill"  # the skill (1..5) that counts as senior
    MIN_SENIORS = "min_seniors"  # staff at or above the senior skill in every slot
    CLINIC_OPENS = "clinic_opens"  # the hour (0..23) visits may start from
    CLINIC_CLOSES = "clinic_closes"  # the hour (1..24) visits end by
    CHANGE_WEIGHT = "change_weight"  # what a re-plan charges for one changed assignment
    # The admissions planner holds back beds for emergencies: the forecast's upper bound at
    # this percent (80 or 95) of each day's admissions; 0 holds none.
    FORECAST_HOLD = "forecast_hold"
