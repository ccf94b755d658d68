"""The hot path's records (services/quick_records, records/states) are written by hand, not as
frozen dataclasses, and must still behave as those did: equal and hashed by value, a readable
repr, nothing changed after construction, `replace` a changed copy, a user row an actor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hra_tui.services.plain_records import UserRow
from hra_tui.services.quick_records import Actor, BedCell, Reservation
from hra_tui.services.records.states import BedState


def cell(now, **changes) -> BedCell:
    return BedCell(id=1, label="2A", ward="North", type="standard", status="free", since=now,
                   patient_mrn=None, patient_name=None, note="").replace(**changes)


def test_records_compare_and_hash_by_value(now):
    assert cell(now) == cell(now) and hash(cell(now)) == hash(cell(now))
    assert cell(now) != cell(now, status="cleaning")
    assert len({Actor("ana", "clerk"), Actor("ana", "clerk"), Actor("ana", "admin")}) == 2
    assert Actor("ana", "clerk") != UserRow("ana", "clerk", True, now)  # as dataclasses: by class


def test_a_record_cannot_be_changed_only_copied(now):
    board = cell(now)
    with pytest.raises(AttributeError):
        board.status = "occupied"  # type: ignore[misc]
    held = Reservation("P000001", "Ana", now + timedelta(hours=1))
    taken = board.replace(status="reserved", reservation=held)
    assert (board.status, board.reservation) == ("free", None)
    assert (taken.status, taken.reservation, taken.label) == ("reserved", held, "2A")
    with pytest.raises(TypeError, match="no field 'colour'"):
        board.replace(colour="red")


def test_a_record_reads_as_its_fields(now):
    assert repr(Actor("ana", "clerk")) == "Actor(name='ana', role='clerk')"
    user = UserRow(name="bo", role="admin", active=False, created_at=now)
    assert isinstance(user, Actor)
    assert repr(user) == f"UserRow(name='bo', role='admin', active=False, created_at={now!r})"
    state = BedState(3, "2B", "North", "icu", "free", now, "", None, None, None, None)
    assert state.replace(note="leak").note == "leak" and state.label == "2B"
