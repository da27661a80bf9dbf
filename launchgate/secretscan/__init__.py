"""Secret scanning and environment facts: the library behind the env and secrets checks.

The check registry (``launchgate.checks``) imports this package's rule modules, which in turn
need ``launchgate.checks.base``; loading the registry first makes any import order work.
Scan worker processes import only the engine, which needs neither, so they skip it.
"""

import multiprocessing

if multiprocessing.parent_process() is None:
    import launchgate.checks  # noqa: F401
