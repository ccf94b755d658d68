"""What the solver's readers raise for input that does not follow its format.

The solver knows nothing of the services' `Refused`, so the services' `failures.classify`
knows this instead: bad input, one line, exit 1, wherever it is met.
"""

from hra_tui.handed_files import Malformed


class MalformedInput(Malformed):
    """An instance or solution (a file, or its JSON) that does not follow its format; the
    message says which and where."""
