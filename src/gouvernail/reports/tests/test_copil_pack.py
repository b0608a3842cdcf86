"""The COPIL pack: the deck opened with python-pptx, the PDF read back, the archive and its
snapshot, the command, the pages."""

import hashlib
import io
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from gouvernail.core.choices import Role
from gouvernail.metrics import registry
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.periods import Period
from gouvernail.reports.models import CopilPack, ImmutablePackError
from gouvernail.reports.packs import document
from gouvernail.reports.packs.services import copil_pack_create
from gouvernail.reports.packs.snapshot import key_indicators
from gouvernail.reports.packs.style import gantt_png, style_of
from gouvernail.reports.tests.test_minutes import document_text
from gouvernail.testing.factories.governance import (
    make_agenda_item,
    make_committee,
    make_decision,
    make_meeting,
    make_option,
)
from gouvernail.testing.factories.steering import (
    make_action,
    make_axis,
    make_project,
    make_roadmap_item,
    make_status_report,
)
from gouvernail.testing.factories.vendors import make_contract, make_vendor

pytestmark = pytest.mark.django_db

MEETING_DATE = date(2026, 3, 10)
# In another month and quarter than the meeting: each indicator has its own previous value.
PREVIOUS_DATE = date(2025, 12, 9)


def store(org, at: date, values: dict[str, Decimal]) -> None:
    """Stores a measurement for each key indicator (code → value) for the period shown on `at`."""
    for code, key, _ in key_indicators():
        indicator = registry.get_indicator(code)
        period = indicator.period_for(at)
        Measurement.objects.update_or_create(
            organisation=org,
            code=code,
            period_key=period.key,
            dimension_key=key,
            defaults={
                "period_start": period.start,
                "period_end": period.end,
                "value": values[code],
                "unit": indicator.unit,
                "computed_at": "2026-03-01T08:00:00+01:00",
            },
        )


def values_for(base: int) -> dict[str, Decimal]:
    return {code: Decimal(base + index) for index, (code, _, _) in enumerate(key_indicators())}


@pytest.fixture
def meeting(org):
    """A COPIL on 10/03/2026 after one on 09/12/2025, with projects, actions, a pending decision,
    a roadmap item and a contract whose notice deadline falls within the year."""
    committee = make_committee(org, "COPIL SI")
    make_meeting(committee, "COPIL n° 1", date=PREVIOUS_DATE, status="tenue")
    meeting = make_meeting(committee, "COPIL n° 2", date=MEETING_DATE, place="Salle du conseil")
    make_agenda_item(meeting, 1, "Point d'étape du plan d'action")
    decision = make_decision(
        org, "Quel scénario pour la messagerie ?", committee=committee, recommendation="Retenir la mutualisation."
    )
    make_option(decision, "Messagerie mutualisée", cost="12 000 € / an")
    make_option(decision, "Messagerie hébergée")
    make_agenda_item(meeting, 2, "Choix de la messagerie", kind="decision", decision=decision)
    make_project(org, "Fibre des écoles", status="en_cours")
    risky = make_project(org, "Migration Windows 11", status="en_risque")
    make_status_report(org, risky, date=date(2026, 2, 1), status="en_cours", summary="Ancien point.")
    make_status_report(org, risky, date=date(2026, 3, 1), status="en_risque", summary="Retard de livraison des postes.")
    make_project(org, "Sauvegardes externalisées", status="en_alerte")
    make_action(org, 1, title="Renouveler le pare-feu", status="fait")
    make_action(org, 2, title="Former les agents au phishing", status="en_cours", due_date=date(2026, 2, 1))
    make_action(org, 3, title="Cartographier les applications", status="a_etudier", due_date=date(2026, 6, 1))
    axis = make_axis(org, "Cybersécurité")
    make_roadmap_item(org, axis, "Firewall centralisé", start_month=date(2026, 2, 1), end_month=date(2026, 6, 1))
    vendor = make_vendor(org, "Infogérance Ouest")
    make_contract(org, vendor, "2024-INF-01", start_date=date(2024, 1, 1), duration_months=36, notice_months=3)
    make_contract(org, vendor, "2020-OLD-01", start_date=date(2020, 1, 1), duration_months=24)
    store(org, PREVIOUS_DATE, values_for(10))
    store(org, MEETING_DATE, values_for(20))
    return meeting


def deck(pack: CopilPack) -> Presentation:
    with pack.file.open("rb") as stream:
        return Presentation(io.BytesIO(stream.read()))


def titles(presentation) -> list[str]:
    return [slide.shapes.title.text for slide in presentation.slides]


def charts(presentation) -> dict[str, object]:
    return {
        slide.shapes.title.text: shape.chart
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.has_chart
    }


def slide_text(presentation, title: str) -> str:
    return " ".join(
        shape.text_frame.text if shape.has_text_frame else " ".join(c.text for r in shape.table.rows for c in r.cells)
        for slide in presentation.slides
        if slide.shapes.title.text == title
        for shape in slide.shapes
        if shape.has_text_frame or shape.has_table
    )


def test_the_deck_has_one_slide_per_part_of_the_pack(meeting):
    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    assert titles(presentation) == [
        "COPIL SI — COPIL n° 2",
        "Ordre du jour",
        "Tableau de bord SI",
        "Tableau de bord SI — évolution depuis le dernier COPIL",
        "Tableau de bord SI — tendance sur 12 mois",
        "Projets par météo",
        "Projets en risque ou en alerte",
        "Plan d'action : avancement",
        "Plan d'action : actions en retard",
        "Décisions à prendre",
        "Feuille de route 2026",
        "Contrats à renouveler",
    ]


def test_the_indicator_chart_is_a_native_column_chart_of_the_measurements_of_both_meetings(meeting):
    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    chart = charts(presentation)["Tableau de bord SI — évolution depuis le dernier COPIL"]

    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    previous, current = chart.plots[0].series
    assert previous.name == "COPIL du 09/12/2025"
    assert current.name == "COPIL du 10/03/2026"
    now_values = {
        code: float(
            Measurement.objects.get(
                organisation=meeting.organisation,
                code=code,
                dimension_key=key,
                period_key=registry.get_indicator(code).period_for(MEETING_DATE).key,
            ).value
        )
        for code, key, _ in key_indicators()
    }
    assert list(current.values) == [now_values[code] for code, _, _ in key_indicators()]
    assert list(previous.values) == [float(v) for v in values_for(10).values()]
    assert len(now_values) > 0


def test_the_monthly_trend_is_a_native_line_chart_of_the_stored_months(meeting):
    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    chart = charts(presentation)["Tableau de bord SI — tendance sur 12 mois"]

    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    values = list(chart.plots[0].series[0].values)
    assert len(values) == 12
    stored = {
        m.period_key: float(m.value)
        for m in Measurement.objects.filter(organisation=meeting.organisation, code="demandes_mois")
    }
    assert values[-1] == stored["2026-02"] and values[-4] == stored["2025-11"]
    assert values[0] is None


def test_every_chart_of_values_reads_from_zero(meeting):
    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    drawn = [chart for chart in charts(presentation).values() if chart.chart_type != XL_CHART_TYPE.PIE]

    assert len(drawn) >= 2
    assert all(chart.value_axis.minimum_scale == 0 for chart in drawn)


def test_the_dashboard_table_gives_each_indicator_its_trend_and_threshold_in_words(meeting):
    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    text = slide_text(presentation, "Tableau de bord SI")

    assert "en hausse (était" in text
    thresholded = [registry.get_indicator(code) for code, _, _ in key_indicators()]
    for indicator in thresholded:
        if indicator.thresholds:
            assert indicator.thresholds.describe() in text
    assert any(word in text for word in ("Satisfaisant", "À surveiller", "Alerte"))


def test_projects_are_a_pie_by_weather_with_the_latest_report_of_those_at_risk(meeting):
    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    chart = charts(presentation)["Projets par météo"]

    assert chart.chart_type == XL_CHART_TYPE.PIE
    assert list(chart.plots[0].categories) == ["En cours", "En risque", "En alerte"]
    assert list(chart.plots[0].series[0].values) == [1.0, 1.0, 1.0]
    watched = slide_text(presentation, "Projets en risque ou en alerte")
    assert "Retard de livraison des postes." in watched
    assert "Ancien point." not in watched
    assert "Sauvegardes externalisées" in watched and "Aucun point d'avancement" in watched
    assert "Fibre des écoles" not in watched


def test_the_action_plan_shows_its_progress_and_overdue_actions(meeting):
    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    chart = charts(presentation)["Plan d'action : avancement"]

    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    counts = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))
    assert counts["Fait"] == 1 and counts["En cours"] == 1 and counts["À étudier"] == 1
    assert "1 action(s) faite(s) sur 3 — avancement 33 %" in slide_text(presentation, "Plan d'action : avancement")
    overdue = slide_text(presentation, "Plan d'action : actions en retard")
    assert "Former les agents au phishing" in overdue and "37 j" in overdue
    assert "Cartographier les applications" not in overdue


def test_decisions_contracts_and_roadmap_are_in_the_deck(meeting):
    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    decisions = slide_text(presentation, "Décisions à prendre")
    assert "Quel scénario pour la messagerie ?" in decisions
    assert "Messagerie mutualisée" in decisions and "12 000 € / an" in decisions
    assert "Recommandation : Retenir la mutualisation." in decisions
    contracts = slide_text(presentation, "Contrats à renouveler")
    assert "2024-INF-01" in contracts and "30/09/2026" in contracts
    assert "2020-OLD-01" not in contracts
    roadmap = next(s for s in presentation.slides if s.shapes.title.text == "Feuille de route 2026")
    assert any(shape.shape_type == 13 for shape in roadmap.shapes)  # 13: picture (the Gantt)


def test_the_pdf_has_the_same_content(meeting):
    pack = copil_pack_create(meeting=meeting, pack_format="pdf", notify=False)

    with pack.file.open("rb") as stream:
        assert stream.read(5) == b"%PDF-"
    pages = document_text(document.render_pdf_document(pack.snapshot, style_of(meeting.organisation)))
    text = " ".join(pages)
    assert len(pages) >= 7
    for expected in (
        "COPIL SI — COPIL n° 2",
        "Ordre du jour",
        "Tableau de bord SI",
        "Projets par météo",
        "Retard de livraison des postes.",
        "Former les agents au phishing",
        "Quel scénario pour la messagerie ?",
        "Retenir la mutualisation.",
        "Feuille de route 2026",
        "2024-INF-01",
    ):
        assert expected in text, expected


def test_the_archived_sha256_is_the_files(meeting):
    pack = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)

    with pack.file.open("rb") as stream:
        content = stream.read()
    assert hashlib.sha256(content).hexdigest() == pack.sha256
    assert pack.size == len(content)


def test_the_snapshot_holds_every_value_shown(meeting):
    pack = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)

    snapshot = pack.snapshot
    assert [row["value"] for row in snapshot["indicators"]] == [float(v) for v in values_for(20).values()]
    assert snapshot["meeting"]["date"] == "2026-03-10"
    assert snapshot["contracts"][0]["reference"] == "2024-INF-01"
    assert snapshot["decisions"][0]["options"][0]["label"] == "Messagerie mutualisée"


def test_a_regenerated_pack_for_a_past_meeting_shows_the_frozen_values_not_todays(meeting):
    first = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)
    store(meeting.organisation, MEETING_DATE, values_for(500))
    make_project(meeting.organisation, "Projet créé après le COPIL", status="en_alerte")

    second = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)

    assert second.pk != first.pk and second.snapshot == first.snapshot
    presentation = deck(second)
    chart = charts(presentation)["Tableau de bord SI — évolution depuis le dernier COPIL"]
    assert list(chart.plots[0].series[1].values) == [float(v) for v in values_for(20).values()]
    assert "Projet créé après le COPIL" not in slide_text(presentation, "Projets en risque ou en alerte")


def test_an_upcoming_meeting_gets_fresh_data_at_each_generation(meeting):
    meeting.date = date(2099, 1, 5)
    meeting.save()
    first = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)
    make_project(meeting.organisation, "Nouveau projet", status="en_alerte")

    second = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)

    assert "Nouveau projet" not in str(first.snapshot) and "Nouveau projet" in str(second.snapshot)


def test_measurements_are_computed_when_none_is_stored_for_the_meetings_date(org):
    committee = make_committee(org, "COPIL SI")
    meeting = make_meeting(committee, "COPIL n° 1", date=date(2026, 4, 14))
    assert not Measurement.objects.filter(organisation=org).exists()

    pack = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)

    chart = charts(deck(pack))["Tableau de bord SI — évolution depuis le dernier COPIL"]
    stored = [
        float(
            Measurement.objects.get(
                organisation=org,
                code=code,
                dimension_key=key,
                period_key=registry.get_indicator(code).period_for(meeting.date).key,
            ).value
        )
        if Measurement.objects.filter(organisation=org, code=code, dimension_key=key).exists()
        else None
        for code, key, _ in key_indicators()
    ]
    assert list(chart.plots[0].series[0].values) == stored
    assert Measurement.objects.filter(organisation=org, code="demandes_mois").exists()


def test_an_archived_pack_can_be_neither_changed_nor_deleted(meeting):
    pack = copil_pack_create(meeting=meeting, pack_format="pdf", notify=False)

    pack.sha256 = "0" * 64
    with pytest.raises(ImmutablePackError):
        pack.save()
    with pytest.raises(ImmutablePackError):
        pack.delete()
    assert CopilPack.objects.get(pk=pack.pk).sha256 != "0" * 64


def test_the_pack_uses_the_organisations_colour(meeting):
    meeting.organisation.primary_colour = "#7A1F3D"
    meeting.organisation.save()

    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    title = presentation.slides[1].shapes.title.text_frame.paragraphs[0].runs[0]
    assert str(title.font.color.rgb) == "7A1F3D"


def test_generating_the_pack_tells_the_readers_it_is_ready(meeting, users, mailoutbox):
    copil_pack_create(meeting=meeting, pack_format="pdf")

    recipients = {address for message in mailoutbox for address in message.to}
    assert users[Role.AUDITEUR].email in recipients
    assert users[Role.PRESTATAIRE].email not in recipients


#
# Command and pages
#


def test_the_command_writes_and_archives_the_pack(meeting, tmp_path):
    target = tmp_path / "copil.pptx"

    call_command("copil-pack", meeting.pk, "--format", "pptx", "-o", str(target), stdout=io.StringIO())

    pack = CopilPack.objects.get(meeting=meeting)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == pack.sha256
    assert titles(Presentation(str(target)))[2] == "Tableau de bord SI"


def test_the_command_refuses_an_unknown_meeting(org, tmp_path):
    with pytest.raises(CommandError, match="Réunion inconnue : 999999"):
        call_command("copil-pack", 999999, "-o", str(tmp_path / "x.pptx"))


def test_an_editor_generates_the_pack_from_the_meeting_page(meeting, users, client_for):
    client = client_for(Role.REFERENT_SI)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'action="/reunions/{meeting.pk}/dossier-copil/"' in page

    response = client.post(f"/reunions/{meeting.pk}/dossier-copil/", {"format": "pptx"})

    pack = CopilPack.objects.get(meeting=meeting)
    assert response.status_code == 302
    assert pack.created_by == users[Role.REFERENT_SI]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert pack.sha256 in page and f"/dossiers-copil/{pack.pk}/" in page


def test_the_auditor_downloads_the_archived_file_byte_for_byte(meeting, client_for):
    pack = copil_pack_create(meeting=meeting, pack_format="pdf", notify=False)
    client = client_for(Role.AUDITEUR)

    page = client.get(meeting.get_absolute_url()).content.decode()
    response = client.get(f"/dossiers-copil/{pack.pk}/")

    assert "Dossier de COPIL (PPTX)" not in page  # no generation button for the auditor
    assert pack.sha256 in page
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == pack.sha256
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_prestataire_sees_no_archived_pack_on_the_meeting_page(meeting, client_for):
    pack = copil_pack_create(meeting=meeting, pack_format="pdf", notify=False)

    page = client_for(Role.PRESTATAIRE).get(meeting.get_absolute_url()).content.decode()

    assert pack.sha256 not in page
    assert client_for(Role.PRESTATAIRE).get(f"/dossiers-copil/{pack.pk}/").status_code == 403


def test_a_read_only_role_cannot_generate_by_posting(meeting, client_for):
    response = client_for(Role.ELU).post(f"/reunions/{meeting.pk}/dossier-copil/", {"format": "pdf"})

    assert response.status_code == 403
    assert not CopilPack.objects.exists()


def test_an_unknown_format_is_refused_with_a_message(meeting, client_for):
    response = client_for(Role.ADMIN).post(f"/reunions/{meeting.pk}/dossier-copil/", {"format": "odp"}, follow=True)

    assert "Format de dossier inconnu" in response.content.decode()
    assert not CopilPack.objects.exists()


#
# LibreOffice opens the deck
#


def test_libreoffice_converts_the_deck_to_pdf(meeting, tmp_path, soffice):
    pack = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)
    source = tmp_path / "dossier.pptx"
    with pack.file.open("rb") as stream:
        source.write_bytes(stream.read())

    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profil",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )

    converted = tmp_path / "dossier.pdf"
    assert result.returncode == 0, result.stderr
    assert converted.exists(), result.stdout + result.stderr
    assert converted.read_bytes()[:5] == b"%PDF-"


def test_the_administrator_sets_the_colour_and_logo_that_the_deck_uses(meeting, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (120, 60), "#7A1F3D").save(image, format="PNG")
    org = meeting.organisation
    form = {"name": org.name, "kind": org.kind, "siren": org.siren, "department": org.department}

    response = client_for(Role.ADMIN).post(
        "/organisation/",
        {**form, "primary_colour": "#7A1F3D", "logo": SimpleUploadedFile("logo.png", image.getvalue(), "image/png")},
    )

    assert response.status_code == 302
    org.refresh_from_db()
    assert org.primary_colour == "#7A1F3D" and org.logo
    meeting.refresh_from_db()
    cover = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)).slides[0]
    assert any(shape.shape_type == 13 for shape in cover.shapes)  # 13: picture (the logo)


def test_a_colour_that_is_not_hexadecimal_is_refused_with_a_message(org, client_for):
    form = {"name": org.name, "kind": org.kind, "primary_colour": "bleu"}

    response = client_for(Role.ADMIN).post("/organisation/", form)

    assert "Indiquez une couleur au format #RRGGBB" in response.content.decode()
    org.refresh_from_db()
    assert org.primary_colour == "#1F3A68"


def test_a_value_below_two_reads_with_its_unit_in_the_singular(meeting):
    values = values_for(20) | {"marches_structurants": Decimal(1), "prestataires_critiques": Decimal(0)}
    store(meeting.organisation, MEETING_DATE, values)
    pack = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)

    rows = {row["code"]: row for row in pack.snapshot["indicators"]}

    assert rows["marches_structurants"]["display"] == "1 marché"
    assert rows["prestataires_critiques"]["display"] == "0 prestataire"
    assert rows["contrats_a_renouveler"]["display"].endswith(" contrats")


def test_the_pack_shows_the_register_s_signed_checkpoint_when_the_organisation_signs(meeting, settings, tmp_path):
    from gouvernail.governance import signing
    from gouvernail.governance.choices import CheckpointReason
    from gouvernail.governance.services import checkpoint_issue

    settings.GOUVERNAIL_REGISTER_KEY_DIR = str(tmp_path / "keys")
    signing.create_key(meeting.organisation)
    checkpoint = checkpoint_issue(organisation=meeting.organisation, reason=CheckpointReason.MANUAL, acting_user=None)

    pack = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)
    presentation = deck(pack)

    assert titles(presentation)[-1] == "Registre des décisions : point de contrôle signé"
    slide = presentation.slides[len(presentation.slides) - 1]
    assert checkpoint.signature in slide_text(presentation, titles(presentation)[-1])
    assert any(shape.shape_type == 13 for shape in slide.shapes)  # the QR code picture
    text = " ".join(document_text(document.render_pdf_document(pack.snapshot, style_of(meeting.organisation))))
    assert "Registre des décisions : point de contrôle signé" in text
    assert checkpoint.root_hash in text.replace(" ", "").replace("\n", "")


def test_table_cells_keep_their_size_colours_and_fills(meeting):
    meeting.organisation.primary_colour = "#7A1F3D"
    meeting.organisation.save()

    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    slide = next(s for s in presentation.slides if s.shapes.title.text == "Contrats à renouveler")
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    header, cell = table.cell(0, 0), table.cell(1, 0)
    header_font = header.text_frame.paragraphs[0].runs[0].font
    assert (header_font.size.pt, header_font.bold, str(header_font.color.rgb)) == (12, True, "FFFFFF")
    assert str(header.fill.fore_color.rgb) == "7A1F3D"
    body_font = cell.text_frame.paragraphs[0].runs[0].font
    assert (body_font.size.pt, str(body_font.color.rgb)) == (11, "1E1E1E")


def test_the_gantt_is_drawn_once_for_the_deck_and_the_document_of_the_same_roadmap(meeting, monkeypatch):
    from gouvernail.steering import gantt

    drawn, render_png = [], gantt.render_png
    monkeypatch.setattr(gantt, "render_png", lambda *args, **kwargs: drawn.append(1) or render_png(*args, **kwargs))

    pack = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)
    copil_pack_create(meeting=meeting, pack_format="pdf", notify=False)
    assert len(drawn) == 1

    gantt_png({**pack.snapshot["roadmap"], "year": 2027}, today=meeting.date)
    assert len(drawn) == 2


def monthly_requests(org, key: str, value: int, **fields) -> None:
    period = Period.parse(key)
    Measurement.objects.create(
        organisation=org,
        code="demandes_mois",
        period_key=key,
        dimension_key=registry.TOTAL,
        period_start=period.start,
        period_end=period.end,
        value=Decimal(value),
        unit="demandes",
        computed_at="2026-03-01T08:00:00+01:00",
        **fields,
    )


def test_the_trend_marks_the_month_the_source_starts_in_as_partial(meeting):
    org = meeting.organisation
    Measurement.objects.filter(organisation=org, code="demandes_mois").delete()
    monthly_requests(org, "2025-10", 12, data_from=date(2025, 10, 20))
    monthly_requests(org, "2025-11", 48)

    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    chart = charts(presentation)["Tableau de bord SI — tendance sur 12 mois"]
    categories = list(chart.plots[0].categories)
    assert categories[-5].endswith("(période partielle)") and "(" not in categories[-4]
    assert "octobre 2025 : période partielle, données à partir du 20/10/2025." in slide_text(
        presentation, "Tableau de bord SI — tendance sur 12 mois"
    )


def test_the_trend_marks_a_month_still_running_when_the_pack_is_made(meeting, time_machine):
    time_machine.move_to("2026-02-16 10:00+01:00", tick=False)  # the meeting is on 10/03

    pack = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)

    trend = pack.snapshot["indicator_trend"]
    assert trend["categories"][-1].endswith("(mois en cours)")
    assert trend["notes"] == ["février 2026 : mois en cours, données jusqu'au 16/02/2026."]
