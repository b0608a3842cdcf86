"""The art. 30 register: status, AIPD rule, the CNIL-layout export and its import read back."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gouvernail.core.choices import Role
from gouvernail.core.models import JournalEntry
from gouvernail.dataprotection.layout import COLUMNS, HEADERS
from gouvernail.dataprotection.models import ProcessingActivity, ProcessorEngagement
from gouvernail.testing.factories.applications import make_application
from gouvernail.testing.factories.core import make_service
from gouvernail.testing.factories.dataprotection import make_activity, make_assessment, make_engagement
from gouvernail.testing.factories.vendors import make_contract, make_vendor

# The headings of the CNIL's basic model as /work/shared/reference/compliance.md (§ 3) lists them.
CNIL_HEADINGS = (
    "dates (création / mise à jour)",
    "responsable conjoint",
    "logiciel ou application",
    "objectifs poursuivis",
    "catégories de personnes concernées",
    "catégories de données",
    "données sensibles",
    "durées de conservation",
    "destinataires (internes / organismes externes / sous-traitants)",
    "transferts hors UE (pays, garanties)",
    "mesures de sécurité",
)
CNIL_COLUMNS_FOR_HEADING = {
    "dates (création / mise à jour)": ("Date de création", "Date de mise à jour"),
    "responsable conjoint": ("Responsable conjoint",),
    "logiciel ou application": ("Logiciel ou application",),
    "objectifs poursuivis": ("Objectifs poursuivis",),
    "catégories de personnes concernées": ("Catégories de personnes concernées",),
    "catégories de données": ("Catégories de données", "Description des données"),
    "données sensibles": ("Données sensibles", "Description des données sensibles"),
    "durées de conservation": ("Durées de conservation",),
    "destinataires (internes / organismes externes / sous-traitants)": (
        "Destinataires internes",
        "Organismes externes",
        "Sous-traitants",
    ),
    "transferts hors UE (pays, garanties)": ("Transferts hors UE", "Pays destinataires", "Garanties"),
    "mesures de sécurité": ("Mesures de sécurité", "Autres mesures de sécurité"),
}


def test_the_layout_carries_every_heading_of_the_cnil_model_in_its_order():
    cnil_headers = [column.header for column in COLUMNS if column.cnil and column.header != "Nom du traitement"]
    expected = [header for heading in CNIL_HEADINGS for header in CNIL_COLUMNS_FOR_HEADING[heading]]

    assert cnil_headers == expected


def test_the_layout_marks_the_columns_gouvernail_adds():
    added = [column.header for column in COLUMNS if not column.cnil]

    assert added == [
        "Référence",
        "Rôle de l'organisme",
        "Responsables pour le compte desquels l'organisme agit",
        "Service responsable",
        "Base légale",
    ]


def test_a_fiche_missing_an_article_30_entry_is_to_complete(org):
    activity = make_activity(org, retention="")

    assert activity.status() == "a_completer"
    assert "durées de conservation" in activity.missing_fields()


def test_a_complete_fiche_not_reviewed_for_a_year_is_to_review(org):
    today = date(2026, 6, 1)
    fresh = make_activity(org, "T-01", reviewed_on=today - timedelta(days=365))
    stale = make_activity(org, "T-02", reviewed_on=today - timedelta(days=366))

    assert (fresh.status(today), stale.status(today)) == ("a_jour", "a_revoir")


def test_a_processor_fiche_needs_the_controllers_it_serves(org):
    activity = make_activity(org, role="sous_traitant")

    assert activity.status() == "a_completer"


def test_an_aipd_is_required_from_two_wp248_criteria_or_a_cnil_list_type(org):
    one = make_assessment(make_activity(org, "T-01"), crit_large_scale=True)
    two = make_assessment(make_activity(org, "T-02"), crit_large_scale=True, crit_vulnerable=True)
    listed = make_assessment(make_activity(org, "T-03"), cnil_list_item="profilage_rh")

    assert (one.is_required, two.is_required, listed.is_required) == (False, True, True)


@pytest.fixture
def register(org):
    service = make_service(org, "Ressources humaines")
    paie = make_application(org, "Ciril RH")
    portal = make_application(org, "Portail famille")
    vendor = make_vendor(org, "Ciril Group")
    contract = make_contract(org, vendor, "2024-RH-01")
    first = make_activity(
        org,
        "T-01",
        name="Paie des agents",
        responsible_service=service,
        sensitive_data=True,
        sensitive_details="NIR",
        recipients_external="URSSAF ; DGFiP ; =SOMME(A1)",
    )
    first.applications.set([paie])
    make_engagement(first, vendor, contract=contract, clause="presente")
    second = make_activity(
        org,
        "T-02",
        name="Inscriptions périscolaires",
        role="sous_traitant",
        controllers_served="Commune de Gesnois",
        transfers_outside_eu=True,
        transfer_countries="États-Unis",
        transfer_safeguards="Clauses contractuelles types",
        reviewed_on=None,
    )
    second.applications.set([portal, paie])
    return {"first": first, "second": second, "vendor": vendor}


def upload(client, content: bytes, name: str = "registre.xlsx"):
    return client.post("/rgpd/traitements/importer/", {"file": SimpleUploadedFile(name, content)})


def snapshot(org):
    rows = []
    for activity in ProcessingActivity.objects.filter(organisation=org).order_by("reference"):
        values = {f.name: getattr(activity, f.attname) for f in activity._meta.concrete_fields}
        values["applications"] = sorted(activity.applications.values_list("pk", flat=True))
        values["processors"] = sorted(activity.processors.values_list("vendor_id", "contract_id", "clause"))
        rows.append(values)
    return rows


@pytest.mark.parametrize("export_format", ["xlsx", "ods"])
def test_an_export_imported_again_changes_nothing(export_format, org, register, client_for):
    client = client_for(Role.REFERENT_SI)
    exported = client.get(f"/rgpd/traitements/registre.{export_format}").content
    before, journal_before = snapshot(org), JournalEntry.objects.count()

    preview = upload(client, exported, f"registre.{export_format}")
    lines = preview.context["preview"]["lines"]
    token = preview.context["preview"]["token"]
    confirmed = client.post("/rgpd/traitements/importer/", {"token": token}, follow=True)

    assert [line["action"] for line in lines] == ["inchangée", "inchangée"]
    assert "0 activité(s) créée(s), 0 modifiée(s), 2 inchangée(s)" in confirmed.content.decode()
    assert snapshot(org) == before
    assert JournalEntry.objects.count() == journal_before
    assert client.get(f"/rgpd/traitements/registre.{export_format}").content != b""


def test_the_export_holds_the_cnil_headers_and_one_row_per_activity(org, register, client_for):
    from openpyxl import load_workbook

    content = client_for(Role.AUDITEUR).get("/rgpd/traitements/registre.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[1] == HEADERS
    assert [row[0] for row in rows[2:]] == ["T-01", "T-02"]
    second = dict(zip(HEADERS, rows[3], strict=True))
    assert second["Logiciel ou application"] == "Ciril RH ; Portail famille"
    assert second["Rôle de l'organisme"] == "Sous-traitant"
    assert dict(zip(HEADERS, rows[2], strict=True))["Sous-traitants"] == "Ciril Group"


def edited_export(client, edit) -> bytes:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get("/rgpd/traitements/registre.xlsx").content))
    edit(workbook.active)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def column(name: str) -> int:
    return HEADERS.index(name) + 1


def test_an_import_creates_and_updates_by_reference_after_its_preview(org, register, client_for):
    client = client_for(Role.REFERENT_SI)

    def edit(sheet):
        sheet.cell(3, column("Durées de conservation")).value = "10 ans"
        sheet.cell(3, column("Sous-traitants")).value = None
        sheet.append(["T-03", "Conservatoire : inscriptions"])

    preview = upload(client, edited_export(client, edit))
    lines = preview.context["preview"]["lines"]

    assert [(line["reference"], line["action"]) for line in lines] == [
        ("T-01", "modifiée"),
        ("T-02", "inchangée"),
        ("T-03", "créée"),
    ]
    assert lines[0]["changes"] == ["Durées de conservation", "Sous-traitants"]
    assert not ProcessingActivity.objects.filter(reference="T-03").exists()  # nothing before confirmation

    client.post("/rgpd/traitements/importer/", {"token": preview.context["preview"]["token"]})

    first = ProcessingActivity.objects.get(reference="T-01")
    assert first.retention == "10 ans"
    assert not ProcessorEngagement.objects.filter(activity=first).exists()
    assert ProcessingActivity.objects.get(reference="T-03").status() == "a_completer"


def test_it_names_the_row_and_column_of_each_bad_cell_and_writes_nothing(org, register, client_for):
    client = client_for(Role.REFERENT_SI)

    def edit(sheet):
        sheet.cell(3, column("Date de mise à jour")).value = "hier"
        sheet.cell(4, column("Logiciel ou application")).value = "Ciril RH ; Logiciel fantôme"
        sheet.cell(4, column("Base légale")).value = "Parce que"
        sheet.append(["T-01", "Doublon"])

    before = snapshot(org)
    response = upload(client, edited_export(client, edit))

    errors = response.context["errors"]
    assert "Ligne 3, colonne « Date de mise à jour » : date illisible « hier » (attendu jj/mm/aaaa)." in errors
    assert any(e.startswith("Ligne 4, colonne « Logiciel ou application »") and "Logiciel fantôme" in e for e in errors)
    assert any(e.startswith("Ligne 4, colonne « Base légale »") for e in errors)
    assert "Ligne 5, colonne « Référence » : « T-01 » figure déjà ligne 3." in errors
    assert "preview" not in response.context
    assert snapshot(org) == before


def test_it_rejects_a_file_without_the_reference_column(org, client_for):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Nom", "Finalité"])
    stream = io.BytesIO()
    workbook.save(stream)

    response = upload(client_for(Role.ADMIN), stream.getvalue())

    assert response.status_code == 200
    assert "la colonne « Référence » est introuvable" in response.context["errors"][0]


def test_a_stale_preview_token_writes_nothing(org, register, client_for):
    response = client_for(Role.ADMIN).post("/rgpd/traitements/importer/", {"token": "forged"}, follow=True)

    assert "plus valable" in response.content.decode()


def test_the_pdf_holds_one_fiche_per_activity(org, register, client_for):
    response = client_for(Role.AUDITEUR).get("/rgpd/traitements/registre.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_assessment_page_writes_the_cnil_criteria(org, client_for):
    assessment = make_assessment(make_activity(org), crit_vulnerable=True, crit_large_scale=True)

    page = client_for(Role.ELU).get(f"/rgpd/aipd/{assessment.pk}/").content.decode()

    assert "délibération n° 2018-327" in page
    assert "Données biométriques, notamment de personnes vulnérables" in page
    assert "2 critères du G29 (WP248) réunis" in page


def test_the_aipd_to_do_filter_lists_required_assessments_not_done(org, client_for):
    due = make_assessment(make_activity(org, "T-01"), cnil_list_item="profilage_rh")
    done = {"status": "realisee", "completed_on": date.today()}
    make_assessment(make_activity(org, "T-02"), cnil_list_item="biometrie", **done)
    make_assessment(make_activity(org, "T-03"))

    response = client_for(Role.ADMIN).get("/rgpd/aipd/?to_do=true")

    assert list(response.context["table"].data) == [due]


#
# Prestataire: the register only when its vendor is the DPO
#


def test_a_prestataire_reads_the_register_only_when_its_vendor_is_the_dpo(org, users, client_for):
    from gouvernail.testing.factories.dataprotection import make_register

    vendor = make_vendor(org, "Centre de gestion (DPO mutualisé)")
    vendor.accounts.add(users[Role.PRESTATAIRE].memberships.get())
    activity = make_activity(org)
    register = make_register(org)
    client = client_for(Role.PRESTATAIRE)

    assert list(client.get("/rgpd/traitements/").context["table"].data) == []
    assert client.get(f"/rgpd/traitements/{activity.pk}/").status_code == 403
    assert b"T-01" not in client.get("/rgpd/traitements/registre.xlsx").content

    register.dpo_vendor = vendor
    register.save()

    assert list(client.get("/rgpd/traitements/").context["table"].data) == [activity]
    assert client.get(f"/rgpd/traitements/{activity.pk}/").status_code == 200
    assert client.get("/rgpd/traitements/registre.xlsx").status_code == 200
    assert client.get("/rgpd/traitements/importer/").status_code == 403


def test_the_activity_page_says_what_is_missing_and_where_breaches_are_recorded(org, client_for):
    activity = make_activity(org, retention="")

    page = client_for(Role.AUDITEUR).get(f"/rgpd/traitements/{activity.pk}/").content.decode()

    assert "Fiche à compléter." in page and "durées de conservation" in page
    assert "registre des incidents de sécurité" in page


def test_an_editor_creates_an_activity_with_its_categories_through_the_form(org, client_for):
    application = make_application(org, "iNoé")
    form = {
        "reference": "T-20",
        "name": "Portail familles",
        "role": "responsable",
        "applications": [application.pk],
        "purpose": "Inscriptions",
        "legal_basis": "mission_publique",
        "data_subjects": "Familles",
        "data_categories": ["vie_personnelle", "etat_civil"],
        "retention": "1 an",
        "security_measures": ["sauvegarde"],
        "reviewed_on": date.today().isoformat(),
        "form_token": "5b0c1d9e-3f4a-4c55-9d1e-6f7a8b9c0d1e",
    }

    response = client_for(Role.REFERENT_SI).post("/rgpd/traitements/ajouter/", form)

    activity = ProcessingActivity.objects.get(reference="T-20")
    assert response.status_code == 302
    assert activity.data_categories == ["etat_civil", "vie_personnelle"]  # stored in the model's order
    assert activity.status() == "a_jour"
    assert list(activity.applications.all()) == [application]
