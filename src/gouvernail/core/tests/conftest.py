import pytest

from gouvernail.testing.factories.referentiel import make_referentiel


@pytest.fixture
def ref(org):
    """One row of every model in `org`."""
    return make_referentiel(org)


@pytest.fixture
def other_ref(other_org):
    """One row of every model in `other_org`, which no user of `org` may reach."""
    return make_referentiel(other_org, suffix=" (voisine)")
