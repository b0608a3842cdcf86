"""Builders for the rows of the `applications` app: a valid row with sensible defaults, overridable."""

from gouvernail.applications.models import Application
from gouvernail.core.models import Organisation


def make_application(organisation: Organisation, name: str = "Ciril Finances", **fields) -> Application:
    return Application.objects.create(organisation=organisation, name=name, **fields)
