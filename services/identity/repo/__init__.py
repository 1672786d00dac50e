"""SQL over one connection: rows in, domain objects out. Never opens a transaction."""
