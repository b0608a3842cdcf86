"""The column layout of the register's spreadsheet export and import, written as data.

The CNIL's basic model (« registre RGPD basique », cnil.fr) holds one « fiche de registre » per
activity; its headings, in order, become the columns here, one activity per row, so that one
sheet holds the whole register and reads back. `cnil` says whether the heading is the model's
(`docs/registre-rgpd-colonnes.md` lists both kinds and what is uncertain: the headers of the
current .ods were not checked, only the fiche's headings). Columns Gouvernail adds are the art. 30
entries the basic model leaves out (role, controllers served, legal basis, service) and the key.
"""

from dataclasses import dataclass

from gouvernail.dataprotection.choices import ActivityRole, DataCategory, LegalBasis, SecurityMeasure

# Several values in one cell (categories, applications, processors) are separated by this.
SEPARATOR = " ; "


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str  # text, date, bool, choice, multi, applications, processors, service, created
    cnil: bool
    choices: tuple = ()
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("Référence", "reference", "text", cnil=False, required=True),
    Column("Nom du traitement", "name", "text", cnil=True, required=True),
    Column("Rôle de l'organisme", "role", "choice", cnil=False, choices=tuple(ActivityRole.choices)),
    Column("Responsables pour le compte desquels l'organisme agit", "controllers_served", "text", cnil=False),
    Column("Date de création", "created", "created", cnil=True),
    Column("Date de mise à jour", "reviewed_on", "date", cnil=True),
    Column("Responsable conjoint", "joint_controller", "text", cnil=True),
    Column("Service responsable", "responsible_service", "service", cnil=False),
    Column("Logiciel ou application", "applications", "applications", cnil=True),
    Column("Objectifs poursuivis", "purpose", "text", cnil=True),
    Column("Base légale", "legal_basis", "choice", cnil=False, choices=tuple(LegalBasis.choices)),
    Column("Catégories de personnes concernées", "data_subjects", "text", cnil=True),
    Column("Catégories de données", "data_categories", "multi", cnil=True, choices=tuple(DataCategory.choices)),
    Column("Description des données", "data_details", "text", cnil=True),
    Column("Données sensibles", "sensitive_data", "bool", cnil=True),
    Column("Description des données sensibles", "sensitive_details", "text", cnil=True),
    Column("Durées de conservation", "retention", "text", cnil=True),
    Column("Destinataires internes", "recipients_internal", "text", cnil=True),
    Column("Organismes externes", "recipients_external", "text", cnil=True),
    Column("Sous-traitants", "processors", "processors", cnil=True),
    Column("Transferts hors UE", "transfers_outside_eu", "bool", cnil=True),
    Column("Pays destinataires", "transfer_countries", "text", cnil=True),
    Column("Garanties", "transfer_safeguards", "text", cnil=True),
    Column("Mesures de sécurité", "security_measures", "multi", cnil=True, choices=tuple(SecurityMeasure.choices)),
    Column("Autres mesures de sécurité", "security_details", "text", cnil=True),
)

HEADERS = tuple(column.header for column in COLUMNS)
# Read from the file but never written back: the creation date is the fiche's own.
READ_ONLY_KINDS = {"created"}


def normalise_header(text) -> str:
    return " ".join(str(text or "").replace("\u00a0", " ").split()).casefold().rstrip(" :")
