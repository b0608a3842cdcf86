"""NIS2 eligibility of a local authority: the rule, its source, and its version.

France has not yet transposed Directive (EU) 2022/2555: the rules below follow the bill « relatif
à la résilience des infrastructures critiques et au renforcement de la cybersécurité » as adopted
by the Sénat on 12 March 2025 (texte n° 33, art. 8 and 9) and may change before promulgation.
A change is a new `RULES_VERSION`; each profile records the version that classified it.
"""

from dataclasses import dataclass

from gouvernail.compliance.choices import EntityType, Nis2Category

RULES_VERSION = "projet-de-loi-senat-2025-03-12"
RULES_SOURCE = (
    "Projet de loi relatif à la résilience des infrastructures critiques et au renforcement de la cybersécurité, "
    "texte adopté par le Sénat le 12 mars 2025 (art. 8 et 9), en cours d'examen à l'Assemblée nationale : "
    "la transposition de la directive (UE) 2022/2555 n'est pas achevée, ces règles peuvent encore changer."
)
SOURCE_URL = "https://www.senat.fr/dossier-legislatif/pjl24-033.html"
THRESHOLD = 30_000

ALWAYS_ESSENTIAL = {
    EntityType.REGION: "Les régions sont des entités essentielles (art. 8 du projet).",
    EntityType.DEPARTEMENT: "Les départements sont des entités essentielles (art. 8 du projet).",
    EntityType.METROPOLE: "Les métropoles sont des entités essentielles (art. 8 du projet).",
    EntityType.CU: "Les communautés urbaines sont des entités essentielles (art. 8 du projet).",
}


@dataclass(frozen=True)
class Classification:
    category: str
    rule: str
    version: str = RULES_VERSION


def classify(
    *, entity_type: str, population: int | None, has_commune_over_30000: bool, designated: bool
) -> Classification:
    """The NIS2 category of a local authority under the rules in force (`RULES_VERSION`)."""
    if entity_type in ALWAYS_ESSENTIAL:
        return Classification(Nis2Category.ESSENTIAL, ALWAYS_ESSENTIAL[entity_type])
    if entity_type == EntityType.COMMUNE:
        if population is not None and population > THRESHOLD:
            return Classification(
                Nis2Category.ESSENTIAL, "Commune de plus de 30 000 habitants : entité essentielle (art. 8)."
            )
        return _designated_or_out(designated, "Commune de 30 000 habitants ou moins : hors du champ du projet")
    if entity_type == EntityType.CA:
        if has_commune_over_30000:
            return Classification(
                Nis2Category.ESSENTIAL,
                "Communauté d'agglomération comptant une commune de plus de 30 000 habitants : entité essentielle "
                "(art. 8, amendement du Sénat).",
            )
        return Classification(
            Nis2Category.IMPORTANT,
            "Communauté d'agglomération sans commune de plus de 30 000 habitants : entité importante (art. 9).",
        )
    if entity_type == EntityType.CC:
        return Classification(
            Nis2Category.IMPORTANT,
            "Communauté de communes : entité importante (art. 9 du texte du Sénat ; des amendements déposés à "
            "l'Assemblée proposent d'exclure celles de moins de 30 000 habitants).",
        )
    if entity_type == EntityType.SYNDICAT:
        return Classification(
            Nis2Category.UNCERTAIN,
            "Syndicats, SDIS et centres de gestion : leur situation n'est pas tranchée par le texte ; une "
            "désignation par arrêté reste possible (art. 10).",
        )
    return _designated_or_out(designated, "Entité hors des catégories de collectivités visées")


def _designated_or_out(designated: bool, reason: str) -> Classification:
    if designated:
        return Classification(
            Nis2Category.IMPORTANT,
            f"{reason}, mais désignée par arrêté du Premier ministre (art. 10) : à traiter "
            "comme entité importante sauf précision de l'arrêté.",
        )
    return Classification(Nis2Category.OUT_OF_SCOPE, f"{reason} (sauf désignation par arrêté, art. 10).")
