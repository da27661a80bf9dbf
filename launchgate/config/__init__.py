"""launchgate.yml: typed model, loading with positions, conversion, schema and docs."""
