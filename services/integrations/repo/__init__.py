"""SQL of the integrations service, over one connection."""
