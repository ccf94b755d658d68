"""Over SSH a clerk may work the queue of moves, swap beds, read the census and keep the
waiting list without the console, as she may admit and transfer; the server still chooses the
database, and files (the census's CSV) stay on its side."""

from __future__ import annotations

import pytest

from hra_tui.serve.commands import NotOffered, parse


def test_the_queue_and_the_swap_are_offered_over_ssh():
    assert parse("queue approve 3 --bed 3B") == ["queue", "approve", "3", "--bed", "3B"]
    assert parse("bed swap 3A 3C") == ["bed", "swap", "3A", "3C"]
    with pytest.raises(NotOffered, match="--db is not offered over SSH"):
        parse("queue list --db /tmp/other.db")


def test_the_census_and_the_waiting_list_are_offered_but_not_the_census_file():
    assert parse("census --day yesterday --json") == ["census", "--day", "yesterday", "--json"]
    assert parse("waiting add P000001 --doctor 'Ann Lee' -p 4") == \
        ["waiting", "add", "P000001", "--doctor", "Ann Lee", "-p", "4"]
    assert parse("waiting fill 12") == ["waiting", "fill", "12"]
    for written in ("census --csv /tmp/c.csv", "census --csv=/tmp/c.csv", "census -o c.csv",
                    "census -oc.csv", "census --output c.csv"):
        with pytest.raises(NotOffered, match="files stay on the server"):
            parse(written)
