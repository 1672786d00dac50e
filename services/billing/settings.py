"""Billing settings: the shared ones plus BILLING_* variables."""

from shared.config import settings_for

BillingSettings = settings_for("billing")
