import pytest

from gouvernail.servicedesk.choices import RequestFamily
from gouvernail.servicedesk.models import Request
from gouvernail.servicedesk.services import default_family, family_resolver, requests_refamily
from gouvernail.testing.factories.servicedesk import make_category_mapping, make_request

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("category", "subcategory", "family"),
    [
        ("Sécurité", "Virus", RequestFamily.SECURITY),
        ("Réseau", "Wi-Fi", RequestFamily.SITES),
        ("Téléphonie", "", RequestFamily.SITES),
        ("Projet", "Déploiement", RequestFamily.PROJECTS),
        ("Logiciel", "Mot de passe", RequestFamily.USER_SUPPORT),
        ("", "", RequestFamily.USER_SUPPORT),
        ("Incident réseau", "", RequestFamily.SECURITY),
    ],
)
def test_the_default_rule_reads_the_category_words(category, subcategory, family):
    assert default_family(category, subcategory) == family


def test_a_subcategory_mapping_wins_over_the_category_mapping_which_wins_over_the_default(org):
    make_category_mapping(org, "Logiciel", family=RequestFamily.PROJECTS)
    make_category_mapping(org, "Logiciel", subcategory="Antivirus", family=RequestFamily.SECURITY)
    resolve = family_resolver(org)

    assert resolve("Logiciel", "Antivirus") == RequestFamily.SECURITY
    assert resolve(" logiciel ", "Bureautique") == RequestFamily.PROJECTS
    assert resolve("Imprimante", "") == RequestFamily.USER_SUPPORT


def test_the_resolver_ignores_another_organisations_mappings(org, other_org):
    make_category_mapping(other_org, "Logiciel", family=RequestFamily.PROJECTS)

    assert family_resolver(org)("Logiciel") == RequestFamily.USER_SUPPORT


def test_refamily_rewrites_only_the_requests_whose_family_changed(org, other_org):
    make_request(org, "1", category="Logiciel", family=RequestFamily.USER_SUPPORT)
    make_request(org, "2", category="Imprimante", family=RequestFamily.USER_SUPPORT)
    make_request(other_org, "1", category="Logiciel", family=RequestFamily.USER_SUPPORT)
    make_category_mapping(org, "Logiciel", family=RequestFamily.PROJECTS)

    changed = requests_refamily(organisation=org)

    assert changed == 1
    assert dict(Request.objects.filter(organisation=org).values_list("external_id", "family")) == {
        "1": RequestFamily.PROJECTS,
        "2": RequestFamily.USER_SUPPORT,
    }
    assert Request.objects.get(organisation=other_org).family == RequestFamily.USER_SUPPORT
