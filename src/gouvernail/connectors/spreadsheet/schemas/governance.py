"""The imports of past decisions and of scenario grids."""

from gouvernail.connectors.spreadsheet.parsers import normalize, parse_bool, parse_date, parse_decimal, parse_int
from gouvernail.connectors.spreadsheet.schemas.base import Column, Kind, choice_parser, relation, text
from gouvernail.governance.choices import RECORDED_STATUSES, DecisionStatus, Direction, Level

__all__ = ("DECISIONS", "SCENARIOS", "decision_key", "scenario_key")


def decision_key(values: dict) -> tuple | None:
    question = normalize(values.get("question") or "")
    return (question, values.get("decided_on")) if question and values.get("decided_on") else None


def scenario_key(values: dict) -> tuple | None:
    key = tuple(normalize(values.get(name) or "") for name in ("analysis", "criterion", "scenario"))
    return key if all(key) else None


DECISIONS = Kind(
    "decisions",
    "Décisions déjà prises (historique)",
    "governance.Decision",
    (
        text(
            "question",
            "Question",
            "Intitulé",
            "Décision",
            "Objet",
            "Libellé",
            "Intitulé de la décision",
            "Objet de la décision",
            required=True,
        ),
        Column(
            "decided_on",
            "Décidée le",
            ("Date", "Date de la décision", "Décidé le", "Date de décision", "Séance du"),
            parse_date,
            required=True,
        ),
        relation("committee", "Instance", "committee", "Instance qui décide", "Comité", "Organe"),
        Column(
            "status",
            "Issue",
            ("Résultat", "Décision prise", "Statut", "Sort", "Avis"),
            choice_parser(
                [(value, label) for value, label in DecisionStatus.choices if value in RECORDED_STATUSES],
                {
                    "Adopté": "adoptee",
                    "Validé": "adoptee",
                    "Validée": "adoptee",
                    "Approuvé": "adoptee",
                    "Approuvée": "adoptee",
                    "Accepté": "adoptee",
                    "Acceptée": "adoptee",
                    "Voté": "adoptee",
                    "Votée": "adoptee",
                    "Favorable": "adoptee",
                    "Avis favorable": "adoptee",
                    "Oui": "adoptee",
                    "Rejeté": "rejetee",
                    "Refusé": "rejetee",
                    "Refusée": "rejetee",
                    "Défavorable": "rejetee",
                    "Avis défavorable": "rejetee",
                    "Non": "rejetee",
                    "Ajourné": "ajournee",
                    "Reporté": "ajournee",
                    "Reportée": "ajournee",
                    "Différé": "ajournee",
                    "Différée": "ajournee",
                    "Amendé": "amendee",
                    "Adoptée avec modifications": "amendee",
                },
            ),
        ),
        text("chosen_option", "Option retenue", "Option", "Choix", "Scénario retenu", "Solution retenue"),
        text("rationale", "Motivation", "Motifs", "Justification", "Considérants", "Pourquoi"),
        text("context", "Contexte", "Exposé", "Exposé des motifs", "Description"),
        Column("vote_for", "Voix pour", ("Pour", "Votes pour", "Nb pour"), parse_int),
        Column("vote_against", "Voix contre", ("Contre", "Votes contre", "Nb contre"), parse_int),
        Column("vote_abstain", "Abstentions", ("Abstention", "Abst.", "Nb abstentions"), parse_int),
        Column("consensus", "Consensus", ("Par consensus", "Unanimité sans vote", "À l'unanimité"), parse_bool),
        relation("meeting", "Réunion", "meeting", "Séance", "Réunion du comité"),
    ),
    key_fields=("question",),
    key_label="question et date",
    file_key=decision_key,
    sheet="Décisions (historique)",
    note=(
        "Chaque ligne est enregistrée au registre des décisions, dans l'ordre des dates, marquée "
        "« reprise d'historique » : une fois enregistrée, une décision ne se modifie plus, elle s'amende. "
        "Une ligne déjà au registre (même question, même date) est laissée telle quelle."
    ),
)


SCENARIOS = Kind(
    "scenarios",
    "Grilles d'analyse de scénarios",
    "governance.ScenarioRating",
    (
        text("analysis", "Analyse", "Grille", "Analyse de scénarios", "Étude", "Titre de l'analyse", required=True),
        text("criterion", "Critère", "Critere", "Critères", "Critère d'analyse", required=True),
        Column("weight", "Poids", ("Pondération", "Coefficient", "Coef."), parse_decimal),
        Column(
            "direction",
            "Sens",
            ("Sens du critère", "Préférence"),
            choice_parser(
                Direction,
                {
                    "Plus": "plus",
                    "Maximiser": "plus",
                    "Croissant": "plus",
                    "Moins": "moins",
                    "Minimiser": "moins",
                    "Décroissant": "moins",
                },
            ),
        ),
        text("scenario", "Scénario", "Scenario", "Code du scénario", "Option", "Code", required=True),
        text("scenario_label", "Intitulé du scénario", "Libellé du scénario", "Nom du scénario", "Description"),
        Column(
            "level",
            "Niveau",
            ("Note", "Appréciation", "Évaluation", "Cotation"),
            choice_parser(
                Level,
                {
                    "Faible à moyen": Level.LOW_MEDIUM,
                    "Moyen": Level.MEDIUM,
                    "Élevé": Level.HIGH,
                    "Fort": Level.HIGH,
                    "Forte": Level.HIGH,
                    "Très élevé": Level.VERY_HIGH,
                    "Très fort": Level.VERY_HIGH,
                    "Très forte": Level.VERY_HIGH,
                    "Bas": Level.LOW,
                    "Basse": Level.LOW,
                    "Haut": Level.HIGH,
                    "Haute": Level.HIGH,
                    "Très haut": Level.VERY_HIGH,
                    "Très haute": Level.VERY_HIGH,
                },
            ),
            required=True,
        ),
        text("justification", "Justification", "Commentaire", "Argumentaire", "Motif"),
    ),
    key_fields=("scenario",),
    key_label="analyse, critère et scénario",
    file_key=scenario_key,
    sheet="Grilles de scénarios",
)
