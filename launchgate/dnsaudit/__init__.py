"""DNS audits: pure judgements over answers the run's resolver gathered."""
