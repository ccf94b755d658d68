"""The Core tables services query, built from `table_shapes.json` (the shape of the SQLModel
classes, checked by a test), so using the ward never imports SQLModel or pydantic.

Every table a service reads or writes is named here once, the ward's and the planner's alike.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, Integer, MetaData, String, Table

from db.table_shapes import load
from db.types import UTCDateTime

_TYPES: dict[str, Any] = {"Integer": Integer, "String": String, "Boolean": Boolean,
                          "Float": Float, "JSON": JSON, "UTCDateTime": UTCDateTime}

metadata = MetaData()


def _column(shape: dict[str, Any]) -> Column:
    keys = [ForeignKey(shape["foreign_key"])] if shape["foreign_key"] else []
    return Column(shape["name"], _TYPES[shape["type"]](), *keys, nullable=shape["nullable"],
                  primary_key=shape["primary_key"], default=shape["default"])


for _name, _columns in load().items():
    Table(_name, metadata, *(_column(shape) for shape in _columns))

users: Table = metadata.tables["users"]
user_keys: Table = metadata.tables["user_keys"]
wards: Table = metadata.tables["wards"]
beds: Table = metadata.tables["beds"]
staff: Table = metadata.tables["staff"]
patients: Table = metadata.tables["patients"]
admissions: Table = metadata.tables["admissions"]
appointments: Table = metadata.tables["appointments"]
billing: Table = metadata.tables["billing"]
audit_log: Table = metadata.tables["audit_log"]
time_slots: Table = metadata.tables["time_slots"]
resources: Table = metadata.tables["resources"]
care_requests: Table = metadata.tables["care_requests"]
staff_pairs: Table = metadata.tables["staff_pairs"]
settings: Table = metadata.tables["settings"]
plans: Table = metadata.tables["plans"]
roster: Table = metadata.tables["roster_entries"]
resource_bookings: Table = metadata.tables["resource_bookings"]
planning_horizon: Table = metadata.tables["planning_horizon"]
admission_requests: Table = metadata.tables["admission_requests"]
surgeon_days: Table = metadata.tables["surgeon_days"]
theatre_days: Table = metadata.tables["theatre_days"]
nurse_shifts: Table = metadata.tables["nurse_shifts"]
admission_plans: Table = metadata.tables["admission_plans"]
bed_reservations: Table = metadata.tables["bed_reservations"]
theatre_bookings: Table = metadata.tables["theatre_bookings"]
nurse_rooms: Table = metadata.tables["nurse_rooms"]
staff_absences: Table = metadata.tables["staff_absences"]
resource_closures: Table = metadata.tables["resource_closures"]
ward_history: Table = metadata.tables["ward_history"]
move_queue: Table = metadata.tables["move_queue"]
