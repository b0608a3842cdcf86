"""Related rows named by a file: an unknown name is a French message that agrees with its noun."""

import pytest

from gouvernail.connectors.spreadsheet.parsers import CellError
from gouvernail.connectors.spreadsheet.resolve import Resolver


def test_an_unknown_person_is_not_a_known_one_in_the_feminine(org):
    with pytest.raises(CellError) as error:
        Resolver(org, {"person"}).resolve("person", "Jeanne Inconnue")

    assert "n'est pas une personne connue de l'organisation (créez-la d'abord" in str(error.value)


def test_an_unknown_site_stays_in_the_masculine(org):
    with pytest.raises(CellError) as error:
        Resolver(org, {"site"}).resolve("site", "Piscine")

    assert "n'est pas un site connu de l'organisation (créez-le d'abord" in str(error.value)
