"""Who acts is the process's real account, never what the environment claims; a deactivated
user acts no more, even in a ward they already had open."""

from __future__ import annotations

import pytest

from db.os_account import os_account
from hra_tui.services.errors import NotAllowed, NotFound, Refused
from hra_tui.services.plain_records import PatientForm
from hra_tui.services.ward import Ward


async def test_logname_and_user_do_not_choose_who_acts(new_location, monkeypatch):
    monkeypatch.delenv("HRA_USER", raising=False)
    monkeypatch.setenv("LOGNAME", "imposter")
    monkeypatch.setenv("USER", "imposter")
    async with await Ward.open(new_location("new")) as ward:
        assert ward.actor.name == os_account() != "imposter"
        [audit] = await ward.audit.recent()
        assert audit.user == os_account()


async def test_a_deactivated_user_saves_nothing_in_a_ward_already_open(open_ward, seed,
                                                                        db_dump, seeded_db):
    async with open_ward(seed.clerk) as clara, open_ward() as admin:
        await admin.users.set_active(seed.clerk, False)
        [audit] = await admin.audit.recent(limit=1)
        assert (audit.user, audit.action, audit.entity, audit.detail) == (
            seed.admin, "deactivate", "user", seed.clerk)
        before = db_dump()
        with pytest.raises(NotAllowed, match="^User clara has been deactivated; nothing was "
                                             "saved$"):
            await clara.patients.register(PatientForm(name="Late Entry", address="", age=40,
                                                      gender="F", phone=""))
        assert db_dump() == before
    with pytest.raises(NotAllowed, match="^User clara is deactivated$"):
        await Ward.open(seeded_db, seed.clerk)


async def test_reactivating_lets_them_act_again(open_ward, seed):
    async with open_ward() as admin:
        await admin.users.set_active(seed.viewer, False)
        with pytest.raises(Refused, match="^User vic is already deactivated$"):
            await admin.users.set_active(seed.viewer, False)
        await admin.users.set_active(seed.viewer, True)
        [audit] = await admin.audit.recent(limit=1)
        assert (audit.action, audit.detail) == ("reactivate", seed.viewer)
    async with open_ward(seed.viewer) as vic:
        assert vic.actor.name == "vic"


async def test_only_another_admin_deactivates(open_ward, seed):
    async with open_ward() as admin:
        with pytest.raises(Refused, match="^You cannot deactivate yourself; another admin can$"):
            await admin.users.set_active(seed.admin, False)
        with pytest.raises(NotFound, match="^No user nobody;"):
            await admin.users.set_active("nobody", False)
    async with open_ward(seed.clerk) as clara:
        with pytest.raises(NotAllowed):
            await clara.users.set_active(seed.viewer, False)
