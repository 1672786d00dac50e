"""Messaging's rules: no I/O, no asyncio."""
