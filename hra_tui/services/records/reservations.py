"""A bed held for one patient until a time, kept in the bed's own row: status `reserved`, and
the note naming the patient and the time (`P000061 2026-03-10T14:00Z Amara Park`).

This module is that note's one reader and writer. A reservation whose time has passed no
longer holds the bed: anyone may be admitted into it, and the board shows it as expired. A
reserved bed whose note names nobody (older data, e.g. "Planned admission from theatre")
holds the bed until a clerk releases it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hra_tui.services.quick_records import Reservation

_NOTE = re.compile(r"^(\S+) (\d{4}-\d\d-\d\dT\d\d:\d\dZ) (.*)$")


def reservation_note(mrn: str, name: str, until: datetime) -> str:
    return f"{mrn} {until.astimezone(UTC):%Y-%m-%dT%H:%MZ} {name}"


def read_reservation(status: str, note: str) -> Reservation | None:
    """The reservation a reserved bed's note names, or None (not reserved, or for nobody)."""
    match = _NOTE.match(note) if status == "reserved" else None
    if match is None:
        return None
    until = datetime.strptime(match[2], "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
    return Reservation(mrn=match[1], name=match[3], until=until)
