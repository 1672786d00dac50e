"""Billing's use cases: each opens a unit of work, changes state, writes its events and
audit records in the same transaction, and commits."""
