"""DNS audits: pure judgements over answers the run's resolver gathered."""

# ``launchgate.checks`` first: its package imports every check family, which import this
# package's modules, so loading it here keeps the import order one-way whichever module a
# caller imports first (as in ``launchgate.web``).
import launchgate.checks  # noqa: F401
