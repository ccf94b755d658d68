"""hra: the ward operations console.

The matrices hra's numbers pass through (a ward's forecast, a solver's tallies) are small, and
the machine is shared: a multi-threaded BLAS spends more time waking its threads than working
(a hospital's forecast ran five times slower with two). One BLAS thread, unless the
environment says otherwise; set before anything imports numpy.
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
