"""Messaging's use cases: each opens a unit of work, changes state, writes its events,
audit records and emails in the same transaction, and commits."""
