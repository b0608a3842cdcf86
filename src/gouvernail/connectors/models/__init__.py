"""Connector models: one module per concern, re-exported here."""
