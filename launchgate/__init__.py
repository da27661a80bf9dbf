"""launchgate: a pre-deploy gate for small teams about to launch a web product."""

__version__ = "0.1.0"
