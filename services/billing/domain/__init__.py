"""Billing's rules: money, invoices, the ledger, payments, statements and superbills.
No I/O here."""
