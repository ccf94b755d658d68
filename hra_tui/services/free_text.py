"""Free text a clerk types (an address, a prescription, a note): trimmed, bounded, printable.

Apart from `validation` (which uses it for every form), so that `hra admit` and the bed
service check a prescription or a reason without loading every form's rules; the default
bound (a prescription's, in hra_tui/fields) loads only when a text is checked without one, so
`hra bed list` and `hra patient list`, which check none, never load the field specs.
"""

from __future__ import annotations

import unicodedata

from hra_tui.services.errors import Invalid


def has_control(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("C") for ch in text)


def parse_text(text: str, what: str, limit: int | None = None) -> str:
    """Free text (address, prescription, notes): trimmed, bounded (by default as a
    prescription), no control characters."""
    if limit is None:
        from hra_tui.fields import PRESCRIPTION

        limit = PRESCRIPTION.limit
    value = text.strip()
    if len(value) > limit:
        raise Invalid(f"{what} is too long (at most {limit} characters)")
    if any(has_control(line) for line in value.splitlines()):
        raise Invalid(f"{what} contains characters that cannot be stored")
    return value
