"""Exit codes, in one place: what a CI reads from launchgate."""

EXIT_PASSED = 0  # every check that counts passed
EXIT_FAILED = 1  # the gate failed: findings at or above fail_on
EXIT_USAGE = 2  # bad options or config: nothing (or not everything) was checked
EXIT_INTERNAL = 3  # a bug in launchgate
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT); SIGTERM, as CI sends on cancel, exits 143


class UsageError(Exception):
    """Bad options: exit code 2."""
