"""Gouvernail, le cockpit de gouvernance du système d'information d'une collectivité."""

__version__ = "0.1.0"
