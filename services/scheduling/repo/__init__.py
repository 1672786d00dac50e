"""Scheduling's SQL, one connection at a time; every query is scoped by practice."""
