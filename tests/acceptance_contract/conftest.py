from tests.acceptance_contract.harness import project

__all__ = ["project"]
