"""Opening a ward: schema upgrade, first OS user as admin, who acts, and users' roles."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.wards import connect

from db import migrate, schema
from db.os_account import os_account
from hra_tui.services.errors import Invalid, NotAllowed, Refused
from hra_tui.services.ward import Ward


async def test_a_new_database_makes_the_os_user_its_admin(new_location):
    path = new_location("new")
    ward = await Ward.open(path)
    try:
        assert (ward.actor.name, ward.actor.role) == (os_account(), "admin")
        [audit] = await ward.audit.recent()
        assert (audit.user, audit.action, audit.entity) == (os_account(), "add", "user")
        if isinstance(path, Path):
            assert path.stat().st_mode & 0o777 == 0o600
        assert schema.is_current(path)
    finally:
        await ward.close()


async def test_an_unknown_user_is_refused_by_name(new_location, monkeypatch):
    monkeypatch.delenv("HRA_USER", raising=False)
    path = new_location("new")
    with pytest.raises(NotAllowed, match="^mallory is not a user of this ward database; an "
                                         "admin can add them with: hra user add mallory"):
        await Ward.open(path, "mallory")
    ward = await Ward.open(path)  # the OS user still became the admin
    await ward.close()


async def test_hra_user_chooses_who_acts(open_ward, seed, monkeypatch):
    monkeypatch.setenv("HRA_USER", seed.clerk)
    async with open_ward() as ward:
        assert (ward.actor.name, ward.actor.role) == ("clara", "clerk")
    async with open_ward(seed.viewer) as ward:  # an explicit user wins over HRA_USER
        assert ward.actor.name == "vic"


async def test_users_are_added_by_admins_only(open_ward, seed, db_dump):
    async with open_ward() as ward:
        await ward.users.add("nina", "Clerk")
        assert [(u.name, u.role) for u in await ward.users.list()] == sorted(
            [("clara", "clerk"), ("nina", "clerk"), (seed.admin, "admin"), ("vic", "viewer")])
        [audit] = await ward.audit.recent(limit=1)
        assert (audit.user, audit.action, audit.detail) == (seed.admin, "add", "nina as clerk")
        before = db_dump()
        with pytest.raises(Refused, match="^User nina already exists \\(clerk\\)$"):
            await ward.users.add("nina", "admin")
        with pytest.raises(Invalid, match="Role must be one of viewer, clerk, admin"):
            await ward.users.add("otto", "boss")
        with pytest.raises(Invalid, match="A user name is"):
            await ward.users.add("bad name", "clerk")
        assert db_dump() == before
    async with open_ward("nina") as ward:
        assert ward.actor.role == "clerk"
        with pytest.raises(NotAllowed, match="^nina is a clerk and cannot add users; only admins"):
            await ward.users.add("otto", "viewer")
    assert db_dump() == before


async def test_a_deactivated_user_is_refused(seeded_db, open_ward):
    con = connect(seeded_db)
    con.execute("UPDATE users SET active = FALSE WHERE name = 'vic'")
    con.commit()
    con.close()
    with pytest.raises(NotAllowed, match="^User vic is deactivated$"):
        async with open_ward("vic"):
            pass


async def test_opening_a_current_database_does_not_run_alembic(seeded_db, monkeypatch):
    import db.migrate

    def no_alembic(*_args, **_kwargs):
        raise AssertionError("alembic ran on a database already at head")

    monkeypatch.setattr(db.migrate, "upgrade", no_alembic)
    ward = await Ward.open(seeded_db)
    await ward.close()


def test_a_database_behind_head_is_not_current(seeded_db):
    """The cheap check must notice an older schema, so that open runs the migrations
    (tests/db/test_planning_migration.py proves the upgrade itself)."""
    assert schema.is_current(seeded_db)
    con = connect(seeded_db)
    con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.commit()
    con.close()
    assert not schema.is_current(seeded_db)
    assert migrate.head_revision() != "0001"


async def test_audit_trail_is_searchable_newest_first(ward, seed):
    await ward.beds.discharge(seed.admitted)
    await ward.beds.mark_clean("1A")
    rows = await ward.audit.recent("jane doe")
    assert [row.action for row in rows] == ["discharge", "register"]
    assert all(row.at.tzinfo is not None for row in rows)
    assert [row.action for row in await ward.audit.recent("clean", limit=5)] == ["clean"]
    assert len(await ward.audit.recent(limit=2)) == 2
