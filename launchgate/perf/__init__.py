"""Latency measurement and judgement for the performance checks.

``client`` times requests phase by phase, ``stats`` turns samples into percentiles,
``baseline`` keeps figures between runs, ``render`` draws them, ``lighthouse`` runs audits.
"""

# ``launchgate.checks`` first: its package imports every check family, which import this
# package's modules, so loading it here keeps the import order one-way whichever module a
# caller imports first (as in ``launchgate.web``).
import launchgate.checks  # noqa: F401
