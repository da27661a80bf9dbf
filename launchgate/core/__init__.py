"""The core: results, rules, the runner and redaction. It imports nothing above it."""
