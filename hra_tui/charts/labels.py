"""Names for the axes: numbers for the paper's instances, names and slot labels for a ward."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    """Optional display names, each indexed like the instance (staff [N], slots [T], ...).

    Without names, ticks are the paper's 1-based numbers and readings say "staff 3".
    """

    staff: list[str] | None = None
    patients: list[str] | None = None
    resources: list[str] | None = None
    slots: list[str] | None = None

    @classmethod
    def of(cls, instance: object) -> Labels:
        """The names an instance carries: a ward instance has staff names and slot labels,
        the paper's instances have none (read by attribute, so charts need no ward import)."""

        def names(attribute: str) -> list[str] | None:
            value = getattr(instance, attribute, None)
            return list(value) if value else None

        return cls(staff=names("staff_names"), patients=names("patient_labels"),
                   resources=names("resource_names"), slots=names("slot_labels"))

    def check(self, N: int, P: int, R: int, T: int) -> None:  # noqa: N803 (paper's symbols)
        for kind, names, count in (("staff", self.staff, N), ("patient", self.patients, P),
                                   ("resource", self.resources, R), ("slot", self.slots, T)):
            if names is not None and len(names) != count:
                raise ValueError(f"{len(names)} {kind} names given for {count} {kind} rows")

    def ticks(self, kind: str, count: int) -> list[str]:
        """Axis ticks: the given names, or 1..count."""
        names = getattr(self, kind)
        return list(names) if names is not None else [str(k + 1) for k in range(count)]

    def name(self, kind: str, index: int) -> str:
        """How a reading names one row: the given name, or 'slot 4', 'staff 3'."""
        names = getattr(self, kind)
        if names is not None:
            return names[index]
        return f"{_SINGULAR[kind]} {index + 1}"


    def names(self, kind: str, indices: list[int], limit: int = 3) -> str:
        """Several rows in one phrase: 'slots 2, 4 and 7', 'Ann, Bob and 3 more'."""
        shown = indices if len(indices) <= limit else indices[: limit - 1]
        rest = len(indices) - len(shown)
        if getattr(self, kind) is None and len(indices) > 1:
            words = [str(k + 1) for k in shown]
            head = f"{_PLURAL[kind]} "
        else:
            words = [self.name(kind, k) for k in shown]
            head = ""
        if rest:
            return head + ", ".join(words) + f" and {rest} more"
        if len(words) == 1:
            return head + words[0]
        return head + ", ".join(words[:-1]) + " and " + words[-1]


_PLURAL = {"staff": "staff", "patients": "patients", "resources": "resources", "slots": "slots"}
_SINGULAR = {"staff": "staff", "patients": "patient", "resources": "resource", "slots": "slot"}
