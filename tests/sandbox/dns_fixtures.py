"""pytest fixtures of the sandbox DNS server (filled in by the DNS issue)."""
