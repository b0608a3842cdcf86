"""An action's remark links the pages it names (« Voir scénarios » in the study's plan), on the
action's page and in the plan's list, and shows everything else as typed, escaped."""

from django.urls import reverse

from gouvernail.core.choices import Role
from gouvernail.core.references import link_references
from gouvernail.testing.factories.steering import make_action

SCENARIOS = reverse("governance:scenarioanalysis_list")


def test_it_links_voir_scenarios_in_a_remark_to_the_scenario_analyses():
    linked = link_references("Voir scénarios")

    assert linked == f'<a href="{SCENARIOS}">Voir scénarios</a>'


def test_it_escapes_the_rest_of_the_remark_and_links_nothing_typed_as_html():
    linked = link_references('<a href="https://ailleurs.example">Voir scénarios</a> & <b>')

    assert linked.count("<a ") == 1
    assert f'<a href="{SCENARIOS}">Voir scénarios</a>' in linked
    assert "&lt;a href=&quot;https://ailleurs.example&quot;&gt;" in linked
    assert "&amp; &lt;b&gt;" in linked


def test_it_leaves_a_remark_without_a_known_phrase_as_plain_escaped_text():
    assert link_references("Problème de domaine OVH ; <lettre>") == "Problème de domaine OVH ; &lt;lettre&gt;"


def test_the_action_page_and_the_plan_list_link_voir_scenarios(org, client_for):
    client = client_for(Role.ELU)
    action = make_action(org, 5, remarks="Voir scénarios\nÀ trancher en COPIL")

    detail = client.get(reverse("steering:actionitem_detail", args=[action.pk])).content.decode()
    listing = client.get(reverse("steering:actionitem_list")).content.decode()

    assert f'<a href="{SCENARIOS}">Voir scénarios</a><br>À trancher en COPIL' in detail
    assert f'<a href="{SCENARIOS}">Voir scénarios</a>' in listing
    assert client.get(SCENARIOS).status_code == 200  # the reader may open what the link opens
