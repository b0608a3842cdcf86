"""Synthetic directory accounts of the demo (Donnée de démonstration, synthétique): what an
Entra ID sync would have left on the agents, so that the « Comptes et MFA » section of the
security dashboard is not empty.

Agents with a workstation have an account; the share that registered MFA differs by service
(a roll-out still in progress), a few are unknown (as a licence without the report would
leave them), and a few accounts of agents who left are still enabled without a sign-in for
months (the dormant accounts). Drawn from `random.Random("2026-directory")`, its own
generator, so the other builders draw exactly what they drew before. Written through
`core.services.directory_accounts_replace`, in a few queries.
"""

import random
from datetime import date, timedelta

from gouvernail.core.models import Organisation
from gouvernail.core.services import AccountState, directory_accounts_replace
from gouvernail.demo.people import Staff
from gouvernail.demo.records import RANDOM_SEED

MFA_SHARE_DEFAULT = 0.8
# Services further along the roll-out, and one behind (agents on the road, shared workstations).
MFA_SHARE = {
    "Direction générale des services": 1.0,
    "Finances et comptabilité": 0.95,
    "Ressources humaines": 0.95,
    "Services techniques": 0.55,
}
MFA_UNKNOWN_SHARE = 0.03
DORMANT_SHARE = 0.03  # of the active agents: an account nobody uses any more


def build_directory(organisation: Organisation, staff: Staff, reference_date: date) -> int:
    rng = random.Random(f"{RANDOM_SEED}-directory")
    states: dict[int, AccountState] = {}
    for agent in staff.agents:
        if agent.rank >= agent.spec.pcs:
            continue
        person = agent.person
        if not person.is_active:
            # Left, account never disabled: the case the dormant-account indicator is for.
            states[person.pk] = AccountState(True, rng.random() < 0.5, reference_date - timedelta(rng.randint(95, 400)))
            continue
        if rng.random() < MFA_UNKNOWN_SHARE:
            mfa = None
        else:
            mfa = rng.random() < MFA_SHARE.get(agent.spec.name, MFA_SHARE_DEFAULT)
        days = rng.randint(120, 300) if rng.random() < DORMANT_SHARE else rng.randint(0, 20)
        states[person.pk] = AccountState(True, mfa, reference_date - timedelta(days))
    directory_accounts_replace(organisation=organisation, states=states)
    return len(states)
