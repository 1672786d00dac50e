"""Rules of the integrations service: no I/O."""
