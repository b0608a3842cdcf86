from decimal import Decimal

import pytest
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.models import Membership, Organisation, User
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.periods import Period
from gouvernail.mutualisation.consolidation import columns
from gouvernail.mutualisation.services import member_add
from gouvernail.testing.personas import PASSWORD


def store(member: Organisation, code: str, value, *, key: str = "total") -> None:
    """A measurement of `member` for the period its COPIL dashboard shows today."""
    column = next(c for c in columns(timezone.localdate()) if c.code == code and c.key == key)
    period = Period.parse(column.period_key)
    Measurement.objects.create(
        organisation=member,
        code=code,
        period_key=column.period_key,
        period_start=period.start,
        period_end=period.end,
        dimension_key=key,
        value=Decimal(str(value)),
        count=None,
        unit=column.indicator.unit,
        computed_at=timezone.now(),
    )


def make_operator(size: int, *, slug: str = "agence") -> tuple[Organisation, list[Organisation]]:
    operator = Organisation.objects.create(name=f"Agence {slug}", slug=slug, kind="mutualise")
    members = []
    for number in range(1, size + 1):
        member = Organisation.objects.create(
            name=f"Commune {slug} {number:02d}", slug=f"{slug}-commune-{number:02d}", kind="commune"
        )
        member_add(operator=operator, member=member, acting_user=None)
        store(member, "w11_taux", 50 + number)
        store(member, "mfa_taux", 70 + 2 * number)
        store(member, "demandes_mois", 10 * number)
        store(member, "actions_en_retard", number % 3)
        store(member, "sauvegardes_verifiees", 100 - number)
        members.append(member)
    return operator, members


def user_in(organisation: Organisation, role: str = Role.DIRECTION, *, email: str) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, PASSWORD)
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


@pytest.fixture
def operator(db):
    return make_operator(3)
