"""The Core tables behind the SQLModel classes: services query with Core for speed and control.

Every table a service reads or writes is named here once, the ward's and the planner's alike.
"""

from __future__ import annotations

from sqlalchemy import Table

from db import models, plan_models

users: Table = models.User.__table__  # type: ignore[attr-defined]
user_keys: Table = models.UserKey.__table__  # type: ignore[attr-defined]
wards: Table = models.Ward.__table__  # type: ignore[attr-defined]
beds: Table = models.Bed.__table__  # type: ignore[attr-defined]
staff: Table = models.Staff.__table__  # type: ignore[attr-defined]
patients: Table = models.Patient.__table__  # type: ignore[attr-defined]
admissions: Table = models.Admission.__table__  # type: ignore[attr-defined]
appointments: Table = models.Appointment.__table__  # type: ignore[attr-defined]
billing: Table = models.Invoice.__table__  # type: ignore[attr-defined]
audit_log: Table = models.AuditEntry.__table__  # type: ignore[attr-defined]
time_slots: Table = models.TimeSlot.__table__  # type: ignore[attr-defined]
resources: Table = models.Resource.__table__  # type: ignore[attr-defined]
care_requests: Table = plan_models.CareRequest.__table__  # type: ignore[attr-defined]
staff_pairs: Table = plan_models.StaffPair.__table__  # type: ignore[attr-defined]
settings: Table = plan_models.Setting.__table__  # type: ignore[attr-defined]
plans: Table = plan_models.PlanRecord.__table__  # type: ignore[attr-defined]
roster: Table = plan_models.RosterEntry.__table__  # type: ignore[attr-defined]
resource_bookings: Table = plan_models.ResourceBooking.__table__  # type: ignore[attr-defined]
