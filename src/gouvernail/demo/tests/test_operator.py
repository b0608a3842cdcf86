"""The illustrative mutualised service: synthetic members labelled as such, the study's
organisation only read."""

import pytest

from gouvernail.core.models import Organisation
from gouvernail.demo.operator import OPERATOR_ACCOUNT, SOURCE, load_operator, purge_operator
from gouvernail.metrics.models import Measurement
from gouvernail.mutualisation.models import MemberLink
from gouvernail.mutualisation.tests.conftest import make_operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    """A measured organisation standing for the demo (its five figures per member fixture)."""
    _, (organisation,) = make_operator(1, slug="modele")
    return organisation


def test_it_builds_members_labelled_illustrative_from_the_templates_measurements(template):
    before = list(Measurement.objects.filter(organisation=template).values_list("code", "value").order_by("code"))

    summary = load_operator(template=template, members=4)

    members = [link.member for link in MemberLink.objects.filter(organisation=summary.operator)]
    assert len(members) == 4 and all(m.is_demo and "illustrative" in m.name for m in members)
    assert summary.measurements == 4 * len(before)
    assert set(Measurement.objects.filter(organisation__in=members).values_list("source", flat=True)) == {SOURCE}
    after = list(Measurement.objects.filter(organisation=template).values_list("code", "value").order_by("code"))
    assert after == before


def test_members_differ_and_rates_stay_percentages(template):
    summary = load_operator(template=template, members=6)

    values = Measurement.objects.filter(organisation__operator_links__organisation=summary.operator, code="w11_taux")
    shares = list(values.values_list("value", flat=True))
    assert len(set(shares)) > 1
    assert all(0 <= share <= 100 for share in shares)


def test_loading_again_replaces_the_previous_operator(template):
    load_operator(template=template, members=5)

    summary = load_operator(template=template, members=2)

    assert MemberLink.objects.filter(organisation=summary.operator).count() == 2
    assert Organisation.objects.filter(slug__startswith="commune-illustrative-").count() == 2
    assert summary.operator.memberships.get().user.email == OPERATOR_ACCOUNT
    assert purge_operator() is True
    assert not Organisation.objects.filter(is_demo=True).exists()
