"""What the contracts bring to the home page (core.home)."""

from gouvernail.core import home
from gouvernail.core.choices import Role
from gouvernail.vendors.models import Contract


def register() -> None:
    home.register(
        home.Todo(
            "contrat à dénoncer ou reconduire sous 90 jours",
            "contrats à dénoncer ou reconduire sous 90 jours",
            "vendors:contract_list",
            "referentiel",
            lambda m, today: Contract.objects.visible_to(m).notice_due(today),
            query="notice_due=true",
            date_field="notice_deadline",
            date_label="la première date limite de dénonciation le",
            roles=frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION}),
            order=20,
        ),
    )
