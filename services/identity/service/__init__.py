"""Identity's use cases. Each opens a unit of work, changes state, writes its events to
the outbox and its audit rows in the same transaction, and commits."""
