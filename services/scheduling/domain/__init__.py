"""Scheduling's rules: what can be booked when, and how an appointment may change. No I/O."""
