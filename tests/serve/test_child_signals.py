"""A session's `hra` takes a hang-up as a hang-up even when the service ignores it: `nohup
hra serve` ignores SIGHUP, an ignored signal stays ignored across exec, and a console that
ignored it would run on, drawing to nobody, after its clerk's connection dropped."""

from __future__ import annotations

import signal
import sys

import pytest

from hra_tui.serve.child import Child

_SIGNALS = (signal.SIGHUP, signal.SIGINT, signal.SIGTERM)
# Python itself puts its KeyboardInterrupt handler on SIGINT unless SIGINT comes ignored.
_SHOW = ("import signal; print(*(getattr(h, 'name', None) or h.__name__ for h in map("
         "signal.getsignal, (signal.SIGHUP, signal.SIGINT, signal.SIGTERM))))")


@pytest.fixture
def service_ignores_hangups():
    was = [signal.signal(sig, signal.SIG_IGN) for sig in _SIGNALS]
    yield
    for sig, handler in zip(_SIGNALS, was, strict=True):
        signal.signal(sig, handler)


@pytest.mark.parametrize("on", ["terminal", "pipes"])
async def test_the_child_takes_hangup_interrupt_and_terminate_by_default(
        service_ignores_hangups, on):
    out = bytearray()
    child = Child(lambda data, _stderr: out.extend(data))
    argv = [sys.executable, "-c", _SHOW]
    if on == "terminal":
        await child.start_on_terminal(argv, {}, (80, 24))
    else:
        await child.start_on_pipes(argv, {})
    assert await child.wait() == 0, out.decode()
    assert "SIG_DFL default_int_handler SIG_DFL" in out.decode()
