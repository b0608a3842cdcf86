"""Builds the demo organisation: the study's facts plus deterministic synthetic data.

The seed (seed.yaml) gives the organisation, its application map, the vendors it names, the
calendar of its procurement, the action plan and the roadmap; people.py, fleet.py, vendors.py
and steering.py invent, from one `random.Random(2026)`, what the study does not list (sites,
services, agents, devices, contracts, projects, the owners and due dates of the actions), and
procurement.py a fixed offer analysis, activity.py the phishing campaigns, Nextcloud usage and
EPN sessions, directory.py the agents' directory accounts (MFA, last sign-in) (each from a
generator of its own). The draws happen in a fixed order, so two loads give the
same names and serials; only contract, action, project and « last seen » dates move with the
reference date, so that deadlines stay meaningful whenever the demo is loaded.

Every row is saved through the journal, attributed to « système ».
"""

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.models import Organisation
from gouvernail.core.services import organisation_create, organisation_purge
from gouvernail.demo.access import build_access
from gouvernail.demo.accounts import create_demo_accounts, delete_demo_users
from gouvernail.demo.activity import build_activity
from gouvernail.demo.application_map import build_applications
from gouvernail.demo.compliance import build_compliance
from gouvernail.demo.continuity import build_continuity
from gouvernail.demo.dataprotection import build_register
from gouvernail.demo.directory import build_directory
from gouvernail.demo.finance import build_finance
from gouvernail.demo.fleet import build_fleet
from gouvernail.demo.governance import build_governance
from gouvernail.demo.governance_registry import build_governance_registry, build_outsourced_requests
from gouvernail.demo.measurements import build_measurements
from gouvernail.demo.people import build_staff
from gouvernail.demo.procurement import build_procurement
from gouvernail.demo.project_specs import PROJECTS
from gouvernail.demo.records import RANDOM_SEED, load_seed
from gouvernail.demo.requests import MONTHS as REQUEST_MONTHS
from gouvernail.demo.requests import build_requests
from gouvernail.demo.roles import build_roles
from gouvernail.demo.steering import build_steering
from gouvernail.demo.vendors import CONTRACTS, OUTSOURCER, build_contracts, build_vendors
from gouvernail.vendors.models import Contract


class NotADemoOrganisation(Exception):
    """An organisation that is not flagged as demo data holds the demo's name or slug."""


@dataclass(frozen=True)
class DemoSummary:
    organisation: Organisation
    active_agents: int
    elected: int
    devices: int
    applications: int
    vendors: int
    contracts: int
    actions: int
    projects: int
    procurement_steps: int
    requests: int = 0
    measurements: int = 0


def find_demo_organisation() -> Organisation | None:
    """The organisation holding the demo's slug or name, demo or not."""
    seed = load_seed()["organisation"]
    return Organisation.objects.filter(Q(slug=seed["slug"]) | Q(name=seed["name"])).first()


@transaction.atomic
def load_demo(*, reference_date: date | None = None) -> DemoSummary:
    """Creates the demo organisation; contract dates are relative to `reference_date` (default: today)."""
    reference_date = reference_date or timezone.localdate()
    rng = random.Random(RANDOM_SEED)
    seed = load_seed()
    organisation = organisation_create(acting_user=None, is_demo=True, **seed["organisation"])
    staff = build_staff(organisation, rng)
    vendors = build_vendors(organisation, seed["vendors"])
    contracts = build_contracts(organisation, vendors, reference_date)
    applications = build_applications(
        organisation, seed["applications"], vendors=vendors, contracts=contracts, sites=list(staff.sites.values())
    )
    devices = build_fleet(organisation, staff, rng, reference_date)
    memberships = create_demo_accounts(
        organisation=organisation,
        people_by_role={
            Role.DIRECTION: staff.lead("Direction générale des services", 0),
            Role.REFERENT_SI: staff.lead("Direction générale des services", 2),
            Role.ELU: staff.elected[1],  # the élu référent numérique
        },
    )
    # The Prestataire account is the outsourcer's: it sees that vendor and its contracts only.
    vendors[OUTSOURCER].accounts.add(memberships[Role.PRESTATAIRE])
    actions = build_steering(
        organisation, staff, vendors, rng, reference_date, referent_user=memberships[Role.REFERENT_SI].user
    )
    procurement = build_procurement(
        organisation,
        seed["procurement"],
        outsourcer=vendors[OUTSOURCER],
        contract=Contract.objects.get(organisation=organisation, vendor=vendors[OUTSOURCER]),
    )
    build_governance(organisation, staff, seed["governance"], reference_date)
    build_governance_registry(organisation, reference_date)
    build_roles(organisation, staff.lead("Direction générale des services", 2))
    build_activity(organisation, staff, reference_date)
    build_directory(organisation, staff, reference_date)
    build_register(organisation, reference_date)
    build_continuity(organisation, reference_date)
    build_access(organisation, reference_date)
    requests = build_requests(organisation, staff, reference_date)
    build_outsourced_requests(organisation, reference_date)
    build_finance(organisation, reference_date)
    measurements = build_measurements(organisation, reference_date, months=REQUEST_MONTHS)
    build_compliance(organisation, staff, reference_date)
    return DemoSummary(
        organisation=organisation,
        active_agents=sum(agent.person.is_active for agent in staff.agents),
        elected=len(staff.elected),
        devices=len(devices),
        applications=len(applications),
        vendors=len(vendors),
        contracts=len(CONTRACTS),
        actions=len(actions),
        projects=len(PROJECTS),
        procurement_steps=procurement.steps.count(),
        requests=len(requests),
        measurements=measurements,
    )


@transaction.atomic
def purge_demo() -> bool:
    """Deletes the demo organisation (rows, history, journal) and the demo accounts.

    Returns whether there was an organisation to delete. Refuses to touch an organisation that
    merely shares the demo's name or slug: that one holds real data.
    """
    organisation = find_demo_organisation()
    if organisation is not None and not organisation.is_demo:
        raise NotADemoOrganisation(organisation.name)
    if organisation is not None:
        organisation_purge(organisation=organisation)
    delete_demo_users()
    return organisation is not None
