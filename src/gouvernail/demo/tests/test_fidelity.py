"""The demo says what the study says: every text of the seed arrives whole in the database.

A plain YAML scalar is cut at « , » inside a flow mapping and at « # » (a comment): that is how
the 2026 roadmap theme became « On pose un SI cloud propre ». So every string of the seed is
quoted (checked here on the file itself), and each loaded text is compared with the seed's;
the three texts once cut are also written here from the study, so that the seed cannot drift.
"""

import pytest
import yaml

from gouvernail.applications.models import Application
from gouvernail.demo.loader import load_demo, purge_demo
from gouvernail.demo.records import SEED_PATH, load_seed
from gouvernail.governance.models import Committee, Meeting, ScenarioAnalysis
from gouvernail.steering.models import ActionItem, RoadmapItem, RoadmapTheme

STR = "tag:yaml.org,2002:str"


def plain_strings(node, path="") -> list[str]:
    """The unquoted string values (not keys) of a YAML node tree, with their line."""
    if isinstance(node, yaml.MappingNode):
        return [found for key, value in node.value for found in plain_strings(value, f"{path}/{key.value}")]
    if isinstance(node, yaml.SequenceNode):
        return [found for i, value in enumerate(node.value) for found in plain_strings(value, f"{path}[{i}]")]
    if node.tag == STR and node.style is None:
        return [f"{path} (ligne {node.start_mark.line + 1}) : {node.value}"]
    return []


def test_every_string_of_the_seed_is_quoted():
    root = yaml.compose(SEED_PATH.read_text(encoding="utf-8"))

    assert plain_strings(root) == []


def test_it_finds_an_unquoted_string():
    root = yaml.compose("themes:\n  - {year: 2026, description: On pose un SI cloud propre, sécurisé}\n")

    assert plain_strings(root) == ["/themes[0]/description (ligne 2) : On pose un SI cloud propre"]


def test_the_texts_once_cut_are_whole_in_the_seed():
    seed = load_seed()

    themes = {theme["year"]: theme["description"] for theme in seed["roadmap"]["themes"]}
    assert themes[2026] == "On pose un SI cloud propre, sécurisé et gouverné."
    assert themes[2027] == "On consolide, on sécurise, on professionnalise."
    assert seed["governance"]["scenario_analysis"]["title"] == "Scénarios d'organisation du SI (étude, COPIL #3)"
    assert all(set(theme) == {"year", "title", "description"} for theme in seed["roadmap"]["themes"])


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        organisation = load_demo().organisation
    yield organisation
    with django_db_blocker.unblock():
        purge_demo()


@pytest.mark.django_db
def test_each_action_carries_the_seeds_title_status_and_remarks(demo):
    loaded = {a.number: (a.title, a.status, a.remarks) for a in ActionItem.objects.for_organisation(demo)}

    assert loaded == {
        entry["n"]: (entry["title"], entry["status"], entry.get("remarks", "")) for entry in load_seed()["action_plan"]
    }


@pytest.mark.django_db
def test_each_roadmap_theme_carries_the_seeds_title_and_description(demo):
    loaded = {t.year: (t.title, t.description) for t in RoadmapTheme.objects.for_organisation(demo)}

    for theme in load_seed()["roadmap"]["themes"]:
        title, description = loaded[theme["year"]]
        assert title == theme["title"]
        # The year of the study adds the study's constraint after the theme's sentence.
        assert description.partition(" Contrainte : ")[0] == theme["description"]


@pytest.mark.django_db
def test_each_roadmap_item_carries_the_seeds_title(demo):
    roadmap = load_seed()["roadmap"]
    seed_titles = {entry["title"] for entry in roadmap["gantt_2026"]} | {
        entry if isinstance(entry, str) else entry["title"]
        for axis in roadmap["axes"]
        for entries in axis["items"].values()
        for entry in entries
    }

    assert set(RoadmapItem.objects.for_organisation(demo).values_list("title", flat=True)) == seed_titles


@pytest.mark.django_db
def test_each_application_carries_the_seeds_columns(demo):
    loaded = {a.name: a for a in Application.objects.for_organisation(demo)}

    for entry in load_seed()["applications"]:
        application = loaded[entry["name"]]
        assert (application.process, application.platform, application.sourcing_note, application.scope_note) == (
            entry["process"],
            entry.get("platform", ""),
            entry.get("sourcing_note", ""),
            entry.get("site", ""),
        ), entry["name"]
    assert loaded["iMuse"].platform == "SAS"  # the study's « OS / base de données » column


@pytest.mark.django_db
def test_the_committees_the_mission_meetings_and_the_scenario_analysis_carry_the_seeds_texts(demo):
    governance = load_seed()["governance"]

    committees = {c.name: (c.role, c.decides) for c in Committee.objects.for_organisation(demo)}
    assert committees == {spec["name"]: (spec["role"], spec["decides"]) for spec in governance["committees"]}
    mission = Meeting.objects.for_organisation(demo).filter(title__startswith="COPIL #")
    assert {(m.title, m.date) for m in mission} == {(m["title"], m["date"]) for m in governance["mission_meetings"]}
    analysis = ScenarioAnalysis.objects.get(organisation=demo)
    assert analysis.title == governance["scenario_analysis"]["title"]
    options = {o.code: [o.label, o.assessment] for o in analysis.options.all()}
    assert options == governance["scenario_analysis"]["options"]
