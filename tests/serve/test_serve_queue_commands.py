"""Over SSH a clerk may work the queue of moves and swap beds without the console, as she may
admit and transfer; the server still chooses the database."""

from __future__ import annotations

import pytest

from hra_tui.serve.commands import NotOffered, parse


def test_the_queue_and_the_swap_are_offered_over_ssh():
    assert parse("queue approve 3 --bed 3B") == ["queue", "approve", "3", "--bed", "3B"]
    assert parse("bed swap 3A 3C") == ["bed", "swap", "3A", "3C"]
    with pytest.raises(NotOffered, match="--db is not offered over SSH"):
        parse("queue list --db /tmp/other.db")
