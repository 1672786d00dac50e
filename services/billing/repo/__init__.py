"""SQL over one connection; rows to domain objects. Never opens a transaction."""
