"""`hra serve`: the ward console over SSH, one process per session, each signed in by key.

asyncssh still carries DSA keys, which cryptography 51 deprecates with five warnings at import.
Dropping DSA is asyncssh's to do; the administrator starting `hra serve` should see the banner
and nothing else. Every import of asyncssh in hra goes through this package, so the filter is
set before it loads, and it hides only that deprecation, only from asyncssh's own modules.
"""

import warnings

from cryptography.utils import CryptographyDeprecationWarning

warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning, module=r"asyncssh\.")
