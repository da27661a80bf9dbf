"""The same well-run shop as tests/acceptance_net (its fixtures, reused)."""

from tests.acceptance_net.conftest import ca, net

__all__ = ["ca", "net"]
