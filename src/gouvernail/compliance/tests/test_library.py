from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gouvernail.compliance.choices import MeasureLevel, MeasureStatus
from gouvernail.compliance.library import LibraryError, builtin_framework, parse_ciso_library
from gouvernail.compliance.models import Framework, FrameworkVersion, Measure, MeasureAssessment
from gouvernail.compliance.services import framework_install, framework_load_builtin, measure_decide
from gouvernail.testing.factories.compliance import make_assessment, small_framework_data

LIBRARY = Path(__file__).parent / "data" / "mini-library.yaml"


def test_the_builtin_guide_has_42_measures_in_10_themes_with_the_guides_levels():
    data = builtin_framework()

    levels = {m.ref_id: m.level for m in data.measures}
    assert len(data.themes) == 10
    assert list(levels) == [str(n) for n in range(1, 43)]
    assert [n for n, level in levels.items() if level == MeasureLevel.REINFORCED] == ["38", "41", "42"]
    assert sum(level == MeasureLevel.STANDARD for level in levels.values()) == 20
    assert data.source_url.startswith("https://cyber.gouv.fr/")


def test_the_builtin_guide_binds_measures_to_known_evidence():
    from gouvernail.compliance.evidence import PROBES

    bound = {probe for m in builtin_framework().measures for probe in m.evidence}

    assert bound and bound <= set(PROBES)


def test_loading_the_builtin_guide_twice_changes_nothing(org):
    first = framework_load_builtin(organisation=org, acting_user=None)
    again = framework_load_builtin(organisation=org, acting_user=None)

    assert first.new_version and again.unchanged
    assert Measure.objects.filter(organisation=org).count() == 42
    assert first.framework.bindings.count() == again.framework.bindings.count() >= 8


def test_a_ciso_library_becomes_themes_and_measures_with_the_reinforced_parts_merged():
    data = parse_ciso_library(LIBRARY.read_bytes())

    assert (data.urn, data.slug, data.version) == ("urn:test:risk:framework:mini-hygiene", "mini-hyg", 1)
    assert [t.name for t in data.themes] == ["Premier chapitre", "Second chapitre"]
    first, second, third = data.measures
    assert (first.ref_id, first.level) == ("1", MeasureLevel.BOTH)
    assert "Niveau renforcé : Aller plus loin" in first.description
    assert second.questions == ["Est-ce fait ?"]
    assert (third.ref_id, third.level) == ("3", MeasureLevel.REINFORCED)


def test_reimporting_the_same_library_is_idempotent(org):
    data = parse_ciso_library(LIBRARY.read_bytes())

    framework_install(organisation=org, data=data, acting_user=None)
    result = framework_install(organisation=org, data=parse_ciso_library(LIBRARY.read_bytes()), acting_user=None)

    assert result.unchanged
    assert Framework.objects.filter(organisation=org).count() == 1
    assert Measure.objects.filter(organisation=org).count() == 3


def test_the_import_command_loads_and_reloads_a_library(org, capsys):
    call_command("framework", "import", str(LIBRARY), "--org", org.slug)
    call_command("framework", "import", str(LIBRARY), "--org", org.slug)

    out = capsys.readouterr().out
    assert "importée" in out and "déjà à jour" in out
    assert FrameworkVersion.objects.filter(organisation=org).count() == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("urn: x\nlocale: fr\nref_id: X\nversion: 1\nobjects:\n  framework: [\n", "Ligne 7, colonne 1"),
        ("urn: x\nlocale: fr\nref_id: X\nversion: 1\n", "la clé « objects » manque"),
        (
            "urn: x\nlocale: fr\nref_id: X\nversion: deux\nobjects: {framework: {urn: f, ref_id: F, name: N}}\n",
            "Ligne 1",
        ),
    ],
)
def test_a_malformed_library_gets_a_french_error_naming_the_line(text, expected):
    with pytest.raises(LibraryError) as error:
        parse_ciso_library(text.encode())

    assert expected in str(error.value)


def test_a_node_with_an_unknown_parent_is_refused_with_its_line():
    text = LIBRARY.read_text().replace("parent_urn: urn:test:risk:req_node:mini-hygiene:ii", "parent_urn: urn:nope", 1)

    with pytest.raises(LibraryError) as error:
        parse_ciso_library(text)

    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.endswith("req_node:mini-hygiene:2"))
    assert str(error.value).startswith(f"Ligne {line} :")
    assert "urn:nope" in str(error.value)


def test_the_command_refuses_a_malformed_file_and_writes_nothing(org, tmp_path):
    bad = tmp_path / "cassé.yaml"
    bad.write_text("urn: x\n  locale: [fr\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Ligne"):
        call_command("framework", "import", str(bad), "--org", org.slug)

    assert not Framework.objects.filter(organisation=org).exists()


def test_a_new_version_never_loses_the_assessments_of_the_previous_one(org):
    framework = framework_install(organisation=org, data=small_framework_data(), acting_user=None).framework
    assessment = make_assessment(org, framework)
    item = assessment.items.get(measure__ref_id="1")
    measure_decide(item=item, status=MeasureStatus.APPLIED, acting_user=None)

    result = framework_install(organisation=org, data=small_framework_data(version=2, extra=True), acting_user=None)

    assert result.new_version
    assert framework.versions.count() == 2
    assert MeasureAssessment.objects.get(pk=item.pk).status == MeasureStatus.APPLIED
    assert assessment.items.count() == 3
    assert result.version.measures.count() == 4


def test_reimporting_a_version_without_an_assessed_measure_keeps_that_measure(org):
    framework = framework_install(organisation=org, data=small_framework_data(extra=True), acting_user=None).framework
    make_assessment(org, framework)
    shorter = small_framework_data()
    shorter.name = "Mini référentiel (corrigé)"

    result = framework_install(organisation=org, data=shorter, acting_user=None)

    assert result.kept == ["4"]
    assert framework.latest_version().measures.filter(ref_id="4").exists()
