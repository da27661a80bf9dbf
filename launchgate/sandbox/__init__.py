"""Loopback servers (authoritative DNS, HTTP/HTTPS with a throwaway CA) for the demo and the tests."""
