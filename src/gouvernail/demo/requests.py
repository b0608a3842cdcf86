"""Two years of synthetic requests to the IT service, labelled « Démonstration (synthétique) ».

The study gives no ticket data (GestSup was being set up), so the demo invents what a service
of this size plausibly receives: about 150 requests a month for 180 agents, fewer in August
and at Christmas, more at the September school start, on working days and office hours, from
each service in proportion to its headcount. Categories are named the way GestSup users name
them; the default family rule maps them onto the study's four families. About nine in ten are
resolved, most within days; the latest ones are still open. Drawn from their own seeded
generator, so adding them changes none of the other demo rows.
"""

import random
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from gouvernail.core.models import Organisation
from gouvernail.demo.people import SERVICES, Staff
from gouvernail.demo.records import RANDOM_SEED
from gouvernail.metrics.businessdays import is_business_day
from gouvernail.servicedesk.choices import RequestSource, RequestStatus
from gouvernail.servicedesk.models import Request
from gouvernail.servicedesk.services import family_resolver

MONTHS = 24
PER_MONTH = 150
# Relative volume by calendar month (the school start in September, the August lull).
SEASONALITY = {1: 1.1, 2: 1.0, 3: 1.05, 4: 0.95, 5: 0.9, 6: 1.0, 7: 0.75, 8: 0.5, 9: 1.35, 10: 1.1, 11: 1.0, 12: 0.8}
# (category, sub-categories, weight): what GestSup installations typically list.
CATEGORIES = (
    ("Poste de travail", ("Lenteur", "Panne matérielle", "Écran / périphérique", "Mise à jour", "Session"), 14),
    ("Logiciels", ("Installation", "Bureautique", "Navigateur", "Lecteur PDF", "Licence"), 10),
    ("Messagerie", ("Mot de passe", "Boîte pleine", "Agenda partagé", "Liste de diffusion", "Smartphone"), 12),
    ("Impression", ("Copieur", "Imprimante locale", "Scanner", "Consommables", "Pilote"), 10),
    ("Logiciels métiers", ("Finances", "Ressources humaines", "Enfance-jeunesse", "Urbanisme", "Courrier"), 9),
    ("Comptes", ("Arrivée d'agent", "Départ d'agent", "Droits d'accès", "Partage réseau", "Nextcloud"), 6),
    ("Téléphonie", ("Mobile", "Ligne fixe", "Standard", "Messagerie vocale"), 7),
    ("Réseau", ("Wi-Fi", "Accès internet d'un site", "VPN", "Prise réseau"), 6),
    ("Sites", ("Déménagement", "Câblage", "Salle de réunion", "Vidéoprojecteur"), 3),
    ("Projet", ("Déploiement Windows 11", "Évolution d'un outil métier", "Dématérialisation", "Site web"), 9),
    ("Sécurité", ("Hameçonnage signalé", "Virus / comportement suspect", "Compte compromis"), 6),
    ("Sauvegarde", ("Restauration de fichier", "Vérification"), 3),
)
RESOLVED_SHARE = 0.92


def build_requests(organisation: Organisation, staff: Staff, reference_date: date) -> list[Request]:
    rng = random.Random(RANDOM_SEED + 5)
    resolve = family_resolver(organisation)
    services = [(staff.services[spec.name], spec) for spec in SERVICES]
    weights = [spec.headcount for spec in SERVICES]
    categories = [(c, subs) for c, subs, _ in CATEGORIES]
    category_weights = [w for _, _, w in CATEGORIES]
    tz = timezone.get_current_timezone()
    first_month = reference_date.replace(day=1) - relativedelta(months=MONTHS)
    requests, number = [], 0
    for month_index in range(MONTHS + 1):
        month = first_month + relativedelta(months=month_index)
        days = [month + timedelta(days=i) for i in range(31) if (month + timedelta(days=i)).month == month.month]
        days = [d for d in days if is_business_day(d) and d <= reference_date]
        volume = round(PER_MONTH * SEASONALITY[month.month] * rng.uniform(0.9, 1.1))
        if not days:
            continue
        if month.year == reference_date.year and month.month == reference_date.month:
            volume = round(volume * len(days) / 21)
        for _ in range(volume):
            number += 1
            day = rng.choice(days)
            opened = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=tz)
            service, spec = rng.choices(services, weights)[0]
            category, subcategories = rng.choices(categories, category_weights)[0]
            subcategory = rng.choice(subcategories)
            age = (reference_date - day).days
            resolved_at, status = None, RequestStatus.NEW
            if rng.random() < RESOLVED_SHARE or age > 60:
                delay = timedelta(hours=min(rng.expovariate(1 / 40), age * 24 + 12))
                resolved_at = opened + delay
                if resolved_at.date() > reference_date:
                    resolved_at = None
            if resolved_at is not None:
                status = RequestStatus.CLOSED if age > 15 else RequestStatus.RESOLVED
            elif age > 2:
                status = rng.choice((RequestStatus.IN_PROGRESS, RequestStatus.PENDING))
            requests.append(
                Request(
                    organisation=organisation,
                    source=RequestSource.DEMO,
                    external_id=f"DEMO-{number:05d}",
                    opened_at=opened,
                    resolved_at=resolved_at,
                    status=status,
                    request_type="Incident" if category in {"Poste de travail", "Sécurité"} else "Demande",
                    category=category,
                    subcategory=subcategory,
                    family=resolve(category, subcategory),
                    service=service,
                    site=staff.sites[spec.site],
                    time_spent_minutes=rng.choice((10, 15, 20, 30, 45, 60, 90, 120)) if resolved_at else None,
                )
            )
    return Request.objects.bulk_create(requests, batch_size=1000)
