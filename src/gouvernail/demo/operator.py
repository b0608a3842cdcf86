"""An illustrative mutualised service: an operator (an agence numérique) grouping N synthetic member communes.

The study describes one intercommunality, not a shared service: this operator and its members are
invented (« illustratif » in their names and in their measurements' source) to show the
consolidated view and to measure it. The study's organisation is only read — its stored
measurements are the template of each member's — never changed, and it is not a member.

Each member gets the demo's measurements (the same indicators and periods, so the COPIL
columns are filled), each figure scaled by a factor drawn per member and per indicator from a
generator of its own: members differ, deterministically. Members hold measurements only (no
devices or requests): their figures are what the consolidated page reads, and nothing reads
their rows. `gouvernail demo --operator N` builds it (replacing a previous one).
"""

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from gouvernail.core.choices import OrganisationKind, Role
from gouvernail.core.models import Organisation, User
from gouvernail.core.services import membership_grant, organisation_create, organisation_purge
from gouvernail.demo.accounts import DEMO_PASSWORD
from gouvernail.demo.measurements import SYNTHETIC_SOURCE
from gouvernail.metrics.models import Measurement
from gouvernail.mutualisation.services import member_add

# Named to sort before its members: the account opens on the operator (first organisation by name).
OPERATOR_NAME = "Agence numérique mutualisée illustrative"
OPERATOR_SLUG = "agence-illustrative"
MEMBER_SLUG = "commune-illustrative-"
SOURCE = f"{SYNTHETIC_SOURCE} — illustratif"
# The operator's demo account: Direction of the operator, Référent SI of its first members (the
# drill-down into a member opens only where one holds a membership).
OPERATOR_ACCOUNT = "operateur@agence-illustrative.example"
MEMBERS_OPENED = 2
RANDOM_SEED = 2027


@dataclass(frozen=True)
class OperatorSummary:
    operator: Organisation
    members: int
    measurements: int


def member_name(number: int) -> str:
    return f"Commune illustrative n° {number:02d}"


def purge_operator() -> bool:
    """Deletes the illustrative operator, its members (all synthetic) and its account."""
    found = False
    for organisation in Organisation.objects.filter(is_demo=True, slug__startswith=MEMBER_SLUG):
        organisation_purge(organisation=organisation)
    for organisation in Organisation.objects.filter(is_demo=True, slug=OPERATOR_SLUG):
        organisation_purge(organisation=organisation)
        found = True
    User.objects.filter(email=OPERATOR_ACCOUNT).delete()
    return found


def _scaled(value: Decimal, factor: Decimal, unit: str) -> Decimal:
    scaled = value * factor
    if unit == "%":
        scaled = min(scaled, Decimal(100))
    exact = value == value.to_integral_value()
    return scaled.quantize(Decimal(1) if exact else Decimal("0.01"), ROUND_HALF_UP)


def copy_measurements(template: Organisation, members: list[Organisation], rng: random.Random) -> int:
    """Gives each member the template's measurements, each indicator scaled by its own factor."""
    fields = ("code", "period_key", "period_start", "period_end", "dimension_key", "dimension_label", "value")
    rows = list(Measurement.objects.filter(organisation=template).values(*fields, "count", "unit"))
    codes = sorted({row["code"] for row in rows})
    now = timezone.now()
    created = 0
    for member in members:
        factors = {code: Decimal(str(round(rng.uniform(0.5, 1.5), 2))) for code in codes}
        batch = []
        for row in rows:
            factor = factors[row["code"]]
            count = row["count"]
            batch.append(
                Measurement(
                    organisation=member,
                    **{**row, "value": _scaled(row["value"], factor, row["unit"])},
                    source=SOURCE,
                    computed_at=now,
                )
            )
            if count is not None:
                batch[-1].count = int(_scaled(Decimal(count), factor, ""))
        Measurement.objects.bulk_create(batch, batch_size=2000)
        created += len(batch)
    return created


@transaction.atomic
def load_operator(*, template: Organisation, members: int) -> OperatorSummary:
    """Replaces the illustrative operator by one with `members` members, measured like `template`."""
    purge_operator()
    rng = random.Random(RANDOM_SEED)
    operator = organisation_create(
        name=OPERATOR_NAME, slug=OPERATOR_SLUG, kind=OrganisationKind.MUTUALISED, acting_user=None, is_demo=True
    )
    created = []
    for number in range(1, members + 1):
        member = organisation_create(
            name=member_name(number),
            slug=f"{MEMBER_SLUG}{number:02d}",
            kind=OrganisationKind.COMMUNE,
            acting_user=None,
            is_demo=True,
        )
        member_add(operator=operator, member=member, acting_user=None)
        created.append(member)
    measurements = copy_measurements(template, created, rng)
    membership = membership_grant(organisation=operator, email=OPERATOR_ACCOUNT, role=Role.DIRECTION, acting_user=None)
    for member in created[:MEMBERS_OPENED]:
        membership_grant(organisation=member, email=OPERATOR_ACCOUNT, role=Role.REFERENT_SI, acting_user=None)
    user = membership.user
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return OperatorSummary(operator, len(created), measurements)
