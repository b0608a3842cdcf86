import pytest

from gouvernail.testing.factories.vendors import make_candidate, make_criterion, make_procurement, make_score
from gouvernail.vendors.tests.helpers import score_all


@pytest.fixture
def procurement(org):
    return make_procurement(org)


@pytest.fixture
def grid(procurement):
    """Two criteria (60 / 40 %) and two candidates of the procurement."""
    price = make_criterion(procurement, "Prix", "60")
    quality = make_criterion(procurement, "Valeur technique", "40", position=2)
    return {
        "price": price,
        "quality": quality,
        "alpha": make_candidate(procurement, "Alpha"),
        "beta": make_candidate(procurement, "Beta"),
    }


@pytest.fixture
def scored(grid):
    """Alpha 14,00, Beta and Gamma tied at 13,00."""
    gamma = make_candidate(grid["alpha"].procurement, "Gamma")
    score_all(grid, alpha=("10", "20"), beta=("15", "10"))
    make_score(gamma, grid["price"], "15", justification="Prix de Gamma")
    make_score(gamma, grid["quality"], "10", justification="Mémoire de Gamma")
    return grid
