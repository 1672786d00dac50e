"""Forms' use cases: each opens a unit of work, changes state, adds its events and audit
records in the same transaction, and commits."""
