"""pytest fixtures of the sandbox HTTP/HTTPS servers (filled in by the TLS/HTTP issue)."""
