"""Who may read and who may edit what, by role.

Models declare a `permission_domain`; a role's rights are looked up per domain. Row-level
narrowing (a Prestataire sees only its own vendor's contracts) lives on the model's queryset
(`visible_to`) and instance (`is_visible_to`).
"""

from gouvernail.core.choices import Role

ALL_ROLES = frozenset(Role.values)

EDIT_ROLES: dict[str, frozenset[str]] = {
    "referentiel": frozenset({Role.ADMIN, Role.REFERENT_SI}),
    "governance": frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION}),
    "administration": frozenset({Role.ADMIN}),
    "journal": frozenset(),
    # Requests and usage figures come from the sources; editors only tune how they are counted.
    "activity": frozenset({Role.ADMIN, Role.REFERENT_SI}),
    # Dashboards are computed, never edited; editors only recompute them.
    "dashboards": frozenset({Role.ADMIN, Role.REFERENT_SI}),
    # Imports and syncs write into the référentiel: its editors run them.
    "collecte": frozenset({Role.ADMIN, Role.REFERENT_SI}),
    # Connector settings and runs: those who run the syncs.
    "connectors": frozenset({Role.ADMIN, Role.REFERENT_SI}),
}

READ_ROLES: dict[str, frozenset[str]] = {
    "referentiel": ALL_ROLES,
    "governance": ALL_ROLES,
    # Staff records and accounts are personal data: not for outside operators.
    "people": frozenset(ALL_ROLES - {Role.PRESTATAIRE}),
    "administration": frozenset({Role.ADMIN}),
    "journal": frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION, Role.AUDITEUR}),
    # The service's own activity is internal: not for outside operators.
    "activity": frozenset(ALL_ROLES - {Role.PRESTATAIRE}),
    # Dashboards aggregate the service's activity and the fleet: not for outside operators.
    "dashboards": frozenset(ALL_ROLES - {Role.PRESTATAIRE}),
    "collecte": frozenset({Role.ADMIN, Role.REFERENT_SI}),
    # The run log is evidence of where the figures come from: the auditor reads it too.
    "connectors": frozenset({Role.ADMIN, Role.REFERENT_SI, Role.AUDITEUR}),
}

# A connector's settings page (server, account, schedule): only those who run the syncs.
EDIT_ROLES["connector_settings"] = READ_ROLES["connector_settings"] = EDIT_ROLES["connectors"]

# The offer analysis of a procurement (criteria, candidates, scores and their justifications,
# the analysis report) is confidential until award: never shown to an outside operator, who may
# itself be a candidate. Its editors are the governance ones.
READ_ROLES["procurement_analysis"] = frozenset(ALL_ROLES - {Role.PRESTATAIRE})
EDIT_ROLES["procurement_analysis"] = EDIT_ROLES["governance"]

# The IT budget (lines, AP/CP, execution, trajectory) names every vendor's amounts: not for an
# outside operator. The COPIL arbitrates budgets, so its editors are the governance ones.
READ_ROLES["finance"] = frozenset(ALL_ROLES - {Role.PRESTATAIRE})
EDIT_ROLES["finance"] = EDIT_ROLES["governance"]

# Editing people records follows the référentiel rule.
EDIT_ROLES["people"] = EDIT_ROLES["referentiel"]


def can_read(membership, domain: str) -> bool:
    return membership is not None and membership.role in READ_ROLES[domain]


def can_edit(membership, domain: str) -> bool:
    return membership is not None and membership.role in EDIT_ROLES[domain]


# Security posture (hygiene self-assessment, incidents, NIS2): never for outside operators; the
# governance editors keep it.
READ_ROLES["compliance"] = frozenset(ALL_ROLES - {Role.PRESTATAIRE})
EDIT_ROLES["compliance"] = EDIT_ROLES["governance"]
# The register of processing activities (RGPD): everyone reads it, a Prestataire only when its
# vendor is the organisation's DPO (narrowed on the rows, dataprotection.models); the référentiel
# editors keep it.
READ_ROLES["dataprotection"] = ALL_ROLES
EDIT_ROLES["dataprotection"] = EDIT_ROLES["referentiel"]
# Continuity plans, tests and backups describe how to restore the system: not for outside operators.
READ_ROLES["continuity"] = frozenset(ALL_ROLES - {Role.PRESTATAIRE})
EDIT_ROLES["continuity"] = EDIT_ROLES["referentiel"]
# Accounts, rights, reviews, arrivals and departures name agents: those who govern access and the auditor.
READ_ROLES["access"] = frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION, Role.AUDITEUR})
EDIT_ROLES["access"] = EDIT_ROLES["referentiel"]
# Governance roles and the RACI matrix: everyone reads who does what (a Prestataire too: the
# outsourcing vendor is one of the roles); the Référent SI keeps it, as the référentiel.
READ_ROLES["roles"] = ALL_ROLES
EDIT_ROLES["roles"] = EDIT_ROLES["referentiel"]
