"""`hra user …` from the command line: who acts is the real account, and deactivating."""

from __future__ import annotations

from support.cli import ok, one_line

from db.demo import create_demo
from db.os_account import os_account


def test_claiming_the_admin_through_logname_is_refused(new_location, monkeypatch, hra):
    """Another account that can write the ward file, naming its admin in LOGNAME/USER, is
    still itself: not a user, refused, nothing added."""
    path = new_location("w660")
    create_demo(path, "ward", seed=1, owner="boss")
    monkeypatch.setenv("LOGNAME", "boss")
    monkeypatch.setenv("USER", "boss")
    line = one_line(hra(path, "user", "add", "mallory2", "--role", "admin"), 1)
    assert line == (f"hra: {os_account()} is not a user of this ward database; an admin can "
                    f"add them with: hra user add {os_account()} --role clerk")
    assert "mallory2" not in hra(path, "user", "list", user="boss").stdout


def test_deactivate_and_reactivate(db, hra):
    assert ok(hra(db, "user", "add", "nina", "--role", "clerk")) == "Added user nina as clerk"
    assert ok(hra(db, "user", "deactivate", "nina")) == "Deactivated user nina"
    assert one_line(hra(db, "patient", "list", user="nina"), 1) == (
        "hra: User nina is deactivated")
    assert ["nina", "clerk", "no"] in [line.split() for line in
                                       hra(db, "user", "list").stdout.splitlines()]
    assert one_line(hra(db, "user", "deactivate", os_account()), 1) == (
        "hra: You cannot deactivate yourself; another admin can")
    assert ok(hra(db, "user", "reactivate", "nina")) == "Reactivated user nina"
    assert hra(db, "patient", "list", user="nina").exit_code == 0
