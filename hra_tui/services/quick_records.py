"""Who acts, a patient row, a bed cell and its reservation: the plain records `hra patient
list`, `hra bed list`, `hra admit` and the sign-in hand out, apart from the many in
`plain_records`.

These are written out by hand rather than as frozen dataclasses: making one execs half a dozen
generated methods, about a millisecond each on a busy machine, and these commands start in a
fresh process every time. They behave as frozen dataclasses do: keyword or positional
construction, equality and hashing by value, a readable repr, no attribute set after
construction; `replace` returns a copy with some fields changed.

Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self


class FrozenRecord:
    """Value semantics over `__slots__`: what a frozen dataclass gives, made without exec."""

    __slots__: tuple[str, ...] = ()
    _fields: tuple[str, ...] = ()  # every field, a base class's first (as a dataclass orders them)

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._fields = (*cls.__mro__[1]._fields, *cls.__dict__.get("__slots__", ()))

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def replace(self, **changes: object) -> Self:
        """A copy with the named fields changed (as dataclasses.replace)."""
        unknown = changes.keys() - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        return type(self)(**{name: changes.get(name, getattr(self, name))
                             for name in self._fields})


class Actor(FrozenRecord):
    """Who is acting: a user's name and role, which every write checks."""

    __slots__ = ("name", "role")
    name: str
    role: str

    def __init__(self, name: str, role: str) -> None:
        self._set(name=name, role=role)


class PatientRow(FrozenRecord):
    """One patient and where they lie now (bed, ward, doctor, since); None when not admitted."""

    __slots__ = ("id", "mrn", "name", "age", "gender", "phone", "address", "urgency", "bed",
                 "ward", "doctor", "admitted_at")
    id: int
    mrn: str
    name: str
    age: int
    gender: str
    phone: str
    address: str
    urgency: int
    bed: str | None
    ward: str | None
    doctor: str | None
    admitted_at: datetime | None

    def __init__(self, id: int, mrn: str, name: str, age: int, gender: str, phone: str,  # noqa: A002
                 address: str, urgency: int, bed: str | None, ward: str | None,
                 doctor: str | None, admitted_at: datetime | None) -> None:
        self._set(id=id, mrn=mrn, name=name, age=age, gender=gender, phone=phone,
                  address=address, urgency=urgency, bed=bed, ward=ward, doctor=doctor,
                  admitted_at=admitted_at)


class Reservation(FrozenRecord):
    """A bed held for one patient until a moment; past it, the bed is no longer held."""

    __slots__ = ("mrn", "name", "until")
    mrn: str
    name: str
    until: datetime

    def __init__(self, mrn: str, name: str, until: datetime) -> None:
        self._set(mrn=mrn, name=name, until=until)

    def expired(self, now: datetime) -> bool:
        return now >= self.until


class BedCell(FrozenRecord):
    """One tile of the bed board: the bed, its status and since when, who lies in it."""

    __slots__ = ("id", "label", "ward", "type", "status", "since", "patient_mrn",
                 "patient_name", "note", "reservation")
    id: int
    label: str
    ward: str
    type: str
    status: str
    since: datetime
    patient_mrn: str | None
    patient_name: str | None
    note: str
    reservation: Reservation | None  # whom a reserved bed is held for, until when

    def __init__(self, id: int, label: str, ward: str, type: str,  # noqa: A002
                 status: str, since: datetime, patient_mrn: str | None,
                 patient_name: str | None, note: str,
                 reservation: Reservation | None = None) -> None:
        self._set(id=id, label=label, ward=ward, type=type, status=status, since=since,
                  patient_mrn=patient_mrn, patient_name=patient_name, note=note,
                  reservation=reservation)
