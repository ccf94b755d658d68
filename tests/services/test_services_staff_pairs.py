"""Staff pairs: add in either order (stored smaller id first), change the weight, remove;
one person, an inactive member or a weight out of range is refused, writing nothing."""

from __future__ import annotations

import re

import pytest

from hra_tui.services.errors import NotAllowed, NotFound, Refused


async def test_add_change_and_remove_a_pair(ward, seed):
    pair = await ward.pairs.set(seed.nurse_id, seed.doctor_id, 4)
    low, high = sorted((seed.nurse_id, seed.doctor_id))
    assert (pair.staff_a, pair.staff_b, pair.weight) == (low, high, 4)
    assert {pair.name_a, pair.name_b} == {"Ann Lee", "Kim Wu"}
    changed = await ward.pairs.set(seed.doctor_id, seed.nurse_id, -3)
    assert changed.weight == -3
    assert [(p.staff_a, p.staff_b) for p in await ward.pairs.list()] == [(low, high)]
    audit = (await ward.audit.recent(limit=1))[0]
    assert (audit.action, audit.entity) == ("edit", "staff pair")
    assert audit.detail.endswith(": 4 -> -3")
    gone = await ward.pairs.remove(seed.nurse_id, seed.doctor_id)
    assert gone.weight == -3
    assert await ward.pairs.list() == []
    assert (await ward.audit.recent(limit=1))[0].action == "remove"


@pytest.mark.parametrize(("which", "weight", "message"), [
    ("same", 2, "A pair needs two different staff members"),
    ("retired", 2, "Old Doc is no longer active; a pair needs two active staff members"),
    ("missing", 2, "No staff member with id 999"),
    ("other", 11, "Weight must be from -10 to 10"),
])
async def test_pair_refusals(ward, seed, db_dump, which, weight, message):
    other = {"same": seed.doctor_id, "retired": seed.retired_id, "missing": 999,
             "other": seed.nurse_id}[which]
    before = db_dump()
    with pytest.raises(Refused, match=re.escape(message)):
        await ward.pairs.set(seed.doctor_id, other, weight)
    assert db_dump() == before


async def test_same_weight_missing_pair_and_a_clerk(ward, open_ward, seed, db_dump):
    await ward.pairs.set(seed.doctor_id, seed.surgeon_id, 5)
    before = db_dump()
    with pytest.raises(Refused, match="Ann Lee and Raj Patel already have weight 5"):
        await ward.pairs.set(seed.surgeon_id, seed.doctor_id, 5)
    with pytest.raises(NotFound, match="No pair of staff"):
        await ward.pairs.remove(seed.doctor_id, seed.nurse_id)
    async with open_ward(seed.clerk) as clerk:
        with pytest.raises(NotAllowed):
            await clerk.pairs.set(seed.doctor_id, seed.nurse_id, 1)
    assert db_dump() == before


async def test_settings_change_together_or_not_at_all(ward, db_dump):
    await ward.planning.set_settings({"budget": 900, "min_nurses": 2})
    values = {key: (value, default) for key, value, default in
              await ward.planning.setting_values()}
    assert values["budget"] == (900, False)
    assert values["min_nurses"] == (2, False)
    before = db_dump()
    with pytest.raises(Refused, match="No planning setting 'nope'"):
        await ward.planning.set_settings({"budget": 5, "nope": 1})
    with pytest.raises(Refused, match="The budget setting must be a whole number"):
        await ward.planning.set_settings({"min_nurses": None, "budget": -1})
    assert db_dump() == before
    await ward.planning.set_settings({"budget": None})
    assert dict((k, d) for k, _v, d in await ward.planning.setting_values())["budget"]
