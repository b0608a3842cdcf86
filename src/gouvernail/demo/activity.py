"""Synthetic activity figures of the demo: phishing campaigns, Nextcloud usage, EPN sessions.

Nothing here comes from the study, which names these dashboards but gives no figures: every
number is drawn from `random.Random("2026-activity")` (its own generator, so the other demo
builders draw exactly what they drew before) and labelled « Démonstration (synthétique) »
through the `demo` source of each row.

- Three phishing campaigns (2025–2026) sent to the agents with a workstation: the click rate
  falls and the reporting rate rises from one to the next, as a campaign of awareness should
  show; per-service counts only, with a « service inconnu » row (generic mailboxes).
- Thirteen monthly Nextcloud snapshots up to the reference date, counted by the collaboration
  service from synthetic accounts (30-day rule), and fifteen shared spaces, four of them
  without an identified responsible.
- Twelve months of EPN sessions at the Cybercentre: free access on opening days and four
  weekly or monthly workshops, visitors drawn from a pool of pseudonymous keys.
"""

import random
from datetime import date, datetime, time, timedelta

import holidays
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from gouvernail.awareness.models import PhishingCampaign
from gouvernail.awareness.queries import Tally
from gouvernail.awareness.services import campaign_results_store
from gouvernail.collaboration.models import BYTES_PER_GB, SharedSpace
from gouvernail.collaboration.services import Account, snapshot_store
from gouvernail.core.models import Organisation
from gouvernail.demo.people import SERVICES, Staff
from gouvernail.demo.records import RANDOM_SEED, persist
from gouvernail.epn.importer import SessionRow
from gouvernail.epn.models import VisitorKeySalt, visitor_key
from gouvernail.epn.services import sessions_import
from gouvernail.steering.models import Project

DEMO = "demo"

# (name, launch, end, template, landing page, click probability, report probability)
CAMPAIGNS = (
    (
        "Campagne 1 — Colis en attente",
        date(2025, 3, 11),
        date(2025, 3, 25),
        "Avis de passage",
        "Suivi de colis",
        0.26,
        0.07,
    ),
    (
        "Campagne 2 — Mise à jour de la messagerie",
        date(2025, 10, 7),
        date(2025, 10, 21),
        "Quota de messagerie",
        "Connexion webmail",
        0.15,
        0.18,
    ),
    (
        "Campagne 3 — Note de frais à valider",
        date(2026, 2, 10),
        date(2026, 2, 24),
        "Parapheur : document en attente",
        "Connexion parapheur",
        0.08,
        0.31,
    ),
)
UNKNOWN_MAILBOXES = 6  # shared and generic mailboxes matched to nobody

# Shared spaces: (name, kind, service, project keyword, size in Go, has a responsible)
SPACES = (
    ("Direction générale", "dossier_groupe", "Direction générale des services", None, 18, True),
    ("Finances", "dossier_groupe", "Finances et comptabilité", None, 24, True),
    ("Ressources humaines", "dossier_groupe", "Ressources humaines", None, 15, True),
    ("Marchés publics", "dossier_groupe", "Commande publique", None, 9, True),
    ("Enfance-jeunesse", "dossier_equipe", "Pôle enfance-jeunesse", None, 31, True),
    ("Accueils de loisirs", "dossier_partage", "Pôle enfance-jeunesse", None, 7, False),
    ("École de musique", "dossier_groupe", "École de musique communautaire", None, 12, True),
    ("Cybercentre", "dossier_groupe", "Cybercentre", None, 4, True),
    ("Services techniques", "dossier_groupe", "Services techniques", None, 22, True),
    ("Déchets et tri", "dossier_groupe", "Environnement et déchets", None, 6, False),
    ("Urbanisme", "dossier_groupe", "Urbanisme et habitat", None, 28, True),
    ("Communication", "dossier_equipe", "Communication et tourisme", None, 35, True),
    ("Projet Windows 11", "dossier_equipe", None, "Windows 11", 3, True),
    ("Projet téléphonie", "dossier_equipe", None, "Téléphonie", 2, False),
    ("Archives 2020", "dossier_partage", None, None, 11, False),
)

# Workshops of the Cybercentre: (name, weekday 0=Monday, start, duration, every n-th week)
WORKSHOPS = (
    ("Premiers pas sur l'ordinateur", 1, time(14, 0), 120, 1),
    ("Démarches administratives en ligne", 3, time(10, 0), 90, 1),
    ("Smartphone et tablette", 5, time(10, 0), 90, 2),
    ("Se protéger des arnaques en ligne", 4, time(14, 0), 120, 4),
)
OPEN_DAYS = {1, 2, 3, 4, 5}  # Tuesday to Saturday
VISITORS = 220


def build_activity(organisation: Organisation, staff: Staff, reference_date: date) -> None:
    rng = random.Random(f"{RANDOM_SEED}-activity")
    build_campaigns(organisation, staff, rng, reference_date)
    build_nextcloud(organisation, staff, rng, reference_date)
    build_epn(organisation, staff, rng, reference_date)


def _mailboxes(staff: Staff) -> dict[int, int]:
    """Recipients per service: its active agents who have a workstation."""
    return {staff.services[spec.name].pk: min(spec.pcs, len(staff.active_agents_of(spec.name))) for spec in SERVICES}


def _binomial(rng: random.Random, trials: int, probability: float) -> int:
    return sum(rng.random() < probability for _ in range(trials))


def build_campaigns(organisation: Organisation, staff: Staff, rng: random.Random, reference_date: date) -> None:
    recipients = {**_mailboxes(staff), None: UNKNOWN_MAILBOXES}
    for name, launched, completed, template, landing, click, report in CAMPAIGNS:
        if launched > reference_date:
            continue
        campaign = persist(
            PhishingCampaign(
                organisation=organisation,
                name=name,
                launched_on=launched,
                completed_on=completed if completed <= reference_date else None,
                source=DEMO,
                template_name=template,
                landing_page_name=landing,
            )
        )
        results = {}
        for service_id, sent in recipients.items():
            service_click = min(0.9, click * rng.uniform(0.5, 1.6))
            clicked = _binomial(rng, sent, service_click)
            opened = clicked + _binomial(rng, sent - clicked, 0.45)
            submitted = _binomial(rng, clicked, 0.4)
            reported = _binomial(rng, sent - clicked, report) + _binomial(rng, clicked, report / 3)
            results[service_id] = Tally(sent, opened, clicked, submitted, reported)
        campaign_results_store(campaign=campaign, results=results)


def _month_ends(reference_date: date, count: int) -> list[date]:
    """The last day of each of the `count - 1` previous months, then the reference date."""
    first_of_month = reference_date.replace(day=1)
    ends = [first_of_month - relativedelta(months=back) - timedelta(days=1) for back in range(count - 2, -1, -1)]
    return [*ends, reference_date]


def build_nextcloud(organisation: Organisation, staff: Staff, rng: random.Random, reference_date: date) -> None:
    taken = _month_ends(reference_date, 13)
    spaces = _build_spaces(organisation, staff, rng, taken[-1])
    space_bytes = sum(space.size_bytes for space in spaces)
    # One synthetic account per mailbox, plus the élus' (no service): usage grows over the year.
    accounts = [(service_id, rng.uniform(0.2, 4.0)) for service_id, n in _mailboxes(staff).items() for _ in range(n)]
    accounts += [(None, rng.uniform(0.1, 1.0)) for _ in staff.elected]
    for month, taken_on in enumerate(taken):
        at = timezone.make_aware(datetime.combine(taken_on, time(23, 0)))
        adoption = 0.55 + 0.03 * month  # share of accounts logged in during the month
        growth = 1 + 0.04 * month
        snapshot_accounts = []
        for service_id, base_gb in accounts:
            if rng.random() < adoption:
                last_login = at - timedelta(days=rng.uniform(0, 29.5))
            else:
                last_login = at - timedelta(days=rng.uniform(30.5, 200)) if rng.random() < 0.8 else None
            snapshot_accounts.append(Account(service_id, last_login, int(base_gb * growth * BYTES_PER_GB)))
        snapshot_store(
            organisation=organisation,
            taken_on=taken_on,
            source=DEMO,
            accounts=snapshot_accounts,
            total_bytes=sum(a.used_bytes for a in snapshot_accounts) + int(space_bytes * (0.7 + 0.025 * month)),
            shares_count=180 + 9 * month + rng.randint(0, 6),
            at=at,
        )


def _build_spaces(organisation: Organisation, staff: Staff, rng: random.Random, seen_on: date) -> list[SharedSpace]:
    projects = list(Project.objects.filter(organisation=organisation))
    spaces = []
    for number, (name, kind, service_name, project_word, size_gb, has_responsible) in enumerate(SPACES, start=1):
        project = next((p for p in projects if project_word and project_word in p.name), None)
        responsible = None
        if has_responsible:
            responsible = staff.lead(service_name, 0) if service_name else (project.lead if project else None)
        spaces.append(
            persist(
                SharedSpace(
                    organisation=organisation,
                    name=name,
                    kind=kind,
                    service=staff.services[service_name] if service_name else None,
                    project=project,
                    responsible=responsible,
                    size_bytes=int(size_gb * rng.uniform(0.9, 1.1) * BYTES_PER_GB),
                    quota_bytes=50 * BYTES_PER_GB if size_gb > 20 else None,
                    source=DEMO,
                    external_id=str(number),
                    last_seen_on=seen_on,
                )
            )
        )
    return spaces


def build_epn(organisation: Organisation, staff: Staff, rng: random.Random, reference_date: date) -> None:
    salt = VisitorKeySalt.for_organisation(organisation)
    keys = [visitor_key(salt, f"demo-usager-{number:04d}") for number in range(VISITORS)]
    # A few regulars come often, most come a few times a year.
    weights = [1 / (rank + 3) for rank in range(VISITORS)]
    site_id = staff.sites["EPN"].pk
    closed = holidays.France(years=range(reference_date.year - 1, reference_date.year + 1))
    start = reference_date.replace(day=1) - relativedelta(months=12)  # twelve whole months, then this one
    rows = []
    day = start
    while day < reference_date:
        if day.weekday() in OPEN_DAYS and day not in closed and not (day.month == 8 and day.day <= 15):
            for _ in range(rng.randint(2, 9)):
                rows.append(
                    SessionRow(
                        held_on=day,
                        start_time=time(rng.choice((9, 10, 11, 14, 15, 16)), rng.choice((0, 15, 30, 45))),
                        duration_minutes=rng.choice((15, 30, 30, 45, 60, 60, 90)),
                        visitor_key=rng.choices(keys, weights)[0],
                        workshop="",
                        site_id=site_id,
                    )
                )
            week = (day - start).days // 7
            for name, weekday, starts, minutes, every in WORKSHOPS:
                if day.weekday() == weekday and week % every == 0:
                    for key in rng.sample(keys[:120], rng.randint(3, 9)):
                        rows.append(SessionRow(day, starts, minutes, key, name, site_id))
        day += timedelta(days=1)
    sessions_import(organisation=organisation, rows=rows, source=DEMO)
