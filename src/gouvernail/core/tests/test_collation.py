"""Names sort as a French reader expects, on SQLite and PostgreSQL: « École » among the E."""

from gouvernail.core.choices import Role
from gouvernail.core.collation import french_key, french_ordered
from gouvernail.core.models import Site
from gouvernail.testing.factories.core import make_site

NAMES = ["Urbanisme", "école maternelle", "École de musique", "Atelier", "Eau potable"]
FRENCH = ["Atelier", "Eau potable", "École de musique", "école maternelle", "Urbanisme"]


def test_the_key_sets_accents_and_capitals_aside():
    assert sorted(NAMES, key=french_key) == FRENCH


def test_the_database_sorts_in_french_order(org):
    for name in NAMES:
        make_site(org, name)

    assert [site.name for site in french_ordered(Site.objects.filter(organisation=org))] == FRENCH


def test_the_list_page_and_the_filter_choices_are_in_french_order(org, client_for):
    for name in NAMES:
        make_site(org, name)
    client = client_for(Role.REFERENT_SI)

    listed = [site.name for site in client.get("/sites/").context["table"].page.object_list.data]
    choices = [label for _, label in client.get("/personnes/").context["filterset"].form.fields["site"].choices][1:]

    assert listed == FRENCH
    assert [str(label) for label in choices] == FRENCH


def test_an_explicit_ordering_is_kept(org):
    for name in NAMES:
        make_site(org, name)

    # An order that no collation can change: the newest site first, unlike the French order.
    ordered = french_ordered(Site.objects.filter(organisation=org).order_by("-pk"))

    assert [site.name for site in ordered] == list(reversed(NAMES))
