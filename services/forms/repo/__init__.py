"""SQL over one connection: rows in, domain objects out. Every query names the practice."""
