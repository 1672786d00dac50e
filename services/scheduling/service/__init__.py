"""Scheduling's use cases: each opens a unit of work, changes state, adds its events and
audit records to the same transaction, commits."""
