"""Decisions an authority took before it used the register, imported from a hand-kept workbook:
recorded by the register's own recording, in date order, marked « reprise d'historique », the
chain still verifiable from inside and by the outsider's verifier; a re-import records nothing
twice and a preview writes nothing."""

from datetime import date

import pytest
from django.db import connection

from gouvernail.connectors.models import ImportRecord
from gouvernail.connectors.services import import_file
from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.connectors.tests.test_import_command import run as command
from gouvernail.core.choices import Role
from gouvernail.core.models import JournalEntry
from gouvernail.governance import register_verifier as rv
from gouvernail.governance import signing
from gouvernail.governance.choices import DecisionStatus
from gouvernail.governance.models import Decision, DecisionOption, RegisterCheckpoint
from gouvernail.governance.register import export_files, register_problems, verify_register
from gouvernail.governance.services import decision_record
from gouvernail.testing.factories.governance import make_committee, make_decision, make_meeting, make_option
from gouvernail.testing.helpers import fetch

HEADER = ["Intitulé", "Date", "Instance", "Réunion", "Résultat", "Option", "Motifs", "Pour", "Contre", "Abst."]
HEADER += ["Par consensus"]


@pytest.fixture(autouse=True)
def register_key_dir(settings, tmp_path):
    """Signing keys of the register go to a throw-away directory, never under the repository."""
    settings.GOUVERNAIL_REGISTER_KEY_DIR = str(tmp_path / "keys")


@pytest.fixture
def register(org):
    """A register already kept in Gouvernail (D1, signed), a COPIL and one of its meetings."""
    signing.create_key(org)
    copil = make_committee(org, "COPIL SI")
    make_meeting(copil, "COPIL n° 2", date=date(2022, 9, 12))
    first = make_decision(org, "Adopter le schéma directeur", committee=copil)
    decision_record(
        decision=first,
        outcome=DecisionStatus.ADOPTED,
        chosen_option=make_option(first, "Schéma 2026-2028"),
        rationale="Cap à trois ans.",
        consensus=True,
        decided_on=date(2026, 1, 20),
        acting_user=None,
    )
    return first


def history(tmp_path, name="historique.xlsx", extra=()):
    return xlsx(
        tmp_path / name,
        [
            ["Relevé des décisions du COPIL 2021-2022 (avant Gouvernail)"],
            [],
            HEADER,
            ["Adhésion au syndicat mixte numérique", "12/09/2022", "", "COPIL n° 2", "validé", "Adhésion"]
            + ["Mutualiser l'expertise", None, None, None, "oui"],
            ["Externaliser les sauvegardes ", "14/11/2021", "copil si", "", "Adoptée", "Hébergeur en France"]
            + ["Une copie hors site", 9, 0, 1, ""],
            ["Renouveler le pare-feu", "2022-03-01", "", "", "ajournée", "", "Attendre le devis", None, None, None],
            ["Messagerie en ligne", "31/02/2022", "COPIL SI", "", "adoptée", "Offre A", "Coût", 5, 0, 0],
            ["Téléphonie IP", "10/10/2022", "COTECH", "", "adoptée", "Offre B", "Coût", 5, 0, 0],
            ["Charte informatique", "05/05/2022", "COPIL SI", "", "refusée", "", "Trop tôt", 2, 7, 0],
            ["Adopter la charte", "06/06/2022", "", "", "adoptée", "", "Pourquoi pas", None, None, None, "oui"],
            ["Vidéoprotection", "01/01/2099", "", "", "adoptée", "Caméras", "Sécurité", 3, 0, 0],
            *extra,
            ["Total", None, None, None, None, None, "8 décisions"],
        ],
        merges=("A1:K1",),
    )


def run(org, path, *, user=None, dry_run=False):
    result, _ = import_file(
        organisation=org,
        kind="decisions",
        path=path,
        file_name=path.name,
        on_error="skip",
        dry_run=dry_run,
        acting_user=user,
    )
    return result


def issues(result) -> list[tuple]:
    return [(row.row, column, reason) for row in result.rejected for column, reason in row.issues]


def test_a_messy_history_workbook_is_recorded_in_date_order_after_the_register(org, users, register, tmp_path):
    user = users[Role.REFERENT_SI]

    result = run(org, history(tmp_path), user=user)

    assert (result.created, result.updated, result.unchanged, result.rejected_count) == (4, 0, 0, 4)
    assert result.summary_rows == [12]
    rows = fetch(
        "SELECT d.sequence, d.question, d.decided_on, d.status, d.is_history, d.recorded_by_id "
        "FROM governance_decision d WHERE d.organisation_id = %s ORDER BY d.sequence",
        org.pk,
    )
    assert [(s, q, str(d), st, bool(h), u) for s, q, d, st, h, u in rows] == [
        (1, "Adopter le schéma directeur", "2026-01-20", "adoptee", False, None),
        (2, "Externaliser les sauvegardes", "2021-11-14", "adoptee", True, user.pk),
        (3, "Renouveler le pare-feu", "2022-03-01", "ajournee", True, user.pk),
        (4, "Charte informatique", "2022-05-05", "rejetee", True, user.pk),
        (5, "Adhésion au syndicat mixte numérique", "2022-09-12", "adoptee", True, user.pk),
    ]
    recorded = fetch(
        "SELECT d.sequence, c.name, o.label, d.vote_for, d.vote_against, d.vote_abstain, d.consensus "
        "FROM governance_decision d LEFT JOIN governance_committee c ON c.id = d.committee_id "
        "LEFT JOIN governance_decisionoption o ON o.id = d.chosen_option_id "
        "WHERE d.organisation_id = %s AND d.is_history = %s ORDER BY d.sequence",
        org.pk,
        True,
    )
    assert [(*row[:6], bool(row[6])) for row in recorded] == [
        (2, "COPIL SI", "Hébergeur en France", 9, 0, 1, False),
        (3, None, None, None, None, None, False),
        (4, "COPIL SI", None, 2, 7, 0, False),
        # No instance typed: the meeting named says which one decided.
        (5, "COPIL SI", "Adhésion", None, None, None, True),
    ]


def test_each_defective_row_is_named_by_its_row_and_column(org, register, tmp_path):
    result = run(org, history(tmp_path))

    found = issues(result)
    assert (7, "Date", "Date invalide : « 31/02/2022 » (attendu JJ/MM/AAAA).") in found
    assert (
        8,
        "Instance",
        "« COTECH » n'est pas une instance connue de l'organisation (créez-la d'abord : Gouvernance, instances).",
    ) in found
    assert (10, "Option", "Une décision adoptée ou amendée doit indiquer l'option retenue.") in found
    assert (11, "Date", "Une décision déjà prise ne peut pas être future.") in found
    assert sorted({row for row, _, _ in found}) == [7, 8, 10, 11]


def test_the_chain_verifies_inside_and_for_an_outsider_after_the_import(org, register, tmp_path):
    before = register.content_hash

    run(org, history(tmp_path))

    assert verify_register(org) == []
    assert register_problems(org) == ([], 2)
    register.refresh_from_db()
    assert register.content_hash == before and "history" not in register.canonical_content()
    # One signed checkpoint closes the import, covering the whole register.
    checkpoint = RegisterCheckpoint.objects.filter(organisation=org).order_by("-tree_size").first()
    assert checkpoint.tree_size == 5 and checkpoint.decision.sequence == 5
    directory = tmp_path / "export"
    for name, content in export_files(org).items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_bytes(content)
    report = rv.verify_export(directory)
    assert report.problems == []
    assert "Dont 4 reprise(s) d'historique (décisions prises avant le registre)." in report.notes


def test_the_history_mark_is_part_of_the_hash(org, register, tmp_path):
    run(org, history(tmp_path))
    imported = Decision.objects.get(organisation=org, sequence=2)
    assert imported.canonical_content()["history"] is True

    with connection.cursor() as cursor:
        cursor.execute("UPDATE governance_decision SET is_history = %s WHERE id = %s", [False, imported.pk])

    assert [(b.sequence, b.problem) for b in verify_register(org)] == [(2, "contenu modifié")]


def test_reimporting_the_same_file_records_nothing_twice(org, register, tmp_path):
    path = history(tmp_path)
    command("decisions", str(path), "--org", "test", "--on-error", "skip")
    checkpoints = RegisterCheckpoint.objects.count()

    code, out, _ = command("decisions", str(path), "--org", "test", "--on-error", "skip")

    assert code == 1
    assert "Créées : 0" in out and "Inchangées : 4" in out and "Rejetées : 4" in out
    assert Decision.objects.filter(organisation=org).count() == 5
    assert RegisterCheckpoint.objects.count() == checkpoints
    assert verify_register(org) == []


def test_a_row_contradicting_a_recorded_decision_is_refused_as_immutable(org, register, tmp_path):
    run(org, history(tmp_path))
    path = xlsx(
        tmp_path / "corrige.xlsx",
        [
            ["Question", "Décidée le", "Issue", "Option retenue", "Motivation", "Consensus"],
            ["Externaliser les sauvegardes", "14/11/2021", "Rejetée", "", "Finalement non", "oui"],
            ["Renouveler le pare-feu", "01/03/2022", "Ajournée", "", "Attendre le devis", ""],
        ],
    )

    result = run(org, path)

    assert (result.created, result.unchanged, result.rejected_count) == (0, 1, 1)
    assert issues(result) == [
        (
            2,
            "Issue",
            "Cette décision est déjà au registre (D2) et ne se modifie plus ; le fichier en diffère (issue, "
            "motivation, consensus). Pour la changer, créez une décision qui l'amende.",
        )
    ]
    assert Decision.objects.get(organisation=org, sequence=2).status == DecisionStatus.ADOPTED


def test_a_preview_plans_the_register_numbers_and_writes_nothing(org, register, tmp_path):
    counts = (
        Decision.objects.count(),
        DecisionOption.objects.count(),
        RegisterCheckpoint.objects.count(),
        JournalEntry.objects.count(),
        Decision.history.count(),
    )

    result = run(org, history(tmp_path), dry_run=True)

    assert (result.created, result.rejected_count) == (4, 4)
    assert [sample.label for sample in result.samples["created"]][:2] == [
        "D2 — Externaliser les sauvegardes",
        "D3 — Renouveler le pare-feu",
    ]
    assert counts == (
        Decision.objects.count(),
        DecisionOption.objects.count(),
        RegisterCheckpoint.objects.count(),
        JournalEntry.objects.count(),
        Decision.history.count(),
    )
    assert not ImportRecord.objects.exists()


def test_the_register_and_the_decision_page_show_the_history_mark(org, register, tmp_path, client_for):
    run(org, history(tmp_path))
    client = client_for(Role.ELU)
    imported = Decision.objects.get(organisation=org, sequence=2)

    listing = client.get("/decisions/registre/").content.decode()
    page = client.get(imported.get_absolute_url()).content.decode()
    first = client.get(register.get_absolute_url()).content.decode()

    assert listing.count("reprise d'historique</span>") == 4
    assert "reprise d'historique</span> Décision prise le 14/11/2021" in page
    assert "reprise d'historique</span>" not in first


def test_the_web_import_previews_the_history_then_records_it_as_the_importing_user(
    org, users, register, tmp_path, settings, client_for
):
    settings.DATA_DIR = tmp_path / "data"
    client = client_for(Role.REFERENT_SI)
    with open(history(tmp_path), "rb") as handle:
        mapping_url = client.post("/imports/nouveau/", {"kind": "decisions", "file": handle})["Location"]
    form = client.get(mapping_url).context["form"]
    chosen = {name: form[name].initial for name in form.fields if name.startswith("col_") and form[name].initial}
    preview_url = client.post(mapping_url, chosen)["Location"]

    preview = client.get(preview_url)

    assert (preview.context["result"].created, preview.context["result"].rejected_count) == (4, 4)
    assert "marquée « reprise d&#x27;historique »" in preview.content.decode()
    assert Decision.objects.filter(organisation=org).count() == 1
    client.post(preview_url, {"on_error": "skip"})
    imported = Decision.objects.filter(organisation=org, is_history=True)
    assert imported.count() == 4
    assert set(imported.values_list("recorded_by", flat=True)) == {users[Role.REFERENT_SI].pk}
    assert verify_register(org) == []
