"""The Core tables behind the SQLModel classes: services query with Core for speed and control."""

from __future__ import annotations

from sqlalchemy import Table

from db import models

users: Table = models.User.__table__  # type: ignore[attr-defined]
wards: Table = models.Ward.__table__  # type: ignore[attr-defined]
beds: Table = models.Bed.__table__  # type: ignore[attr-defined]
staff: Table = models.Staff.__table__  # type: ignore[attr-defined]
patients: Table = models.Patient.__table__  # type: ignore[attr-defined]
admissions: Table = models.Admission.__table__  # type: ignore[attr-defined]
appointments: Table = models.Appointment.__table__  # type: ignore[attr-defined]
billing: Table = models.Invoice.__table__  # type: ignore[attr-defined]
audit_log: Table = models.AuditEntry.__table__  # type: ignore[attr-defined]
user_keys: Table = models.UserKey.__table__  # type: ignore[attr-defined]
