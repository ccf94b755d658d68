"""Billing: invoices and the invoice form."""
