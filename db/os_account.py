"""The OS account this process runs as, from its real uid. Never from LOGNAME or USER (what
`getpass.getuser` reads first): those are the caller's to set, so anyone who can write the ward
file could otherwise act, and be audited, as anyone."""

from __future__ import annotations

import os
import pwd


def os_account() -> str:
    """The login name of the real uid; KeyError if the uid has no passwd entry."""
    return pwd.getpwuid(os.getuid()).pw_name
