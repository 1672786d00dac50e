"""Billing documents as PDFs (fpdf2): invoices, statements and superbills."""
