"""Judging helpers and fact gathering for the TLS and HTTP checks.

``launchgate.checks`` is imported first: its package imports every check family, and the
families import these modules, so loading it here keeps the import order one-way whichever
module a caller imports first.
"""

import launchgate.checks  # noqa: F401
