"""The Client Portal services; each is ``python -m services.<name>``."""
