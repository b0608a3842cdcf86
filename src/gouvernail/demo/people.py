"""Synthetic sites, services, agents and elected officials of the demo organisation.

The study gives none of these, so they are invented, deterministically: five plausible sites
(name and commune only, no address), twelve services, about 180 agents and ten élus. Names
combine short lists of common French first and last names; they belong to nobody in
particular. Agents get a work e-mail, prénom.nom on the reserved `.example` domain of the demo
accounts (no mail can reach a real mailbox), which the connectors match people by.
"""

import random
import re
import unicodedata
from dataclasses import dataclass, field

from gouvernail.core.choices import PersonKind, ServiceKind
from gouvernail.core.models import Organisation, Person, Service, Site
from gouvernail.demo.accounts import DEMO_EMAIL_DOMAIN
from gouvernail.demo.records import persist

# (code used in device names, site name, commune). Communes of the Gesnois Bilurien territory.
SITES: tuple[tuple[str, str, str], ...] = (
    ("SIEGE", "Siège communautaire (Bouloire)", "Bouloire"),
    ("PEEJ", "Pôle enfance-jeunesse (PEEJ)", "Montfort-le-Gesnois"),
    ("EMC", "École de musique (EMC)", "Connerré"),
    ("EPN", "Cybercentre / EPN", "Bouloire"),
    ("CT", "Centre technique", "Saint-Mars-la-Brière"),
)


@dataclass(frozen=True)
class ServiceSpec:
    """One unit of the organisation chart and what its agents use.

    `leads` are given, in order, to the first agents; the others draw from `functions`.
    `pcs` agents get a workstation (the first ones, leads first), `laptop_share` of them a
    laptop; `phones` agents get a smartphone.
    """

    name: str
    kind: str
    site: str
    headcount: int
    leads: tuple[str, ...]
    functions: tuple[str, ...]
    pcs: int
    phones: int
    laptop_share: float = 0.3
    parent: str | None = None


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        "Direction générale des services",
        ServiceKind.POLE,
        "SIEGE",
        6,
        (
            "Directeur|Directrice général|générale des services",
            "Directeur|Directrice général|générale adjoint|adjointe",
            "Référent|Référente SI",
            "Assistant|Assistante de direction",
        ),
        ("Chargé|Chargée de mission",),
        pcs=6,
        phones=3,
        laptop_share=0.6,
    ),
    ServiceSpec(
        "Pôle Ressources",
        ServiceKind.POLE,
        "SIEGE",
        2,
        ("Responsable du pôle Ressources",),
        ("Assistant|Assistante du pôle Ressources",),
        pcs=2,
        phones=1,
        laptop_share=0.5,
    ),
    ServiceSpec(
        "Finances et comptabilité",
        ServiceKind.SERVICE,
        "SIEGE",
        7,
        ("Responsable des finances",),
        ("Gestionnaire comptable", "Agent comptable"),
        pcs=7,
        phones=1,
        laptop_share=0.15,
        parent="Pôle Ressources",
    ),
    ServiceSpec(
        "Ressources humaines",
        ServiceKind.SERVICE,
        "SIEGE",
        5,
        ("Responsable des ressources humaines",),
        ("Gestionnaire paie et carrière",),
        pcs=5,
        phones=1,
        laptop_share=0.2,
        parent="Pôle Ressources",
    ),
    ServiceSpec(
        "Commande publique",
        ServiceKind.SERVICE,
        "SIEGE",
        3,
        ("Responsable de la commande publique",),
        ("Gestionnaire marchés publics",),
        pcs=3,
        phones=0,
        laptop_share=0.0,
        parent="Pôle Ressources",
    ),
    ServiceSpec(
        "Pôle enfance-jeunesse",
        ServiceKind.POLE,
        "PEEJ",
        66,
        (
            "Responsable du pôle enfance-jeunesse",
            "Comptable du PEEJ",
            "Directeur|Directrice d'accueil de loisirs",
            "Directeur|Directrice d'accueil de loisirs",
            "Coordinateur|Coordinatrice petite enfance",
        ),
        (
            "Animateur|Animatrice enfance-jeunesse",
            "Auxiliaire de puériculture",
            "Éducateur|Éducatrice de jeunes enfants",
            "Agent d'entretien",
        ),
        pcs=24,
        phones=7,
    ),
    ServiceSpec(
        "École de musique communautaire",
        ServiceKind.SERVICE,
        "EMC",
        22,
        ("Directeur|Directrice de l'école de musique", "Secrétaire de l'école de musique"),
        ("Professeur|Professeure de musique",),
        pcs=8,
        phones=1,
        laptop_share=0.5,
    ),
    ServiceSpec(
        "Cybercentre",
        ServiceKind.SERVICE,
        "EPN",
        3,
        ("Animateur|Animatrice multimédia", "Conseiller|Conseillère numérique"),
        ("Animateur|Animatrice multimédia",),
        pcs=3,
        phones=1,
        laptop_share=0.7,
    ),
    ServiceSpec(
        "Services techniques",
        ServiceKind.POLE,
        "CT",
        33,
        ("Responsable des services techniques", "Adjoint|Adjointe technique principal|principale"),
        ("Agent technique polyvalent", "Agent d'entretien des bâtiments", "Agent des espaces verts"),
        pcs=14,
        phones=4,
    ),
    ServiceSpec(
        "Environnement et déchets",
        ServiceKind.SERVICE,
        "CT",
        30,
        ("Responsable environnement et déchets", "Ambassadeur|Ambassadrice du tri"),
        ("Agent de collecte", "Gardien|Gardienne de déchèterie", "Chauffeur|Chauffeuse poids lourd"),
        pcs=10,
        phones=6,
        parent="Services techniques",
    ),
    ServiceSpec(
        "Urbanisme et habitat",
        ServiceKind.SERVICE,
        "SIEGE",
        7,
        ("Responsable de l'urbanisme",),
        ("Instructeur|Instructrice du droit des sols", "Chargé|Chargée de mission habitat"),
        pcs=7,
        phones=1,
        laptop_share=0.4,
    ),
    ServiceSpec(
        "Communication et tourisme",
        ServiceKind.SERVICE,
        "SIEGE",
        5,
        ("Chargé|Chargée de communication",),
        ("Chargé|Chargée de communication", "Conseiller|Conseillère en séjour"),
        pcs=5,
        phones=2,
        laptop_share=0.6,
    ),
)

# The président first, then the élu référent numérique (the study's « Président ou élu
# référent numérique »): the demo « Élu » account and the two Apple tablets go to them.
ELECTED_FUNCTIONS: tuple[str, ...] = (
    "Président|Présidente",
    "Vice-président|Vice-présidente délégué|déléguée au numérique",
    "1er|1re vice-président|vice-présidente, finances",
    "Vice-président|Vice-présidente enfance-jeunesse",
    "Vice-président|Vice-présidente environnement et déchets",
    "Vice-président|Vice-présidente urbanisme et habitat",
    "Vice-président|Vice-présidente culture et tourisme",
    "Conseiller|Conseillère communautaire délégué|déléguée",
    "Conseiller|Conseillère communautaire",
    "Conseiller|Conseillère communautaire",
)

# Share of agents who have left the organisation and are kept as inactive records.
INACTIVE_SHARE = 0.05

# Female first names, then male ones: a function title agrees with the first name's gender.
FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Camille", "Nathalie", "Isabelle", "Sophie", "Sandrine", "Céline", "Valérie", "Stéphanie", "Aurélie",
    "Émilie", "Julie", "Laura", "Manon", "Pauline", "Chloé", "Léa", "Marine", "Audrey", "Christine", "Martine",
)  # fmt: skip
MALE_FIRST_NAMES: tuple[str, ...] = (
    "Philippe", "Nicolas", "Christophe", "Stéphane", "Sébastien", "Julien", "David", "Laurent", "Olivier",
    "Thomas", "Pierre", "Alexandre", "Mathieu", "Romain", "Guillaume", "Jérôme", "Antoine", "Kévin", "Lucas",
    "Hugo",
)  # fmt: skip
FIRST_NAMES = FEMALE_FIRST_NAMES + MALE_FIRST_NAMES
LAST_NAMES: tuple[str, ...] = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
    "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
    "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
)  # fmt: skip


@dataclass
class Agent:
    person: Person
    spec: ServiceSpec
    rank: int  # 0 for the head of the service, then the other leads, then the rest


@dataclass
class Staff:
    """What the fleet and the accounts need to know about the organisation chart."""

    sites: dict[str, Site] = field(default_factory=dict)  # by code
    services: dict[str, Service] = field(default_factory=dict)  # by name
    agents: list[Agent] = field(default_factory=list)  # in creation order, leads first per service
    elected: list[Person] = field(default_factory=list)  # in ELECTED_FUNCTIONS order

    def active_agents_of(self, service_name: str) -> list[Person]:
        return [a.person for a in self.agents if a.spec.name == service_name and a.person.is_active]

    def lead(self, service_name: str, rank: int = 0) -> Person:
        return next(a.person for a in self.agents if a.spec.name == service_name and a.rank == rank)


def build_staff(organisation: Organisation, rng: random.Random) -> Staff:
    staff = Staff()
    for code, name, city in SITES:
        staff.sites[code] = persist(Site(organisation=organisation, name=name, city=city))
    for spec in SERVICES:  # parents come before their children in SERVICES
        parent = staff.services[spec.parent] if spec.parent else None
        staff.services[spec.name] = persist(
            Service(organisation=organisation, name=spec.name, kind=spec.kind, parent=parent)
        )
    names = iter(_name_pool(rng, sum(spec.headcount for spec in SERVICES) + len(ELECTED_FUNCTIONS)))
    inactive = _inactive_positions(rng)
    taken: set[str] = set()
    for spec in SERVICES:
        for rank in range(spec.headcount):
            first_name, last_name = next(names)
            function = spec.leads[rank] if rank < len(spec.leads) else rng.choice(spec.functions)
            person = Person(
                organisation=organisation,
                first_name=first_name,
                last_name=last_name,
                kind=PersonKind.AGENT,
                service=staff.services[spec.name],
                site=staff.sites[spec.site],
                function=gendered(function, female=first_name in FEMALE_FIRST_NAMES),
                email=work_email(first_name, last_name, taken),
                is_active=len(staff.agents) not in inactive,
            )
            staff.agents.append(Agent(persist(person), spec, rank))
    for function in ELECTED_FUNCTIONS:
        first_name, last_name = next(names)
        person = Person(
            organisation=organisation,
            first_name=first_name,
            last_name=last_name,
            kind=PersonKind.ELECTED,
            site=staff.sites["SIEGE"],
            function=gendered(function, female=first_name in FEMALE_FIRST_NAMES),
        )
        staff.elected.append(persist(person))
    return staff


def work_email(first_name: str, last_name: str, taken: set[str]) -> str:
    """« Élodie Lefèvre » → elodie.lefevre@gesnois-bilurien.example, numbered when already `taken`
    (two names alike once accents are dropped); the address is added to `taken`."""
    local = ".".join(_ascii_words(part) for part in (first_name, last_name))
    address, number = f"{local}@{DEMO_EMAIL_DOMAIN}", 1
    while address in taken:
        number += 1
        address = f"{local}{number}@{DEMO_EMAIL_DOMAIN}"
    taken.add(address)
    return address


def _ascii_words(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def gendered(title: str, *, female: bool) -> str:
    """« Directeur|Directrice général|générale » → « Directrice générale » for a woman."""
    return " ".join(word.split("|")[1 if female else 0] if "|" in word else word for word in title.split(" "))


def _name_pool(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` distinct (first name, last name) pairs, so no two demo people look like one."""
    indexes = rng.sample(range(len(FIRST_NAMES) * len(LAST_NAMES)), count)
    return [(FIRST_NAMES[i // len(LAST_NAMES)], LAST_NAMES[i % len(LAST_NAMES)]) for i in indexes]


def _inactive_positions(rng: random.Random) -> set[int]:
    """Agents who have left, never a lead (the chart keeps its heads)."""
    candidates, position = [], 0
    for spec in SERVICES:
        candidates += [position + rank for rank in range(len(spec.leads), spec.headcount)]
        position += spec.headcount
    return set(rng.sample(candidates, round(position * INACTIVE_SHARE)))
