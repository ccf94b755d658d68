"""Import a billing file: invoices by id, each a patient's (by MRN) amount with its status.

A known id updates that invoice (amount, description, status, times: only what differs); an
id the ward does not hold adds the invoice under that id (so a re-created ward keeps them), a
blank id adds one under a new id. An invoice stays with its patient. A paid invoice has the
time it was paid (now, if the file leaves it blank); an unpaid or void one has none. The
patient name column is read, not stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from db.time_codec import parse_sql_time, sql_time
from hra_tui.domain import InvoiceStatus
from hra_tui.fields import DESCRIPTION
from hra_tui.services.context import Tx
from hra_tui.services.csv.changes import Tally, add_numbered_rows, differing, write_changes
from hra_tui.services.csv.file_fields import parse_billing_status, parse_id, parse_moment, parse_mrn
from hra_tui.services.csv.problems import FirstLines, Problems, Row
from hra_tui.services.csv.read import Rows
from hra_tui.services.csv.store import fetch
from hra_tui.services.plain_records import ImportResult
from hra_tui.services.times import utcnow
from hra_tui.services.validation import parse_money, text_parser

_FIELDS = ("patient_id", "amount_cents", "description", "status", "created_at", "paid_at")
_PAID = InvoiceStatus.PAID.value
_parse_description = text_parser(DESCRIPTION)


def _to_second(stored: str | None) -> str | None:
    return None if stored is None else sql_time(parse_sql_time(stored).replace(microsecond=0))


def parse_billing(rows: Rows, problems: Problems) -> list[tuple]:
    out: list[tuple] = []
    ids = FirstLines()
    for line, given_id, mrn, _name, amount, description, status, created, paid in \
            zip(rows.lines, *rows.columns, strict=True):
        row = Row()
        values = [row.take(given_id, parse_id), row.take(mrn, parse_mrn),
                  row.take(amount, parse_money), row.take(description, _parse_description),
                  row.take(status, parse_billing_status), row.take(created, parse_moment),
                  row.take(paid, parse_moment)]
        if values[1] == "":
            row.bad("mrn is required")
        if not amount.strip():
            row.bad("amount is required")
        if paid.strip() and values[4] not in (None, _PAID):
            row.bad(f"a {values[4]} invoice has no paid at time")
        values[5:] = (None if v is None else sql_time(v.replace(microsecond=0))
                      for v in values[5:])
        row.errors += ids.again(values[0], line, f"invoice {values[0]}")
        problems.keep(line, row.errors, (line, *values), out)
    return out


async def apply_billing(tx: Tx, driver: Any, path: Path, parsed: list[tuple],
                        problems: Problems) -> ImportResult:
    now = sql_time(utcnow().replace(microsecond=0))
    mrns = json.dumps(sorted({row[2] for row in parsed}))
    patients = dict(await fetch(driver, "SELECT mrn, id FROM patients "
                                        "WHERE mrn IN (SELECT value FROM json_each(?))", (mrns,)))
    held = {row[0]: dict(zip(_FIELDS, row[1:], strict=True)) for row in await fetch(
        driver, f"SELECT id, {', '.join(_FIELDS)} FROM billing")}
    for fields in held.values():
        fields["created_at"] = _to_second(fields["created_at"])
        fields["paid_at"] = _to_second(fields["paid_at"])
    tally, new, edits = Tally(), [], []
    for line, invoice_id, mrn, *values in parsed:
        patient_id = patients.get(mrn)
        before = held.get(invoice_id) or {"created_at": now, "paid_at": None}
        if patient_id is None:
            problems.add(line, f"MRN {mrn} is not a patient")
            continue
        if before.get("patient_id", patient_id) != patient_id:
            problems.add(line, f"invoice {invoice_id} is another patient's; a file does not "
                               "move it")
            continue
        after = dict(zip(_FIELDS, (patient_id, *values), strict=True))
        after["created_at"] = after["created_at"] or before["created_at"]
        if after["status"] == _PAID:  # a blank time: as it was paid, else paid now
            after["paid_at"] = after["paid_at"] or before["paid_at"] or now
        if invoice_id not in held:
            new.append((invoice_id, *after.values()))
        elif changes := differing(before, after):
            edits.append((invoice_id, changes, mrn))
        else:
            tally.unchanged += 1
    problems.refuse_if_any(path)
    for invoice_id, changes, mrn in edits:
        await write_changes(tx, driver, "billing", invoice_id, changes, "invoice",
                            f"invoice {invoice_id} of {mrn}", path.name)
    await add_numbered_rows(tx, driver, "billing", _FIELDS, new, "invoice", "invoices",
                            path.name)
    tally.added, tally.changed = len(new), len(edits)
    return tally.result()
