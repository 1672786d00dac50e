"""Messaging's SQL: each function takes a connection and never opens a transaction."""
