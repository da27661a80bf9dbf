"""Latency measurement and judgement for the performance checks.

``client`` times requests phase by phase, ``stats`` turns samples into percentiles,
``baseline`` keeps figures between runs, ``render`` draws them, ``lighthouse`` runs audits.
"""
