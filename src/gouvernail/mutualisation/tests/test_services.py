import pytest
from django.core.exceptions import ValidationError

from gouvernail.core.models import JournalEntry, Organisation
from gouvernail.mutualisation.models import MemberLink
from gouvernail.mutualisation.services import member_add, member_remove

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    operator = Organisation.objects.create(name="Agence", slug="agence", kind="mutualise")
    member = Organisation.objects.create(name="Commune", slug="commune", kind="commune")
    return operator, member


def test_adding_a_member_is_journaled_in_the_operator(pair):
    operator, member = pair

    member_add(operator=operator, member=member, acting_user=None)

    assert MemberLink.objects.filter(organisation=operator, member=member).count() == 1
    assert JournalEntry.objects.filter(organisation=operator).exists()


def test_adding_a_member_twice_keeps_one_link(pair):
    operator, member = pair

    first = member_add(operator=operator, member=member, acting_user=None)
    second = member_add(operator=operator, member=member, acting_user=None)

    assert first.pk == second.pk


def test_an_organisation_cannot_be_its_own_member(pair):
    operator, _ = pair

    with pytest.raises(ValidationError, match="elle-même"):
        member_add(operator=operator, member=operator, acting_user=None)


def test_a_member_cannot_group_its_operator(pair):
    operator, member = pair
    member_add(operator=operator, member=member, acting_user=None)

    with pytest.raises(ValidationError, match="regroupe déjà"):
        member_add(operator=member, member=operator, acting_user=None)


def test_removing_a_member_leaves_its_data(pair):
    operator, member = pair
    member_add(operator=operator, member=member, acting_user=None)

    assert member_remove(operator=operator, member=member, acting_user=None) is True

    assert not MemberLink.objects.exists()
    assert Organisation.objects.filter(pk=member.pk).exists()
    assert member_remove(operator=operator, member=member, acting_user=None) is False


def test_the_command_adds_lists_and_removes_members(pair):
    from io import StringIO

    from django.core.management import call_command

    operator, member = pair
    out = StringIO()

    call_command("mutualisation", "--operator", "agence", "--add", "commune", stdout=out)
    assert "commune  Commune" in out.getvalue()
    call_command("mutualisation", "--operator", "agence", "--remove", "commune", stdout=StringIO())
    assert not MemberLink.objects.exists()


def test_the_command_names_an_unknown_organisation(pair):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="« inconnue »"):
        call_command("mutualisation", "--operator", "agence", "--add", "inconnue")
