"""Medical record numbers: the one rule numbering new patients, for registration and import.

A new patient's MRN is 'P' and six digits (more once a million is passed), one above the
highest numbered MRN in use, so a number an import already gave is never given again.
"""

from __future__ import annotations

from collections.abc import Iterable

from hra_tui.services.context import Tx

PREFIX = "P"
_NEXT = f"""
    SELECT coalesce(max(CAST(substr(mrn, 2) AS INTEGER)), 0) + 1 FROM patients
    WHERE mrn GLOB '{PREFIX}[0-9]*'"""


def mrn_of(number: int) -> str:
    """123 -> 'P000123'."""
    return f"{PREFIX}{number:06d}"


async def next_number(tx: Tx, also_taken: Iterable[str] = ()) -> int:
    """The number of the next new MRN: above every numbered MRN stored, and above those in
    `also_taken` (MRNs about to be written in the same transaction)."""
    ((stored,),) = await (await tx.driver()).rows(_NEXT)
    numbered = (int(mrn[1:]) + 1 for mrn in also_taken
                if mrn[:1] == PREFIX and mrn[1:].isdigit())
    return max([stored, *numbered])
