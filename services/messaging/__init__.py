"""Secure messaging between clients and their practice, and every notification email."""
