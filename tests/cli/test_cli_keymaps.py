"""`hra keymap …`: each user's own keys, checked whole before they are written, and audited
(issue 27, user keymaps)."""

from __future__ import annotations

import asyncio

from support.cli import ok, one_line

from db.os_account import os_account
from hra_tui.services.keymaps import keymap_path, read_keymap
from hra_tui.services.ward import Ward

ME = os_account()  # the demo ward's admin, who acts when no --user is given


def _audit(db) -> list[tuple[str, str, str]]:
    async def go():
        async with await Ward.open(db) as ward:
            return [(row.user, row.action, row.detail) for row in await ward.audit.recent()]

    return [row for row in asyncio.run(go()) if row[1] == "keymap"]


def _show(hra, db, user=None) -> dict[str, list[str]]:
    lines = hra(db, "keymap", "show", user=user).stdout.splitlines()
    return {line.split()[0]: line.split() for line in lines[1:]}


def test_set_shows_and_acts_for_that_user_only(db, hra):
    assert ok(hra(db, "user", "add", "nina", "--role", "clerk"))
    line = ok(hra(db, "keymap", "set", "board-down", "j", user="nina"))
    assert line == f"Keys of nina: board-down j (in {keymap_path(db, 'nina')})"
    assert read_keymap(keymap_path(db, "nina")) == {"board-down": "j"}
    assert _show(hra, db, "nina")["board-down"] == ["board-down", "down", "j", "Down"]
    assert _show(hra, db)["board-down"] == ["board-down", "down", "Down"]  # not the admin's
    assert _audit(db) == [("nina", "keymap", "nina: board-down j")]


def test_show_lists_every_binding_with_its_default(db, hra):
    shown = _show(hra, db)
    assert shown["help"][:2] == ["help", "question_mark,f1"]
    assert shown["patients-register"][:2] == ["patients-register", "n"]
    assert shown["area-beds"][:2] == ["area-beds", "b,f4"]
    assert len(shown) > 100


def test_clashes_unknown_ids_and_keys_that_are_not_keys_are_refused_and_nothing_written(
        db, hra):
    cases = {
        ("patients-register", "b"): 'patients-register = "b": b is already Beds (area-beds) '
                                    "on the Patients screen",
        ("area-beds", "n"): 'area-beds = "n": n is already Book (appointments-book) on the '
                            "Appointments screen (and on 13 more screens)",
        ("patients-registr", "j"): "no key has the id 'patients-registr' (did you mean "
                                   "patients-register?)",
        ("help", "Up"): "help = \"Up\": 'Up' is not a key (e.g. j, J, ctrl+s, f10, up, "
                        "escape, question_mark or ?)",
        ("help", "hyper+shft+h"): "help = \"hyper+shft+h\": 'hyper+shft+h' has no modifier "
                                  "'shft' (alt, ctrl, hyper, meta, shift, super)",
    }
    path = keymap_path(db, ME)
    for (binding_id, key), why in cases.items():
        line = one_line(hra(db, "keymap", "set", binding_id, key), 1)
        assert line == f"hra: {path.name}: {why}; nothing changed"
    assert not path.exists() and _audit(db) == []


def test_a_swap_is_no_clash_when_both_move(db, hra, tmp_path):
    swap = tmp_path / "swap.toml"
    swap.write_text('beds-admit = "t"\nbeds-transfer = "m"\n', encoding="utf-8")
    assert ok(hra(db, "keymap", "check", str(swap))) == f"{swap}: 2 keys, all fit"
    half = tmp_path / "half.toml"
    half.write_text('beds-admit = "t"\n', encoding="utf-8")
    assert one_line(hra(db, "keymap", "check", str(half)), 1) == (
        'hra: half.toml: beds-admit = "t": t is already Transfer (beds-transfer) on the '
        "Beds screen; nothing changed")


def test_load_is_whole_or_nothing_and_reset_gives_defaults_back(db, hra, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('board-down = "j"\nhelp = "h"\n', encoding="utf-8")
    assert ok(hra(db, "keymap", "load", str(mine))).startswith(
        f"Keys of {ME}: board-down j; help h")
    bad = tmp_path / "bad.toml"
    bad.write_text('board-up = "k"\nquit = "f12"\n', encoding="utf-8")  # k: Block/unblock
    assert one_line(hra(db, "keymap", "load", str(bad)), 1).startswith(
        f'hra: {ME}.toml: board-up = "k": k is already Block/unblock')
    path = keymap_path(db, ME)
    assert read_keymap(path) == {"board-down": "j", "help": "h"}  # not half of bad.toml
    assert ok(hra(db, "keymap", "reset", "help")).startswith(
        f"Keys of {ME}: help default (was h)")
    assert one_line(hra(db, "keymap", "reset", "help"), 1) == (
        "hra: help already has its default key; nothing changed")
    assert one_line(hra(db, "keymap", "reset", "hlep"), 1) == (
        "hra: no key has the id 'hlep' (did you mean help?); nothing changed")
    assert ok(hra(db, "keymap", "reset")).startswith(f"Keys of {ME}: board-down default")
    assert not path.exists()
    assert [detail for _user, _action, detail in _audit(db)] == [
        f"{ME}: board-down default (was j)", f"{ME}: help default (was h)",
        f"{ME}: board-down j; help h"]


def test_files_that_are_not_keymaps_are_one_line(db, hra, tmp_path):
    not_toml = tmp_path / "k.toml"
    not_toml.write_text("help = h\n", encoding="utf-8")
    assert one_line(hra(db, "keymap", "check", str(not_toml)), 1) == (
        "hra: k.toml is not TOML (Invalid value (at line 1, column 8))")
    table = tmp_path / "t.toml"
    table.write_text('[help]\nkey = "h"\n', encoding="utf-8")
    assert one_line(hra(db, "keymap", "check", str(table)), 1) == (
        "hra: t.toml: help must be a key in quotes, e.g. help = \"j\"")
    assert one_line(hra(db, "keymap", "check", str(tmp_path / "none.toml")), 3).startswith(
        "hra: cannot read")
    assert one_line(hra(db, "keymap", "load", str(tmp_path)), 3).endswith("not a file")
