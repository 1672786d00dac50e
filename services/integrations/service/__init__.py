"""Use cases of the integrations service."""
