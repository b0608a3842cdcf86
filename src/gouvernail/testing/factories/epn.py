"""Builders for the rows of the `epn` app: a valid row with sensible defaults, overridable."""

from datetime import date

from gouvernail.core.models import Organisation
from gouvernail.epn.models import EpnSession


def make_epn_session(organisation: Organisation, held_on: date = date(2026, 3, 2), **fields) -> EpnSession:
    defaults = {"duration_minutes": 60, "visitor_key": "a" * 64, "source": "import"}
    return EpnSession.objects.create(organisation=organisation, held_on=held_on, **{**defaults, **fields})
